from odoo import fields, models


class ProductTemplate(models.Model):
    """The paid-repair price list (有偿维修收费标准) is a set of service products."""

    _inherit = "product.template"

    property_repair_ok = fields.Boolean(
        string="Paid repair item",
        help="Listed on the paid-repair price list: offered on repair slips at its sales price.",
    )
