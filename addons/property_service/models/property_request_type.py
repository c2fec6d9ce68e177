from odoo import fields, models

from .property_request import CATEGORIES


class PropertyRequestType(models.Model):
    """What a request is about (water leak, blocked drain, noise ...): the
    quarterly repeat analysis (SVC-11) counts requests per unit and type."""

    _name = "property.request.type"
    _description = "Request issue type"
    _order = "category, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(CATEGORIES, help="Empty: offered for every category.")
    is_leak = fields.Boolean(
        string="Leak", help="FUP-02: requests of this type are followed up after the first rainy day."
    )
