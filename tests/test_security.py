"""security/roles.csv agrees with the groups the addons define."""
import csv
import re
import unittest

from tests.helpers import ADDONS, ROOT


def group_definitions():
    """{xmlid: [implied xmlids]} from the addons' security XML."""
    groups = {}
    for path in ADDONS.glob("*/security/*.xml"):
        addon = path.parts[-3]
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<record id="(\w+)" model="res.groups">(.*?)</record>', text, re.S):
            implied_eval = re.search(r'name="implied_ids" eval="([^"]*)"', match.group(2))
            implied = re.findall(r"ref\('([\w.]+)'\)", implied_eval.group(1)) if implied_eval else []
            groups[f"{addon}.{match.group(1)}"] = [i if "." in i else f"{addon}.{i}" for i in implied]
    return groups


class TestSecurity(unittest.TestCase):

    def test_roles_match_the_groups(self):
        groups = group_definitions()
        with (ROOT / "security" / "roles.csv").open(encoding="utf-8") as handle:
            roles = list(csv.DictReader(handle))
        self.assertTrue(roles)
        for role in roles:
            self.assertIn(role["group"], groups, role["role"])
            self.assertIn(role["implies"], groups[role["group"]], role["role"])
        self.assertEqual({r["group"] for r in roles}, set(groups))

    def test_demo_logins_exist(self):
        demo = "".join(path.read_text(encoding="utf-8") for path in ADDONS.glob("*/demo/*.xml"))
        with (ROOT / "security" / "roles.csv").open(encoding="utf-8") as handle:
            for role in csv.DictReader(handle):
                if role["demo_login"]:
                    self.assertIn(f'<field name="login">{role["demo_login"]}</field>', demo)

    def test_demo_staff_hold_their_role(self):
        """property.demo._demo_roles gives each demo login the group roles.csv names."""
        code = "".join(path.read_text(encoding="utf-8") for path in ADDONS.glob("*/demo/property_demo.py"))
        with (ROOT / "security" / "roles.csv").open(encoding="utf-8") as handle:
            for role in csv.DictReader(handle):
                if role["demo_login"]:
                    self.assertIn(f'"{role["demo_login"]}": "{role["group"]}"', code)
