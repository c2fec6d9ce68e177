from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.property_service.tests.common import PropertyServiceCase


@tagged("post_install", "-at_install")
class TestButlerRoles(PropertyServiceCase):

    def test_chief_butler_builds_on_butler_and_clerk(self):
        chief = new_test_user(self.env, "t_chief", groups="property_butler.group_property_chief_butler")
        self.assertTrue(chief.has_group("property_butler.group_property_butler"))
        self.assertTrue(chief.has_group("property_service.group_property_clerk"))
        self.assertFalse(chief.has_group("property_service.group_property_manager"))
