from odoo import fields, models


class PropertyRepairSlip(models.Model):
    """A billable slip is billed once, on the bill of its household (BIL-07)."""

    _inherit = "property.repair.slip"

    invoice_line_id = fields.Many2one("account.move.line", string="Billed on", readonly=True, copy=False, index=True)
    invoice_id = fields.Many2one(related="invoice_line_id.move_id", string="Bill")

    def _billed_writable_fields(self):
        return super()._billed_writable_fields() | {"invoice_line_id"}
