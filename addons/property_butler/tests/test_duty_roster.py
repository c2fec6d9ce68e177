from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PropertyButlerCase, PropertyButlerHttpCase


class RosterMixin:

    def setUp(self):
        super().setUp()
        # Only this test's estate: the demo estates have their own rosters.
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.Roster = self.env["property.duty.roster"]
        self.Swap = self.env["property.shift.swap"]

    def published_april(self):
        with freeze_time("2026-03-25 02:00:00"):
            roster = self.Roster.with_user(self.supervisor).create({"estate_id": self.estate.id,
                                                                    "month": "2026-04-01"})
            roster.action_plan_shifts()
            roster.action_publish()
        return roster

    def shift_of(self, roster, post, day):
        return roster.shift_ids.filtered(lambda s: s.post_id == post and s.date_start.date() == day)


@tagged("post_install", "-at_install")
class TestDutyRoster(RosterMixin, PropertyButlerCase):
    """HND-07: next month's duty roster (值班安排表) drawn up and published by
    the supervisor before the month ends, a reminder when it is not, and no
    swap of a shift without his approval."""

    def test_hnd07_next_months_roster_reminded_drawn_up_and_published(self):
        # 23 March, 10:00 in Shanghai: 8 days before the month ends, the setting's 7 not reached yet.
        with freeze_time("2026-03-23 02:00:00"):
            self.assertFalse(self.Roster._cron_remind_next_month())
        self.assertFalse(self.Roster.search([("estate_id", "=", self.estate.id)]))
        with freeze_time("2026-03-24 02:00:00"):
            reminded = self.Roster._cron_remind_next_month()
            self.assertFalse(self.Roster._cron_remind_next_month())
        roster = self.Roster.search([("estate_id", "=", self.estate.id)])
        self.assertEqual(reminded, roster)
        self.assertEqual((roster.month, roster.deadline, roster.state), (date(2026, 4, 1), date(2026, 3, 31), "draft"))
        self.assertEqual(roster.activity_ids.user_id, self.supervisor)
        self.assertIn("2026-04", roster.activity_ids.summary)
        # The butler reads the roster; the supervisor draws it up.
        with self.assertRaises(AccessError):
            roster.with_user(self.butler_user).action_plan_shifts()
        with freeze_time("2026-03-25 02:00:00"):
            roster.with_user(self.supervisor).action_plan_shifts()
            self.assertEqual(len(roster.shift_ids), 60)  # two posts, every day of April
            self.assertEqual(self.shift_of(roster, self.post1, date(2026, 4, 7)).employee_ids, self.butler)
            # A post left without staff on a day is named, and the roster waits.
            self.shift_of(roster, self.post2, date(2026, 4, 10)).with_user(self.supervisor).unlink()
            with self.assertRaisesRegex(UserError, "Building 2 butler 04-10"):
                roster.with_user(self.supervisor).action_publish()
            with self.assertRaisesRegex(UserError, "buttons"):
                roster.with_user(self.supervisor).write({"state": "published"})
            with self.assertRaises(AccessError):
                roster.with_user(self.butler_user).action_publish()
            roster.with_user(self.supervisor).action_plan_shifts()
            roster.with_user(self.supervisor).action_publish()
        self.assertEqual((roster.state, roster.published_by_id, roster.published_late),
                         ("published", self.supervisor, False))
        self.assertFalse(roster.activity_ids)
        # Published: nobody changes who is on a shift directly, the administrator included.
        shift = self.shift_of(roster, self.post1, date(2026, 4, 7))
        for env_shift in (shift.with_user(self.butler_user), shift.with_user(self.supervisor), shift.sudo()):
            with self.assertRaisesRegex(UserError, "ask for a swap"):
                env_shift.write({"employee_ids": [Command.set(self.butler2.ids)]})
            with self.assertRaisesRegex(UserError, "ask for a swap"):
                env_shift.unlink()
        self.assertEqual(shift.employee_ids, self.butler)
        with self.assertRaises(UserError) as refused:  # nor is a shift slipped in
            self.env["property.shift"].with_user(self.supervisor)._plan(self.post1, date(2026, 4, 7), self.butler2)
        self.assertIn("ask for a swap", str(refused.exception))
        # Once published, the job reminds no more.
        with freeze_time("2026-03-28 02:00:00"):
            self.assertFalse(self.Roster._cron_remind_next_month())

    def test_hnd07_a_roster_published_after_its_month_began_is_marked_late(self):
        with freeze_time("2026-04-02 02:00:00"):
            roster = self.Roster.with_user(self.supervisor).create({"estate_id": self.estate.id,
                                                                    "month": "2026-04-15"})
            self.assertEqual(roster.month, date(2026, 4, 1))
            roster.action_plan_shifts()
            roster.action_publish()
        self.assertTrue(roster.published_late)

    def test_hnd07_a_swap_changes_the_shifts_only_when_the_supervisor_approves(self):
        roster = self.published_april()
        wu_day, zheng_day = self.shift_of(roster, self.post1, date(2026, 4, 7)), \
            self.shift_of(roster, self.post2, date(2026, 4, 8))
        vals = {"shift_id": wu_day.id, "employee_id": self.butler.id, "substitute_id": self.butler2.id,
                "return_shift_id": zheng_day.id, "reason": "Parents meeting at school"}
        with freeze_time("2026-03-30 02:00:00"):
            # Each asks for his own shifts.
            with self.assertRaises(AccessError):
                self.Swap.with_user(self.butler2_user).create(dict(vals))
            with self.assertRaises(UserError):
                self.Swap.with_user(self.butler_user).create(dict(vals, shift_id=zheng_day.id))
            swap = self.Swap.with_user(self.butler_user).create(dict(vals))
            self.assertEqual((swap.requested_by_id, swap.state), (self.butler_user, "requested"))
            self.assertEqual(swap.activity_ids.user_id, self.supervisor)
            self.assertEqual((wu_day.employee_ids, zheng_day.employee_ids), (self.butler, self.butler2))
            with self.assertRaisesRegex(UserError, "buttons"):
                swap.with_user(self.butler_user).write({"state": "approved", "decided_by_id": self.supervisor.id})
            with self.assertRaises(AccessError):
                swap.with_user(self.butler_user).action_approve()
            swap.with_user(self.supervisor).action_approve()
        self.assertEqual((swap.state, swap.decided_by_id, str(swap.decided_on)),
                         ("approved", self.supervisor, "2026-03-30 02:00:00"))
        self.assertEqual((wu_day.employee_ids, zheng_day.employee_ids), (self.butler2, self.butler))
        self.assertIn("Parents meeting at school", wu_day.message_ids[0].body)
        self.assertFalse(swap.activity_ids)
        # A decided swap is kept; a refused one changes nothing.
        with self.assertRaisesRegex(UserError, "decided"):
            swap.with_user(self.supervisor).write({"reason": "Something else"})
        with freeze_time("2026-03-30 03:00:00"):
            refused = self.Swap.with_user(self.butler2_user).create({
                "shift_id": self.shift_of(roster, self.post2, date(2026, 4, 9)).id, "employee_id": self.butler2.id,
                "substitute_id": self.butler.id, "reason": "Dentist"})
            refused.with_user(self.supervisor).action_refuse()
        self.assertEqual(refused.state, "refused")
        self.assertEqual(self.shift_of(roster, self.post2, date(2026, 4, 9)).employee_ids, self.butler2)
        # A shift that has begun is not swapped any more.
        with freeze_time("2026-04-09 01:00:00"), self.assertRaisesRegex(UserError, "has begun"):
            self.Swap.with_user(self.butler2_user).create({
                "shift_id": self.shift_of(roster, self.post2, date(2026, 4, 9)).id, "employee_id": self.butler2.id,
                "substitute_id": self.butler.id, "reason": "Too late"})

    def test_hnd07_the_roster_job_reads_every_estate_at_once(self):
        """HND-07: the job reads the rosters drawn up already in one query: its
        queries do not grow with the estates."""
        few, many = self.new_estates(2, "F"), self.new_estates(8, "M")
        with freeze_time("2026-03-25 02:00:00"):
            made = self.Roster._prepare_next_month()
            self.assertEqual((made.estate_id, set(made.mapped("month"))),
                             (self.estate | few | many, {date(2026, 4, 1)}))
            many.active = False
            queries_few = self.count_queries(self.Roster._prepare_next_month)
            many.active = True
            queries_many = self.count_queries(self.Roster._prepare_next_month)
        self.assertEqual(queries_many, queries_few)

    def test_hnd07_a_pending_swap_cannot_be_rewritten_to_name_other_shifts_or_staff(self):
        """HND-07: a request is checked when it is made (the requester's own
        shift, a feasible swap); its shifts and staff stay as asked, for
        everyone, until the supervisor decides."""
        roster = self.published_april()
        wu_day, zheng_day, zheng_other = (self.shift_of(roster, self.post1, date(2026, 4, 7)),
                                          self.shift_of(roster, self.post2, date(2026, 4, 8)),
                                          self.shift_of(roster, self.post2, date(2026, 4, 9)))
        with freeze_time("2026-03-30 02:00:00"):
            swap = self.Swap.with_user(self.butler_user).create({
                "shift_id": wu_day.id, "employee_id": self.butler.id, "substitute_id": self.butler2.id,
                "reason": "Parents meeting at school"})
            forged = {"shift_id": zheng_day.id, "employee_id": self.butler2.id, "substitute_id": self.chief.id,
                      "return_shift_id": zheng_other.id}
            for user in (self.butler_user, self.supervisor):
                for name, value in forged.items():
                    with self.assertRaisesRegex(UserError, "fixed when it is made"):
                        swap.with_user(user).write({name: value})
            # The reason may still be put better; the same shift is no change.
            swap.with_user(self.butler_user).write({"reason": "Parents' meeting", "shift_id": wu_day.id})
            self.assertEqual((swap.shift_id, swap.employee_id, swap.substitute_id, swap.return_shift_id),
                             (wu_day, self.butler, self.butler2, self.env["property.shift"]))
            swap.with_user(self.supervisor).action_approve()
        self.assertEqual((wu_day.employee_ids, zheng_day.employee_ids, zheng_other.employee_ids),
                         (self.butler2, self.butler2, self.butler2))

    def test_key02_hnd07_the_substitute_takes_the_keys_of_the_shift_he_works(self):
        roster = self.published_april()
        shift = self.shift_of(roster, self.post1, date(2026, 4, 7))
        Movement = self.env["property.key.movement"].with_user(self.butler2_user)
        with freeze_time("2026-04-07 00:30:00"):
            log = self.env["property.handover.log"].with_user(self.butler2_user).create({
                "post_id": self.post1.id, "outgoing_employee_id": self.butler.id,
                "incoming_employee_id": self.butler2.id,
                "item_ids": [Command.create({"kind": "key", "name": "Plant room key W-101"})],
            })
            self.assertEqual(log.shift_id, shift)  # HND-01: the shift under way
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            with self.assertRaisesRegex(UserError, "own post"):
                Movement.create({"key_id": self.key1.id, "employee_id": self.butler2.id, "purpose": "Patrol"})
        with freeze_time("2026-03-30 02:00:00"):
            swap = self.Swap.with_user(self.butler_user).create({
                "shift_id": shift.id, "employee_id": self.butler.id, "substitute_id": self.butler2.id,
                "reason": "Sick leave"})
            swap.with_user(self.supervisor).action_approve()
        with freeze_time("2026-04-07 00:40:00"):
            Movement.create({"key_id": self.key1.id, "employee_id": self.butler2.id, "purpose": "Patrol"})
        self.assertEqual((self.key1.state, self.key1.holder_id), ("out", self.butler2))

    def test_hnd05_a_desk_post_defaults_to_0830_round_the_clock(self):
        """The service desk runs 8:30 to 8:30 (HND-05): a desk post gets those
        hours without anyone typing them, its clerks take the days in turn, and
        no working calendar can cut its duty short."""
        Post = self.env["property.post"].with_user(self.chief_user)
        desk = Post.create({"name": "Service desk", "kind": "desk", "estate_id": self.estate.id})
        self.assertEqual((desk.shift_start, desk.shift_hours), (8.5, 24.0))
        gate = Post.create({"name": "Gate", "kind": "guard", "estate_id": self.estate.id, "shift_start": 7.0})
        gate.kind = "desk"
        self.assertEqual((gate.shift_start, gate.shift_hours), (8.5, 24.0))
        calendar = self.env["resource.calendar"].search([], limit=1)
        with self.assertRaises(ValidationError) as refused:  # rolled back with its savepoint
            desk.resource_calendar_id = calendar
        self.assertIn("round the clock", str(refused.exception))
        Employee = self.env["hr.employee"]
        wang, li = Employee.create({"name": "Desk Wang"}), Employee.create({"name": "Desk Li"})
        shifts = self.env["property.shift"].with_user(self.supervisor)._plan_days(
            desk, date(2026, 4, 1), date(2026, 4, 4), wang | li)
        self.assertEqual([(str(s.date_start), str(s.date_end)) for s in shifts.sorted("date_start")][:1],
                         [("2026-04-01 00:30:00", "2026-04-02 00:30:00")])
        on_duty = [s.employee_ids for s in shifts.sorted("date_start")]
        self.assertTrue(all(len(staff) == 1 for staff in on_duty))
        self.assertEqual(on_duty[0], on_duty[2])
        self.assertNotEqual(on_duty[0], on_duty[1])
        self.assertEqual(datetime(2026, 4, 4, 0, 30), shifts.sorted("date_start")[-1].date_start)


