from odoo import fields, models


class PropertyAgreementType(models.Model):
    """An agreement new residents sign at move-in (MOV-03): owners' covenant,
    fire-safety agreement, preliminary service agreement, bank collection ...
    Each estate chooses its own list."""

    _name = "property.agreement.type"
    _description = "Move-in agreement"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    copies = fields.Integer(default=2, help="Copies signed: one for the resident, one for the office.")
    for_tenants = fields.Boolean(string="Also for tenants", help="Signed by tenants too, not only by owners.")
