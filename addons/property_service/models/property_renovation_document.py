from odoo import fields, models

# REN-01: the application's documents.
RENOVATION_DOCUMENTS = [
    ("agreement", "Renovation agreement"),
    ("fire_pledge", "Fire-safety pledge"),
    ("water_test", "Waterproofing (closed-water) test confirmation"),
    ("prohibited_works", "Notice of prohibited works"),
    ("contractor_licence", "Contractor licence"),
    ("drawings", "Drawings"),
]


class PropertyRenovationDocument(models.Model):
    _name = "property.renovation.document"
    _description = "Renovation document"
    _inherit = ["property.workflow.mixin"]
    _workflow_parent = "renovation_id"
    _order = "renovation_id, sequence, id"

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(RENOVATION_DOCUMENTS, required=True)
    received = fields.Boolean(string="Handed in")
    attachment_ids = fields.Many2many("ir.attachment", string="Scans")
