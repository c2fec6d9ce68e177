from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import PropertyServiceHttpCase
from odoo import Command


@tagged("post_install", "-at_install")
class TestClerkDayInBrowser(PropertyServiceHttpCase):

    def test_clerk_day_tour(self):
        """A clerk takes a call, dispatches, writes the slip, records the repair
        and the resident's signature, and sees the follow-up appear — in the browser."""
        estates = [Command.set([self.estate.id])]
        new_test_user(self.env, "tour_clerk", password="tour_clerk", groups="property_service.group_property_clerk",
                      property_estate_ids=estates, lang="en_US", tz="Asia/Shanghai")
        self.engineer.name = "Tour Engineer"
        self.start_tour("/odoo/action-property_service.property_request_action", "property_service_clerk_day",
                        login="tour_clerk", timeout=180)
        request = self.env["property.request"].search([("description", "=", "Kitchen tap dripping")])
        self.assertEqual(request.state, "done")
        self.assertEqual(request.partner_id, self.resident)
        self.assertEqual(request.slip_ids.state, "confirmed")
        self.assertTrue(request.slip_ids.signature)
        self.assertEqual(request.slip_ids.amount_total, 30.0)
        self.assertEqual(request.followup_ids.kind, "repair")
