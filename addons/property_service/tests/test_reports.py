from freezegun import freeze_time

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
