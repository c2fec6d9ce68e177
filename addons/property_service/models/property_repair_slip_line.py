from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyRepairSlipLine(models.Model):
    """An item of a repair slip: from the paid-repair price list, free, or
    quoted because it is not on the list (SVC-04)."""

    _name = "property.repair.slip.line"
    _description = "Repair slip item"
    _inherit = ["property.workflow.mixin"]
    _order = "slip_id, sequence, id"
    # Items change with their slip only: fixed once it is signed, refused or billed.
    _workflow_parent = "slip_id"
    _workflow_fields = frozenset({"price_subtotal"})
    _workflow_untracked = {"price_subtotal": "quantity × unit price, recomputed; the slip tracks its amount due."}

    slip_id = fields.Many2one("property.repair.slip", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="slip_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="slip_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="slip_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        [("priced", "Price list"), ("free", "Free"), ("quote", "Quoted (not on the list)")],
        string="Kind",
        required=True,
        default="priced",
    )
    product_id = fields.Many2one(
        "product.product", string="Price-list item", domain=[("property_repair_ok", "=", True)], ondelete="restrict"
    )
    name = fields.Char(
        string="Description", required=True, compute="_compute_name", store=True, readonly=False, precompute=True
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(
        string="Unit price", compute="_compute_price_unit", store=True, readonly=False, precompute=True
    )
    price_subtotal = fields.Monetary(string="Amount", compute="_compute_price_subtotal", store=True, precompute=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.line_type == "quote").slip_id._reset_quote()
        return lines

    def write(self, vals):
        quoted_before = self.filtered(lambda line: line.line_type == "quote").slip_id
        res = super().write(vals)
        if {"line_type", "name", "quantity", "price_unit", "product_id"} & set(vals):
            (quoted_before | self.filtered(lambda line: line.line_type == "quote").slip_id)._reset_quote()
        return res

    def unlink(self):
        quoted = self.filtered(lambda line: line.line_type == "quote").slip_id
        res = super().unlink()
        quoted.exists()._reset_quote()
        return res

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.display_name

    @api.depends("product_id", "line_type")
    def _compute_price_unit(self):
        for line in self:
            if line.line_type == "free":
                line.price_unit = 0.0
            elif line.line_type == "priced" and line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.currency_id.round(line.quantity * line.price_unit)
                if line.currency_id
                else line.quantity * line.price_unit
            )

    @api.constrains("line_type", "product_id", "price_unit", "quantity")
    def _check_line(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(self.env._("The quantity of %(item)s must be positive.", item=line.name))
            if line.price_unit < 0:
                raise ValidationError(self.env._("The price of %(item)s cannot be negative.", item=line.name))
            if line.line_type == "priced" and not line.product_id:
                raise ValidationError(
                    self.env._("Choose the price-list item of %(item)s, or mark it as quoted.", item=line.name)
                )
            if line.line_type == "free" and line.price_unit:
                raise ValidationError(self.env._("A free item (%(item)s) has no price.", item=line.name))

