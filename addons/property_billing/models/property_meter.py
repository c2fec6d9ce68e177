from odoo import api, fields, models


class PropertyMeter(models.Model):
    """A water, electricity or gas meter of a unit."""

    _name = "property.meter"
    _description = "Meter"
    _inherit = ["mail.thread"]
    _order = "unit_id, meter_type"

    name = fields.Char(string="Meter number", required=True)
    unit_id = fields.Many2one("property.unit", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    meter_type = fields.Selection([("water", "Water"), ("electricity", "Electricity"), ("gas", "Gas")], required=True)
    fee_id = fields.Many2one(
        "property.fee",
        domain="[('fee_type', '=', 'meter'), ('meter_type', '=', meter_type), ('estate_id', '=', estate_id)]",
        help="The fee that prices this meter's consumption.",
    )
    active = fields.Boolean(default=True)
    reading_ids = fields.One2many("property.meter.reading", "meter_id", string="Readings")
    last_reading_id = fields.Many2one("property.meter.reading", compute="_compute_last_reading")
    last_value = fields.Float(compute="_compute_last_reading", string="Last reading", digits=(12, 2))
    average_consumption = fields.Float(
        compute="_compute_average_consumption", store=True, digits=(12, 2),
        help="Average consumption of the last readings: a reading far above it is flagged for review.",
    )

    _sql_constraints = [
        ("unit_type_name_uniq", "unique(unit_id, meter_type, name)", "This meter is already registered on the unit."),
    ]

    def _compute_last_reading(self):
        for meter in self:
            meter.last_reading_id = meter.reading_ids.sorted(lambda r: (r.date, r.id))[-1:]
            meter.last_value = meter.last_reading_id.value

    @api.depends("reading_ids.consumption", "reading_ids.state")
    def _compute_average_consumption(self):
        for meter in self:
            recent = meter.reading_ids.filtered(lambda r: r.state == "ok" and r.consumption > 0).sorted("date")[-6:]
            meter.average_consumption = sum(recent.mapped("consumption")) / len(recent) if recent else 0.0
