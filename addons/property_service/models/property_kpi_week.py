from datetime import timedelta

from odoo import api, fields, models

REPAIRS = ("in_unit_repair", "public_repair")


class PropertyKpiWeek(models.Model):
    """The week's service figures of an estate (SAT-03, 003 客服主管 3): the
    residents' satisfaction at follow-up, the repair pass rate (repairs the
    resident accepted the first time), the complaint follow-up rate; billing
    adds the fee collection rate. Counted each Monday for the past week by a
    job and kept as counted; the supervisor reads them on his dashboard."""

    _name = "property.kpi.week"
    _description = "Weekly service figures"
    _inherit = ["property.workflow.mixin"]
    _order = "week desc, estate_id"
    _workflow_fields = frozenset({
        "estate_id", "week", "satisfaction_count", "satisfaction_rate", "satisfaction_target", "survey_rate",
        "repair_count", "repair_pass_rate", "complaint_count", "complaint_followup_rate", "complaint_target"})
    _workflow_audit_field = "estate_id"

    estate_id = fields.Many2one("property.estate", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    week = fields.Date(string="Week of", required=True, readonly=True, index=True, help="Its Monday.")
    satisfaction_count = fields.Integer(string="Follow-ups", readonly=True)
    satisfaction_rate = fields.Float(string="Satisfaction (%)", readonly=True, digits=(16, 1), aggregator="avg",
                                     help="Residents satisfied at the week's follow-ups.")
    satisfaction_target = fields.Float(string="Satisfaction target (%)", readonly=True, aggregator="avg")
    survey_rate = fields.Float(string="Last survey (%)", readonly=True, digits=(16, 1), aggregator="avg",
                               help="SAT-01: the satisfaction rate of the estate's last closed survey.")
    repair_count = fields.Integer(string="Repairs closed", readonly=True)
    repair_pass_rate = fields.Float(string="Repair pass rate (%)", readonly=True, digits=(16, 1), aggregator="avg",
                                    help="Repairs closed in the week that the resident accepted the first time.")
    complaint_count = fields.Integer(string="Complaints closed", readonly=True)
    complaint_followup_rate = fields.Float(string="Complaint follow-up rate (%)", readonly=True, digits=(16, 1),
                                           aggregator="avg")
    complaint_target = fields.Float(string="Complaint follow-up target (%)", readonly=True, aggregator="avg")

    _sql_constraints = [("week_uniq", "unique(estate_id, week)", "An estate's week is counted once.")]

    def _workflow_locked(self):
        return self

    def _workflow_lock_message(self):
        return self.env._("A week's figures are kept as counted (SAT-03).")

    # --------------------------------------------------------------------- job
    @api.model
    def _cron_count_last_week(self):
        """SAT-03: each Monday, the past week's figures of every estate not
        yet counted (a rerun or a second worker passes it over)."""
        pending = self.env["property.estate"].search([("active", "=", True)]).filtered(
            lambda estate: not self.search_count([("estate_id", "=", estate.id),
                                                  ("week", "=", self._last_week(estate))], limit=1))
        batch = self.env["property.cron.mixin"]._lock_records(pending[:50])
        self._workflow_create([self._week_values(estate, self._last_week(estate)) for estate in batch])
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(pending) - len(batch))

    @api.model
    def _last_week(self, estate):
        today = estate._local_today()
        return today - timedelta(days=today.weekday() + 7)

    @api.model
    def _week_values(self, estate, week):
        """The figures of ``estate`` for the week starting on Monday ``week``."""
        start, end = estate._utc(week), estate._utc(week + timedelta(days=7))
        company = estate.company_id
        followups = self.env["property.followup"].search([("estate_id", "=", estate.id), ("state", "=", "done"),
                                                          ("date_done", ">=", start), ("date_done", "<", end)])
        closed = self.env["property.request"].search([("estate_id", "=", estate.id), ("date_closed", ">=", start),
                                                      ("date_closed", "<", end)])
        repairs = closed.filtered(lambda request: request.category in REPAIRS)
        complaints = closed.filtered(lambda request: request.category == "complaint")
        followed = complaints.filtered(lambda request: "done" in request.followup_ids.mapped("state"))
        survey = self.env["property.satisfaction.survey"].search(
            [("estate_id", "=", estate.id), ("state", "=", "closed")], order="date_closed desc", limit=1)

        def rate(part, whole):
            return 100.0 * part / whole if whole else 0.0

        return {
            "estate_id": estate.id, "week": week,
            "satisfaction_count": len(followups),
            "satisfaction_rate": sum(followups.mapped("satisfaction_score")) / len(followups) if followups else 0.0,
            "satisfaction_target": company.property_satisfaction_target,
            "survey_rate": survey.satisfaction_rate,
            "repair_count": len(repairs),
            "repair_pass_rate": rate(len(repairs.filtered(lambda request: not request.reopen_count)), len(repairs)),
            "complaint_count": len(complaints),
            "complaint_followup_rate": rate(len(followed), len(complaints)),
            "complaint_target": company.property_complaint_followup_target,
        }
