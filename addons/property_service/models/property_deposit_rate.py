from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyDepositRate(models.Model):
    """Renovation deposits asked per estate and unit usage (REN-02)."""

    _name = "property.deposit.rate"
    _description = "Renovation deposit rates"
    _order = "estate_id, usage"

    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    usage = fields.Selection(
        [("residential", "Residential"), ("shop", "Shop"), ("office", "Office"), ("parking", "Parking")],
        required=True, default="residential",
    )
    renovation_deposit = fields.Monetary(string="Renovation deposit")
    utility_deposit = fields.Monetary(string="Water-and-electricity deposit")
    pass_deposit = fields.Monetary(string="Deposit per worker pass")

    _sql_constraints = [
        ("estate_usage_uniq", "unique(estate_id, usage)", "One deposit rate per estate and unit usage."),
    ]

    @api.constrains("renovation_deposit", "utility_deposit", "pass_deposit")
    def _check_amounts(self):
        for rate in self:
            if min(rate.renovation_deposit, rate.utility_deposit, rate.pass_deposit) < 0:
                raise ValidationError(self.env._("Deposits cannot be negative."))
