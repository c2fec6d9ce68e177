from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyFee(models.Model):
    """A fee item of an estate (BIL-01): management fee per m², fixed fees,
    parking, meter-based water, electricity and gas (a household's own meter
    or its share of a shared one, BIL-09), the renovation management fee of
    each renovation permit, and the fees paid at move-in (MOV-03)."""

    _name = "property.fee"
    _description = "Fee item"
    _order = "estate_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_type = fields.Selection(
        [
            ("area", "Per m² per month"),
            ("fixed", "Fixed per month"),
            ("meter", "Per meter consumption"),
            ("renovation", "Once per renovation permit"),
            ("movein", "Once at move-in"),
        ],
        required=True, default="area",
    )
    charge_basis = fields.Selection(
        [("unit", "Per unit"), ("area", "Per m² of floor area")], string="Charged", default="unit", required=True,
        help="A renovation or move-in fee: a fixed amount per unit, or the price per m² of the unit's floor area.",
    )
    charged_from = fields.Date(
        string="Charged from", required=True, default=fields.Date.context_today,
        help="BIL-01: a renovation management fee is billed on the permits approved from this day on; permits "
             "approved before the fee existed are not billed it.",
    )
    meter_type = fields.Selection([("water", "Water"), ("electricity", "Electricity"), ("gas", "Gas")])
    price = fields.Float(string="Unit price", digits="Product Price", required=True)
    multiplier = fields.Float(default=1.0, help="Meter multiplier (e.g. a transformer ratio).")
    tier_ids = fields.One2many(
        "property.fee.tier",
        "fee_id",
        string="Tiers",
        help="Tiered meter prices: consumption above each threshold is priced at the tier's price.",
    )
    account_id = fields.Many2one(
        "account.account", string="Income account", required=True,
        domain="[('account_type', 'in', ('income', 'income_other')), ('company_ids', 'in', company_id)]",
    )
    tax_ids = fields.Many2many(
        "account.tax", string="Taxes", domain="[('type_tax_use', '=', 'sale'), ('company_id', '=', company_id)]"
    )
    unit_fee_ids = fields.One2many("property.unit.fee", "fee_id", string="Units")

    @api.constrains("fee_type", "meter_type", "price", "multiplier")
    def _check_fee(self):
        for fee in self:
            if fee.fee_type == "meter" and not fee.meter_type:
                raise ValidationError(
                    self.env._("Fee %(fee)s is charged per meter: choose water, electricity or gas.", fee=fee.name)
                )
            if fee.price < 0 or fee.multiplier <= 0:
                raise ValidationError(
                    self.env._("Fee %(fee)s needs a price of zero or more and a positive multiplier.", fee=fee.name)
                )

    def _meter_tiers(self, consumption):
        """[(quantity, unit price)] of a meter consumption, tier by tier
        (BIL-01): the first tier at the fee's price, what is above each
        threshold at that tier's price."""
        self.ensure_one()
        quantity = consumption * self.multiplier
        tiers = self.tier_ids.sorted("threshold")
        if not tiers:
            return [(quantity, self.price)]
        parts = [(min(quantity, tiers[0].threshold), self.price)]
        for tier, following in zip(tiers, list(tiers[1:]) + [None]):
            upper = following.threshold if following else quantity
            if quantity > tier.threshold:
                parts.append((min(quantity, upper) - tier.threshold, tier.price))
        return [(part, price) for part, price in parts if part > 0]

    def _meter_line(self, consumption):
        """(quantity, unit price) of a meter consumption (BIL-01). With tiers
        the line is the exact tiered total for a quantity of 1, so the bill is
        right to the cent; its label shows the tiers (_meter_tiers)."""
        self.ensure_one()
        parts = self._meter_tiers(consumption)
        if len(parts) == 1:
            return parts[0]
        return 1.0, self.currency_id.round(sum(part * price for part, price in parts))

    def _one_off_line(self, unit):
        """(quantity, unit price) of a one-off fee for a unit (BIL-01, MOV-03)."""
        self.ensure_one()
        return (unit.floor_area if self.charge_basis == "area" else 1.0), self.price

    def action_assign_all_units(self):
        """Every unit of the estate that has an owner pays this fee from today."""
        today = fields.Date.context_today(self)
        for fee in self:
            if fee.fee_type not in ("area", "fixed"):
                raise ValidationError(self.env._(
                    "Fee %(fee)s is not a monthly fee: it is charged from its meters, permits or move-ins.",
                    fee=fee.name))
            units = self.env["property.unit"].search([("estate_id", "=", fee.estate_id.id)])
            if fee.fee_type == "area":
                units = units.filtered(lambda u: u.usage != "parking")
            existing = fee.unit_fee_ids.unit_id
            self.env["property.unit.fee"].create([
                {"fee_id": fee.id, "unit_id": unit.id, "date_start": today} for unit in units - existing
            ])
        return True
