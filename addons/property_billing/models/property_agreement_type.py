from odoo import fields, models


class PropertyAgreementType(models.Model):
    _inherit = "property.agreement.type"

    bank_collection = fields.Boolean(
        help="BIL-06: the households that signed it are on the weekly bank auto-debit list.")