@tagged("post_install", "-at_install")
class TestDutyRosterPaper(RosterMixin, PropertyButlerHttpCase):
    """HND-07: the roster the offices pin up, on A4, in Chinese."""

    def test_hnd07_the_roster_prints_on_a4_in_the_estates_time(self):
        roster = self.published_april()
        with freeze_time("2026-03-30 02:00:00"):
            swap = self.Swap.with_user(self.butler_user).create({
                "shift_id": self.shift_of(roster, self.post1, date(2026, 4, 7)).id, "employee_id": self.butler.id,
                "substitute_id": self.butler2.id, "reason": "Sick leave"})
            swap.with_user(self.supervisor).action_approve()
        Report = self.env["ir.actions.report"].with_user(self.butler_user)
        html = Report._render_qweb_html("property_butler.report_duty_roster", roster.ids)[0].decode()
        self.assertIn("Duty roster of Green Lake for 2026-04", html)
        self.assertIn("08:30–17:30 Butler Zheng", html)  # 7 April, after the swap, at Shanghai's hours
        self.assertIn("Approved swaps", html)
        chinese = Report.with_context(lang="zh_CN")._render_qweb_html("property_butler.report_duty_roster",
                                                                     roster.ids)[0].decode()
        self.assertIn("值班安排表", chinese)
        self.assertIn("周二", chinese)  # 7 April 2026 is a Tuesday
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "property_butler.report_duty_roster", roster.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(self.env.ref("property_butler.action_report_duty_roster").paperformat_id.format, "A4")
