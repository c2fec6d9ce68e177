from odoo import fields, models


class PropertySlipRefuse(models.TransientModel):
    """SVC-04: the resident refused the price; the slip's technician records
    why and signs; the engineering head signs next and the slip is closed."""

    _name = "property.slip.refuse"
    _description = "Refuse a repair slip"

    slip_id = fields.Many2one("property.repair.slip", required=True)
    reason = fields.Text(required=True)
    signature = fields.Binary(string="Technician's signature")

    def action_confirm(self):
        self.ensure_one()
        self.slip_id._technician_refuses(self.reason, self.signature)
        return {"type": "ir.actions.act_window_close"}
