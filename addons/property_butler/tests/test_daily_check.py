from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PropertyButlerCase


@tagged("post_install", "-at_install")
class TestDailyCheck(PropertyButlerCase):
    """HND-06: every working day of the office the supervisor checks the
    duty and handover records and signs; important items he arranges
    himself. HND-01 and HND-04: what a log entry holds, and a reviewed ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The office works Monday to Friday, 8:30-12:00 and 13:30-17:30; Wednesday 4 March 2026 is a holiday.
        calendar = cls.env["resource.calendar"].create({
            "name": "Office days", "tz": "Asia/Shanghai",
            "attendance_ids": [
                Command.create({"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start,
                                "hour_to": end, "day_period": period})
                for day in range(5) for period, start, end in (("morning", 8.5, 12), ("afternoon", 13.5, 17.5))
            ],
        })
        cls.env["resource.calendar.leaves"].create({
            "name": "Holiday", "calendar_id": calendar.id,
            "date_from": "2026-03-03 16:00:00", "date_to": "2026-03-04 15:59:59",
        })
        # HND-06: the estate's own working days (property.estate._working_days), not the company's.
        cls.estate.resource_calendar_id = calendar
        cls.supervisor_employee = cls.env["hr.employee"].create({"name": "Supervisor Chen",
                                                                 "user_id": cls.supervisor.id})

    def setUp(self):
        super().setUp()
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.Check = self.env["property.duty.check"]

    def monday_records(self):
        """Monday 2 March: the butler's shift, its handover log signed, his work ledger."""
        with freeze_time("2026-03-02 00:30:00"):
            shift = self.env["property.shift"]._plan(self.post1, date(2026, 3, 2), self.butler)
            log = self.env["property.handover.log"].with_user(self.butler_user).create({
                "post_id": self.post1.id, "outgoing_employee_id": self.butler2.id,
                "incoming_employee_id": self.butler.id,
                "item_ids": [Command.create({"kind": "radio", "name": "Radio 3"})],
                "open_item_ids": [
                    Command.create({"name": "Water leak at 1-0201", "follower_id": self.butler.id, "priority": "1"}),
                    Command.create({"name": "Parcel for 1-0302", "follower_id": self.butler.id}),
                ],
            })
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            ledger = self.env["property.work.ledger"].with_user(self.butler_user).create({
                "employee_id": self.butler.id, "estate_id": self.estate.id, "date": "2026-03-02",
                "line_ids": [Command.create({"partner_id": self.resident.id, "subject": "Asked about the lift"})],
            })
        return shift, log, ledger

    def test_hnd06_the_supervisor_checks_and_signs_each_working_day(self):
        shift, log, ledger = self.monday_records()
        # Tuesday 09:00 in Shanghai: today's check is there, due at 10:00 (the setting's default).
        with freeze_time("2026-03-03 01:00:00"):
            self.assertFalse(self.Check._cron_remind())
        check = self.Check.search([("estate_id", "=", self.estate.id)])
        self.assertEqual((check.date, check.period_start, check.due_at),
                         (date(2026, 3, 3), date(2026, 3, 2), datetime(2026, 3, 3, 2, 0)))
        self.assertFalse(check.activity_ids)
        # 10:30 and not signed: the supervisor is reminded, once.
        with freeze_time("2026-03-03 02:30:00"):
            self.assertEqual(self.Check._cron_remind(), check)
            self.assertFalse(self.Check._cron_remind())
        self.assertEqual((check.reminded, check.activity_ids.user_id), (True, self.supervisor))
        check = check.with_user(self.supervisor)
        self.assertEqual((check.shift_ids, check.log_ids, check.ledger_ids), (shift, log, ledger))
        self.assertEqual(check.open_item_ids[0].name, "Water leak at 1-0201")  # important items first
        # The butler neither reads nor signs the check.
        with self.assertRaises(AccessError):
            check.with_user(self.butler_user).action_sign()
        with self.assertRaisesRegex(UserError, "Review and sign the work ledgers"):
            check.action_sign()
        with self.assertRaisesRegex(UserError, "buttons"):
            check.write({"state": "checked", "checked_by_id": self.supervisor.id})
        self.sign(ledger.with_user(self.supervisor), button="action_review")
        # HND-06: the leak matters: the supervisor follows it himself; the parcel he gives to Butler Zheng.
        leak, parcel = check.open_item_ids
        with self.assertRaises(AccessError):
            leak.with_user(self.butler_user).action_take_over()
        with self.assertRaisesRegex(UserError, "buttons"):
            leak.with_user(self.supervisor).write({"arranged_by_id": self.supervisor.id})
        with freeze_time("2026-03-03 02:40:00"):
            leak.with_user(self.supervisor).action_take_over()
            wizard_action = parcel.with_user(self.supervisor).action_assign()
            self.env["property.open.item.assign"].with_user(self.supervisor).with_context(
                **wizard_action["context"]).create({"employee_id": self.butler2.id}).action_assign()
            self.sign(check, "Supervisor Chen", button="action_sign")
        self.assertEqual((leak.follower_id, leak.arranged_by_id, str(leak.arranged_on)),
                         (self.supervisor_employee, self.supervisor, "2026-03-03 02:40:00"))
        self.assertEqual(parcel.follower_id, self.butler2)
        self.assertEqual((check.state, check.checked_by_id, str(check.checked_on)),
                         ("checked", self.supervisor, "2026-03-03 02:40:00"))
        self.assertEqual((check.log_count, check.unsigned_log_count, check.ledger_count, check.open_item_count),
                         (1, 0, 1, 2))
        self.assertTrue(check.signature)
        self.assertFalse(check.activity_ids)
        with self.assertRaisesRegex(UserError, "kept as signed"):
            check.write({"note": "Rewritten"})

    def test_hnd06_holidays_and_weekends_are_checked_on_the_next_working_day(self):
        with freeze_time("2026-03-04 03:00:00"):  # Wednesday, a holiday: no check
            self.assertFalse(self.Check._cron_remind())
            self.assertFalse(self.Check.search([("estate_id", "=", self.estate.id)]))
            with self.assertRaisesRegex(UserError, "not a working day"):
                self.Check.with_user(self.supervisor).create({"estate_id": self.estate.id, "date": "2026-03-04"})
        with freeze_time("2026-03-05 01:00:00"):  # Thursday: Tuesday and the holiday
            self.Check._cron_remind()
        thursday = self.Check.search([("estate_id", "=", self.estate.id), ("date", "=", "2026-03-05")])
        self.assertEqual((thursday.period_start, thursday.period_end), (date(2026, 3, 3), date(2026, 3, 4)))
        monday = self.Check.with_user(self.supervisor).create({"estate_id": self.estate.id, "date": "2026-03-09"})
        self.assertEqual(monday.period_start, date(2026, 3, 6))  # Friday and the weekend
        # The reminder time is a setting, in the estate's time.
        self.company.property_duty_check_hour = 9.0
        tuesday = self.Check.with_user(self.supervisor).create({"estate_id": self.estate.id, "date": "2026-03-10"})
        self.assertEqual(tuesday.due_at, datetime(2026, 3, 10, 1, 0))

    def test_hnd06_a_checks_day_and_estate_are_fixed_when_it_is_made(self):
        """HND-06: a check covers its own day's period: the day or the estate
        is not changed afterwards, so the signature cannot name another day."""
        check = self.Check.with_user(self.supervisor).create({"estate_id": self.estate.id, "date": "2026-03-09"})
        self.assertEqual((check.period_start, check.due_at), (date(2026, 3, 6), datetime(2026, 3, 9, 2, 0)))
        for env_check in (check, check.sudo()):
            with self.assertRaisesRegex(UserError, "fixed when it is made"):
                env_check.write({"date": "2026-03-10"})
            with self.assertRaisesRegex(UserError, "fixed when it is made"):
                env_check.write({"estate_id": self.other_estate.id})
        check.write({"note": "Quiet weekend", "date": "2026-03-09", "estate_id": self.estate.id})
        self.assertEqual((check.date, check.estate_id, check.period_start, check.note),
                         (date(2026, 3, 9), self.estate, date(2026, 3, 6), "Quiet weekend"))

    def test_hnd06_the_half_hourly_job_reads_every_estate_at_once(self):
        """HND-06: the job (every 30 minutes) reads the checks made already in
        one query and counts the working days once per calendar: its queries
        do not grow with the estates."""
        few, many = self.new_estates(2, "F"), self.new_estates(8, "M")
        with freeze_time("2026-03-05 03:00:00"):  # Thursday
            made = self.Check._prepare_today()
            self.assertEqual(made.estate_id, self.estate | few | many)
            many.active = False
            queries_few = self.count_queries(self.Check._prepare_today)
            many.active = True
            queries_many = self.count_queries(self.Check._prepare_today)
        self.assertEqual(queries_many, queries_few)
        self.assertEqual(self.Check.search_count([("date", "=", "2026-03-05")]), 11)

    def test_hnd01_a_log_entry_names_date_shift_staff_what_is_handed_over_and_who_follows(self):
        Log = self.env["property.handover.log"].with_user(self.butler_user)
        with freeze_time("2026-03-03 02:00:00"):
            shift = self.env["property.shift"]._plan(self.post1, date(2026, 3, 3), self.butler)
            log = Log.create({
                "post_id": self.post1.id, "outgoing_employee_id": self.butler2.id,
                "incoming_employee_id": self.butler.id,
            })
            # Its date and shift: now, and the post's shift under way.
            self.assertEqual((str(log.date), log.shift_id), ("2026-03-03 02:00:00", shift))
            with self.assertRaisesRegex(UserError, "is empty"):
                self.sign(log, button="action_sign_outgoing")
            with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
                log.write({"open_item_ids": [Command.create({"name": "Call the plumber"})]})
            log.write({
                "item_ids": [Command.create({"kind": "key", "name": "Plant room key", "quantity": 2}),
                             Command.create({"kind": "document", "name": "Visitor book"})],
                "resident_situations": "1-0501: elderly owner alone, call every morning",
                "open_item_ids": [Command.create({"name": "Call the plumber", "follower_id": self.butler.id})],
            })
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            # A post without a shift at that time: the entry names none, and is not signed.
            unshifted = Log.create({
                "post_id": self.post2.id, "outgoing_employee_id": self.butler2.id,
                "incoming_employee_id": self.butler.id, "resident_situations": "Quiet night",
            })
            self.assertFalse(unshifted.shift_id)
            with self.assertRaisesRegex(UserError, "Name the shift"):
                self.sign(unshifted, button="action_sign_outgoing")
        self.assertEqual(log.state, "signed")
        self.assertEqual(sorted(log.item_ids.mapped("kind")), ["document", "key"])
        self.assertEqual((log.open_item_ids.name, log.open_item_ids.follower_id), ("Call the plumber", self.butler))
        self.assertEqual((log.outgoing_employee_id, log.incoming_employee_id), (self.butler2, self.butler))

    def test_hnd04_a_reviewed_ledger_stays_reviewed(self):
        ledger = self.env["property.work.ledger"].with_user(self.butler_user).create({
            "employee_id": self.butler.id, "estate_id": self.estate.id, "date": "2026-03-02",
            "line_ids": [Command.create({"partner_id": self.resident.id, "subject": "Asked about the lift",
                                         "status": "done"})],
        })
        with freeze_time("2026-03-03 01:00:00"):
            self.sign(ledger.with_user(self.chief_user), button="action_review")
        line = ledger.line_ids
        for env_ledger in (ledger.with_user(self.butler_user), ledger.with_user(self.chief_user), ledger.sudo()):
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.write({"date": "2026-03-01"})
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.line_ids.write({"subject": "Something else"})
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.line_ids.write({"status": "carried"})
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.write({"line_ids": [Command.create({"subject": "Added later"})]})
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.line_ids.unlink()
            with self.assertRaisesRegex(UserError, "reviewed ledger"):
                env_ledger.unlink()
            with self.assertRaisesRegex(UserError, "buttons"):
                env_ledger.write({"state": "open"})
            with self.assertRaisesRegex(UserError, "already reviewed"):
                self.sign(env_ledger.with_user(self.chief_user), button="action_review")
        with self.assertRaises(UserError) as refused:  # assertRaises rolls the attempt back
            self.env["property.work.ledger.line"].with_user(self.butler_user).create(
                {"ledger_id": ledger.id, "subject": "Slipped in"})
        self.assertIn("reviewed ledger", str(refused.exception))
        self.assertEqual((ledger.state, ledger.reviewed_by_id, str(ledger.reviewed_on)),
                         ("reviewed", self.chief_user, "2026-03-03 01:00:00"))
        self.assertEqual((len(ledger.line_ids), line.subject, line.status), (1, "Asked about the lift", "done"))
