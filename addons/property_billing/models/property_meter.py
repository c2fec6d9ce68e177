from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyMeter(models.Model):
    """A water, electricity or gas meter: a household's, of its unit, or a
    public one (BIL-09) of a building or of the whole estate — lifts,
    corridor lighting, water pumps — read like the households' meters, whose
    consumption the bill run shares out to the households it serves."""

    _name = "property.meter"
    _description = "Meter"
    _inherit = ["mail.thread"]
    _order = "unit_id, building_id, meter_type, id"

    name = fields.Char(string="Meter number", required=True)
    scope = fields.Selection(
        [("unit", "Household"), ("building", "Building (shared)"), ("estate", "Estate (shared)")],
        string="Meter of", required=True, default="unit", tracking=True,
        help="BIL-09: a shared (public) meter's consumption is shared out to the households of its building, or "
             "of the whole estate, on their bills.",
    )
    unit_id = fields.Many2one("property.unit", index=True, ondelete="cascade")
    building_id = fields.Many2one(
        "property.building", compute="_compute_place", store=True, readonly=False, precompute=True, index=True,
        ondelete="cascade",
    )
    estate_id = fields.Many2one(
        "property.estate", compute="_compute_place", store=True, readonly=False, precompute=True, index=True,
        required=True, ondelete="cascade",
    )
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    public_use = fields.Selection(
        [("lift", "Lifts"), ("corridor", "Corridor and stair lighting"), ("pump", "Water pumps"),
         ("other", "Other common areas")],
        string="Serves", help="BIL-09: what a shared meter measures, printed on the households' bills.",
    )
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

    @api.depends("unit_id", "building_id")
    def _compute_place(self):
        # A household's meter is where its unit is; a building's, in its estate;
        # an estate's shared meter keeps the estate it was given.
        for meter in self:
            meter.building_id = meter.unit_id.building_id if meter.unit_id else meter.building_id
            meter.estate_id = meter.building_id.estate_id if meter.building_id else meter.estate_id

    @api.constrains("scope", "unit_id", "building_id", "estate_id")
    def _check_place(self):
        """A household's meter belongs to its unit; a shared one to a
        building or to the estate, never to a unit (BIL-09)."""
        for meter in self:
            if meter.scope == "unit" and not meter.unit_id:
                raise ValidationError(self.env._("Meter %(meter)s is a household's: give its unit.", meter=meter.name))
            if meter.scope != "unit" and meter.unit_id:
                raise ValidationError(self.env._(
                    "Meter %(meter)s is shared: it belongs to a building or to the estate, not to unit %(unit)s.",
                    meter=meter.name, unit=meter.unit_id.display_name))
            if meter.scope == "building" and not meter.building_id:
                raise ValidationError(self.env._("Shared meter %(meter)s of a building: give the building.",
                                                 meter=meter.name))
            if meter.scope == "estate" and meter.building_id:
                raise ValidationError(self.env._(
                    "Meter %(meter)s is shared by the whole estate: leave the building empty, or make it a "
                    "building's meter.", meter=meter.name))

    def _compute_last_reading(self):
        for meter in self:
            meter.last_reading_id = meter.reading_ids.sorted(lambda r: (r.date, r.id))[-1:]
            meter.last_value = meter.last_reading_id.value

    @api.depends("reading_ids.consumption", "reading_ids.state")
    def _compute_average_consumption(self):
        for meter in self:
            recent = meter.reading_ids.filtered(lambda r: r.state == "ok" and r.consumption > 0).sorted("date")[-6:]
            meter.average_consumption = sum(recent.mapped("consumption")) / len(recent) if recent else 0.0

    def _shared_place(self):
        """The building or estate whose households share this meter (BIL-09)."""
        self.ensure_one()
        return self.building_id if self.scope == "building" else self.estate_id
