from odoo import fields, models


class PropertyOpenItemAssign(models.TransientModel):
    """HND-06: the supervisor gives an open handover item to someone to follow."""

    _name = "property.open.item.assign"
    _description = "Give an open handover item to someone"

    item_id = fields.Many2one("property.handover.open.item", required=True)
    employee_id = fields.Many2one("hr.employee", string="Followed by", required=True)

    def action_assign(self):
        self.item_id._arrange(self.employee_id)
        return {"type": "ir.actions.act_window_close"}
