from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

VISIT_KINDS = [
    ("office", "Renovation office (daily)"),
    ("guard", "Guard patrol (every 2 days)"),
    ("exit", "Worker exit check (19:00)"),
]


class PropertyRenovationVisit(models.Model):
    """A visit of works in progress (REN-06): the renovation office's daily
    inspection, the guards' every other day, and the daily worker exit check
    at 19:00 (a setting) — recorded as made, by whom and when; what breaks the
    rules goes on the permit's violation record, and so do workers still on
    site after the exit hour."""

    _name = "property.renovation.visit"
    _description = "Renovation visit"
    _inherit = ["property.workflow.mixin"]
    _order = "date desc, id desc"
    # Who visited and when are the visit's own: stamped when it is recorded.
    _workflow_fields = frozenset({"date", "user_id"})
    _workflow_audit_field = "renovation_id"

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade",
                                    domain="[('state', '=', 'approved')]")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    unit_id = fields.Many2one(related="renovation_id.unit_id")
    kind = fields.Selection(VISIT_KINDS, required=True, default="office")
    date = fields.Datetime(string="Visited at", readonly=True, index=True)
    day = fields.Date(compute="_compute_day", store=True, index=True, help="The estate's local day of the visit.")
    user_id = fields.Many2one("res.users", string="Visited by", readonly=True)
    note = fields.Text(string="What was seen")
    violation_note = fields.Char(string="Violation seen",
                                 help="A rule broken on this visit: it goes on the permit's violation record.")
    late_pass_ids = fields.Many2many(
        "property.renovation.pass", string="Workers still on site",
        domain="[('renovation_id', '=', renovation_id), ('state', '=', 'issued')]",
        help="REN-06: the workers found on site after the exit hour: a violation of the permit.")
    violation_ids = fields.One2many("property.renovation.violation", "visit_id", string="Violations")

    @api.depends("date", "estate_id.tz")
    def _compute_day(self):
        for visit in self:
            visit.day = visit.date and visit.estate_id._local_date(visit.date)

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """The visit is recorded as it is made: now, by the current user (the
        system path may date a visit of the past: demo history)."""
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("date", now)
            vals.setdefault("user_id", self.env.uid)
        return super()._workflow_prepare_create(vals_list) | {"date", "user_id"}

    def _workflow_locked(self):
        # Kept as recorded: a visit is the permit's evidence (REN-06).
        return self

    def _workflow_lock_message(self):
        return self.env._("A renovation visit is kept as recorded (REN-06).")

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._check_visit()
        visits._record_violations()
        return visits

    def _check_visit(self):
        """REN-06: visits are of works in progress; the exit check is made at
        the exit hour or later, once a day; workers still on site are named."""
        for visit in self:
            permit, estate = visit.renovation_id, visit.estate_id
            if permit.state != "approved":
                raise UserError(self.env._("Only works in progress are visited (%(name)s).", name=permit.name))
            if visit.late_pass_ids and visit.kind != "exit":
                raise ValidationError(self.env._("Workers still on site are recorded by the exit check."))
            if visit.late_pass_ids.renovation_id - permit:
                raise ValidationError(self.env._("Name the workers of permit %(name)s only.", name=permit.name))
            if visit.kind != "exit":
                continue
            hour = visit.company_id.property_renovation_exit_hour
            exit_time = estate._utc(visit.day, hour)
            if visit.date < exit_time:
                hours, minutes = divmod(round(hour * 60), 60)
                raise UserError(self.env._("The worker exit check is made at %(time)s or later (REN-06).",
                                           time="%02d:%02d" % (hours, minutes)))
            if permit.visit_ids.filtered(lambda other: other.kind == "exit" and other.day == visit.day) - visit:
                raise UserError(self.env._("The exit check of %(name)s is already recorded today.", name=permit.name))

    def _record_violations(self):
        """REN-06: what the visit found goes on the permit's violation record:
        the rule broken, and the workers still on site after the exit hour."""
        vals_list = []
        visit_kind = {"office": "office", "guard": "guard", "exit": "exit"}
        for visit in self:
            base = {"renovation_id": visit.renovation_id.id, "visit_id": visit.id, "date": visit.day,
                    "visit": visit_kind[visit.kind], "category": "violation"}
            if visit.violation_note:
                vals_list.append(dict(base, name=visit.violation_note))
            if visit.late_pass_ids:
                vals_list.append(dict(base, name=self.env._(
                    "Workers still on site after the exit hour: %(workers)s",
                    workers=", ".join(visit.late_pass_ids.mapped("worker_name")))))
        return self.env["property.renovation.violation"]._workflow_create(vals_list)
