from odoo import api, fields, models

from .property_request import STEP_FIELDS, STEPS


class PropertyRequestDeadline(models.Model):
    """The deadline of one step of a request and whether it was met."""

    _name = "property.request.deadline"
    _description = "Request response time"
    _inherit = ["property.cron.mixin", "property.workflow.mixin"]
    _order = "deadline"
    # The system's bookkeeping of a request's response times: nobody edits it (SVC-02..10).
    _workflow_fields = frozenset({
        "request_id", "step", "target_id", "deadline", "reached_at", "overdue", "breached", "escalated",
    })
    _workflow_audit_field = "request_id"

    def _workflow_audit(self, before):
        """The request's chatter already says it: re-tiering is tracked on the
        request, a missed response time is posted by the escalation."""
        return

    request_id = fields.Many2one("property.request", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="request_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    request_state = fields.Selection(related="request_id.state", store=True, index=True)
    step = fields.Selection(STEPS, required=True)
    target_id = fields.Many2one("property.response.target", required=True, ondelete="restrict")
    rule = fields.Char(related="target_id.rule")
    deadline = fields.Datetime(compute="_compute_deadline", store=True, index=True)
    reached_at = fields.Datetime(compute="_compute_reached_at", store=True)
    overdue = fields.Boolean(
        readonly=True, help="Set by the scheduled check when the deadline passed before the step was reached."
    )
    breached = fields.Boolean(compute="_compute_breached", store=True, index=True, string="Late")
    escalated = fields.Boolean(readonly=True, index=True, help="The supervisor has been alerted.")

    _sql_constraints = [
        ("request_step_uniq", "unique(request_id, step)", "A request has one deadline per step."),
    ]

    @api.depends(
        "target_id", "request_id.date_received", "request_id.date_collected", "request_id.channel",
        "request_id.date_slip", "request_id.appointment", "request_id.estate_id.tz",
    )
    def _compute_deadline(self):
        for row in self:
            row.deadline = row.target_id._deadline_for(row.request_id) if row.target_id else False

    @api.depends(*(f"request_id.{field}" for field in STEP_FIELDS.values()), "step")
    def _compute_reached_at(self):
        for row in self:
            row.reached_at = row.request_id[STEP_FIELDS[row.step]] if row.step else False

    @api.depends("deadline", "reached_at", "overdue")
    def _compute_breached(self):
        for row in self:
            late = bool(row.reached_at and row.deadline and row.reached_at > row.deadline)
            row.breached = row.overdue or late

    @api.depends("step", "request_id")
    def _compute_display_name(self):
        steps = dict(self._fields["step"]._description_selection(self.env))
        for row in self:
            row.display_name = f"{row.request_id.name} · {steps.get(row.step, '')}"

    @api.model
    def _breach_domain(self):
        return [
            ("escalated", "=", False),
            ("request_state", "!=", "cancelled"),
            "|",
            ("breached", "=", True),
            "&", ("reached_at", "=", False), ("deadline", "<", fields.Datetime.now()),
        ]

    @api.model
    def _cron_escalate_breaches(self):
        """SVC-02..09: mark the steps whose deadline passed and alert the
        estate's supervisor (and the manager for a serious complaint).

        One batch per call; rows are flagged in the same transaction as the
        activities they cause, so a rerun or a crash never alerts twice."""
        rows = self.search(self._breach_domain(), limit=self._cron_batch_size(), order="deadline")
        rows = rows._lock_for_cron()
        rows._escalate()
        remaining = self.search_count(self._breach_domain())
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return rows

    def _escalate(self):
        if not self:
            return
        self.filtered(lambda r: not r.reached_at)._workflow_write({"overdue": True})
        self._workflow_write({"escalated": True})
        for request, rows in self.grouped("request_id").items():
            def late_steps(worded, rows=rows):
                labels = dict(self._fields["step"]._description_selection(worded.env))
                return "、".join(labels[row.step] for row in rows) if worded.env.lang.startswith("zh") \
                    else ", ".join(labels[row.step] for row in rows)
            users = request.estate_id.supervisor_id
            if request.category == "complaint" and request.complaint_severity == "serious":
                users |= request.estate_id.manager_id
            request._property_note(
                lambda worded: worded.env._("Response time missed: %(steps)s.", steps=late_steps(worded))
            )
            for user in users:
                request._property_activity(
                    "property_service.mail_activity_type_breach", user,
                    lambda worded: worded.env._("Late: %(steps)s", steps=late_steps(worded)),
                    note=lambda worded: worded.env._("%(name)s (%(estate)s) missed its response time: %(steps)s.",
                                                     name=worded.name, estate=worded.estate_id.name,
                                                     steps=late_steps(worded)),
                )
