from odoo import fields, models


class PropertyFeeTier(models.Model):
    _name = "property.fee.tier"
    _description = "Fee tier"
    _order = "fee_id, threshold"

    fee_id = fields.Many2one("property.fee", required=True, ondelete="cascade", index=True)
    threshold = fields.Float(string="Above", required=True, help="Consumption above this quantity ...")
    price = fields.Float(
        string="Unit price", digits="Product Price", required=True, help="... is charged at this price."
    )
