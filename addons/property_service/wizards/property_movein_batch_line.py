from odoo import fields, models


class PropertyMoveinBatchLine(models.TransientModel):
    _name = "property.movein.batch.line"
    _description = "Handover day unit"

    batch_id = fields.Many2one("property.movein.batch", required=True, ondelete="cascade")
    unit_id = fields.Many2one("property.unit", required=True)
    partner_id = fields.Many2one("res.partner", string="Owner")
