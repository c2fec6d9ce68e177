"""The project is laid out as the design card and the OCA guidelines say."""
import re
import unittest

from tests.helpers import ADDON_NAMES, ADDONS, ROOT, access_rows, manifest, model_names


class TestLayout(unittest.TestCase):

    def test_top_level_folders_and_files(self):
        for name in ("addons", "data", "security", "tests", "bin", ".ci"):
            self.assertTrue((ROOT / name).is_dir(), name)
        for name in ("odoo.conf", "README.md", "requirements.txt", ".gitignore", "Makefile", ".ci/run", "bin/run", "bin/test"):
            self.assertTrue((ROOT / name).is_file(), name)

    def test_readme_starts_with_the_two_commands(self):
        head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
        self.assertIn("./bin/run", head)
        self.assertIn("./bin/test", head)
        self.assertLess(head.index("./bin/run"), head.index("./bin/test"))

    def test_readme_explains_every_top_level_folder(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        for folder in ("addons/", "data/", "security/", "tests/", "bin/", ".ci/"):
            self.assertIn(f"`{folder}`", readme, folder)

    def test_ci_runs_the_test_command(self):
        self.assertIn("./bin/test", (ROOT / ".ci" / "run").read_text())

    def test_odoo_conf(self):
        conf = (ROOT / "odoo.conf").read_text()
        self.assertRegex(conf, r"(?m)^list_db = False$")
        self.assertRegex(conf, r"(?m)^addons_path = addons,")
        admin = re.search(r"(?m)^admin_passwd = (.*)$", conf).group(1)
        self.assertNotEqual(admin.strip(), "admin")
        self.assertTrue(admin.startswith("$pbkdf2-sha512$"))

    def test_manifests(self):
        for addon in ADDON_NAMES:
            data = manifest(addon)
            self.assertRegex(data["version"], r"^18\.0\.\d+\.\d+\.\d+$", addon)
            self.assertEqual(data["license"], "LGPL-3", addon)
            self.assertIn("property_service", data["depends"] + [addon], addon)
            files = data.get("data", [])
            order = {"security": 0, "data": 1, "report": 2, "views": 3, "wizards": 3}
            ranks = [order[f.split("/")[0]] for f in files if f != "views/menus.xml"]
            self.assertEqual(ranks, sorted(ranks), f"{addon}: data files out of order")
            if "views/menus.xml" in files:
                self.assertEqual(files[-1], "views/menus.xml", addon)
            for path in files + data.get("demo", []):
                self.assertTrue((ADDONS / addon / path).is_file(), f"{addon}/{path}")

    def test_addon_folders(self):
        for addon in ADDON_NAMES:
            for folder in ("security", "i18n", "readme", "tests", "models"):
                self.assertTrue((ADDONS / addon / folder).is_dir(), f"{addon}/{folder}")
            self.assertTrue((ADDONS / addon / "readme" / "DESCRIPTION.md").is_file(), addon)
            self.assertTrue((ADDONS / addon / "static" / "description" / "icon.png").is_file(), addon)

    def test_one_model_per_file(self):
        for addon in ADDON_NAMES:
            seen = {}
            for name, _kind, path in model_names(addon):
                if "models" in path.parts:
                    self.assertNotIn(path, seen.values(), f"{path} defines more than one model")
                    seen[name] = path

    def test_every_model_has_access_rights(self):
        granted = set()
        for addon in ADDON_NAMES:
            for row in access_rows(addon):
                granted.add(row["model_id:id"].split(".")[-1])
        for addon in ADDON_NAMES:
            for name, kind, _path in model_names(addon):
                if kind == "abstract":
                    continue
                self.assertIn("model_" + name.replace(".", "_"), granted, f"{name} has no access rights")
