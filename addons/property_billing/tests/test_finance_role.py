from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.property_service.tests.common import PropertyServiceCase
from odoo.tests.common import new_test_user
from odoo import Command


@tagged("post_install", "-at_install")
class TestFinanceRole(PropertyServiceCase):

    def test_finance_builds_on_the_clerk(self):
        finance = new_test_user(
            self.env, "t_finance", groups="property_billing.group_property_finance",
            property_estate_ids=[Command.set([self.estate.id])],
        )
        self.assertTrue(finance.has_group("property_service.group_property_clerk"))
        # Finance reads the slips of its estates (to bill them) but not other estates.
        _request, slip = self.finished_repair()
        self.assertEqual(slip.with_user(finance).amount_total, 30.0)
        with self.assertRaises(AccessError):
            self.other_unit.with_user(finance).read(["name"])
