from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class PropertyCleaningRate(models.Model):
    """The month's cleaning pass rate of an area of an estate (CLN-03),
    reported by the monthly job against the target, and kept as reported."""

    _name = "property.cleaning.rate"
    _description = "Monthly cleaning pass rate"
    _inherit = ["property.workflow.mixin"]
    _order = "month desc, estate_id, area_id"
    _workflow_fields = frozenset({"estate_id", "area_id", "month", "inspection_count", "passed_count", "target"})
    _workflow_audit_field = "estate_id"

    estate_id = fields.Many2one("property.estate", required=True, index=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    area_id = fields.Many2one("property.cleaning.area", required=True, readonly=True,
                              ondelete="cascade")
    key_area = fields.Boolean(related="area_id.key_area", store=True)
    month = fields.Date(required=True, readonly=True, index=True, help="The first day of the month reported.")
    inspection_count = fields.Integer(string="Inspections", readonly=True)
    passed_count = fields.Integer(string="Passed", readonly=True)
    rate = fields.Float(string="Pass rate (%)", compute="_compute_rate", store=True, aggregator="avg", digits=(16, 1))
    target = fields.Float(string="Target (%)", readonly=True, aggregator="avg")
    below_target = fields.Boolean(compute="_compute_rate", store=True)

    _sql_constraints = [("month_uniq", "unique(estate_id, area_id, month)",
                         "An area's pass rate is reported once a month.")]

    @api.depends("inspection_count", "passed_count", "target")
    def _compute_rate(self):
        for rate in self:
            rate.rate = 100.0 * rate.passed_count / rate.inspection_count if rate.inspection_count else 0.0
            rate.below_target = rate.rate < rate.target

    def _workflow_locked(self):
        return self

    def _workflow_lock_message(self):
        return self.env._("A reported pass rate is kept as reported (CLN-03).")

    # --------------------------------------------------------------------- job
    @api.model
    def _cron_report_month(self):
        """CLN-03: early each month, last month's pass rate of every inspected
        area of each estate, against the target; the estate manager gets a
        task when the estate is below it. One batch of estates per call,
        each reported once (a rerun or a second worker passes it over)."""
        pending = self._estates_to_report()
        batch = self._lock_estates(pending[:self._cron_batch_size()])
        for estate in batch:
            self._report_estate(estate)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(pending) - len(batch))

    @api.model
    def _cron_batch_size(self):
        return max(1, self.env["property.cron.mixin"]._cron_batch_size() // 50)

    @api.model
    def _last_month(self, estate):
        return estate._local_today().replace(day=1) - relativedelta(months=1)

    @api.model
    def _month_domain(self, estate, month):
        return [("estate_id", "=", estate.id), ("state", "=", "done"),
                ("date_inspected", ">=", estate._utc(month)),
                ("date_inspected", "<", estate._utc(month + relativedelta(months=1)))]

    @api.model
    def _estates_to_report(self):
        Inspection = self.env["property.cleaning.inspection"]
        return self.env["property.estate"].search([("active", "=", True)]).filtered(
            lambda estate: not self.search_count([("estate_id", "=", estate.id),
                                                  ("month", "=", self._last_month(estate))], limit=1)
            and Inspection.search_count(self._month_domain(estate, self._last_month(estate)), limit=1))

    @api.model
    def _lock_estates(self, estates):
        """The estates no other worker is reporting (SKIP LOCKED)."""
        return self.env["property.cron.mixin"]._lock_records(estates)

    @api.model
    def _report_estate(self, estate):
        month = self._last_month(estate)
        counts = self.env["property.cleaning.inspection"]._read_group(
            self._month_domain(estate, month), ["area_id", "passed"], ["__count"])
        by_area = {}
        for area, passed, count in counts:
            done, ok = by_area.get(area, (0, 0))
            by_area[area] = (done + count, ok + (count if passed else 0))
        target = estate.company_id.property_cleaning_pass_target
        rates = self._workflow_create([
            {"estate_id": estate.id, "area_id": area.id, "month": month, "inspection_count": done,
             "passed_count": ok, "target": target} for area, (done, ok) in by_area.items()])
        rates._notify_estate(estate, month, target)
        return rates

    def _notify_estate(self, estate, month, target):
        total = sum(self.mapped("inspection_count"))
        rate = 100.0 * sum(self.mapped("passed_count")) / total if total else 0.0
        below = self.filtered("below_target")

        def body(worded):
            text = worded.env._("CLN-03: cleaning pass rate of %(month)s: %(rate).1f%% of %(count)s inspections "
                                "(target %(target).0f%%).", month=month.strftime("%Y-%m"), rate=rate, count=total,
                                target=target)
            if below:
                text += " " + worded.env._("Below target: %(areas)s.", areas=", ".join(
                    f"{r.area_id.with_context(lang=worded.env.lang).name} {r.rate:.1f}%" for r in below))
            return text

        lang = estate.supervisor_id.lang or estate.manager_id.lang or self.env.lang
        estate.message_post(body=body(self.with_context(lang=lang)), subtype_xmlid="mail.mt_note")
        if rate < target and (estate.manager_id or estate.supervisor_id):
            manager = estate.manager_id or estate.supervisor_id
            worded = self.with_context(lang=manager.lang or self.env.lang)
            estate.activity_schedule(
                "mail.mail_activity_data_todo", user_id=manager.id,
                summary=worded.env._("Cleaning below target in %(month)s", month=month.strftime("%Y-%m")),
                note=body(worded))
