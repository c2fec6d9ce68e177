from odoo import fields, models


class PropertySlipRefuse(models.TransientModel):
    """SVC-04: the resident refused the price; record why, signed by the head."""

    _name = "property.slip.refuse"
    _description = "Refuse a repair slip"

    slip_id = fields.Many2one("property.repair.slip", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.slip_id._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
