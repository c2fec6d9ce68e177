from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class PropertyDutyRoster(models.Model):
    """The duty roster (值班安排表) of an estate for a month (HND-07): the
    shifts of every post, drawn up by the supervisor and published before the
    month begins. Its shifts are planned with the posts' own hours (the
    shift-planning of property.shift); once published, who is on a shift
    changes only by a swap the supervisor approves (property.shift.swap)."""

    _name = "property.duty.roster"
    _description = "Duty roster"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "month desc, estate_id"
    # HND-07: the supervisor's publication and the job's reminder, by their button and job only.
    _workflow_fields = frozenset({"state", "published_by_id", "published_on", "published_late", "reminded"})

    name = fields.Char(compute="_compute_name", store=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    month = fields.Date(required=True, index=True, default=lambda self: self._default_month(),
                        help="The first day of the month the roster plans.")
    deadline = fields.Date(string="Publish by", compute="_compute_dates", store=True,
                           help="HND-07: next month's roster is drawn up before the month ends.")
    remind_date = fields.Date(compute="_compute_dates", store=True, index=True,
                              help="HND-07: the supervisor is reminded from this day on while it is not published.")
    state = fields.Selection([("draft", "Being drawn up"), ("published", "Published")], default="draft",
                             required=True, readonly=True, index=True, tracking=True)
    published_by_id = fields.Many2one("res.users", string="Published by", readonly=True, tracking=True)
    published_on = fields.Datetime(readonly=True, tracking=True)
    published_late = fields.Boolean(readonly=True, tracking=True,
                                    help="HND-07: published after its month had begun.")
    reminded = fields.Boolean(readonly=True, tracking=True, help="The supervisor was reminded to publish it.")
    shift_ids = fields.One2many("property.shift", "roster_id", string="Shifts")
    shift_count = fields.Integer(compute="_compute_shift_count")
    swap_ids = fields.One2many("property.shift.swap", "roster_id", string="Swap requests")
    note = fields.Text(help="Printed under the roster: e.g. the duty phone, who to call at night.")

    _sql_constraints = [("estate_month_uniq", "unique(estate_id, month)", "The estate has a roster for this month.")]

    @api.model
    def _default_month(self):
        # Next month in the time of the estate the roster is drawn up for (the user's first, as estate_id's default).
        return self.env.user.property_estate_ids[:1]._local_today().replace(day=1) + relativedelta(months=1)

    @api.depends("estate_id", "month")
    def _compute_name(self):
        for roster in self:
            month = roster.month.strftime("%Y-%m") if roster.month else ""
            roster.name = f"{roster.estate_id.name or ''} {month}".strip()

    @api.depends("month", "company_id.property_roster_reminder_days")
    def _compute_dates(self):
        for roster in self:
            if not roster.month:
                roster.deadline = roster.remind_date = False
                continue
            roster.deadline = roster.month - timedelta(days=1)
            roster.remind_date = roster.deadline - timedelta(days=roster.company_id.property_roster_reminder_days)

    def _compute_shift_count(self):
        counts = dict(self.env["property.shift"]._read_group([("roster_id", "in", self.ids)], ["roster_id"],
                                                             ["__count"]))
        for roster in self:
            roster.shift_count = counts.get(roster, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        rosters = super().create(vals_list)
        rosters._link_shifts()
        return rosters

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        result = super().write(vals)
        if {"month", "estate_id"} & set(vals):
            self._link_shifts()
        return result

    def _link_shifts(self):
        """The shifts planned already for the roster's month join it."""
        Shift = self.env["property.shift"]
        shifts = Shift.browse()
        for roster in self:
            start, end = roster._month_bounds()
            shifts |= Shift.search([("estate_id", "=", roster.estate_id.id), ("date_start", ">=", start),
                                    ("date_start", "<", end)])
        shifts |= Shift.search([("roster_id", "in", self.ids)])
        self.env.add_to_compute(Shift._fields["roster_id"], shifts)
        shifts._recompute_recordset(["roster_id"])

    def _month_bounds(self):
        """The roster's month as stored (UTC) datetimes, from its first local midnight to the next month's."""
        self.ensure_one()
        return self.estate_id._utc(self.month), self.estate_id._utc(self._month_end() + timedelta(days=1))

    def _month_end(self):
        return self.month + relativedelta(months=1, days=-1)

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda roster: roster.state == "published")

    def _workflow_lock_message(self):
        return self.env._("A published duty roster is kept as published: shifts change by an approved swap (HND-07).")

    def _posts(self):
        return self.env["property.post"].search([("estate_id", "=", self.estate_id.id)], order="kind, name")

    # ----------------------------------------------------------------- buttons
    def action_plan_shifts(self):
        """HND-07: the supervisor plans the month's shifts of every post at
        its hours (HND-05), with its staff; days planned already are kept."""
        self.ensure_one()
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor draws up the duty roster (HND-07)."))
        if self.state != "draft":
            raise UserError(self.env._("The roster %(roster)s is published already.", roster=self.name))
        Shift = self.env["property.shift"]
        for post in self._posts():
            if not post.employee_ids:
                raise UserError(self.env._("Give the post %(post)s its staff first (Butlers › Configuration › Posts).",
                                           post=post.name))
            Shift._plan_days(post, self.month, self._month_end(), post.employee_ids)
        return self.action_view_shifts()

    def action_view_shifts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.name, "res_model": "property.shift",
            "view_mode": "list,form", "domain": [("roster_id", "=", self.id)],
        }

    def _gaps(self):
        """{post: [local days]} on which a post is manned but has no shift with staff."""
        self.ensure_one()
        Shift = self.env["property.shift"]
        gaps = {}
        for post in self._posts():
            planned = {self.estate_id._local_date(shift.date_start)
                       for shift in self.shift_ids.filtered(lambda s, post=post: s.post_id == post and s.employee_ids)}
            missing = sorted(Shift._duty_days(post, self.month, self._month_end()) - planned)
            if missing:
                gaps[post] = missing
        return gaps

    def action_publish(self):
        """HND-07: the supervisor publishes the roster once every post is
        manned on each of its days; from then on it changes by approved swaps."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor publishes the duty roster (HND-07)."))
        for roster in self:
            if roster.state != "draft":
                raise UserError(self.env._("The roster %(roster)s is published already.", roster=roster.name))
            gaps = roster._gaps()
            if gaps:
                raise UserError(self.env._(
                    "The roster %(roster)s leaves posts without staff: %(gaps)s. Plan these days first.",
                    roster=roster.name, gaps="; ".join(
                        f"{post.name} {', '.join(day.strftime('%m-%d') for day in days)}"
                        for post, days in gaps.items())))
            roster._workflow_write({
                "state": "published", "published_by_id": self.env.uid, "published_on": fields.Datetime.now(),
                "published_late": roster.estate_id._local_today() >= roster.month,
            })
            roster.activity_feedback(["property_butler.mail_activity_type_roster"])
            staff = roster.shift_ids.employee_ids.user_id.partner_id
            roster.message_subscribe(partner_ids=staff.ids)
            roster._property_note(lambda worded: worded.env._(
                "Duty roster of %(month)s published: every change is a swap the supervisor approves (HND-07).",
                month=worded.month.strftime("%Y-%m")))

    def action_print(self):
        return self.env.ref("property_butler.action_report_duty_roster").report_action(self)

    # -------------------------------------------------------------- the paper
    def _report_title(self):
        return self.env._("Duty roster of %(estate)s for %(month)s", estate=self.estate_id.name,
                          month=self.month.strftime("%Y-%m"))

    def _report_rows(self):
        """The roster as printed: [(day, weekday, [text of each post's shifts])]
        in the estate's local time, one row per day of the month."""
        self.ensure_one()
        posts = self._posts()
        estate = self.estate_id
        cells = {}
        for shift in self.shift_ids.sorted("date_start"):
            start, end = estate._local_datetime(shift.date_start), estate._local_datetime(shift.date_end)
            text = f"{start:%H:%M}–{end:%H:%M} {'、'.join(shift.employee_ids.mapped('name'))}"
            cells.setdefault((start.date(), shift.post_id.id), []).append(text)
        rows = []
        day = self.month
        while day <= self._month_end():
            rows.append((day, format_date(self.env, day, date_format="EEE"),
                         ["\n".join(cells.get((day, post.id), [])) for post in posts]))
            day += timedelta(days=1)
        return posts, rows

    # --------------------------------------------------------------------- job
    @api.model
    def _cron_remind_next_month(self):
        """HND-07: N days before the month ends (a setting), an estate whose
        next month has no published roster gets one being drawn up and its
        supervisor a task to publish it; reminded once."""
        self._prepare_next_month()
        due = self.search([("state", "=", "draft"), ("reminded", "=", False),
                           *self.env["property.estate"]._local_today_domain(lambda day: [("remind_date", "<=", day)])],
                          order="month, id")
        batch = due[:self._cron_batch_size()]._lock_for_cron()
        for roster in batch:
            supervisor = roster.estate_id._supervisor()
            if supervisor:
                roster._property_activity(
                    "property_butler.mail_activity_type_roster", supervisor,
                    lambda worded: worded.env._("Draw up and publish the duty roster of %(month)s",
                                                month=worded.month.strftime("%Y-%m")),
                    date_deadline=roster.deadline,
                )
        batch._workflow_write({"reminded": True})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(due) - len(batch))
        return batch

    @api.model
    def _prepare_next_month(self):
        """A roster being drawn up for next month, for every estate within the
        reminder days of its month's end that has none."""
        due = {}
        for estate, today in self.env["property.estate"].search([("active", "=", True)])._local_todays().items():
            month = today.replace(day=1) + relativedelta(months=1)
            if today >= month - timedelta(days=1 + estate.company_id.property_roster_reminder_days):
                due[estate] = month
        # The rosters drawn up already, read at once.
        made = {(estate, fields.Date.to_date(month)) for estate, month in self._read_group(
            [("estate_id", "in", [estate.id for estate in due]), ("month", "in", list(set(due.values())))],
            ["estate_id", "month:day"])}
        return self.create([{"estate_id": estate.id, "month": month} for estate, month in due.items()
                            if (estate, month) not in made])
