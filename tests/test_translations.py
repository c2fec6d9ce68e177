"""Our users read Chinese: every string of every addon has a zh_CN translation."""
import re
import unittest

import polib

from tests.helpers import ADDON_NAMES, ADDONS

PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\{.*?\}\}")


class TestTranslations(unittest.TestCase):

    def test_zh_cn_po_covers_the_pot_and_is_complete(self):
        for addon in ADDON_NAMES:
            pot = polib.pofile(str(ADDONS / addon / "i18n" / f"{addon}.pot"))
            po = polib.pofile(str(ADDONS / addon / "i18n" / "zh_CN.po"))
            translated = {(e.msgctxt, e.msgid): e.msgstr for e in po}
            for entry in pot:
                key = (entry.msgctxt, entry.msgid)
                self.assertIn(key, translated, f"{addon}: {entry.msgid!r} missing from zh_CN.po")
                self.assertTrue(translated[key].strip(), f"{addon}: {entry.msgid!r} not translated")

    def test_placeholders_are_kept(self):
        for addon in ADDON_NAMES:
            for entry in polib.pofile(str(ADDONS / addon / "i18n" / "zh_CN.po")):
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)), sorted(PLACEHOLDER.findall(entry.msgstr)),
                    f"{addon}: placeholders differ in {entry.msgid!r}",
                )
