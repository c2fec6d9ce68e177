import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .property_request import REPAIR_CATEGORIES

SATISFIED = ("very_satisfied", "satisfied")


class PropertyFollowup(models.Model):
    """A follow-up visit or call (回访) after a request, a move-in or other work."""

    _name = "property.followup"
    _description = "Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_due, id"
    # Planned and closed by the follow-up rules and buttons only (FUP-01..05):
    # the due dates are what "on time" is measured against.
    _workflow_fields = frozenset({
        "state", "date_from", "date_due", "deadline", "date_done", "signature", "signed_by", "signed_on", "parent_id",
        "event_id", "satisfaction_score", "on_time_score",
    })

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    request_id = fields.Many2one("property.request", index=True, ondelete="restrict")
    estate_id = fields.Many2one(
        "property.estate", compute="_compute_from_request", store=True, readonly=False, required=True, index=True,
        precompute=True,
    )
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    unit_id = fields.Many2one(
        "property.unit", compute="_compute_from_request", store=True, readonly=False, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Resident", compute="_compute_from_request", store=True, readonly=False, index=True,
        precompute=True,
    )
    request_category = fields.Selection(related="request_id.category", store=True, string="Request category")
    kind = fields.Selection(
        [
            ("complaint", "After a complaint"),
            ("repair", "After a repair"),
            ("emergency_repair", "After an emergency repair"),
            ("leak_repair", "After a leak repair (first rain)"),
            ("medical", "After a medical emergency"),
            ("help", "After a help request"),
            ("consultation", "After a consultation"),
            ("move_in", "New resident"),
            ("event", "After a community activity"),
            ("special_mid", "Special service, mid-term"),
            ("special_end", "Special service, at the end"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    state = fields.Selection(
        [
            ("waiting_rain", "Waiting for rain"),
            ("planned", "Planned"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible", tracking=True, index=True)
    date_from = fields.Date(string="Not before", readonly=True, tracking=True)
    date_due = fields.Date(string="Due by", index=True, tracking=True, readonly=True)
    deadline = fields.Datetime(
        string="Due at", readonly=True, tracking=True, index=True,
        help="FUP-02: a follow-up due within hours (an emergency repair: 24 h after the repair), not by a day.")
    date_done = fields.Datetime(string="Done at", readonly=True, copy=False, tracking=True)
    event_id = fields.Many2one("property.community.event", string="Community activity", readonly=True, index=True,
                               ondelete="restrict", tracking=True)
    # 004 回访类型: 电话、上门、信函、网络 — "online" is the resident's own answer on the portal.
    channel = fields.Selection([("phone", "Phone"), ("on_site", "On site"), ("message", "Message / letter"),
                                ("online", "Online (resident portal)")])
    outcome = fields.Text()
    satisfaction = fields.Selection(
        [
            ("very_satisfied", "Very satisfied"),
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("dissatisfied", "Dissatisfied"),
        ],
        tracking=True,
    )
    satisfaction_score = fields.Float(
        string="Satisfied (%)", compute="_compute_scores", store=True, aggregator="avg",
        help="100 for a satisfied resident, 0 otherwise; its average is the satisfaction rate.",
    )
    on_time_score = fields.Float(string="On time (%)", compute="_compute_scores", store=True, aggregator="avg")
    signature = fields.Binary(string="Resident signature", copy=False, attachment=True, readonly=True)
    signed_by = fields.Char(copy=False, readonly=True, tracking=True)
    signed_on = fields.Datetime(copy=False, readonly=True, tracking=True)
    parent_id = fields.Many2one("property.followup", string="Previous follow-up", readonly=True, index=True,
                                tracking=True)
    child_ids = fields.One2many("property.followup", "parent_id", string="Next follow-ups")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.followup") or "/"
        followups = super().create(vals_list)
        followups._schedule_activity()
        return followups

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """FUP-04: a follow-up the desk plans by hand is due by its kind's
        rule, from today (the rules plan the others with their own dates)."""
        today = fields.Date.context_today(self)
        names = set()
        for vals in vals_list:
            company = self.env["property.estate"].browse(vals.get("estate_id")).company_id or self.env.company
            days = {"move_in": company.property_movein_followup_days, "event": company.property_event_followup_days}
            if "date_due" not in vals:
                vals["date_due"] = today + timedelta(
                    days=days.get(vals.get("kind"), company.property_help_followup_days)
                )
                names.add("date_due")
        return names

    def write(self, vals):
        """FUP-05: the resident signed an on-site follow-up: it stays on site."""
        if vals.get("channel", "on_site") != "on_site" and self.filtered("signature"):
            raise UserError(self.env._(
                "The resident signed follow-up %(names)s on site: it stays an on-site follow-up (FUP-05).",
                names=", ".join(self.filtered("signature").mapped("name"))))
        return super().write(vals)

    def _workflow_locked(self):
        """FUP-05: a follow-up made (or cancelled) is a record to keep."""
        return super()._workflow_locked() | self.filtered(lambda f: f.state in ("done", "cancelled"))

    def _workflow_lock_message(self):
        return self.env._("Follow-up %(names)s was made or cancelled: it is kept as it is (FUP-05).",
                 names=", ".join(self.mapped("name")))

    @api.depends("request_id")
    def _compute_from_request(self):
        for followup in self.filtered("request_id"):
            followup.estate_id = followup.request_id.estate_id
            followup.unit_id = followup.request_id.unit_id
            followup.partner_id = followup.request_id.partner_id

    @api.depends("state", "satisfaction", "date_done", "date_due", "deadline")
    def _compute_scores(self):
        for followup in self:
            done = followup.state == "done"
            followup.satisfaction_score = 100.0 if done and followup.satisfaction in SATISFIED else 0.0
            if not done:
                on_time = False
            elif followup.deadline:
                # FUP-02: within the hours, not by the calendar day.
                on_time = followup.date_done <= followup.deadline
            else:
                on_time = not followup.date_due or followup._local_date(followup.date_done) <= followup.date_due
            followup.on_time_score = 100.0 if on_time else 0.0

    def _local_date(self, dt):
        return self.estate_id._local_date(dt)

    def _schedule_activity(self):
        for followup in self.filtered(lambda f: f.state == "planned" and f.user_id):
            followup._property_activity(
                "property_service.mail_activity_type_followup", followup.user_id,
                lambda worded: worded.env._("Follow-up %(name)s", name=worded.name),
                date_deadline=followup.date_due or fields.Date.context_today(followup),
            )

    # ---------------------------------------------------------------- planning
    @api.model
    def _plan_for_requests(self, requests):
        """FUP-01/02/04: plan the follow-up of each finished request.

        A request with an open follow-up gets it rescheduled from the new
        completion (after a dissatisfied follow-up reopened the work); others
        get a new one when their kind needs it and the coverage target
        (FUP-03) asks for it. Running it twice plans nothing more."""
        # FUP-04: a special service is followed up on its own dates (the first call plans them).
        self._plan_special_service(requests)
        to_create = []
        for request in requests.filtered(lambda r: r.state in ("done", "closed")):
            kind = self._kind_for(request)
            if not kind:
                continue
            vals = self._timing_for(request, kind)
            open_followup = request.followup_ids.filtered(lambda f: f.state in ("planned", "waiting_rain"))
            if open_followup:
                open_followup._workflow_write(
                    {"deadline": False, **{k: v for k, v in vals.items() if k in ("date_from", "date_due", "deadline",
                                                                                   "state")}}
                )
                continue
            if request.followup_ids.filtered(lambda f: f.state == "done" and f.satisfaction in SATISFIED):
                continue
            if not self._coverage_needs(request, kind):
                continue
            vals.update({
                "request_id": request.id,
                "kind": kind,
                "user_id": self._responsible_for(request).id,
            })
            to_create.append(vals)
        return self._workflow_create(to_create)

    @api.model
    def _kind_for(self, request):
        if request.special_service:
            # FUP-04: followed up mid-term and at the end instead (_plan_special_service).
            return False
        if request.category == "consultation":
            return "consultation"
        if request.category == "complaint":
            return "complaint"
        if request.category in REPAIR_CATEGORIES:
            if request.leak_repair:
                return "leak_repair"
            return "emergency_repair" if request.tier == "very_urgent" else "repair"
        if request.category == "help":
            return "medical" if request.help_subtype == "medical" else "help"
        return False

    @api.model
    def _timing_for(self, request, kind):
        company = request.company_id
        done_day = request._local_done_date()
        if kind == "leak_repair":
            return {"state": "waiting_rain", "date_from": False, "date_due": False}
        if kind == "complaint":
            days_from, days_due = 0, company.property_complaint_followup_days
        elif kind == "emergency_repair":
            # FUP-02: within 24 hours of the repair, to the minute (a setting).
            deadline = request.date_done + timedelta(hours=company.property_emergency_followup_hours)
            return {
                "state": "planned", "date_from": done_day, "deadline": deadline,
                "date_due": request.estate_id._local_date(deadline),
            }
        elif kind == "repair":
            days_from, days_due = company.property_repair_followup_min_days, company.property_repair_followup_max_days
        else:
            days_from, days_due = 0, company.property_help_followup_days
        return {
            "state": "planned",
            "date_from": done_day + timedelta(days=days_from),
            "date_due": done_day + timedelta(days=days_due),
        }

    @api.model
    def _coverage_needs(self, request, kind):
        """FUP-03: plan only as many follow-ups as the coverage target asks for.
        Emergency and leak repairs are always followed up (FUP-02)."""
        if kind in ("emergency_repair", "leak_repair", "medical", "help", "consultation"):
            return True
        company = request.company_id
        target = (
            company.property_complaint_followup_target
            if kind == "complaint"
            else company.property_repair_followup_target
        )
        if target >= 100:
            return True
        if target <= 0:
            return False
        categories = ["complaint"] if kind == "complaint" else list(REPAIR_CATEGORIES)
        done_day = request._local_done_date()
        month_start = done_day.replace(day=1)
        finished = self.env["property.request"].search([
            ("estate_id", "=", request.estate_id.id),
            ("category", "in", categories),
            ("state", "in", ("done", "closed")),
            ("date_done", ">=", fields.Datetime.to_datetime(month_start) - timedelta(days=1)),
        ])
        finished = finished.filtered(lambda r: r._local_done_date() >= month_start) | request
        followed = finished.filtered("followup_ids")
        return len(followed) * 100.0 < target * len(finished)

    @api.model
    def _plan_special_service(self, requests):
        """FUP-04: a special service (特约服务) under contract is followed up
        at the middle of its period and after its end, each within the week
        of other work (a setting). Planned on every path of the request — when
        it is recorded or flagged special, dispatched, taken on site or
        finished; its period changed, the follow-ups still to make move with
        it; no longer special, they are cancelled. Running it twice plans
        nothing more."""
        vals_list = []
        reminder = self.env.ref("property_service.mail_activity_type_followup")
        special = self.browse()
        for request in requests:
            special |= request.followup_ids.filtered(lambda f: f.kind in ("special_mid", "special_end"))
        special.filtered(lambda f: f.state == "planned" and not f.request_id.special_service).action_cancel()
        for request in requests.filtered(lambda r: r.special_service and r.state != "cancelled"):
            company, start, end = request.company_id, request.service_start, request.service_end
            middle = start + (end - start) / 2
            for kind, day in (("special_mid", middle), ("special_end", end)):
                dates = {"date_from": day, "date_due": day + timedelta(days=company.property_help_followup_days)}
                planned = special.filtered(lambda f, kind=kind: f.request_id == request and f.kind == kind
                                           and f.state != "cancelled")
                if not planned:
                    vals_list.append({"request_id": request.id, "kind": kind,
                                      "user_id": self._responsible_for(request).id, **dates})
                    continue
                moved = planned.filtered(lambda f, dates=dates: f.state == "planned"
                                         and (f.date_from, f.date_due) != (dates["date_from"], dates["date_due"]))
                if moved:
                    moved._workflow_write(dates)
                    # sudo: the reminder follows its follow-up, whoever changed the period.
                    moved.sudo().activity_ids.filtered(lambda a: a.activity_type_id == reminder).write(
                        {"date_deadline": dates["date_due"]})
        return self._workflow_create(vals_list)

    @api.model
    def _plan_for_event(self, event):
        """FUP-04: a community activity is followed up within a month (a
        setting) with 10% (a setting) of its participants, spread over the
        list, at least one."""
        participants = event.participant_ids.sorted("id")
        if not participants:
            return self.browse()
        company = event.company_id
        share = math.ceil(len(participants) * company.property_event_followup_rate / 100)
        count = min(len(participants), max(1, share))
        step = len(participants) / count
        chosen = [participants[int(index * step)] for index in range(count)]
        done_day = event.estate_id._local_date(event.date_done)
        occupancies = self.env["property.occupancy"].search([
            ("partner_id", "in", participants.ids), ("unit_id.estate_id", "=", event.estate_id.id),
            ("is_current", "=", True)])
        unit_of = {occupancy.partner_id: occupancy.unit_id for occupancy in occupancies}
        user = event.estate_id.followup_user_id or event.user_id
        return self._workflow_create([{
            "estate_id": event.estate_id.id, "partner_id": partner.id,
            "unit_id": unit_of.get(partner, self.env["property.unit"]).id, "kind": "event", "event_id": event.id,
            "user_id": user.id, "date_from": done_day,
            "date_due": done_day + timedelta(days=company.property_event_followup_days),
        } for partner in chosen])

    @api.model
    def _responsible_for(self, request):
        """FUP-01: ordinary complaints by the follow-up clerk, important ones by
        the service supervisor, serious ones by the manager."""
        estate = request.estate_id
        clerk = estate.followup_user_id or request.user_id
        if request.category == "complaint":
            return {
                "important": estate.supervisor_id,
                "serious": estate.manager_id,
            }.get(request.complaint_severity) or clerk
        return clerk

    def _start_after_rain(self):
        """FUP-02: it rained; leak-repair follow-ups are due tomorrow."""
        today = fields.Date.context_today(self)
        waiting = self.filtered(lambda f: f.state == "waiting_rain")
        waiting._workflow_write({"state": "planned", "date_from": today, "date_due": today + timedelta(days=1)})
        waiting._schedule_activity()

    # ----------------------------------------------------------------- actions
    def action_done(self):
        for followup in self:
            if followup.state != "planned":
                raise UserError(self.env._("Follow-up %(name)s is not planned.", name=followup.name))
            if not followup.channel or not followup.satisfaction:
                raise UserError(
                    self.env._(
                        "Record how follow-up %(name)s was made and how satisfied the resident is.", name=followup.name
                    )
                )
            if followup.channel == "on_site" and not followup.signature:
                raise UserError(self.env._("An on-site follow-up needs the resident's signature (FUP-05)."))
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})
        self.activity_feedback(["property_service.mail_activity_type_followup"])
        self.filtered(lambda f: f.satisfaction == "dissatisfied")._follow_dissatisfaction()

    def _portal_open_for(self, partner):
        """The follow-ups the resident may answer on his portal now."""
        today = fields.Date.context_today(self)
        return self.filtered(lambda followup: followup.state == "planned" and followup.partner_id == partner
                             and (not followup.date_from or followup.date_from <= today))

    def _portal_answer(self, partner, satisfaction, comment):
        """The resident answers his follow-up online (004 网络回访): made like
        a phone call, and a dissatisfied answer reopens the work (FUP-05)."""
        self.ensure_one()
        if self not in self._portal_open_for(partner):
            raise UserError(self.env._("This follow-up waits for no answer from you."))
        if satisfaction not in dict(self._fields["satisfaction"].selection):
            raise UserError(self.env._("Say how satisfied you are."))
        comment = (comment or "").strip()
        if satisfaction == "dissatisfied" and not comment:
            raise UserError(self.env._("Say what is still wrong: the work is reopened for it."))
        # sudo: the follow-up is the office's record; the resident gave its answer.
        followup = self.sudo()
        followup.write({"channel": "online", "satisfaction": satisfaction, "outcome": comment or False})
        followup.action_done()

    def action_sign(self):
        """FUP-05: the resident signs an on-site follow-up."""
        self.ensure_one()
        if self.channel != "on_site":
            raise UserError(self.env._(
                "The resident signs an on-site follow-up; a phone follow-up is marked \"phone\" (FUP-05)."))
        return self._property_sign_wizard(
            "resident", self.env._("Resident signs follow-up %(name)s", name=self.name), ask_name=True
        )

    def _property_sign(self, role, signature, name):
        self.ensure_one()
        if role != "resident":
            return super()._property_sign(role, signature, name)
        if self.state != "planned":
            raise UserError(self.env._("Follow-up %(name)s is not planned.", name=self.name))
        if self.channel != "on_site":
            raise UserError(self.env._(
                "The resident signs an on-site follow-up; a phone follow-up is marked \"phone\" (FUP-05)."))
        self._workflow_write({"signature": signature, "signed_by": name or self.partner_id.name,
                              "signed_on": fields.Datetime.now()})

    def _follow_dissatisfaction(self):
        """FUP-05: a dissatisfied resident reopens the work and gets another
        follow-up, until satisfied."""
        today = fields.Date.context_today(self)
        for followup in self:
            followup._workflow_create({
                "parent_id": followup.id,
                "request_id": followup.request_id.id,
                "estate_id": followup.estate_id.id,
                "unit_id": followup.unit_id.id,
                "partner_id": followup.partner_id.id,
                "kind": followup.kind,
                "user_id": followup.user_id.id,
                "date_from": today,
                "date_due": today + timedelta(days=followup.company_id.property_complaint_followup_days or 3),
            })
            if followup.request_id.state in ("done", "closed"):
                followup.request_id._reopen(
                    self.env._("Reopened: the resident was not satisfied at follow-up %(name)s.", name=followup.name)
                )

    def action_cancel(self):
        if self.filtered(lambda f: f.state == "done"):
            raise UserError(self.env._("A follow-up that was made cannot be cancelled."))
        self._workflow_write({"state": "cancelled"})
        self.activity_unlink(["property_service.mail_activity_type_followup"])
