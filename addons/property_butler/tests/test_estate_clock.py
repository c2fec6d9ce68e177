from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PropertyButlerCase


@tagged("post_install", "-at_install")
class TestEstateClock(PropertyButlerCase):
    """Every time rule reads the estate's own clock (property.estate helpers):
    an estate in Xinjiang (Asia/Urumqi, UTC+6, two hours behind Beijing time)
    plans its deadlines, shifts and visits at its own local hours."""

    def setUp(self):
        super().setUp()
        self.estate.tz = "Asia/Urumqi"
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.env["hr.employee"].search([("id", "not in", (self.butler | self.butler2 | self.chief).ids)]).write(
            {"property_role": False})

    def test_svc12_same_day_limit_is_the_estates_1730(self):
        # 13:00 in Urumqi: due 17:30 local, 11:30 UTC (Shanghai's 17:30 would be 09:30 UTC).
        with freeze_time("2026-03-02 07:00:00"):
            request = self.new_request(category="consultation", channel="letter", unit_id=False)
        self.assertEqual(self.deadline(request, "answer"), datetime(2026, 3, 2, 11, 30))
        # 18:00 in Urumqi, after the day's limit: 17:30 local the next day.
        with freeze_time("2026-03-02 12:00:00"):
            late = self.new_request(category="consultation", channel="letter", unit_id=False)
        self.assertEqual(self.deadline(late, "answer"), datetime(2026, 3, 3, 11, 30))

    def test_svc06_completion_date_is_the_estates_day(self):
        # Finished 23:00 on the 24th in Urumqi (already the 25th in Beijing).
        with freeze_time("2026-03-24 17:00:00"):
            _request, slip = self.finished_repair()
        self.assertEqual(slip.completion_date, date(2026, 3, 24))

    def test_hnd05_shift_starts_at_the_posts_local_hour(self):
        shift = self.env["property.shift"].with_user(self.supervisor)._plan(self.post1, date(2026, 3, 3), self.butler)
        self.assertEqual(
            (shift.date_start, shift.date_end), (datetime(2026, 3, 3, 2, 30), datetime(2026, 3, 3, 11, 30))
        )
        self.assertIn("2026-03-03 08:30", shift.name)

    def test_vis01_vis02_visits_at_the_estates_hours(self):
        Visit = self.env["property.visit"]
        with freeze_time("2026-04-01 03:00:00"):
            planned = Visit._cron_plan_month()
        # Mid-month at 10:00 local: 04:00 UTC on Wednesday 15 April.
        self.assertEqual(set(planned.mapped("date_planned")), {datetime(2026, 4, 15, 4, 0)})
        # VIS-02: a call at 12:30 local moves to 14:00 local (08:00 UTC), not to Beijing's 14:00.
        self.company.property_phone_visit_rule = "move"
        call = Visit.with_user(self.butler_user).create({
            "employee_id": self.butler.id, "partner_id": self.resident.id, "unit_id": self.unit.id,
            "kind": "survey", "channel": "phone", "date_planned": datetime(2026, 3, 3, 6, 30),
        })
        self.assertEqual(call.date_planned, datetime(2026, 3, 3, 8, 0))
