from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyDutyCheck(models.Model):
    """The supervisor's daily check (HND-06) of an estate's duty and handover
    records: on each working day of the office (the estate's working days:
    its own calendar, else the company's, holidays off) he checks the shifts,
    handover logs and work ledgers of the days since the previous working day
    and signs; open items that matter he takes over or gives to someone
    himself. A day not signed by the time set (a setting) brings him a
    reminder."""

    _name = "property.duty.check"
    _description = "Daily check of the duty records"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date desc, estate_id"
    # HND-06: the period and the deadline are the calendar's; the signature,
    # what was seen when signing and the reminder are the button's and the job's.
    _workflow_fields = frozenset({
        "period_start", "due_at", "state", "checked_by_id", "checked_on", "signature", "reminded",
        "log_count", "unsigned_log_count", "ledger_count", "open_item_count",
    })

    name = fields.Char(compute="_compute_name", store=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    date = fields.Date(string="Working day", required=True, index=True,
                       default=lambda self: self.env.user.property_estate_ids[:1]._local_today())
    period_start = fields.Date(string="Records from", readonly=True, tracking=True,
                               help="The previous working day: a Monday's check covers Friday and the weekend.")
    period_end = fields.Date(string="Records until", compute="_compute_period_end")
    due_at = fields.Datetime(string="Signed by", readonly=True, index=True, tracking=True)
    state = fields.Selection([("open", "To check"), ("checked", "Checked and signed")], default="open",
                             required=True, readonly=True, index=True, tracking=True)
    checked_by_id = fields.Many2one("res.users", string="Checked by", readonly=True, tracking=True)
    checked_on = fields.Datetime(readonly=True, tracking=True)
    signature = fields.Binary(attachment=True, copy=False, readonly=True)
    reminded = fields.Boolean(readonly=True, tracking=True)
    note = fields.Text(string="Remarks")
    log_count = fields.Integer(string="Handover logs seen", readonly=True, tracking=True)
    unsigned_log_count = fields.Integer(string="Logs not signed", readonly=True, tracking=True)
    ledger_count = fields.Integer(string="Work ledgers seen", readonly=True, tracking=True)
    open_item_count = fields.Integer(string="Open items seen", readonly=True, tracking=True)
    shift_ids = fields.Many2many("property.shift", compute="_compute_records", string="Shifts")
    log_ids = fields.Many2many("property.handover.log", compute="_compute_records", string="Handover logs")
    ledger_ids = fields.Many2many("property.work.ledger", compute="_compute_records", string="Work ledgers")
    open_item_ids = fields.Many2many("property.handover.open.item", compute="_compute_records",
                                     string="Open items")

    _sql_constraints = [("estate_date_uniq", "unique(estate_id, date)", "The estate's day is checked once.")]

    @api.depends("estate_id", "date")
    def _compute_name(self):
        for check in self:
            check.name = f"{check.estate_id.name or ''} {check.date or ''}"

    @api.depends("date")
    def _compute_period_end(self):
        for check in self:
            check.period_end = check.date and check.date - timedelta(days=1)

    @api.depends("estate_id", "date", "period_start")
    def _compute_records(self):
        for check in self:
            domains = check._record_domains()
            check.shift_ids = self.env["property.shift"].search(domains["shift"]) if domains else False
            check.log_ids = self.env["property.handover.log"].search(domains["log"]) if domains else False
            check.ledger_ids = self.env["property.work.ledger"].search(domains["ledger"]) if domains else False
            check.open_item_ids = self.env["property.handover.open.item"].search(
                [("estate_id", "=", check.estate_id.id), ("state", "=", "open")], order="priority desc, raised_on",
            ) if check.estate_id else False

    def _record_domains(self):
        """The domains of the duty records the check covers: those of its period."""
        if not (self.estate_id and self.date and self.period_start):
            return {}
        estate = self.estate_id
        start, end = estate._utc(self.period_start), estate._utc(self.date)
        return {
            "shift": [("estate_id", "=", estate.id), ("date_start", ">=", start), ("date_start", "<", end)],
            "log": [("estate_id", "=", estate.id), ("date", ">=", start), ("date", "<", end)],
            "ledger": [("estate_id", "=", estate.id), ("date", ">=", self.period_start), ("date", "<", self.date)],
        }

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """HND-06: a check is made on a working day; it covers the records of
        the previous working day and of the days off since, and is due at the
        hour set on that day."""
        Estate = self.env["property.estate"]
        for vals in vals_list:
            estate = Estate.browse(vals.get("estate_id"))
            vals["date"] = fields.Date.to_date(vals.get("date") or estate._local_today())
        previous = self._previous_working_days(
            [(Estate.browse(vals.get("estate_id")), vals["date"]) for vals in vals_list])
        for vals in vals_list:
            estate, day = Estate.browse(vals.get("estate_id")), vals["date"]
            if not previous[estate, day]:
                raise UserError(self.env._("%(day)s is not a working day of the office (HND-06).", day=day))
            vals["period_start"] = previous[estate, day]
            vals["due_at"] = estate._utc(day, estate.company_id.property_duty_check_hour)
        return super()._workflow_prepare_create(vals_list) | {"period_start", "due_at"}

    @api.model
    def _previous_working_days(self, estate_days):
        """HND-06: {(estate, day): the working day before ``day`` (a month
        back at most, else the day before), or None when ``day`` is not a
        working day of the estate}. The estate's working days
        (property.estate._working_days) are counted once per calendar, time
        zone and day: the estates that share them share the count."""
        counted, result = {}, {}
        for estate, day in estate_days:
            key = (estate.resource_calendar_id or estate.company_id.resource_calendar_id, estate.tz, day)
            if key not in counted:
                days = estate._working_days(day - timedelta(days=31), day)
                before = [working for working in days if working < day]
                counted[key] = (max(before) if before else day - timedelta(days=1)) if day in days else None
            result[estate, day] = counted[key]
        return result

    def write(self, vals):
        """HND-06: a check is of one estate's working day, fixed when it is
        made: its period and deadline follow from them, and the signature is
        for that day's records only. Another day is another check."""
        fixed = {"estate_id", "date"} & set(vals)
        changed = self.filtered(lambda check: any(
            check._fields[name].convert_to_cache(vals[name], check) != check._fields[name].convert_to_cache(
                check[name], check) for name in fixed))
        if changed:
            raise UserError(self.env._(
                "The estate and the day of the daily check %(check)s are fixed when it is made: make the check of "
                "another day instead (HND-06).", check=changed[0].name))
        return super().write(vals)

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda check: check.state == "checked")

    def _workflow_lock_message(self):
        return self.env._("A signed daily check is kept as signed (HND-06).")

    # ----------------------------------------------------------------- signing
    def action_sign(self):
        self.ensure_one()
        self._check_signable()
        return self._property_sign_wizard("check", self.env._("Supervisor signs the daily check %(check)s",
                                                              check=self.name))

    def _check_signable(self):
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor checks and signs the duty records (HND-06)."))
        for check in self:
            if check.state != "open":
                raise UserError(self.env._("%(check)s is signed already.", check=check.name))
            unreviewed = check.ledger_ids.filtered(lambda ledger: ledger.state != "reviewed")
            if unreviewed:
                raise UserError(self.env._(
                    "Review and sign the work ledgers of the day first (HND-04): %(ledgers)s.",
                    ledgers=", ".join(unreviewed.mapped("name"))))

    def _property_sign(self, role, signature, name):
        """HND-06: the supervisor signs what he checked; the counts of what he
        saw are kept with his signature."""
        self.ensure_one()
        if role != "check":
            return super()._property_sign(role, signature, name)
        self._check_signable()
        self._workflow_write({
            "state": "checked", "checked_by_id": self.env.uid, "checked_on": fields.Datetime.now(),
            "signature": signature, "log_count": len(self.log_ids),
            "unsigned_log_count": len(self.log_ids.filtered(lambda log: log.state != "signed")),
            "ledger_count": len(self.ledger_ids), "open_item_count": len(self.open_item_ids),
        })
        self.activity_feedback(["property_butler.mail_activity_type_duty_check"])

    # --------------------------------------------------------------------- job
    @api.model
    def _cron_remind(self):
        """HND-06: each working day of an estate has its check; one not signed
        by the hour set brings the estate's supervisor a task, once."""
        self._prepare_today()
        domain = [("state", "=", "open"), ("reminded", "=", False), ("due_at", "<=", fields.Datetime.now())]
        checks = self.search(domain, limit=self._cron_batch_size(), order="due_at")._lock_for_cron()
        for check in checks:
            supervisor = check.estate_id._supervisor()
            if supervisor:
                check._property_activity(
                    "property_butler.mail_activity_type_duty_check", supervisor,
                    lambda worded: worded.env._("Check and sign the duty and handover records: %(check)s",
                                                check=worded.name),
                    date_deadline=check.date,
                )
        checks._workflow_write({"reminded": True})
        self.env["ir.cron"]._notify_progress(done=len(checks), remaining=self.search_count(domain))
        return checks

    @api.model
    def _prepare_today(self):
        """Today's check of every estate for which today (the estate's own)
        is a working day and that has none yet: the checks made already are
        read at once, the working days counted once per calendar."""
        estates = self.env["property.estate"].search([("active", "=", True)])
        today = estates._local_todays()
        made = {(estate, fields.Date.to_date(day)) for estate, day in self._read_group(
            [("estate_id", "in", estates.ids), ("date", "in", list(set(today.values())))], ["estate_id", "date:day"])}
        previous = self._previous_working_days(today.items())
        return self.create([{"estate_id": estate.id, "date": day} for estate, day in today.items()
                            if previous[estate, day] and (estate, day) not in made])
