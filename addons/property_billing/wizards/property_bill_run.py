from odoo import fields, models
from odoo.exceptions import UserError


class PropertyBillRun(models.TransientModel):
    """Run the month for an estate (BIL-07): the period is made from the
    estate's cut-off and due days, then every household gets its bill."""

    _name = "property.bill.run"
    _description = "Bill run"

    estate_id = fields.Many2one("property.estate", required=True,
                                default=lambda self: self.env.user.property_estate_ids[:1])
    month = fields.Date(
        required=True, default=fields.Date.context_today, help="Any day of the month whose cut-off is billed."
    )

    def action_run(self):
        self.ensure_one()
        period = self.env["property.billing.period"]._for_month(self.estate_id, self.month.year, self.month.month)
        if period.date_to > fields.Date.context_today(self):
            raise UserError(self.env._("The cut-off of %(period)s is %(date)s: bill it from that day on (BIL-02).",
                              period=period.name, date=period.date_to))
        period.action_bill_run()
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.billing.period",
            "res_id": period.id,
            "view_mode": "form",
            "target": "current",
        }
