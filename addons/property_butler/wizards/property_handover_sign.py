from odoo import fields, models


class PropertyHandoverSign(models.TransientModel):
    """Sign a handover log as the outgoing or the incoming staff (HND-02)."""

    _name = "property.handover.sign"
    _description = "Sign a handover log"

    log_id = fields.Many2one("property.handover.log", required=True)
    who = fields.Selection([("outgoing", "Outgoing"), ("incoming", "Incoming")], required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.log_id._sign(self.who, self.signature)
        return {"type": "ir.actions.act_window_close"}
