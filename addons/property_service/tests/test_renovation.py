from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PropertyServiceCase


@tagged("at_install")
class TestRenovation(PropertyServiceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["property.deposit.rate"].create({
            "estate_id": cls.estate.id, "usage": "residential",
            "renovation_deposit": 2000.0, "utility_deposit": 500.0, "pass_deposit": 50.0,
        })

    def new_permit(self, user=None, **vals):
        values = {
            "unit_id": self.unit.id, "partner_id": self.resident.id, "contractor_name": "Fine Homes Ltd",
            "works": "Kitchen and bathroom", "date_start": "2026-01-05", "date_end": "2026-02-28",
        }
        values.update(vals)
        return self.env["property.renovation"].with_user(user or self.clerk).create(values)

    def inspect(self, permit, kind, requested, planned, result, defects=None):
        inspection = self.env["property.renovation.inspection"].with_user(self.engineer).create({
            "renovation_id": permit.id, "kind": kind, "date_requested": requested, "date_planned": planned,
            "defects": defects,
        })
        getattr(inspection, f"action_{result}")()
        return inspection

    def approved_permit_with_passes(self, hidden_works=False):
        """Works in progress with two worker passes; engineering found no
        hidden works in them unless ``hidden_works`` (REN-03)."""
        permit = self.new_permit()
        permit.document_ids.write({"received": True})
        permit.with_user(self.supervisor).action_approve()
        if not hidden_works:
            permit.with_user(self.engineer).action_mark_no_hidden_works()
        self.env["property.renovation.pass"].with_user(self.clerk).create(
            [
                {
                    "renovation_id": permit.id,
                    "name": f"P-{n}",
                    "worker_name": f"Worker {n}",
                    "worker_id_number": f"33010019900101{n:04d}",
                    "id_copy_received": True,
                }
                for n in (1, 2)
            ]
        )
        return permit

    def test_ren02_deposits_from_the_estate_rates(self):
        permit = self.approved_permit_with_passes()
        self.assertEqual(permit.renovation_deposit, 2000.0)
        self.assertEqual(permit.utility_deposit, 500.0)
        self.assertEqual(permit.pass_deposit_total, 100.0)
        self.assertEqual(permit.deposit_total, 2600.0)
        self.assertTrue(self.unit.under_renovation)
        self.assertEqual(self.unit.state, "renovation")

    def test_ren01_permit_needs_every_document(self):
        permit = self.new_permit()
        permit.document_ids[:5].write({"received": True})
        with self.assertRaisesRegex(UserError, "Drawings"):
            permit.with_user(self.supervisor).action_approve()
        self.assertEqual(permit.state, "draft")

    def test_ren01_worker_pass_needs_id_copy(self):
        permit = self.approved_permit_with_passes()
        with self.assertRaisesRegex(ValidationError, "copy of the worker's ID"):
            with self.env.cr.savepoint():
                self.env["property.renovation.pass"].with_user(self.clerk).create({
                    "renovation_id": permit.id, "name": "P-9", "worker_name": "X", "worker_id_number": "1",
                })

    def test_second_open_permit_for_the_same_unit_refused(self):
        self.new_permit()
        with self.assertRaisesRegex(ValidationError, "already has an open renovation permit"):
            with self.env.cr.savepoint():
                self.new_permit()
        self.assertEqual(self.env["property.renovation"].search_count([("unit_id", "=", self.unit.id)]), 1)

    def test_ren03_failed_inspection_fix_formal_acceptance_and_refund(self):
        permit = self.approved_permit_with_passes()
        with freeze_time("2026-03-02 02:00:00"):
            initial = self.inspect(
                permit, "initial", "2026-02-27", "2026-03-02", "fail", defects="Bathroom leaks in the closed-water test"
            )
        self.assertEqual(initial.fix_deadline, date(2026, 3, 16))
        self.assertEqual(permit.open_defect_count, 1)
        # The formal inspection cannot pass while the defect is not fixed.
        with freeze_time("2026-03-05 02:00:00"):
            with self.assertRaisesRegex(UserError, "defects not yet fixed"):
                self.inspect(permit, "formal", "2026-03-02", "2026-03-05", "pass")
        with freeze_time("2026-03-09 02:00:00"):
            self.inspect(permit, "re_inspection", "2026-03-06", "2026-03-09", "pass")
        self.assertTrue(initial.fixed)
        permit.pass_ids[0].with_user(self.clerk).action_returned()
        permit.pass_ids[1].with_user(self.clerk).action_lost()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
        self.assertEqual(permit.state, "accepted")
        self.assertEqual(permit.date_accepted, date(2026, 3, 12))
        self.assertFalse(self.unit.under_renovation)
        # REN-05: eligible exactly 3 months after the formal acceptance.
        self.assertEqual(permit.refund_eligible_date, date(2026, 6, 12))
        # REN-04: the lost pass forfeits its deposit.
        self.assertEqual(permit.deduction_passes, 50.0)
        self.assertEqual(permit.deduction_total, 50.0)
        self.assertEqual(permit.refund_amount, 2550.0)
        Renovation = self.env["property.renovation"]
        refund_due = self.env.ref("property_service.mail_activity_type_refund_due")
        with freeze_time("2026-06-11 02:00:00"):
            self.assertFalse(Renovation._cron_refund_due())
            with self.assertRaisesRegex(UserError, "due on"):
                permit.with_user(self.manager).action_approve_refund()
        with freeze_time("2026-06-12 02:00:00"):
            self.assertEqual(Renovation._cron_refund_due(), permit)
            self.assertFalse(Renovation._cron_refund_due())
            self.assertEqual(
                permit.activity_ids.filtered(lambda a: a.activity_type_id == refund_due).user_id, self.manager
            )
            # A clerk, even a supervisor, cannot approve the refund.
            with self.assertRaises(AccessError):
                permit.with_user(self.clerk).action_approve_refund()
            with self.assertRaises(AccessError):
                permit.with_user(self.supervisor).action_approve_refund()
            self.assertEqual(permit.state, "accepted")
            permit.with_user(self.manager).action_approve_refund()
        self.assertEqual(permit.state, "refund_approved")
        self.assertEqual(permit.refund_approved_by_id, self.manager)
        self.assertEqual(permit.refund_amount, 2550.0)
        self.assertFalse(permit.activity_ids.filtered(lambda a: a.activity_type_id == refund_due))

    def test_ren03_acceptance_with_open_violation_refused(self):
        permit = self.approved_permit_with_passes()
        permit.pass_ids.action_returned()
        violation = self.env["property.renovation.violation"].with_user(self.clerk).create({
            "renovation_id": permit.id, "name": "Works after 19:00", "visit": "guard", "deduction": 200.0,
        })
        with freeze_time("2026-03-12 02:00:00"):
            with self.assertRaisesRegex(UserError, "open violations"):
                self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
        self.assertEqual(permit.state, "approved")
        violation.action_resolve()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
        self.assertEqual(permit.state, "accepted")
        self.assertEqual(permit.deduction_violations, 200.0)
        self.assertEqual(permit.refund_amount, 2400.0)

    def test_ren03_formal_inspection_needs_two_working_days_notice(self):
        permit = self.approved_permit_with_passes()
        # Requested on Friday 6 March: not before Tuesday 10 March.
        with self.assertRaisesRegex(ValidationError, "2 working days"):
            with self.env.cr.savepoint():
                self.env["property.renovation.inspection"].create(
                    {
                        "renovation_id": permit.id,
                        "kind": "formal",
                        "date_requested": "2026-03-06",
                        "date_planned": "2026-03-09",
                    }
                )
        self.env["property.renovation.inspection"].create({
            "renovation_id": permit.id, "kind": "formal", "date_requested": "2026-03-06", "date_planned": "2026-03-10",
        })

    def test_ren04_passes_out_block_acceptance(self):
        permit = self.approved_permit_with_passes()
        with freeze_time("2026-03-12 02:00:00"):
            with self.assertRaisesRegex(UserError, "still out"):
                self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")

    def test_ren05_structural_problem_blocks_refund(self):
        permit = self.approved_permit_with_passes()
        permit.pass_ids.action_returned()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
        problem = self.env["property.renovation.violation"].with_user(self.clerk).create({
            "renovation_id": permit.id, "name": "Crack in the load-bearing wall below", "category": "structural",
            "date": "2026-04-20",
        })
        self.assertTrue(permit.refund_blocked)
        with freeze_time("2026-06-15 02:00:00"):
            with self.assertRaisesRegex(UserError, "structural or safety problem"):
                permit.with_user(self.manager).action_approve_refund()
            problem.action_resolve()
            permit.with_user(self.manager).action_approve_refund()
        self.assertEqual(permit.state, "refund_approved")

    def test_deposits_frozen_after_refund_approval(self):
        permit = self.approved_permit_with_passes()
        permit.pass_ids.action_returned()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
        with freeze_time("2026-07-01 02:00:00"):
            permit.with_user(self.manager).action_approve_refund()
        with self.assertRaisesRegex(UserError, "can no longer change"):
            permit.with_user(self.manager).renovation_deposit = 1.0

    def test_ren03_working_days_on_the_estates_calendar_with_holidays(self):
        permit = self.approved_permit_with_passes()
        calendar = self.estate.resource_calendar_id
        self.assertTrue(calendar)
        # Monday 9 March 2026 is a public holiday on the estate's calendar.
        self.env["resource.calendar.leaves"].create({
            "name": "Public holiday", "calendar_id": calendar.id, "resource_id": False,
            "date_from": "2026-03-08 16:00:00", "date_to": "2026-03-09 15:59:59",
        })
        Inspection = self.env["property.renovation.inspection"].with_user(self.engineer)

        def plan(kind, requested, planned):
            return Inspection.create({"renovation_id": permit.id, "kind": kind, "date_requested": requested,
                                      "date_planned": planned})
        # Asked on Friday 6 March: 2 working days' notice skip the weekend and the holiday.
        with self.assertRaisesRegex(ValidationError, "2 working days' notice: not before 2026-03-11"):
            with self.env.cr.savepoint():
                plan("formal", "2026-03-06", "2026-03-10")
        formal = plan("formal", "2026-03-06", "2026-03-11")
        self.assertEqual(formal.date_due, date(2026, 3, 12))
        # Asked at least a day ahead, made within 3 working days of the request: by Thursday 12 March.
        with self.assertRaisesRegex(ValidationError, "at least a day ahead"):
            with self.env.cr.savepoint():
                plan("initial", "2026-03-10", "2026-03-10")
        self.assertEqual(plan("re_inspection", "2026-03-06", "2026-03-13").date_due, date(2026, 3, 12))
        # Not made by its day: listed as late.
        with freeze_time("2026-03-13 02:00:00"):
            self.assertIn(formal, self.env["property.renovation.inspection"].with_user(self.supervisor).search(
                [("late", "=", True)]))
        with freeze_time("2026-03-12 02:00:00"):
            self.assertNotIn(formal, self.env["property.renovation.inspection"].search([("late", "=", True)]))

    def test_ren03_defects_not_fixed_in_two_weeks_reminded_and_listed(self):
        permit = self.approved_permit_with_passes()
        with freeze_time("2026-03-02 02:00:00"):
            initial = self.inspect(permit, "initial", "2026-02-27", "2026-03-02", "fail", defects="Tiles loose")
        self.assertEqual(initial.fix_deadline, date(2026, 3, 16))
        Inspection = self.env["property.renovation.inspection"]
        fix = self.env.ref("property_service.mail_activity_type_renovation_fix")
        with freeze_time("2026-03-16 02:00:00"):
            self.assertFalse(Inspection._cron_remind_fix_overdue())
        with freeze_time("2026-03-17 02:00:00"):
            self.assertEqual(Inspection._cron_remind_fix_overdue(), initial)
            self.assertFalse(Inspection._cron_remind_fix_overdue())
            self.assertEqual(Inspection.with_user(self.supervisor).search([("fix_overdue", "=", True)]), initial)
        activity = permit.activity_ids.filtered(lambda a: a.activity_type_id == fix)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertIn("Tiles loose", activity.note)
        # A passing re-inspection takes it off the list.
        with freeze_time("2026-03-18 02:00:00"):
            self.inspect(permit, "re_inspection", "2026-03-17", "2026-03-18", "pass")
            self.assertFalse(Inspection.search([("fix_overdue", "=", True)]))

    def test_ren03_hidden_works_inspected_before_the_ceilings_close(self):
        permit = self.approved_permit_with_passes(hidden_works=True)
        with self.assertRaisesRegex(UserError, "hidden works"):
            permit.with_user(self.clerk).action_close_ceilings()
        with freeze_time("2026-03-03 02:00:00"):
            self.inspect(permit, "hidden_works", "2026-03-02", "2026-03-03", "fail", defects="Water pipe joint leaks")
            with self.assertRaisesRegex(UserError, "hidden works"):
                permit.with_user(self.clerk).action_close_ceilings()
        with freeze_time("2026-03-05 02:00:00"):
            self.inspect(permit, "hidden_works", "2026-03-04", "2026-03-05", "pass")
            permit.with_user(self.clerk).action_close_ceilings()
        self.assertEqual((permit.date_ceilings_closed, permit.ceilings_closed_by_id), (date(2026, 3, 5), self.clerk))
        with self.assertRaisesRegex(UserError, "buttons"):
            permit.with_user(self.manager).write({"date_ceilings_closed": "2026-03-01"})

    def test_ren03_initial_and_formal_inspections_only_after_the_hidden_works(self):
        """REN-03: no initial or formal inspection until the hidden works were
        inspected and passed before the ceilings closed (the closing
        recorded), or engineering recorded that there are none."""
        permit = self.approved_permit_with_passes(hidden_works=True)
        Inspection = self.env["property.renovation.inspection"].with_user(self.engineer)

        def plan(permit, kind, requested="2026-03-09", planned="2026-03-12"):
            return Inspection.create({"renovation_id": permit.id, "kind": kind, "date_requested": requested,
                                      "date_planned": planned})
        for kind in ("initial", "formal"):
            with self.assertRaisesRegex(ValidationError, "hidden works of .* are inspected and passed before the "
                                                         "ceilings and walls close"), self.env.cr.savepoint():
                plan(permit, kind)
        # Passed, but the ceilings' closing is not recorded: still nothing says they were seen before closing.
        with freeze_time("2026-03-03 02:00:00"):
            self.inspect(permit, "hidden_works", "2026-03-02", "2026-03-03", "pass")
        with self.assertRaisesRegex(ValidationError, "hidden works"), self.env.cr.savepoint():
            plan(permit, "initial")
        with self.assertRaisesRegex(UserError, "they are inspected, not marked as none"):
            permit.with_user(self.engineer).action_mark_no_hidden_works()
        with freeze_time("2026-03-04 02:00:00"):
            permit.with_user(self.clerk).action_close_ceilings()
        initial = plan(permit, "initial")
        with freeze_time("2026-03-12 02:00:00"):
            initial.action_pass()
        self.assertEqual(initial.result, "pass")
        # Works that close nothing in ceilings or walls: engineering records it, and no hidden-works inspection.
        other = self.new_permit(unit_id=self.unit2.id)
        other.document_ids.write({"received": True})
        other.with_user(self.supervisor).action_approve()
        with self.assertRaisesRegex(ValidationError, "hidden works"), self.env.cr.savepoint():
            plan(other, "formal")
        with self.assertRaises(AccessError):
            other.with_user(self.clerk).action_mark_no_hidden_works()
        with self.assertRaisesRegex(UserError, "buttons"):
            other.with_user(self.manager).write({"no_hidden_works": True})
        with freeze_time("2026-03-05 02:00:00"):
            other.with_user(self.engineer).action_mark_no_hidden_works()
        self.assertRecordValues(other, [{"no_hidden_works": True, "no_hidden_works_by_id": self.engineer.id,
                                         "no_hidden_works_on": self.dt("2026-03-05 02:00:00")}])
        plan(other, "formal")
        with self.assertRaisesRegex(ValidationError, "no hidden works"), self.env.cr.savepoint():
            plan(other, "hidden_works", planned="2026-03-10")

    def test_ren03_late_inspection_recorded_and_listed_late(self):
        """REN-03: an inspection made after the 3 working days of its request
        is recorded all the same, and listed as late."""
        permit = self.approved_permit_with_passes()
        Inspection = self.env["property.renovation.inspection"].with_user(self.engineer)
        # Asked on Friday 6 March: due by Wednesday 11 March (3 working days); the engineer can come on the 13th.
        late = Inspection.create({"renovation_id": permit.id, "kind": "initial", "date_requested": "2026-03-06",
                                  "date_planned": "2026-03-13"})
        self.assertEqual(late.date_due, date(2026, 3, 11))
        self.assertTrue(late.inspected_late)
        # Planned in time, made late.
        slow = Inspection.create({"renovation_id": permit.id, "kind": "re_inspection",
                                  "date_requested": "2026-03-06", "date_planned": "2026-03-10"})
        self.assertFalse(slow.inspected_late)
        Listed = self.env["property.renovation.inspection"].with_user(self.supervisor)
        with freeze_time("2026-03-10 02:00:00"):
            self.assertEqual(Listed.search([("late", "=", True)]), late)
        with freeze_time("2026-03-12 02:00:00"):
            self.assertEqual(Listed.search([("late", "=", True)]), late | slow)
            slow.action_pass()
        with freeze_time("2026-03-13 02:00:00"):
            late.action_pass()
        self.assertRecordValues(late | slow, [
            {"result": "pass", "date_done": date(2026, 3, 13), "inspected_late": True, "late": True},
            {"result": "pass", "date_done": date(2026, 3, 12), "inspected_late": True, "late": True},
        ])
        with freeze_time("2026-03-13 02:00:00"):
            self.assertEqual(Listed.search([("late", "=", True)]), late | slow)
            self.assertEqual(Listed.search([("late", "=", False), ("renovation_id", "=", permit.id)]),
                             Listed.browse())

    def test_ren03_ren06_days_are_the_estates_at_1700_utc(self):
        """At 17:00 UTC it is already 01:00 the next day in Shanghai: the jobs
        (run as the system, on UTC's day) and the lists count the estate's day."""
        permit = self.approved_permit_with_passes(hidden_works=True)
        permit.with_user(self.clerk).write({"date_start": "2026-03-03", "date_end": "2026-04-30"})
        Inspection = self.env["property.renovation.inspection"]
        Renovation = self.env["property.renovation"]
        with freeze_time("2026-03-03 17:00:00"):
            hidden = self.inspect(permit, "hidden_works", "2026-03-02", "2026-03-03", "pass")
            permit.with_user(self.clerk).action_close_ceilings()
            # No visit on the 3rd, the first day of the works: on the 4th in Shanghai it is missed.
            self.assertEqual(Renovation._cron_flag_missed_visits(), permit)
        self.assertEqual(hidden.date_done, date(2026, 3, 4))
        self.assertEqual(permit.date_ceilings_closed, date(2026, 3, 4))
        self.assertEqual(permit.visits_flagged_on, date(2026, 3, 4))
        with freeze_time("2026-03-05 02:00:00"):
            initial = self.inspect(permit, "initial", "2026-03-04", "2026-03-05", "fail", defects="Tiles loose")
        self.assertEqual(initial.fix_deadline, date(2026, 3, 19))
        formal = Inspection.with_user(self.engineer).create({
            "renovation_id": permit.id, "kind": "formal", "date_requested": "2026-03-09", "date_planned": "2026-03-12"})
        self.assertEqual(formal.date_due, date(2026, 3, 12))
        with freeze_time("2026-03-12 17:00:00"):
            self.assertEqual(Inspection.with_user(self.supervisor).search([("late", "=", True)]), formal)
        with freeze_time("2026-03-19 17:00:00"):
            self.assertEqual(Inspection._cron_remind_fix_overdue(), initial)
            self.assertEqual(Inspection.with_user(self.supervisor).search([("fix_overdue", "=", True)]), initial)

    def test_ren04_engineering_signs_the_deposit_receipt_at_formal_acceptance(self):
        permit = self.approved_permit_with_passes()
        permit.pass_ids.action_returned()
        with self.assertRaisesRegex(UserError, "at its formal acceptance"):
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
            with self.assertRaises(AccessError):
                self.sign(permit.with_user(self.clerk), button="action_sign_receipt")
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
        self.assertEqual(permit.receipt_signed_by_id, self.engineer)
        self.assertEqual(permit.receipt_signed_on, self.dt("2026-03-12 02:00:00"))
        self.assertTrue(permit.receipt_signature)
        with self.assertRaisesRegex(UserError, "already signed"):
            self.sign(permit.with_user(self.head), button="action_sign_receipt")
        with self.assertRaisesRegex(UserError, "buttons"):
            permit.with_user(self.manager).write({"receipt_signed_by_id": self.head.id})

    def test_ren05_refund_only_against_the_signed_receipt(self):
        permit = self.approved_permit_with_passes()
        permit.pass_ids.action_returned()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
        with freeze_time("2026-06-15 02:00:00"):
            with self.assertRaisesRegex(UserError, "only against the deposit receipt engineering signed"):
                permit.with_user(self.manager).action_approve_refund()
            self.assertEqual(permit.state, "accepted")
            self.sign(permit.with_user(self.engineer), button="action_sign_receipt")
            permit.with_user(self.manager).action_approve_refund()
        self.assertEqual((permit.state, permit.refund_approved_by_id), ("refund_approved", self.manager))

    def test_ren06_office_daily_guards_every_two_days_missed_visits_listed(self):
        permit = self.approved_permit_with_passes()
        permit.with_user(self.clerk).write({"date_start": "2026-03-02", "date_end": "2026-04-30"})
        Visit = self.env["property.renovation.visit"].with_user(self.clerk)
        Renovation = self.env["property.renovation"]
        self.assertEqual((permit.office_visit_due, permit.guard_visit_due, permit.exit_check_due),
                         (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 2)))
        with freeze_time("2026-03-02 02:00:00"):
            office = Visit.create({"renovation_id": permit.id, "kind": "office", "note": "Works as planned"})
            Visit.create({"renovation_id": permit.id, "kind": "guard"})
        self.assertEqual((office.user_id, office.date, office.day), (self.clerk, self.dt("2026-03-02 02:00:00"),
                                                                     date(2026, 3, 2)))
        self.assertEqual((permit.office_visit_due, permit.guard_visit_due), (date(2026, 3, 3), date(2026, 3, 4)))
        with freeze_time("2026-03-02 11:30:00"):
            Visit.create({"renovation_id": permit.id, "kind": "exit"})
        with freeze_time("2026-03-03 03:00:00"):
            Visit.create({"renovation_id": permit.id, "kind": "office"})
        with freeze_time("2026-03-03 11:15:00"):
            Visit.create({"renovation_id": permit.id, "kind": "exit"})
        with freeze_time("2026-03-04 01:00:00"):
            self.assertFalse(Renovation._cron_flag_missed_visits())
        # On the 5th: nobody came on the 4th — neither the office, nor the guards, nor the exit check.
        with freeze_time("2026-03-05 01:00:00"):
            self.assertEqual(Renovation._cron_flag_missed_visits(), permit)
            self.assertFalse(Renovation._cron_flag_missed_visits())
            self.assertEqual(Renovation.with_user(self.supervisor).search([("visit_overdue", "=", True)]), permit)
        visit_type = self.env.ref("property_service.mail_activity_type_renovation_visit")
        activity = permit.activity_ids.filtered(lambda a: a.activity_type_id == visit_type)
        self.assertEqual(activity.user_id, self.supervisor)
        for missed in ("renovation office visit due", "guard visit due", "worker exit check due"):
            self.assertIn(missed, activity.summary)
        # The next morning it is flagged again, with the one activity still open.
        with freeze_time("2026-03-06 01:00:00"):
            self.assertEqual(Renovation._cron_flag_missed_visits(), permit)
        self.assertEqual(len(permit.activity_ids.filtered(lambda a: a.activity_type_id == visit_type)), 1)
        # The guards' interval is a setting ([default] every 2 days).
        self.company.property_renovation_guard_days = 3
        self.assertEqual(permit.guard_visit_due, date(2026, 3, 5))

    def test_ren06_worker_exit_check_at_1900_late_workers_are_violations(self):
        permit = self.approved_permit_with_passes()
        Visit = self.env["property.renovation.visit"].with_user(self.clerk)
        late_worker = permit.pass_ids[:1]
        # 18:30 in Shanghai: too early for the exit check.
        with freeze_time("2026-03-02 10:30:00"):
            with self.assertRaisesRegex(UserError, "made at 19:00 or later"), self.env.cr.savepoint():
                Visit.create({"renovation_id": permit.id, "kind": "exit"})
        with freeze_time("2026-03-02 11:30:00"):
            check = Visit.create({"renovation_id": permit.id, "kind": "exit",
                                  "late_pass_ids": [Command.set(late_worker.ids)]})
            with self.assertRaisesRegex(UserError, "already recorded today"), self.env.cr.savepoint():
                Visit.create({"renovation_id": permit.id, "kind": "exit"})
        self.assertEqual(len(permit.visit_ids), 1)
        self.assertRecordValues(check.violation_ids, [{
            "renovation_id": permit.id, "visit": "exit", "date": date(2026, 3, 2), "state": "open",
            "name": "Workers still on site after the exit hour: Worker 1",
        }])
        # The open violation blocks the acceptance (REN-03).
        permit.pass_ids.action_returned()
        with freeze_time("2026-03-12 02:00:00"):
            with self.assertRaisesRegex(UserError, "open violations"), self.env.cr.savepoint():
                self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
        # A visit is kept as recorded, and its time is the system's.
        with self.assertRaisesRegex(UserError, "kept as recorded"):
            check.with_user(self.clerk).write({"note": "rewritten"})
        with self.assertRaisesRegex(UserError, "buttons"):
            Visit.create({"renovation_id": permit.id, "kind": "office", "date": "2026-03-01 02:00:00"})
        # The exit hour is a setting ([default] 19:00).
        self.company.property_renovation_exit_hour = 18.0
        with freeze_time("2026-03-03 10:30:00"):
            Visit.create({"renovation_id": permit.id, "kind": "exit"})
