from odoo import fields, models


class PropertyMoveinAgreement(models.Model):
    """An agreement of the move-in, signed (MOV-03)."""

    _name = "property.movein.agreement"
    _description = "Move-in agreement signed"
    _inherit = ["property.workflow.mixin"]
    _order = "movein_id, sequence, id"
    _workflow_parent = "movein_id"
    _workflow_user_fields = {
        "signed": "MOV-03: the clerk ticks the paper agreement the owner signed in her presence; its scan is attached.",
    }

    movein_id = fields.Many2one("property.movein", string="Move-in", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="movein_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="movein_id.company_id", store=True, index=True)
    agreement_type_id = fields.Many2one("property.agreement.type", required=True, ondelete="restrict")
    sequence = fields.Integer(related="agreement_type_id.sequence", store=True)
    copies = fields.Integer(related="agreement_type_id.copies")
    signed = fields.Boolean()
    attachment_ids = fields.Many2many("ir.attachment", string="Signed copy")
