from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .property_post import DESK_DUTY_HOURS


class PropertyShift(models.Model):
    """A shift of a post: who is on duty from when to when (HND-05: the
    service desk runs 8:30 to 8:30). The end-of-shift key check runs on it.
    It belongs to the duty roster of its estate and month (HND-07): once the
    supervisor publishes the roster, its shifts change only by an approved
    swap."""

    _name = "property.shift"
    _description = "Shift"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_start desc"
    # KEY-02/03: the end-of-shift check and the supervisor's audit, by job and button only.
    # HND-07: who is on a published roster's shift changes by an approved swap only.
    _workflow_fields = frozenset({"keys_checked", "audited_by_id", "audited_on"})
    _workflow_user_fields = {
        "date_start": "HND-05: planned by the supervisor from the post's hours.",
        "date_end": "HND-05: planned by the supervisor from the post's hours.",
    }

    name = fields.Char(compute="_compute_name", store=True)
    post_id = fields.Many2one("property.post", required=True, index=True)
    estate_id = fields.Many2one(related="post_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="post_id.company_id", store=True, index=True)
    date_start = fields.Datetime(required=True, index=True)
    date_end = fields.Datetime(required=True, index=True)
    employee_ids = fields.Many2many("hr.employee", string="On duty")
    supervisor_id = fields.Many2one(
        "hr.employee", string="Shift supervisor", help="KEY-02: audits the key log of the shift."
    )
    keys_checked = fields.Boolean(readonly=True, copy=False, tracking=True, help="The end-of-shift key check ran.")
    log_ids = fields.One2many("property.handover.log", "shift_id", string="Handover logs")
    movement_ids = fields.One2many("property.key.movement", "shift_id", string="Key movements")
    audited_by_id = fields.Many2one("res.users", string="Key log audited by", readonly=True, tracking=True)
    audited_on = fields.Datetime(readonly=True, tracking=True)
    roster_id = fields.Many2one("property.duty.roster", string="Duty roster", compute="_compute_roster_id",
                                store=True, index="btree_not_null",
                                help="HND-07: the roster of the estate's month the shift starts in.")
    roster_state = fields.Selection(related="roster_id.state", string="Roster")
    swap_ids = fields.One2many("property.shift.swap", "shift_id", string="Swap requests")

    @api.depends("post_id", "date_start")
    def _compute_name(self):
        for shift in self:
            start = shift.estate_id._local_datetime(shift.date_start) if shift.date_start else None
            shift.name = f"{shift.post_id.name or ''} {start:%Y-%m-%d %H:%M}" if start else shift.post_id.name

    @api.depends("post_id", "date_start")
    def _compute_roster_id(self):
        """HND-07: the roster of the estate and local month the shift starts in."""
        shifts = self.filtered(lambda shift: shift.post_id and shift.date_start)
        months = {(shift.estate_id.id, shift._local_month()) for shift in shifts}
        rosters = self.env["property.duty.roster"].search([
            ("estate_id", "in", list({estate for estate, _month in months})),
            ("month", "in", list({month for _estate, month in months})),
        ]) if months else self.env["property.duty.roster"]
        by_month = {(roster.estate_id.id, roster.month): roster for roster in rosters}
        for shift in self:
            shift.roster_id = by_month.get((shift.estate_id.id, shift._local_month())) if shift in shifts else False

    @api.model_create_multi
    def create(self, vals_list):
        shifts = super().create(vals_list)
        shifts._check_roster_open()
        return shifts

    def write(self, vals):
        result = super().write(vals)
        if {"date_start", "post_id"} & set(vals):
            self._check_roster_open()
        return result

    def _check_roster_open(self):
        """HND-07: no shift is added to, or moved into, a published roster."""
        published = self.filtered(lambda shift: shift.roster_id.state == "published")
        if published:
            raise UserError(published._workflow_lock_message())

    def _local_month(self):
        return self.estate_id._local_date(self.date_start).replace(day=1)

    def _workflow_locked(self):
        """HND-07: a published roster's shifts are kept as published; a swap
        approved by the supervisor is the only way to change who is on one."""
        return super()._workflow_locked() | self.filtered(lambda shift: shift.roster_id.state == "published")

    def _workflow_lock_message(self):
        return self.env._(
            "The duty roster of %(shifts)s is published: ask for a swap, which the supervisor approves (HND-07).",
            shifts=", ".join(self.mapped("name")))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for shift in self:
            if shift.date_end <= shift.date_start:
                raise ValidationError(self.env._("A shift ends after it starts."))

    @api.model
    def _plan(self, post, day, employees):
        """The shift of a post starting on a local day, at the post's hours."""
        return self.create(self._shift_vals(post, day, employees))

    @api.model
    def _shift_vals(self, post, day, employees):
        start = post.estate_id._utc(day, post.shift_start)
        return {
            "post_id": post.id, "date_start": start, "date_end": start + timedelta(hours=post.shift_hours),
            "employee_ids": [Command.set(employees.ids)],
        }

    @api.model
    def _plan_days(self, post, date_from, date_to, employees):
        """The shifts of a post from date_from to date_to (local days).

        A post on a working calendar works the calendar's days and hours, its
        holidays off (resource.calendar); one without (the desk's 8:30 to 8:30
        duty, HND-05, which no calendar day can hold) runs every day at its
        own hours. Days planned already are left alone: planning twice adds
        nothing."""
        estate = post.estate_id
        planned = {
            estate._local_date(shift.date_start)
            for shift in self.search([("post_id", "=", post.id),
                                      ("date_start", ">=", datetime.combine(date_from, time.min) - timedelta(days=1)),
                                      ("date_start", "<=", datetime.combine(date_to, time.max) + timedelta(days=1))])
        }
        if post.resource_calendar_id:
            vals_list = [
                {"post_id": post.id, "date_start": start, "date_end": end, "employee_ids": [Command.set(employees.ids)]}
                for day, (start, end) in self._calendar_days(post, date_from, date_to).items() if day not in planned
            ]
        else:
            days = (date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1))
            vals_list = [self._shift_vals(post, day, self._on_duty(post, day, employees))
                         for day in days if day not in planned]
        return self.create(vals_list)

    @api.model
    def _on_duty(self, post, day, employees):
        """Who works a day's shift: a round-the-clock post (the desk's 8:30 to
        8:30, HND-05) is manned by one of its staff a day in turn — the turn
        runs on from month to month — a day post by all its staff."""
        if post.shift_hours < DESK_DUTY_HOURS or len(employees) < 2:
            return employees
        return employees.sorted("id")[day.toordinal() % len(employees)]

    @api.model
    def _duty_days(self, post, date_from, date_to):
        """The local days from date_from to date_to on which the post is
        manned: its calendar's working days, holidays off, or every day."""
        if post.resource_calendar_id:
            return set(self._calendar_days(post, date_from, date_to))
        return {date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)}

    @api.model
    def _calendar_days(self, post, date_from, date_to):
        """{local day: (first start, last end) in UTC} of the post's working
        intervals: a lunch break does not split the day's shift."""
        estate = post.estate_id
        tz = estate._local_tz()
        intervals = post.resource_calendar_id._work_intervals_batch(
            estate._local_at(date_from), estate._local_at(date_to, time.max), tz=tz,
        )[False]
        days = {}
        for start, end, _attendance in intervals:
            day = start.date()  # the intervals are in the estate's time zone
            start, end = (estate._utc_of(moment) for moment in (start, end))
            first, last = days.get(day, (start, end))
            days[day] = (min(first, start), max(last, end))
        return days

    def action_request_swap(self):
        """HND-07: ask for a colleague to work this shift instead."""
        self.ensure_one()
        employee = self.employee_ids.filtered(lambda e: e.user_id == self.env.user)[:1] or self.employee_ids[:1]
        return {
            "type": "ir.actions.act_window", "res_model": "property.shift.swap", "view_mode": "form",
            "target": "new", "name": self.env._("Ask for a swap"),
            "context": {"default_shift_id": self.id, "default_employee_id": employee.id},
        }

    def action_audit_keys(self):
        """KEY-02: the shift supervisor audits the key log."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor audits the key log of a shift (KEY-02)."))
        self._workflow_write({"audited_by_id": self.env.user.id, "audited_on": fields.Datetime.now()})

    @api.model
    def _cron_end_of_shift(self):
        """KEY-03 at the end of each shift: keys not returned make a
        discipline record for their holder, with an activity for HR; staff on
        duty who took none of the post's keys made a work error. Flagged per
        shift, so a rerun does nothing."""
        domain = [("keys_checked", "=", False), ("date_end", "<=", fields.Datetime.now())]
        shifts = self.search(domain, limit=self._cron_batch_size(), order="date_end")._lock_for_cron()
        Discipline = self.env["property.discipline"]
        for shift in shifts:
            for movement in shift.movement_ids.filtered(lambda m: not m.date_in and m.key_id.state == "out"):
                Discipline._propose(movement.employee_id, "unreturned", movement=movement,
                                    description=self.env._("Key %(key)s not returned at the end of shift %(shift)s.",
                                                  key=movement.key_id.name, shift=shift.name))
            if shift.post_id.keys_required and shift.post_id.key_ids:
                took = shift.movement_ids.employee_id
                for employee in shift.employee_ids - took:
                    Discipline._propose(employee, "no_keys", description=self.env._(
                        "Came to work on shift %(shift)s without taking the keys of the post.", shift=shift.name))
        shifts._workflow_write({"keys_checked": True})
        self.env["ir.cron"]._notify_progress(done=len(shifts), remaining=self.search_count(domain))
        return shifts
