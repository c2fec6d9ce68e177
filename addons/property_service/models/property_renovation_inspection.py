from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class PropertyRenovationInspection(models.Model):
    """An inspection of a renovation (REN-03): hidden works before closing,
    the initial inspection when work ends, the formal inspection, and
    re-inspections until the defects are fixed."""

    _name = "property.renovation.inspection"
    _description = "Renovation inspection"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_planned, id"
    _workflow_parent = "renovation_id"
    # REN-03: the result is recorded by its buttons; a later pass marks earlier defects fixed;
    # the daily check reminds the defects not fixed in time.
    _workflow_fields = frozenset({"result", "date_done", "fixed", "fix_deadline", "date_due", "fix_reminded"})
    _workflow_user_fields = {
        "date_requested": "REN-03: when the owner asked for the inspection; "
        "the formal one needs 2 working days' notice.",
        "date_planned": "REN-03: the day engineering will come, checked against the notice.",
    }

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("hidden_works", "Hidden works"),
            ("initial", "Initial inspection"),
            ("formal", "Formal inspection"),
            ("re_inspection", "Re-inspection"),
        ],
        required=True,
        default="initial",
        tracking=True,
    )
    date_requested = fields.Date(required=True, default=fields.Date.context_today)
    date_planned = fields.Date(required=True)
    date_done = fields.Date(readonly=True, tracking=True)
    inspector_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    result = fields.Selection(
        [("pending", "To do"), ("pass", "Passed"), ("fail", "Failed")], default="pending", required=True, tracking=True,
        readonly=True,
    )
    defects = fields.Text()
    fix_deadline = fields.Date(
        compute="_compute_fix_deadline", store=True,
        help="REN-03: defects are fixed within 2 weeks of the inspection.", tracking=True,
    )
    fixed = fields.Boolean(readonly=True, tracking=True, help="A later inspection passed.")
    date_due = fields.Date(
        string="Inspect by", compute="_compute_date_due", store=True, index=True,
        help="REN-03: an inspection asked at least a day ahead is made within 3 working days of the request "
        "(the estate's calendar, a setting).")
    inspected_late = fields.Boolean(
        string="Inspected late", compute="_compute_inspected_late", store=True, index=True,
        help="REN-03: planned, or made, after the day it was due: recorded all the same, and listed as late.")
    late = fields.Boolean(compute="_compute_late", search="_search_late",
                          help="REN-03: not inspected by its day: planned or made after it, or still to do after it.")
    fix_overdue = fields.Boolean(string="Defects overdue", compute="_compute_late", search="_search_fix_overdue",
                                 help="REN-03: the defects found were not fixed within 2 weeks.")
    fix_reminded = fields.Boolean(readonly=True, copy=False, tracking=True,
                                  help="REN-03: the office was reminded that the defects are not fixed in time.")

    @api.depends("result", "date_done", "company_id.property_renovation_fix_days")
    def _compute_fix_deadline(self):
        for inspection in self:
            if inspection.result == "fail" and inspection.date_done:
                inspection.fix_deadline = inspection.date_done + timedelta(
                    days=inspection.company_id.property_renovation_fix_days
                )
            else:
                inspection.fix_deadline = False

    @api.depends("date_requested", "estate_id.resource_calendar_id", "company_id.property_renovation_inspection_days")
    def _compute_date_due(self):
        """REN-03 "within 3 days": counted in working days of the estate's
        calendar (a setting), not calendar days — the formal inspection needs 2
        working days' notice, which cannot fit inside 3 calendar days over a
        weekend or a holiday."""
        for inspection in self:
            estate = inspection.estate_id
            if not (estate and inspection.date_requested):
                inspection.date_due = False
                continue
            inspection.date_due = estate._working_day_after(
                inspection.date_requested, inspection.company_id.property_renovation_inspection_days)

    @api.depends("date_due", "date_planned", "date_done")
    def _compute_inspected_late(self):
        for inspection in self:
            day = inspection.date_done or inspection.date_planned
            inspection.inspected_late = bool(inspection.date_due and day and day > inspection.date_due)

    def _compute_late(self):
        for inspection in self:
            today = inspection.estate_id._local_today()
            inspection.late = inspection.inspected_late or (
                inspection.result == "pending" and bool(inspection.date_due) and inspection.date_due < today)
            inspection.fix_overdue = inspection.result == "fail" and not inspection.fixed \
                and bool(inspection.fix_deadline) and inspection.fix_deadline < today

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late inspections with 'is set' or 'is not set'."))
        # Each estate's today: a filter (or a job) of someone in another zone cuts the day as the estate does.
        overdue = self.env["property.estate"]._local_today_domain(lambda today: [("date_due", "<", today)])
        domain = ["|", ("inspected_late", "=", True), "&", ("result", "=", "pending"), *overdue]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _fix_overdue_domain(self):
        return [("result", "=", "fail"), ("fixed", "=", False)] + \
            self.env["property.estate"]._local_today_domain(lambda today: [("fix_deadline", "<", today)])

    def _search_fix_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue defects with 'is set' or 'is not set'."))
        domain = self._fix_overdue_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("kind", "date_requested", "date_planned")
    def _check_planning(self):
        """REN-03: an inspection is asked at least a day ahead; the formal one
        needs 2 working days' notice — working days of the estate's calendar,
        holidays left out. One planned after the 3 working days of the request
        is recorded all the same and listed as late (``inspected_late``): the
        office cannot refuse to record the inspection it is making."""
        for inspection in self:
            requested, planned, estate = inspection.date_requested, inspection.date_planned, inspection.estate_id
            if planned < requested + timedelta(days=1):
                raise ValidationError(self.env._(
                    "An inspection is asked at least a day ahead: plan it on %(date)s or later (REN-03).",
                    date=requested + timedelta(days=1)))
            if inspection.kind == "formal":
                earliest = estate._working_day_after(requested, 2)
                if planned < earliest:
                    raise ValidationError(self.env._(
                        "The formal inspection needs 2 working days' notice: not before %(date)s (REN-03).",
                        date=earliest))

    @api.constrains("kind", "renovation_id")
    def _check_hidden_works(self):
        """REN-03: no initial or formal inspection before the hidden works were
        inspected and the ceilings closed, or marked as none; and no
        hidden-works inspection of works engineering found none in."""
        self.filtered(lambda i: i.kind in ("initial", "formal")).renovation_id._check_hidden_works_done()
        for inspection in self.filtered(lambda i: i.kind == "hidden_works" and i.renovation_id.no_hidden_works):
            raise ValidationError(self.env._(
                "Engineering recorded that %(name)s has no hidden works: there is no hidden-works inspection to plan.",
                name=inspection.renovation_id.name))

    @api.model
    def _cron_remind_fix_overdue(self):
        """REN-03: defects not fixed within 2 weeks of the inspection are
        reminded to the renovation office (the estate's supervisor) on the
        permit, once; they stay on the overdue list until a re-inspection
        passes."""
        domain = self._fix_overdue_domain() + [("fix_reminded", "=", False)]
        inspections = self.search(domain, limit=self._cron_batch_size(), order="fix_deadline")._lock_for_cron()
        inspections._workflow_write({"fix_reminded": True})
        for inspection in inspections:
            estate = inspection.estate_id
            user = estate._supervisor()
            if not user:
                continue
            inspection.renovation_id._property_activity(
                "property_service.mail_activity_type_renovation_fix", user,
                lambda worded, i=inspection: worded.env._(
                    "Defects not fixed by %(date)s: remind the owner and plan the re-inspection",
                    date=format_date(worded.env, i.fix_deadline)),
                note=lambda worded, i=inspection: i.defects,
            )
        self.env["ir.cron"]._notify_progress(done=len(inspections), remaining=self.search_count(domain))
        return inspections

    def _record(self, result, defects=None):
        for inspection in self:
            if inspection.result != "pending":
                raise UserError(self.env._("This inspection already has its result."))
            if result == "fail" and not (defects or inspection.defects):
                raise UserError(self.env._("List the defects found."))
        values = {"result": result}
        if defects:
            values["defects"] = defects
        if result == "pass":
            self.filtered(lambda i: i.kind in ("initial", "formal")).renovation_id._check_hidden_works_done()
        if result == "pass" and self.filtered(lambda i: i.kind == "formal"):
            self.renovation_id._check_acceptable()
        for estate, inspections in self.grouped("estate_id").items():
            # Made today at the estate, whatever the day in UTC.
            inspections._workflow_write(dict(values, date_done=estate._local_today()))
        if result == "pass":
            self._mark_earlier_fixed()
            self.filtered(lambda i: i.kind == "formal").renovation_id._accept(
                self.filtered(lambda i: i.kind == "formal")[:1].date_done
            )

    def _mark_earlier_fixed(self):
        for inspection in self:
            earlier = inspection.renovation_id.inspection_ids.filtered(
                lambda i: i.result == "fail" and not i.fixed and i.id != inspection.id
            )
            earlier._workflow_write({"fixed": True})

    def _workflow_locked(self):
        """REN-03: a recorded result stands; a re-inspection is a new one."""
        return super()._workflow_locked() | self.filtered(lambda i: i.result != "pending")

    def _workflow_lock_message(self):
        return self.env._("The result of this inspection is recorded: plan a re-inspection instead (REN-03).")

    def action_pass(self):
        self._record("pass")

    def action_fail(self):
        self._record("fail")
