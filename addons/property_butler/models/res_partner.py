from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_confidential_service = fields.Boolean(
        string="Confidential service", compute="_compute_property_confidential_service",
        help="PRF-03: the resident asked for confidential service — give callers no unit, name, plate or phone.",
    )

    def _compute_property_confidential_service(self):
        # sudo: the desk is told that a resident asked for confidentiality, not
        # what his profile says (the profile stays the butlers', PRF-02).
        confidential = set(self.env["property.resident.profile"].sudo().search([
            ("partner_id", "in", self.ids), ("confidential_service", "=", True),
        ]).partner_id.ids)
        for partner in self:
            partner.property_confidential_service = partner.id in confidential
