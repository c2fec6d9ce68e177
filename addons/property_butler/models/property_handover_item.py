from odoo import _, fields, models


class PropertyHandoverItem(models.Model):
    """Something handed over with the shift (HND-01): keys, radios, documents."""

    _name = "property.handover.item"
    _description = "Item handed over"
    _inherit = ["property.locked.line.mixin"]
    _order = "log_id, id"

    log_id = fields.Many2one("property.handover.log", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="log_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    kind = fields.Selection([("key", "Keys"), ("radio", "Radio"), ("document", "Document"), ("other", "Other")],
                            required=True, default="key")
    name = fields.Char(string="Description", required=True)
    quantity = fields.Integer(default=1)

    def _parent_locked(self):
        return self.filtered(lambda item: item.log_id.state == "signed")

    def _locked_message(self):
        return _("A signed handover log cannot be changed: write a correction instead (HND-03).")
