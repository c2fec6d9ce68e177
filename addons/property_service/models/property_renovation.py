from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .property_renovation_document import RENOVATION_DOCUMENTS

OPEN_STATES = ("draft", "approved")


class PropertyRenovation(models.Model):
    """A renovation permit (装修) and its deposits (REN-01 … REN-06).

    This addon records the deposits, the deductions and the manager's refund
    approval with its author; property_billing posts them in the books."""

    _name = "property.renovation"
    _description = "Renovation permit"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "id desc"
    # Set by the permit's buttons, its inspections, visits and the daily checks only (REN-03..06, DEP-02).
    _workflow_fields = frozenset({
        "state", "date_accepted", "refund_eligible_date", "refund_blocked", "refund_due_notified",
        "date_ceilings_closed", "ceilings_closed_by_id", "no_hidden_works", "no_hidden_works_by_id",
        "no_hidden_works_on",
        "receipt_signature", "receipt_signed_by_id", "receipt_signed_on", "visits_flagged_on",
        "refund_approved_by_id", "refund_approved_on",
        "pass_deposit_total", "deposit_total", "deduction_passes", "deduction_violations", "deduction_total",
        "refund_amount",
    })
    _workflow_user_fields = {
        "date_start": "REN-01: the works' planned dates, from the application.",
        "date_end": "REN-01: the works' planned dates, from the application.",
    }

    name = fields.Char(string="Permit", readonly=True, copy=False, default="/")
    unit_id = fields.Many2one("property.unit", required=True, index=True, tracking=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Applicant", required=True, index=True, tracking=True)
    contractor_name = fields.Char(string="Contractor")
    contractor_licence = fields.Char(string="Licence number")
    contractor_phone = fields.Char()
    works = fields.Text(string="Planned works", required=True)
    date_start = fields.Date(string="Works from", required=True)
    date_end = fields.Date(string="Works until", required=True)
    state = fields.Selection(
        [
            ("draft", "Application"),
            ("approved", "Works in progress"),
            ("accepted", "Accepted"),
            ("refund_approved", "Refund approved"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    document_ids = fields.One2many("property.renovation.document", "renovation_id", string="Documents", copy=False)
    pass_ids = fields.One2many("property.renovation.pass", "renovation_id", string="Worker passes", copy=False)
    inspection_ids = fields.One2many(
        "property.renovation.inspection", "renovation_id", string="Inspections", copy=False
    )
    violation_ids = fields.One2many("property.renovation.violation", "renovation_id", string="Violations", copy=False)
    visit_ids = fields.One2many("property.renovation.visit", "renovation_id", string="Visits", copy=False)
    # REN-03: hidden works are inspected before the ceilings and walls close.
    date_ceilings_closed = fields.Date(string="Ceilings and walls closed on", readonly=True, copy=False,
                                       tracking=True)
    ceilings_closed_by_id = fields.Many2one("res.users", string="Closing recorded by", readonly=True, copy=False,
                                            tracking=True)
    # REN-03: or engineering recorded that the works hide nothing in ceilings or walls.
    no_hidden_works = fields.Boolean(
        string="No hidden works", readonly=True, copy=False, tracking=True,
        help="REN-03: engineering recorded that no pipes or wiring are closed in ceilings or walls: "
        "no hidden-works inspection is due before the initial and formal inspections.")
    no_hidden_works_by_id = fields.Many2one("res.users", string="No hidden works recorded by", readonly=True,
                                            copy=False, tracking=True)
    no_hidden_works_on = fields.Datetime(string="No hidden works recorded at", readonly=True, copy=False,
                                         tracking=True)
    # REN-04: at the formal acceptance engineering signs the deposit receipt; REN-05: the refund is against it.
    receipt_signature = fields.Binary(string="Engineering's signature on the deposit receipt", copy=False,
                                      attachment=True, readonly=True)
    receipt_signed_by_id = fields.Many2one("res.users", string="Deposit receipt signed by", readonly=True,
                                           copy=False, tracking=True)
    receipt_signed_on = fields.Datetime(string="Deposit receipt signed at", readonly=True, copy=False, tracking=True)
    # REN-06: the renovation office visits daily, the guards every 2 days, the workers leave by 19:00.
    office_visit_due = fields.Date(string="Office visit due", compute="_compute_visit_due", store=True, index=True)
    guard_visit_due = fields.Date(string="Guard visit due", compute="_compute_visit_due", store=True, index=True)
    exit_check_due = fields.Date(string="Exit check due", compute="_compute_visit_due", store=True, index=True)
    visit_overdue = fields.Boolean(string="Not inspected on schedule", compute="_compute_visit_overdue",
                                   search="_search_visit_overdue")
    visits_flagged_on = fields.Date(string="Missed visits flagged on", readonly=True, copy=False, tracking=True)
    # REN-02: deposits.
    renovation_deposit = fields.Monetary(
        compute="_compute_deposits", store=True, readonly=False, precompute=True, tracking=True
    )
    utility_deposit = fields.Monetary(
        string="Water-and-electricity deposit", compute="_compute_deposits", store=True, readonly=False,
        precompute=True, tracking=True,
    )
    other_deposit = fields.Monetary(string="Other deposits", tracking=True,
                                    help="REN-02: anything else held against the works, e.g. a borrowed tarpaulin.")
    other_deposit_note = fields.Char(string="Other deposits for")
    pass_deposit_total = fields.Monetary(string="Pass deposits", compute="_compute_amounts", store=True, tracking=True)
    deposit_total = fields.Monetary(string="Deposits held", compute="_compute_amounts", store=True, tracking=True)
    # REN-04/05: deductions and the refund.
    deduction_passes = fields.Monetary(string="Lost passes", compute="_compute_amounts", store=True, tracking=True)
    deduction_violations = fields.Monetary(string="Violations and damage", compute="_compute_amounts", store=True,
                                           tracking=True)
    deduction_total = fields.Monetary(string="Deductions", compute="_compute_amounts", store=True, tracking=True)
    refund_amount = fields.Monetary(compute="_compute_amounts", store=True, tracking=True)
    date_accepted = fields.Date(string="Accepted on", readonly=True, copy=False, tracking=True)
    refund_eligible_date = fields.Date(
        compute="_compute_refund_eligible_date", store=True, index=True, tracking=True,
        help="REN-05: formal acceptance + 3 months (a setting of the estate).",
    )
    refund_blocked = fields.Boolean(
        compute="_compute_refund_blocked", store=True, tracking=True,
        help="An open structural or safety problem blocks the refund until resolved (REN-05).",
    )
    refund_due_notified = fields.Boolean(readonly=True, copy=False, tracking=True)
    refund_due = fields.Boolean(string="Refund due", compute="_compute_refund_due", search="_search_refund_due",
                                help="REN-05: accepted, and the refund date reached at the estate.")
    refund_approved_by_id = fields.Many2one(
        "res.users", string="Refund approved by", readonly=True, copy=False, tracking=True
    )
    refund_approved_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    open_violation_count = fields.Integer(compute="_compute_open_counts")
    open_defect_count = fields.Integer(compute="_compute_open_counts")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.renovation") or "/"
        permits = super().create(vals_list)
        self.env["property.renovation.document"].create([
            {"renovation_id": permit.id, "kind": kind, "sequence": index}
            for permit in permits for index, (kind, _label) in enumerate(RENOVATION_DOCUMENTS)
        ])
        return permits

    def _workflow_locked(self):
        """REN-05: once the refund is approved (or the permit cancelled) the
        deposits and what was deducted stay as approved."""
        return super()._workflow_locked() | self.filtered(lambda p: p.state in ("refund_approved", "cancelled"))

    def _workflow_lock_message(self):
        return self.env._("Permit %(names)s is closed (refund approved or cancelled): it can no longer change.",
                 names=", ".join(self.mapped("name")))

    @api.constrains("unit_id", "state")
    def _check_one_open_permit(self):
        for permit in self.filtered(lambda p: p.state in OPEN_STATES):
            other = self.search_count([
                ("id", "!=", permit.id), ("unit_id", "=", permit.unit_id.id), ("state", "in", OPEN_STATES),
            ])
            if other:
                raise ValidationError(
                    self.env._("Unit %(unit)s already has an open renovation permit.", unit=permit.unit_id.display_name)
                )

    @api.constrains("date_start", "date_end", "renovation_deposit", "utility_deposit", "other_deposit")
    def _check_values(self):
        for permit in self:
            if permit.date_end < permit.date_start:
                raise ValidationError(self.env._("The works cannot end before they start."))
            if min(permit.renovation_deposit, permit.utility_deposit, permit.other_deposit) < 0:
                raise ValidationError(self.env._("Deposits cannot be negative."))

    def _deposit_rate(self):
        self.ensure_one()
        return self.env["property.deposit.rate"].search(
            [("estate_id", "=", self.estate_id.id), ("usage", "=", self.unit_id.usage)], limit=1
        )

    @api.depends("unit_id")
    def _compute_deposits(self):
        for permit in self:
            rate = permit._deposit_rate() if permit.unit_id else self.env["property.deposit.rate"]
            permit.renovation_deposit = rate.renovation_deposit
            permit.utility_deposit = rate.utility_deposit

    @api.depends(
        "renovation_deposit", "utility_deposit", "other_deposit", "pass_ids.deposit", "pass_ids.state",
        "violation_ids.deduction",
    )
    def _compute_amounts(self):
        for permit in self:
            permit.pass_deposit_total = sum(permit.pass_ids.mapped("deposit"))
            permit.deposit_total = (permit.renovation_deposit + permit.utility_deposit + permit.other_deposit
                                    + permit.pass_deposit_total)
            # REN-04: a lost pass forfeits its deposit; REN-05: violations and damage are deducted.
            permit.deduction_passes = sum(permit.pass_ids.filtered(lambda p: p.state == "lost").mapped("deposit"))
            permit.deduction_violations = sum(permit.violation_ids.mapped("deduction"))
            permit.deduction_total = min(permit.deduction_passes + permit.deduction_violations, permit.deposit_total)
            permit.refund_amount = permit.currency_id.round(permit.deposit_total - permit.deduction_total)

    @api.depends("date_accepted", "estate_id.renovation_refund_months")
    def _compute_refund_eligible_date(self):
        for permit in self:
            months = permit.estate_id.renovation_refund_months
            permit.refund_eligible_date = permit.date_accepted and permit.date_accepted + relativedelta(months=months)

    def _compute_refund_due(self):
        for permit in self:
            permit.refund_due = permit.state == "accepted" and bool(permit.refund_eligible_date) \
                and permit.refund_eligible_date <= permit.estate_id._local_today()

    def _search_refund_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the refunds due with 'is set' or 'is not set'."))
        domain = [("state", "=", "accepted")] + self.env["property.estate"]._local_today_domain(
            lambda today: [("refund_eligible_date", "<=", today)])
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("violation_ids.category", "violation_ids.state")
    def _compute_refund_blocked(self):
        for permit in self:
            permit.refund_blocked = any(
                v.category == "structural" and v.state == "open" for v in permit.violation_ids
            )

    @api.depends("date_start", "visit_ids.day", "visit_ids.kind", "company_id.property_renovation_office_days",
                 "company_id.property_renovation_guard_days")
    def _compute_visit_due(self):
        """REN-06: the next day each kind of visit is due — the last visit's
        day plus its interval (the office daily, the guards every 2 days:
        settings; the exit check every day), from the first day of the works."""
        for permit in self:
            intervals = permit._visit_intervals()
            for kind, field in (("office", "office_visit_due"), ("guard", "guard_visit_due"),
                                ("exit", "exit_check_due")):
                days = permit.visit_ids.filtered(lambda visit, kind=kind: visit.kind == kind).mapped("day")
                interval = max(intervals[kind], 1)
                if days:
                    permit[field] = max(days) + timedelta(days=interval)
                else:
                    permit[field] = permit.date_start and permit.date_start + timedelta(days=interval - 1)

    def _visit_intervals(self):
        company = self.company_id or self.env.company
        return {"office": company.property_renovation_office_days, "guard": company.property_renovation_guard_days,
                "exit": 1}

    @api.model
    def _visit_overdue_domain(self, unflagged=False):
        """REN-06: works in progress with a visit due before today — each
        estate's today (a job runs on UTC's day); ``unflagged``: not flagged
        yet today."""
        def overdue(today):
            domain = [("state", "=", "approved"), ("date_start", "<", today),
                      "|", "|", ("office_visit_due", "<", today), ("guard_visit_due", "<", today),
                      ("exit_check_due", "<", today)]
            if unflagged:
                domain += ["|", ("visits_flagged_on", "=", False), ("visits_flagged_on", "<", today)]
            return domain
        return self.env["property.estate"]._local_today_domain(overdue)

    def _compute_visit_overdue(self):
        for permit in self:
            today = permit.estate_id._local_today()
            permit.visit_overdue = permit.state == "approved" and bool(permit.date_start) \
                and permit.date_start < today and any(
                    due and due < today for due in (permit.office_visit_due, permit.guard_visit_due,
                                                     permit.exit_check_due))

    def _search_visit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the permits not inspected on schedule with 'is set' or 'is not set'."))
        domain = self._visit_overdue_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _cron_flag_missed_visits(self):
        """REN-06: each morning, the works in progress the renovation office,
        the guards or the 19:00 exit check missed go to the renovation office
        (the estate's supervisor) as an activity on the permit — one open at a
        time — and stay on the list "Not inspected on schedule". Marked with
        the day: a rerun the same day flags nothing again."""
        domain = self._visit_overdue_domain(unflagged=True)
        permits = self.search(domain, limit=self._cron_batch_size())._lock_for_cron()
        for estate, estate_permits in permits.grouped("estate_id").items():
            estate_permits._workflow_write({"visits_flagged_on": estate._local_today()})
        activity_type = self.env.ref("property_service.mail_activity_type_renovation_visit")
        for permit in permits:
            today = permit.visits_flagged_on
            user = permit.estate_id._supervisor()
            if not user or permit.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            permit._property_activity(
                "property_service.mail_activity_type_renovation_visit", user,
                lambda worded: worded.env._("Not inspected on schedule: %(missed)s",
                                            missed=worded._missed_visits(today)),
                date_deadline=today)
        self.env["ir.cron"]._notify_progress(done=len(permits), remaining=self.search_count(domain))
        return permits

    def _missed_visits(self, today):
        """The visits due before ``today`` and not made, in the reader's words."""
        self.ensure_one()
        missed = []
        if self.office_visit_due and self.office_visit_due < today:
            missed.append(self.env._("renovation office visit due %(date)s",
                                     date=format_date(self.env, self.office_visit_due)))
        if self.guard_visit_due and self.guard_visit_due < today:
            missed.append(self.env._("guard visit due %(date)s", date=format_date(self.env, self.guard_visit_due)))
        if self.exit_check_due and self.exit_check_due < today:
            missed.append(self.env._("worker exit check due %(date)s",
                                     date=format_date(self.env, self.exit_check_due)))
        return ", ".join(missed)

    @api.depends("violation_ids.state", "inspection_ids.result", "inspection_ids.fixed")
    def _compute_open_counts(self):
        for permit in self:
            permit.open_violation_count = len(permit.violation_ids.filtered(lambda v: v.state == "open"))
            permit.open_defect_count = len(permit.inspection_ids.filtered(lambda i: i.result == "fail" and not i.fixed))

    # ----------------------------------------------------------------- actions
    def _check_state(self, allowed, message):
        """Refuse the action unless every permit is in an ``allowed`` state.
        ``message``: the action's own whole sentence, translated, with
        %(name)s and %(state)s — a verb slotted into a shared sentence reads
        wrong in Chinese."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for permit in self:
            if permit.state not in allowed:
                raise UserError(message % {"name": permit.name, "state": states[permit.state]})

    def action_approve(self):
        """REN-01: the permit is issued once every document is received."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor issues a renovation permit."))
        self._check_state(("draft",), self.env._(
            "Permit %(name)s is %(state)s: only an application is approved."))
        for permit in self:
            missing = permit.document_ids.filtered(lambda d: not d.received)
            if missing:
                kinds = dict(missing._fields["kind"]._description_selection(self.env))
                raise UserError(self.env._("Documents missing (REN-01): %(docs)s.",
                                  docs=", ".join(kinds[d.kind] for d in missing)))
        self._workflow_write({"state": "approved"})

    def _check_acceptable(self):
        """REN-03/04: no acceptance while a violation or defect is open, or a
        worker pass is still out."""
        for permit in self:
            if permit.state != "approved":
                raise UserError(self.env._("Only a permit whose works are in progress can be accepted."))
            if permit.open_violation_count:
                raise UserError(
                    self.env._("Permit %(name)s has open violations: it cannot be accepted (REN-03).", name=permit.name)
                )
            if permit.open_defect_count:
                raise UserError(
                    self.env._(
                        "Permit %(name)s has defects not yet fixed: it cannot be accepted (REN-03).", name=permit.name
                    )
                )
            out = permit.pass_ids.filtered(lambda p: p.state == "issued")
            if out:
                raise UserError(
                    self.env._(
                        "Worker passes %(passes)s are still out: mark them returned or lost (REN-04).",
                        passes=", ".join(out.mapped("name")),
                    )
                )

    def _accept(self, date):
        """Formal acceptance: the refund becomes eligible months later (REN-05)."""
        self._workflow_write({"state": "accepted", "date_accepted": date})

    def _refund_due_domain(self):
        return [("refund_due", "=", True), ("refund_due_notified", "=", False)]

    @api.model
    def _cron_refund_due(self):
        """REN-05: list the permits whose refund became due and give the estate
        manager an activity; flagged, so a rerun does nothing."""
        permits = self.search(self._refund_due_domain(), limit=self._cron_batch_size())._lock_for_cron()
        for permit in permits:
            manager = permit.estate_id.manager_id
            if manager:
                permit._property_activity(
                    "property_service.mail_activity_type_refund_due", manager,
                    lambda worded: worded.env._("Deposit refund due: %(amount)s",
                                                amount=worded.currency_id.format(worded.refund_amount)),
                )
        permits._workflow_write({"refund_due_notified": True})
        self.env["ir.cron"]._notify_progress(done=len(permits), remaining=self.search_count(self._refund_due_domain()))
        return permits

    def action_approve_refund(self):
        """REN-05 / DEP-02: only a manager approves a refund, once eligible and
        with no structural or safety problem open; the approval names him."""
        if not self.env.user.has_group("property_service.group_property_manager"):
            raise AccessError(self.env._("Only the estate manager can approve a deposit refund."))
        self._check_state(("accepted",), self.env._(
            "Permit %(name)s is %(state)s: the refund is approved once, after the formal acceptance."))
        for permit in self:
            today = permit.estate_id._local_today()
            if not permit.receipt_signed_on:
                raise UserError(self.env._(
                    "The deposits of %(name)s are refunded only against the deposit receipt engineering signed "
                    "at the formal acceptance: have it signed first (REN-04, REN-05).", name=permit.name))
            if permit.refund_eligible_date > today:
                raise UserError(self.env._("The refund of %(name)s is due on %(date)s, not before (REN-05).",
                                  name=permit.name, date=permit.refund_eligible_date))
            if permit.refund_blocked:
                raise UserError(
                    self.env._(
                        "A structural or safety problem is open on %(name)s: resolve it before the refund (REN-05).",
                        name=permit.name,
                    )
                )
        self._check_refund_postable()
        self._workflow_write({
            "state": "refund_approved",
            "refund_approved_by_id": self.env.user.id,
            "refund_approved_on": fields.Datetime.now(),
        })
        self.activity_feedback(["property_service.mail_activity_type_refund_due"])
        self._on_refund_approved()

    def _check_refund_postable(self):
        """Hook: property_billing refuses refunding more than the deposits held."""
        return True

    def _on_refund_approved(self):
        """Hook: property_billing posts the refund and the deductions here."""
        return True

    def action_cancel(self):
        self._check_state(OPEN_STATES, self.env._("Permit %(name)s is %(state)s: it can no longer be cancelled."))
        self._workflow_write({"state": "cancelled"})

    # ------------------------------------------------------------ REN-03/04
    def action_close_ceilings(self):
        """REN-03: the ceilings and walls may close only once the hidden works
        (pipes, wiring) passed their inspection."""
        self._check_state(("approved",), self.env._(
            "Permit %(name)s is %(state)s: the ceilings and walls are recorded as closed while the works are in "
            "progress."))
        for permit in self:
            if permit.date_ceilings_closed:
                raise UserError(self.env._("The ceilings and walls of %(name)s are already recorded as closed.",
                                           name=permit.name))
            passed = permit.inspection_ids.filtered(lambda i: i.kind == "hidden_works" and i.result == "pass")
            if not passed:
                raise UserError(self.env._(
                    "The hidden works of %(name)s are inspected before the ceilings and walls close: plan the "
                    "hidden-works inspection and pass it first (REN-03).", name=permit.name))
        for permit in self:
            permit._workflow_write({"date_ceilings_closed": permit.estate_id._local_today(),
                                    "ceilings_closed_by_id": self.env.uid})

    def action_mark_no_hidden_works(self):
        """REN-03: engineering records that the works close nothing in the
        ceilings or walls (no pipes, no wiring): no hidden-works inspection is
        due, and the initial and formal inspections may be planned without it.
        Who recorded it and when are kept and tracked."""
        self._property_require_group("property_service.group_property_engineer",
                                     self.env._("Only engineering records that a renovation has no hidden works."))
        self._check_state(OPEN_STATES, self.env._(
            "Permit %(name)s is %(state)s: a renovation is marked as having no hidden works before it is accepted."))
        for permit in self:
            if permit.no_hidden_works:
                raise UserError(self.env._("Permit %(name)s is already marked as having no hidden works.",
                                           name=permit.name))
            if permit.date_ceilings_closed or permit.inspection_ids.filtered(lambda i: i.kind == "hidden_works"):
                raise UserError(self.env._(
                    "Permit %(name)s has hidden works (a hidden-works inspection or the ceilings' closing is "
                    "recorded): they are inspected, not marked as none (REN-03).", name=permit.name))
        self._workflow_write({"no_hidden_works": True, "no_hidden_works_by_id": self.env.uid,
                              "no_hidden_works_on": fields.Datetime.now()})

    def _check_hidden_works_done(self):
        """REN-03: the initial and formal inspections come after the hidden
        works were inspected and passed before the ceilings and walls closed
        (the closing recorded), or after engineering recorded there are none."""
        for permit in self:
            if not (permit.date_ceilings_closed or permit.no_hidden_works):
                raise ValidationError(self.env._(
                    "The hidden works of %(name)s are inspected and passed before the ceilings and walls close, "
                    "and the closing recorded, before the initial or formal inspection; if nothing is hidden, "
                    "engineering marks the permit \"No hidden works\" (REN-03).", name=permit.name))

    def action_sign_receipt(self):
        """REN-04: at the formal acceptance engineering signs the deposit receipt."""
        self.ensure_one()
        return self._property_sign_wizard(
            "engineering", self.env._("Engineering signs the deposit receipt of %(name)s", name=self.name))

    def _property_sign(self, role, signature, name):
        """REN-04: engineering's signature on the deposit receipt, once the
        works are formally accepted; the refund is made against it (REN-05)."""
        self.ensure_one()
        if role != "engineering":
            return super()._property_sign(role, signature, name)
        self._property_require_group("property_service.group_property_engineer",
                                     self.env._("Engineering signs the deposit receipt."))
        if self.state != "accepted":
            raise UserError(self.env._(
                "Engineering signs the deposit receipt of %(name)s at its formal acceptance (REN-04).",
                name=self.name))
        if self.receipt_signed_on:
            raise UserError(self.env._("The deposit receipt of %(name)s is already signed.", name=self.name))
        self._workflow_write({"receipt_signature": signature, "receipt_signed_by_id": self.env.uid,
                              "receipt_signed_on": fields.Datetime.now()})

    def action_record_visit(self):
        """REN-06: record a visit of the works (office, guard, the 19:00 exit check)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a visit"),
            "res_model": "property.renovation.visit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_renovation_id": self.id},
        }

    def action_plan_inspection(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan inspection"),
            "res_model": "property.renovation.inspection",
            "view_mode": "form",
            "target": "new",
            "context": {"default_renovation_id": self.id},
        }
