from odoo import api, fields, models


class PropertyRepairSlip(models.Model):
    """A billable slip is billed once, on the bill of its household (BIL-07).

    "Billed" follows the invoice line that points to the slip: set when the
    bill is made, cleared if that bill is cancelled."""

    _inherit = "property.repair.slip"

    # The books are finance's: the desk sees "billed", finance the bill.
    invoice_line_ids = fields.One2many("account.move.line", "property_slip_id", string="Invoice lines", readonly=True,
                                       groups="property_billing.group_property_finance")
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Billed on", compute="_compute_billing", store=True, index=True, copy=False,
        groups="property_billing.group_property_finance",
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id", string="Bill", groups="property_billing.group_property_finance"
    )
    billed = fields.Boolean(
        compute="_compute_billing", store=True, readonly=True, copy=False, index=True, tracking=True
    )

    @api.depends("invoice_line_ids.parent_state")
    def _compute_billing(self):
        for slip in self:
            line = slip.invoice_line_ids.filtered(lambda line: line.parent_state != "cancel")[:1]
            slip.invoice_line_id = line
            slip.billed = bool(line)

    def _property_bill_line(self, period, accounts):
        """SVC-06 / BIL-07: the signed, paid slip on its household's bill, once."""
        return {
            "name": self.env._("Repair slip %(slip)s (%(date)s)", slip=self.name, date=self.completion_date),
            "price_unit": self.amount_total,
            "account_id": accounts["repair"].id,
            "property_slip_id": self.id,
            "property_period_id": period.id,
        }
