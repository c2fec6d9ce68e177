"""A Chinese office reads Chinese: every scheduled action of the three addons
is run for a zh_CN office, and what the jobs wrote — chatter, activities, bill
lines, requests — is searched for an English sentence of the addons' own."""
import re
from datetime import timedelta
from pathlib import Path

import polib
from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext

ADDONS = ("property_service", "property_billing", "property_butler")
ADDONS_DIR = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def english_sentences():
    """Pieces of the addons' translatable sentences (two words or more),
    which a Chinese text never contains."""
    pieces = set()
    for addon in ADDONS:
        path = ADDONS_DIR / addon / "i18n" / "zh_CN.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            for piece in PLACEHOLDER.split(entry.msgid):
                piece = piece.strip(" .:;,()—-")
                if len(piece) >= 8 and len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2:
                    pieces.add(piece)
    return pieces


@tagged("post_install", "-at_install")
class TestJobsLanguage(TransactionCase):

    def test_scheduled_actions_write_to_a_chinese_office_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        installed = [name for name in ADDONS if self.env["ir.module.module"]._get(name).state == "installed"]
        self.env["ir.module.module"]._load_module_terms(installed, ["zh_CN"])
        # The office and its residents speak Chinese; so does the user the jobs run as.
        self.env["res.users"].with_context(active_test=False).search([]).write({"lang": "zh_CN"})
        self.env["res.partner"].with_context(active_test=False).search([]).write({"lang": "zh_CN"})
        marks = {model: self.env[model].search([], order="id desc", limit=1).id or 0
                 for model in ("mail.message", "mail.activity", "property.request")}
        lines_mark = self.env["account.move.line"].search([], order="id desc", limit=1).id \
            if "account.move.line" in self.env else 0
        crons = self.env["ir.cron"].with_context(active_test=False).search([]).filtered(
            lambda cron: cron.get_external_id()[cron.id].split(".")[0] in installed)
        self.assertTrue(crons)
        # Forty days on: deadlines passed, reminders and refunds due, shifts ended, the month's bills made.
        # Each job as Odoo's cron worker runs it: as its user, with no language in its context
        # (ir.cron._callback), so whatever a job words must choose its reader's language itself.
        with freeze_time(fields.Datetime.now() + timedelta(days=40)):
            for cron in crons:
                for _run in range(3):
                    cron.ir_actions_server_id.with_env(self.env(user=cron.user_id, context={})).run()
        texts = []
        for message in self.env["mail.message"].search([("id", ">", marks["mail.message"])]):
            texts.append(("message", html2plaintext(message.body or "") + " " + (message.subject or "")))
        for activity in self.env["mail.activity"].search([("id", ">", marks["mail.activity"])]):
            texts.append(("activity", f"{activity.summary or ''} {html2plaintext(activity.note or '')}"))
        for request in self.env["property.request"].search([("id", ">", marks["property.request"])]):
            texts.append(("request", request.description or ""))
        if lines_mark is not None and "account.move.line" in self.env:
            for line in self.env["account.move.line"].search(
                [("id", ">", lines_mark), ("display_type", "=", "product")]
            ):
                texts.append(("bill line", line.name or ""))
        self.assertTrue(texts, "the jobs wrote nothing: nothing was checked")
        pieces = english_sentences()
        english = sorted(
            {f"{kind}: {text[:160]!r} (“{piece}”)" for kind, text in texts for piece in pieces if piece in text}
        )
        if english:
            self.fail(
                f"English in what the jobs wrote for a Chinese office ({len(english)}):\n" + "\n".join(english[:30])
            )
