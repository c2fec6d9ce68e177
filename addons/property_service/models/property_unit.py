from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyUnit(models.Model):
    """A unit (房屋): flat, shop, office or parking space of a building."""

    _name = "property.unit"
    _description = "Unit"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "estate_id, building_id, floor, number"
    _rec_names_search = ["name", "number", "owner_id.name"]

    name = fields.Char(compute="_compute_name", store=True, index=True, string="Reference")
    number = fields.Char(required=True, string="Unit number", help="Door number, e.g. 0201.")
    building_id = fields.Many2one("property.building", required=True, index=True, ondelete="restrict")
    estate_id = fields.Many2one(
        "property.estate", related="building_id.estate_id", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one(related="building_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    floor = fields.Integer()
    floor_area = fields.Float(
        string="Floor area (m²)", digits=(12, 2), tracking=True,
        help="Building floor area in square metres; the management fee is charged on it.",
    )
    usage = fields.Selection(
        [("residential", "Residential"), ("shop", "Shop"), ("office", "Office"), ("parking", "Parking")],
        required=True,
        default="residential",
    )
    renovation_ids = fields.One2many("property.renovation", "unit_id", string="Renovations")
    movein_ids = fields.One2many("property.movein", "unit_id", string="Move-ins")
    under_renovation = fields.Boolean(
        compute="_compute_renovation", store=True, help="Works of an approved renovation permit are going on."
    )
    renovation_open = fields.Boolean(
        compute="_compute_renovation", store=True,
        help="A renovation permit is applied for or in progress, not yet accepted.",
    )
    state = fields.Selection(
        [("vacant", "Vacant"), ("occupied", "Occupied"), ("renovation", "Under renovation")],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Computed from the dated occupancies: occupied while an owner or tenant lives there today.",
    )
    occupancy_ids = fields.One2many("property.occupancy", "unit_id", string="Occupancies")
    owner_id = fields.Many2one("res.partner", compute="_compute_owner_id", store=True, index=True)
    resident_ids = fields.Many2many(
        "res.partner", compute="_compute_resident_ids", string="Current residents"
    )
    request_ids = fields.One2many("property.request", "unit_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    note = fields.Html()
    color = fields.Integer()

    _sql_constraints = [
        ("number_building_uniq", "unique(number, building_id)", "The unit number must be unique in its building."),
    ]

    @api.depends("building_id.code", "number")
    def _compute_name(self):
        for unit in self:
            unit.name = f"{unit.building_id.code}-{unit.number}" if unit.building_id else unit.number

    @api.depends("name", "estate_id.code")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = f"{unit.estate_id.code} {unit.name}" if unit.estate_id else unit.name

    @api.constrains("floor_area")
    def _check_floor_area(self):
        for unit in self:
            if unit.floor_area < 0:
                raise ValidationError(
                    self.env._("The floor area of unit %(unit)s cannot be negative (%(area)s m²).",
                      unit=unit.display_name, area=unit.floor_area)
                )

    @api.depends(
        "under_renovation",
        "occupancy_ids.date_start",
        "occupancy_ids.date_end",
        "occupancy_ids.role",
        "occupancy_ids.lives_in",
    )
    def _compute_state(self):
        for unit in self:
            current = unit._current_occupancies()
            if unit.under_renovation:
                unit.state = "renovation"
            elif current.filtered(lambda o: o.role in ("owner", "tenant") and o.lives_in):
                unit.state = "occupied"
            else:
                unit.state = "vacant"

    @api.depends("renovation_ids.state")
    def _compute_renovation(self):
        for unit in self:
            states = set(unit.renovation_ids.mapped("state"))
            unit.under_renovation = "approved" in states
            unit.renovation_open = bool(states & {"draft", "approved"})

    def _current_occupancies(self):
        today = fields.Date.context_today(self)
        return self.occupancy_ids.filtered(lambda o: o._is_current(today))

    @api.depends("occupancy_ids.partner_id", "occupancy_ids.date_start", "occupancy_ids.date_end", "occupancy_ids.role")
    def _compute_owner_id(self):
        for unit in self:
            owners = unit._current_occupancies().filtered(lambda o: o.role == "owner").sorted("date_start")
            unit.owner_id = owners[:1].partner_id

    @api.depends("occupancy_ids.partner_id", "occupancy_ids.date_start", "occupancy_ids.date_end")
    def _compute_resident_ids(self):
        for unit in self:
            unit.resident_ids = unit._current_occupancies().partner_id

    def _compute_request_count(self):
        counts = dict(
            self.env["property.request"]._read_group([("unit_id", "in", self.ids)], ["unit_id"], ["__count"])
        )
        for unit in self:
            unit.request_count = counts.get(unit, 0)

    @api.model
    def _cron_refresh_occupancy_state(self):
        """Occupancies start and end on dates: recompute the units whose
        occupancy began or ended since yesterday, so the stored state follows
        the calendar. Idempotent: recomputing gives the same value."""
        today = fields.Date.context_today(self)
        yesterday = fields.Date.subtract(today, days=1)
        occupancies = self.env["property.occupancy"].search(
            ["|", ("date_start", "in", [yesterday, today]), ("date_end", "in", [yesterday, today])]
        )
        units = occupancies.unit_id
        self.env.add_to_compute(self._fields["state"], units)
        self.env.add_to_compute(self._fields["owner_id"], units)
        units.flush_recordset(["state", "owner_id"])
        return units

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_request_action")
        return dict(
            action,
            domain=[("unit_id", "=", self.id)],
            context={"default_unit_id": self.id, "default_estate_id": self.estate_id.id},
        )

    @api.model
    def _on_fee_collection_visits(self, households):
        """Hook: households owe fees and are to be visited about them (DUN-02:
        the second reminder comes with a visit; DUN-05: the butler's recheck;
        BIL-10: an important customer's documents). ``households`` is
        [(unit, partner)], all at once: property_butler plans the visits for
        the zones' butlers in one batch (VIS-03)."""
        return True
