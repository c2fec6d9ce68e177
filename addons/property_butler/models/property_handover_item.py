from odoo import fields, models


class PropertyHandoverItem(models.Model):
    """Something handed over with the shift (HND-01): keys, radios, documents."""

    _name = "property.handover.item"
    _description = "Item handed over"
    _inherit = ["property.workflow.mixin"]
    _order = "log_id, id"
    # HND-03: what a signed log lists is never altered.
    _workflow_parent = "log_id"

    log_id = fields.Many2one("property.handover.log", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="log_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    kind = fields.Selection([("key", "Keys"), ("radio", "Radio"), ("document", "Document"), ("other", "Other")],
                            required=True, default="key")
    name = fields.Char(string="Description", required=True)
    quantity = fields.Integer(default=1)
