from odoo import models
from odoo.exceptions import UserError


class PropertyBuilding(models.Model):
    _inherit = "property.building"

    def action_print_payment_notices(self):
        """BIL-03: the payment notices of the building's households for the
        latest billed period, in unit order, for delivery floor by floor."""
        self.ensure_one()
        period = self.env["property.billing.period"].search(
            [("estate_id", "=", self.estate_id.id), ("invoice_ids", "!=", False)], order="date_to desc", limit=1
        )
        bills = period.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice" and m.property_building_id == self
        )
        if not bills:
            raise UserError(self.env._("No household of %(building)s has a bill yet.", building=self.name))
        return self.env.ref("property_billing.action_report_payment_notice").report_action(
            bills.sorted(lambda b: (b.property_unit_id.floor, b.property_unit_id.name))
        )
