from datetime import date

from freezegun import freeze_time

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

    def approved_permit_with_passes(self):
        permit = self.new_permit()
        permit.document_ids.write({"received": True})
        permit.with_user(self.supervisor).action_approve()
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
        with freeze_time("2026-03-06 02:00:00"):
            with self.assertRaisesRegex(UserError, "defects not yet fixed"):
                self.inspect(permit, "formal", "2026-03-02", "2026-03-06", "pass")
        with freeze_time("2026-03-09 02:00:00"):
            self.inspect(permit, "re_inspection", "2026-03-06", "2026-03-09", "pass")
        self.assertTrue(initial.fixed)
        permit.pass_ids[0].with_user(self.clerk).action_returned()
        permit.pass_ids[1].with_user(self.clerk).action_lost()
        with freeze_time("2026-03-12 02:00:00"):
            self.inspect(permit, "formal", "2026-03-09", "2026-03-12", "pass")
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
        with freeze_time("2026-07-01 02:00:00"):
            permit.with_user(self.manager).action_approve_refund()
        with self.assertRaisesRegex(UserError, "can no longer change"):
            permit.with_user(self.manager).renovation_deposit = 1.0
