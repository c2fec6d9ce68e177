from freezegun import freeze_time

from odoo.tests import tagged

from .common import PropertyServiceCase


@tagged("at_install")
class TestBreachCron(PropertyServiceCase):
    """The scheduled check of SVC-02..09: marks breached steps, escalates once."""

    def breach_activities(self, request, user):
        breach = self.env.ref("property_service.mail_activity_type_breach")
        return request.activity_ids.filtered(lambda a: a.activity_type_id == breach and a.user_id == user)

    def run_cron(self):
        return self.env["property.request.deadline"]._cron_escalate_breaches()

    def test_breached_steps_escalate_to_supervisor_once(self):
        with freeze_time("2026-03-02 01:00:00"):
            request = self.new_request(tier="very_urgent")
        with freeze_time("2026-03-02 01:02:30"):
            rows = self.run_cron()
        # Only the slip (due 01:02) is late so far.
        self.assertEqual(rows.mapped("step"), ["slip"])
        self.assertTrue(rows.overdue and rows.breached and rows.escalated)
        self.assertEqual(len(self.breach_activities(request, self.supervisor)), 1)
        self.assertFalse(self.breach_activities(request, self.manager))
        with freeze_time("2026-03-02 01:20:00"):
            rows = self.run_cron()
            self.assertEqual(sorted(rows.mapped("step")), ["dispatch", "on_site"])
            # Idempotent: a second run finds nothing and alerts nobody again.
            self.assertFalse(self.run_cron())
        self.assertEqual(len(self.breach_activities(request, self.supervisor)), 2)
        self.assertTrue(request.is_breached)
        self.assertEqual(request.timeliness_score, 0.0)
        self.assertTrue(request.timeliness_counted)

    def test_serious_complaint_breach_also_alerts_manager(self):
        with freeze_time("2026-03-02 01:00:00"):
            request = self.new_request(category="complaint", complaint_severity="serious", tier="urgent")
        with freeze_time("2026-03-03 01:00:01"):
            self.run_cron()
        self.assertEqual(len(self.breach_activities(request, self.manager)), 1)
        self.assertEqual(len(self.breach_activities(request, self.supervisor)), 1)

    def test_step_reached_late_is_breached_and_escalated(self):
        with freeze_time("2026-03-02 01:00:00"):
            request = self.new_request(category="help", help_subtype="crime", tier="very_urgent")
        with freeze_time("2026-03-02 01:25:00"):
            request.with_user(self.clerk).action_answer()
        row = request.deadline_ids.filtered(lambda r: r.step == "answer")
        self.assertTrue(row.breached)
        self.assertFalse(row.overdue)
        with freeze_time("2026-03-02 01:26:00"):
            self.assertEqual(self.run_cron(), row)
        self.assertEqual(len(self.breach_activities(request, self.supervisor)), 1)

    def test_step_reached_in_time_is_never_escalated(self):
        with freeze_time("2026-03-02 01:00:00"):
            request = self.new_request(category="help", help_subtype="other", tier="normal")
        with freeze_time("2026-03-02 01:05:00"):
            request.with_user(self.clerk).action_answer()
        with freeze_time("2026-03-05 01:00:00"):
            self.assertFalse(self.run_cron())
        self.assertFalse(request.is_breached)

    def test_cancelled_requests_are_not_escalated(self):
        with freeze_time("2026-03-02 01:00:00"):
            request = self.new_request(tier="very_urgent")
            request.with_user(self.clerk).action_cancel()
        with freeze_time("2026-03-02 05:00:00"):
            self.assertFalse(self.run_cron())
        self.assertFalse(self.breach_activities(request, self.supervisor))

    def test_cron_works_in_batches_and_resumes(self):
        self.env["ir.config_parameter"].sudo().set_param("property_service.cron_batch_size", 2)
        with freeze_time("2026-03-02 01:00:00"):
            requests = self.new_request(tier="very_urgent") | self.new_request(tier="very_urgent")
        with freeze_time("2026-03-02 02:00:00"):
            first = self.run_cron()
            self.assertEqual(len(first), 2)
            # What is left is picked up by the next call; nothing is done twice.
            second = self.run_cron()
            third = self.run_cron()
            fourth = self.run_cron()
        self.assertEqual(len(second), 2)
        self.assertEqual(len(third), 2)
        self.assertFalse(fourth)
        self.assertFalse(first & second or second & third)
        self.assertEqual(len(requests.deadline_ids.filtered("escalated")), 6)

    def test_cron_reports_progress_for_rescheduling(self):
        self.env["ir.config_parameter"].sudo().set_param("property_service.cron_batch_size", 1)
        with freeze_time("2026-03-02 01:00:00"):
            self.new_request(tier="very_urgent")
        cron = self.env.ref("property_service.ir_cron_escalate_breaches")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        with freeze_time("2026-03-02 02:00:00"):
            self.env["property.request.deadline"].with_context(ir_cron_progress_id=progress.id)._cron_escalate_breaches()
        self.assertEqual((progress.done, progress.remaining), (1, 2))
