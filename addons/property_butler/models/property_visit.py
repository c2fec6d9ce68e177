from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# VIS-02: no calls on Mondays, before 9:00, 12:00-14:00, 17:30-19:00 or after 21:00 (local time).
CALL_WINDOWS = ((9.0, 12.0), (14.0, 17.5), (19.0, 21.0))


class PropertyVisit(models.Model):
    """A butler's visit or call (拜访, VIS-01..04) and the resident's
    feedback (业主意见反馈单)."""

    _name = "property.visit"
    _description = "Butler visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_planned, id"
    # VIS-01..04: made by its buttons; a visit made or cancelled keeps what
    # happened, the resident's feedback aside.
    _workflow_fields = frozenset({"state", "date_done", "request_id"})
    _workflow_user_fields = {
        "date_planned": "The butler plans the visit; VIS-02 refuses or moves forbidden call times."
    }
    _workflow_open_fields = frozenset({"feedback", "feedback_urgency"})

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one("hr.employee", string="Butler", required=True, index=True)
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True)
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [("monthly", "Monthly visit"), ("quarterly_owner", "Quarterly call to an absent owner"),
         ("committee", "Monthly meeting with the owners' committee head"),
         ("move_in", "Move-in"), ("after_move_in", "3 months after move-in"), ("complaint", "After a complaint"),
         ("emergency_repair", "After an emergency repair (24 h)"), ("leak_repair", "After a leak repair (first rain)"),
         ("fee", "Fee collection"), ("task", "After a commissioned task"), ("survey", "Satisfaction survey"),
         ("event", "Before a community event"), ("family", "Family event"), ("other", "Other")],
        required=True, default="monthly",
    )
    period = fields.Char(index=True, help="Month (YYYY-MM) or quarter (YYYY-Qn) of a planned round.")
    channel = fields.Selection([("in_person", "In person"), ("phone", "Phone")], required=True, default="in_person")
    date_planned = fields.Datetime(string="Planned for", required=True, index=True)
    state = fields.Selection([("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
                             default="planned", required=True, tracking=True, index=True)
    date_done = fields.Datetime(readonly=True, tracking=True)
    feedback = fields.Text(help="VIS-04: what the resident says (业主意见反馈单).")
    feedback_urgency = fields.Selection([("urgent", "Urgent (24 h)"), ("general", "General (48 h)")])
    request_id = fields.Many2one("property.request", string="Service request", readonly=True, tracking=True)
    done_score = fields.Float(string="Completed (%)", compute="_compute_done_score", store=True, aggregator="avg")

    _sql_constraints = [
        (
            "round_uniq",
            "unique(partner_id, unit_id, kind, period)",
            "This household already has this visit in the period.",
        ),
    ]

    @api.depends("kind", "partner_id")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for visit in self:
            visit.name = f"{kinds.get(visit.kind, '')} · {visit.partner_id.name or ''}"

    @api.depends("state")
    def _compute_done_score(self):
        for visit in self:
            visit.done_score = 100.0 if visit.state == "done" else 0.0

    # ------------------------------------------------------------- VIS-02

    @staticmethod
    def _allowed_call(local):
        hour = local.hour + local.minute / 60.0
        return local.weekday() != 0 and any(start <= hour < end for start, end in CALL_WINDOWS)

    @api.model
    def _next_allowed_call(self, dt, estate):
        """The first allowed calling time at or after dt (UTC, naive), in the
        estate's time zone: dt itself when calls are allowed then."""
        if self._allowed_call(estate._local_datetime(dt)):
            return dt
        first_day = estate._local_date(dt)
        for days in range(8):
            day = first_day + timedelta(days=days)
            if day.weekday() == 0:
                continue
            for start, _end in CALL_WINDOWS:
                candidate = estate._utc(day, start)
                if candidate >= dt:
                    return candidate
        return dt

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits.filtered(lambda v: v.channel == "phone")._apply_call_hours()
        return visits

    def write(self, vals):
        res = super().write(vals)
        if {"channel", "date_planned"} & set(vals):
            self.filtered(lambda v: v.channel == "phone" and v.state == "planned")._apply_call_hours()
        return res

    def _apply_call_hours(self):
        """VIS-02: a phone visit at a forbidden time is refused or moved, per
        the setting. A moved time is allowed, so writing it ends here."""
        for visit in self:
            local = visit.estate_id._local_datetime(visit.date_planned)
            if visit._allowed_call(local):
                continue
            if visit.company_id.property_phone_visit_rule == "refuse":
                raise ValidationError(self.env._(
                    "Residents are not called at %(time)s on %(day)s: no calls on Mondays, before 9:00, "
                    "between 12:00 and 14:00, between 17:30 and 19:00 or after 21:00 (VIS-02).",
                    time=local.strftime("%H:%M"), day=local.strftime("%Y-%m-%d")))
            visit.date_planned = self._next_allowed_call(visit.date_planned, visit.estate_id)

    # ------------------------------------------------------------- actions
    def action_done(self):
        for visit in self:
            if visit.state != "planned":
                raise UserError(self.env._("%(visit)s is not planned.", visit=visit.name))
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})

    def action_cancel(self):
        self.filtered(lambda v: v.state == "planned")._workflow_write({"state": "cancelled"})

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda v: v.state != "planned")

    def _workflow_lock_message(self):
        return self.env._("%(visits)s is made or cancelled: only the resident's feedback can still be written.",
                 visits=", ".join(self.mapped("name")))

    def action_open_request(self):
        """VIS-04: feedback becomes a service request answered within 24 h
        (urgent) or 48 h (general)."""
        for visit in self:
            if not visit.feedback or not visit.feedback_urgency:
                raise UserError(self.env._("Write the feedback and how urgent it is first."))
            if visit.request_id:
                raise UserError(
                    self.env._("This feedback already has request %(request)s.", request=visit.request_id.name)
                )
            visit._workflow_write({"request_id": self.env["property.request"].create({
                "estate_id": visit.estate_id.id, "unit_id": visit.unit_id.id, "partner_id": visit.partner_id.id,
                "channel": "visit", "category": "complaint", "department": "customer_service",
                "tier": "urgent" if visit.feedback_urgency == "urgent" else "normal",
                "description": self.env._("Visit feedback: %(feedback)s", feedback=visit.feedback),
            }).id})
        return True

    # ------------------------------------------------------------- planning
    @api.model
    def _households(self, domain):
        """[(unit, resident visited)] of the households whose current
        occupancies match ``domain``: one per unit, the owner or tenant who
        lives there (the first recorded)."""
        # sudo: who lives where is the system's to know when it plans visits.
        occupancies = self.env["property.occupancy"].sudo().search(
            [*domain, ("is_current", "=", True), ("lives_in", "=", True), ("role", "in", ("owner", "tenant"))],
            order="unit_id, id")
        households = {}
        for occupancy in occupancies:
            households.setdefault(occupancy.unit_id, occupancy.partner_id)
        return list(households.items())

    @api.model
    def _plan_events(self, kind, plans):
        """Event-triggered visits (VIS-03) of many households at once, each
        for the butler of its zone: ``plans`` is [(unit, resident, when
        (UTC), period)]; a household that has the visit of the period already
        keeps it (once per period). The queries do not grow with the
        households: the zones' butlers are found for all units at once, the
        visits planned already read in one search, the new ones made in one
        create. Returns the households' visits of these periods."""
        if not plans:
            return self.browse()
        units = self.env["property.unit"].union(*(unit for unit, _partner, _when, _period in plans))
        butlers = self._zone_butlers(units.building_id)
        existing = self.search([("kind", "=", kind), ("unit_id", "in", units.ids),
                                ("period", "in", list({period for _unit, _partner, _when, period in plans}))])
        planned = {(visit.partner_id.id, visit.unit_id.id, visit.period): visit for visit in existing}
        vals_list, kept = [], self.browse()
        for unit, partner, when, period in plans:
            key = (partner.id, unit.id, period)
            if key in planned:
                kept |= planned[key]
            elif unit.building_id in butlers:
                planned[key] = self.browse()  # twice in the plans: visited once
                vals_list.append({"employee_id": butlers[unit.building_id].id, "partner_id": partner.id,
                                  "unit_id": unit.id, "kind": kind, "period": period, "date_planned": when})
        return kept | self.create(vals_list)

    @api.model
    def _zone_butlers(self, buildings):
        """{building: the butler whose zone it is (the first recorded, when two share it)}."""
        # sudo: zones are HR records; finding who serves a building is the system's job.
        butlers = self.env["hr.employee"].sudo().search([
            ("property_role", "=", "butler"), ("property_zone_building_ids", "in", buildings.ids),
        ], order="id")
        zone = {}
        for butler in butlers:
            for building in butler.property_zone_building_ids & buildings:
                zone.setdefault(building, butler)
        return zone

    @api.model
    def _monthly_round_vals(self):
        """VIS-01: each occupied household of a butler's zone once a month
        (in person); owners not living there once a quarter (phone) — in the
        month of each estate's own clock. Two butlers sharing a building: the
        household is visited once, by the first."""
        # sudo: zones are HR records
        buildings = self.env["hr.employee"].sudo().search(
            [("property_role", "=", "butler"), ("property_zone_building_ids", "!=", False)]).property_zone_building_ids
        butlers = self._zone_butlers(buildings)
        units = self.env["property.unit"].search([("building_id", "in", buildings.ids)])
        today = units.estate_id._local_todays()
        vals = []
        for unit in units:
            estate, butler = unit.estate_id, butlers[unit.building_id]
            month_start = today[estate].replace(day=1)
            # Mid-month at the visit hour (a setting) in the estate's own time; a call moves out of forbidden
            # hours (VIS-02).
            moment = estate._property_visit_time(month_start + timedelta(days=14))
            current = unit.occupancy_ids.filtered(lambda o, day=today[estate]: o._is_current(day))
            living = current.filtered(lambda o: o.lives_in and o.role in ("owner", "tenant"))
            for occupancy in living[:1]:
                vals.append({"employee_id": butler.id, "partner_id": occupancy.partner_id.id, "unit_id": unit.id,
                             "kind": "monthly", "period": month_start.strftime("%Y-%m"), "date_planned": moment})
            if month_start.month % 3 == 1:
                quarter = f"{month_start.year}-Q{(month_start.month - 1) // 3 + 1}"
                for occupancy in current.filtered(lambda o: o.role == "owner" and not o.lives_in):
                    vals.append({"employee_id": butler.id, "partner_id": occupancy.partner_id.id, "unit_id": unit.id,
                                 "kind": "quarterly_owner", "period": quarter, "channel": "phone",
                                 "date_planned": self._next_allowed_call(moment, estate)})
        return vals + self._committee_meeting_vals()

    @api.model
    def _committee_meeting_vals(self):
        """VIS-01: the estate manager meets the owners' committee head once a
        month, mid-month at the visit hour, in the estate's time and month.
        The managers' employee records and the heads' homes are read at once."""
        estates = self.env["property.estate"].search([("owners_committee_head_id", "!=", False),
                                                      ("manager_id", "!=", False)])
        # sudo: the managers' employee records are HR's; the system plans their meetings.
        managers = {}
        for employee in self.env["hr.employee"].sudo().search([("user_id", "in", estates.manager_id.ids)],
                                                              order="id desc"):
            managers[employee.user_id] = employee
        # sudo: the heads' homes, as the system finds them.
        homes = {}
        for occupancy in self.env["property.occupancy"].sudo().search(
                [("partner_id", "in", estates.owners_committee_head_id.ids), ("unit_id.estate_id", "in", estates.ids),
                 ("is_current", "=", True)], order="id desc"):
            homes[occupancy.unit_id.estate_id, occupancy.partner_id] = occupancy.unit_id
        vals = []
        for estate, today in estates._local_todays().items():
            manager = managers.get(estate.manager_id)
            home = homes.get((estate, estate.owners_committee_head_id))
            if manager and home:
                month_start = today.replace(day=1)
                vals.append({"employee_id": manager.id, "partner_id": estate.owners_committee_head_id.id,
                             "unit_id": home.id, "kind": "committee", "period": month_start.strftime("%Y-%m"),
                             "date_planned": estate._property_visit_time(month_start + timedelta(days=14))})
        return vals

    @api.model
    def _cron_plan_month(self):
        """Plan the month's round (VIS-01), idempotent: households already
        planned for the period are skipped; one batch per call."""
        vals = self._monthly_round_vals()
        existing = {(v.partner_id.id, v.unit_id.id, v.kind, v.period) for v in self.search(
            [("period", "in", list({v["period"] for v in vals}))])}
        todo = []
        for visit in vals:
            key = (visit["partner_id"], visit["unit_id"], visit["kind"], visit["period"])
            if key not in existing:
                existing.add(key)
                todo.append(visit)
        batch = todo[:self._cron_batch_size()]
        # The round's calls are planned at allowed hours already (VIS-02).
        created = self.create(batch)
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=len(todo) - len(batch))
        return created
