from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyServiceCase


@tagged("at_install")
class TestReports(PropertyServiceCase):

    def test_svc11_repeats_in_a_quarter(self):
        with freeze_time("2026-04-05 02:00:00"):
            for _i in range(3):
                self.new_request(request_type_id=self.drain.id)
            for _i in range(2):
                self.new_request(request_type_id=self.leak.id)
            for _i in range(2):
                self.new_request(category="complaint", request_type_id=self.noise.id, department="security")
            self.new_request(unit_id=self.unit2.id, request_type_id=self.drain.id)
        with freeze_time("2026-07-05 02:00:00"):
            self.new_request(request_type_id=self.leak.id)
        self.env.flush_all()
        Report = self.env["property.repeat.report"].with_user(self.supervisor)
        repeats = Report.search([("is_repeat", "=", True), ("unit_id", "in", (self.unit | self.unit2).ids)])
        self.assertEqual(
            sorted((r.quarter, r.unit_id.name, r.request_type_id.id, r.request_count) for r in repeats),
            sorted([("2026-Q2", "1-0201", self.drain.id, 3), ("2026-Q2", "1-0201", self.noise.id, 2)]),
        )
        leak = Report.search([("unit_id", "=", self.unit.id), ("request_type_id", "=", self.leak.id)])
        self.assertEqual(sorted(leak.mapped("request_count")), [1, 2])
        self.assertFalse(any(leak.mapped("is_repeat")))

    def test_svc11_failed_followups_requests_without_issue_and_corrective_action(self):
        with freeze_time("2026-04-06 02:00:00"):
            for _i in range(3):
                self.new_request(request_type_id=self.drain.id)
            untyped = self.new_request() | self.new_request() | self.new_request(category="consultation",
                                                                                 unit_id=False)
            complaint = self.new_request(category="complaint", department="security", request_type_id=self.noise.id)
            complaint.with_user(self.clerk).action_dispatch()
            complaint.with_user(self.clerk).resolution = "Spoke with the neighbour"
            complaint.with_user(self.clerk).action_done()
            followup = complaint.followup_ids.with_user(self.clerk)
            followup.write({"channel": "phone", "satisfaction": "dissatisfied", "outcome": "Still noisy at night"})
            followup.action_done()
        self.env.flush_all()
        Report = self.env["property.repeat.report"].with_user(self.supervisor)
        mine = [("estate_id", "=", self.estate.id)]
        # The failed follow-up is listed for correction in its quarter.
        failed = Report.search([("kind", "=", "failed_followup")] + mine)
        self.assertRecordValues(failed, [{"followup_id": followup.id, "quarter": "2026-Q2", "to_correct": True,
                                          "unit_id": self.unit.id, "category": "complaint"}])
        # Requests without an issue type are counted (they escape the repeats until classified).
        unclassified = Report.search([("kind", "=", "unclassified")] + mine)
        self.assertEqual(sorted((row.category, row.request_count) for row in unclassified),
                         [("consultation", 1), ("in_unit_repair", 2)])
        untyped[0].with_user(self.clerk).request_type_id = self.drain
        self.env.flush_all()
        unclassified = Report.search([("kind", "=", "unclassified"), ("category", "=", "in_unit_repair")] + mine)
        self.assertEqual(unclassified.request_count, 1)
        requests = self.env["property.request"].with_user(self.supervisor).search(
            unclassified.action_view_requests()["domain"])
        self.assertEqual(requests, untyped[1])
        with self.assertRaisesRegex(UserError, "classify"):
            unclassified.action_corrective_action()
        # A repeat becomes a corrective action: a repair to the engineering head, once.
        repeat = Report.search([("is_repeat", "=", True), ("unit_id", "=", self.unit.id)])
        self.assertEqual(repeat.request_count, 4)
        with self.assertRaises(AccessError):
            repeat.with_user(self.clerk).action_corrective_action()
        with freeze_time("2026-04-07 02:00:00"):
            action = self.env["property.corrective.action"].browse(repeat.action_corrective_action()["res_id"])
        self.assertRecordValues(action, [{
            "source": "analysis", "department": "engineering", "user_id": self.head.id, "unit_id": self.unit.id,
            "request_type_id": self.drain.id, "analysis_quarter": "2026-Q2", "state": "open",
        }])
        self.assertEqual(str(action.deadline), "2026-05-07")
        self.assertEqual(repeat.action_corrective_action()["res_id"], action.id)
        repeat.invalidate_recordset(["corrective_action_id"])
        self.assertEqual(repeat.corrective_action_id, action)
        # The failed follow-up goes to the service supervisor; the supervisor checks what was done.
        failed_action = self.env["property.corrective.action"].browse(failed.action_corrective_action()["res_id"])
        self.assertRecordValues(failed_action, [{"department": "service", "user_id": self.supervisor.id,
                                                 "followup_id": followup.id, "request_id": complaint.id}])
        self.assertIn("Still noisy at night", failed_action.name)
        failed_action.with_user(self.supervisor).write({"result_note": "Talked to both neighbours again"})
        failed_action.with_user(self.supervisor).action_done()
        failed_action.with_user(self.supervisor).action_verify()
        self.assertEqual(failed_action.state, "verified")

    def test_svc11_quarters_cut_on_the_estates_time(self):
        """SVC-11: a request made on 1 April at 07:00 in Shanghai (31 March
        23:00 UTC) is counted in the second quarter, with its follow-up."""
        with freeze_time("2026-03-31 15:00:00"):  # 23:00 on 31 March in Shanghai
            march = self.new_request(request_type_id=self.drain.id)
        with freeze_time("2026-03-31 23:00:00"):  # 07:00 on 1 April in Shanghai
            april = self.new_request(request_type_id=self.drain.id) | self.new_request(request_type_id=self.drain.id) \
                | self.new_request(request_type_id=self.drain.id)
            untyped = self.new_request()
            complaint = self.new_request(category="complaint", department="security", request_type_id=self.noise.id)
            complaint.with_user(self.clerk).action_dispatch()
            complaint.with_user(self.clerk).resolution = "Spoke with the neighbour"
            complaint.with_user(self.clerk).action_done()
            followup = complaint.followup_ids.with_user(self.clerk)
            followup.write({"channel": "phone", "satisfaction": "dissatisfied", "outcome": "Still noisy"})
            followup.action_done()
        self.env.flush_all()
        Report = self.env["property.repeat.report"].with_user(self.supervisor)
        drains = Report.search([("kind", "=", "repeat"), ("unit_id", "=", self.unit.id),
                                ("request_type_id", "=", self.drain.id)])
        self.assertEqual(sorted((row.quarter, str(row.quarter_start), row.request_count, row.is_repeat)
                                for row in drains),
                         [("2026-Q1", "2026-01-01", 1, False), ("2026-Q2", "2026-04-01", 3, True)])
        Request = self.env["property.request"].with_user(self.supervisor)
        for quarter, requests in (("2026-Q1", march), ("2026-Q2", april)):
            row = drains.filtered(lambda r, quarter=quarter: r.quarter == quarter)
            self.assertEqual(Request.search(row.action_view_requests()["domain"]), requests)
        mine = [("estate_id", "=", self.estate.id)]
        unclassified = Report.search([("kind", "=", "unclassified")] + mine)
        self.assertEqual([(row.quarter, row.request_count) for row in unclassified], [("2026-Q2", 1)])
        self.assertEqual(Request.search(unclassified.action_view_requests()["domain"]), untyped)
        failed = Report.search([("kind", "=", "failed_followup")] + mine)
        self.assertEqual([(row.quarter, row.followup_id) for row in failed], [("2026-Q2", followup)])

    def test_svc10_timeliness_rate_per_month(self):
        with freeze_time("2026-05-04 01:00:00"):
            on_time = [self.new_request(category="help", help_subtype="other") for _i in range(3)]
            late = self.new_request(category="help", help_subtype="other")
            pending = self.new_request(category="help", help_subtype="other")
        with freeze_time("2026-05-04 01:05:00"):
            for request in on_time:
                request.with_user(self.clerk).write({"resolution": "Answered"})
                request.with_user(self.clerk).action_done()
        with freeze_time("2026-05-04 03:00:00"):
            late.with_user(self.clerk).write({"resolution": "Answered late"})
            late.with_user(self.clerk).action_done()
        self.assertFalse(pending.timeliness_counted)
        groups = self.env["property.request"].with_user(self.supervisor)._read_group(
            [("timeliness_counted", "=", True), ("estate_id", "=", self.estate.id)],
            ["date_received:month"], ["timeliness_score:avg", "__count"],
        )
        self.assertEqual(len(groups), 1)
        _month, rate, count = groups[0]
        self.assertEqual(count, 4)
        self.assertAlmostEqual(rate, 75.0)

    def test_amount_in_chinese_capitals(self):
        currency = self.env.ref("base.CNY")
        self.assertEqual(currency._amount_to_cn_capitals(10.70), "壹拾元柒角")
        self.assertEqual(currency._amount_to_cn_capitals(1234.56), "壹仟贰佰叁拾肆元伍角陆分")
        self.assertEqual(currency._amount_to_cn_capitals(100), "壹佰元整")
