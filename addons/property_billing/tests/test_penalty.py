from datetime import date, timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.property_billing.tools import late_payment_penalty

from .common import PropertyBillingCase
from odoo import Command

DUE = date(2026, 4, 15)
RULES = {"rate": 0.0005, "grace_days": 30}


def day(n):
    """The n-th day after the due date."""
    return DUE + timedelta(days=n)


@tagged("post_install", "-at_install")
class TestPenaltyFunction(PropertyBillingCase):
    """PEN-01..04 worked examples on the one function everything calls."""

    def test_pen01_unpaid_40_days_is_20(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(40), **RULES), Decimal("20.00"))

    def test_pen03_partial_payment_lowers_base(self):
        # 1000 × 0.0005 × 9 + 400 × 0.0005 × 31 = 4.50 + 6.20 = 10.70
        self.assertEqual(late_payment_penalty(1000.00, DUE, [(day(10), 600.00)], day(40), **RULES), Decimal("10.70"))

    def test_pen03_paid_on_the_due_date_is_zero(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [(DUE, 1000.00)], day(40), **RULES), Decimal("0"))

    def test_pen02_paid_in_full_within_grace_is_zero(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [(day(25), 1000.00)], day(40), **RULES), Decimal("0"))

    def test_pen02_nothing_during_the_grace(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(30), **RULES), Decimal("0"))
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(31), **RULES), Decimal("15.50"))

    def test_pen02_start_after_the_grace_is_a_setting(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(40), start="grace", **RULES), Decimal("5.00"))

    def test_pen03_rounded_once_not_per_day(self):
        # 333.33 × 0.0005 = 0.166665 a day; per-day rounding would give 0.17 × 31 = 5.27.
        self.assertEqual(late_payment_penalty(333.33, DUE, [], day(31), **RULES), Decimal("5.17"))

    def test_pen04_optional_cap(self):
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(400), cap_percent=10, **RULES), Decimal("100.00"))
        self.assertEqual(late_payment_penalty(1000.00, DUE, [], day(400), **RULES), Decimal("200.00"))


@tagged("post_install", "-at_install")
class TestPenaltyOnBills(PropertyBillingCase):
    """The daily refresh on real invoices and payments."""

    def refresh(self):
        return self.env["account.move"]._cron_refresh_penalties()

    def test_pen03_worked_example_through_the_books(self):
        bill = self.simple_bill(1000.00, DUE)
        self.pay(bill, 600.00, day(10))
        with freeze_time(day(40)):
            refreshed = self.refresh()
        self.assertIn(bill, refreshed)
        self.assertEqual(bill.property_penalty_accrued, 10.70)
        self.assertEqual(bill.property_penalty_due, 10.70)
        # Idempotent: the same day again changes nothing.
        with freeze_time(day(40)):
            self.assertNotIn(bill, self.refresh())
        with freeze_time(day(41)):
            self.refresh()
        self.assertEqual(bill.property_penalty_accrued, 10.90)

    def test_pen02_paid_in_grace_no_penalty(self):
        bill = self.simple_bill(1000.00, DUE)
        self.pay(bill, 1000.00, day(20))
        with freeze_time(day(45)):
            self.refresh()
        self.assertEqual(bill.property_penalty_accrued, 0.0)

    def test_pen_late_recorded_payment_reverses_the_charged_penalty(self):
        bill = self.simple_bill(1000.00, DUE)
        with freeze_time(day(40)):
            self.refresh()
        self.assertEqual(bill.property_penalty_accrued, 20.00)
        # Charged on the next bill ...
        carrier = self.simple_bill(200.00, day(60))
        penalty_line = self.env["account.move"]._property_create({
            "move_type": "out_invoice", "partner_id": self.resident.id, "invoice_date": day(41),
            "property_unit_id": self.unit.id,
            "invoice_line_ids": [Command.create({"name": "Late fee", "quantity": 1, "price_unit": 20.0,
                                         "account_id": self.penalty_account.id, "tax_ids": [Command.set([])],
                                         "property_penalty_move_id": bill.id})],
        })
        penalty_line.action_post()
        self.assertEqual(bill.property_penalty_charged, 20.00)
        # ... then the bank slip shows the bill was paid on its due date.
        self.pay(bill, 1000.00, DUE)
        with freeze_time(day(42)):
            self.refresh()
        self.assertEqual(bill.property_penalty_accrued, 0.0)
        self.assertEqual(bill.property_penalty_charged, 0.0)
        reversal = bill.property_penalty_reversal_line_ids.move_id
        self.assertEqual(reversal.move_type, "out_refund")
        self.assertEqual(reversal.amount_total, 20.00)
        self.assertEqual(reversal.state, "posted")
        self.assertTrue(carrier)

    def test_pen04_no_penalty_on_a_penalty(self):
        bill = self.simple_bill(1000.00, DUE)
        penalty_invoice = self.env["account.move"]._property_create({
            "move_type": "out_invoice", "partner_id": self.resident.id, "invoice_date": day(41),
            "invoice_date_due": day(45), "property_unit_id": self.unit.id,
            "invoice_line_ids": [Command.create({"name": "Late fee", "quantity": 1, "price_unit": 20.0,
                                         "account_id": self.penalty_account.id, "tax_ids": [Command.set([])],
                                         "property_penalty_move_id": bill.id})],
        })
        penalty_invoice.action_post()
        self.assertEqual(penalty_invoice.property_principal, 0.0)
        with freeze_time(day(200)):
            self.refresh()
        self.assertEqual(penalty_invoice.property_penalty_accrued, 0.0)

    def test_pen05_waiver_needs_a_manager_and_a_reason(self):
        bill = self.simple_bill(1000.00, DUE)
        with freeze_time(day(40)):
            self.refresh()
        waiver = self.env["property.penalty.waiver"].with_user(self.finance).create({
            "move_id": bill.id, "amount": 15.0, "reason": "Hardship: resident in hospital",
        })
        with self.assertRaises(AccessError):
            waiver.with_user(self.finance).action_approve()
        with self.assertRaisesRegex(UserError, "buttons"):
            waiver.with_user(self.finance).write({"state": "approved", "approved_by_id": self.manager.id})
        # Nor are the accrued figures finance's to edit (a waiver is the way).
        with self.assertRaises(UserError):  # an AccessError is a UserError too
            bill.property_penalty_accrual_ids.with_user(self.finance).write({"amount": 0.0})
        self.assertEqual(bill.property_penalty_waived, 0.0)
        waiver.with_user(self.manager).action_approve()
        self.assertEqual(waiver.approved_by_id, self.manager)
        with self.assertRaisesRegex(UserError, "kept as decided"):
            waiver.with_user(self.finance).write({"amount": 20.0})
        self.assertEqual(bill.property_penalty_waived, 15.0)
        self.assertEqual(bill.property_penalty_due, 5.0)

    def test_pen05_hardship_reduction_flagged_and_kept(self):
        bill = self.simple_bill(1000.00, DUE)
        with freeze_time(day(40)):
            self.refresh()
        Waiver = self.env["property.penalty.waiver"].with_user(self.finance)
        waiver = Waiver.create({"move_id": bill.id, "amount": 10.0, "hardship": True,
                                "reason": "Hardship: the owner lost his job (004 §8D)"})
        waiver.with_user(self.manager).action_approve()
        # The hardship reductions are counted apart, and stay what the manager approved.
        self.assertEqual(Waiver.search([("hardship", "=", True), ("state", "=", "approved")]), waiver)
        with self.assertRaisesRegex(UserError, "kept as decided"):
            waiver.write({"hardship": False})
        self.assertEqual(bill.property_penalty_due, 10.0)

    def test_pen_charge_on_payment_setting(self):
        self.estate.penalty_charge = "on_payment"
        bill = self.simple_bill(1000.00, DUE)
        self.pay(bill, 1000.00, day(40))
        with freeze_time(day(41)):
            self.refresh()
        # Paid on day 40: the base is zero from that day on, 39 days at 1000.
        self.assertEqual(bill.property_penalty_accrued, 19.50)
        penalty_invoice = bill.property_penalty_line_ids.move_id
        self.assertEqual(penalty_invoice.amount_total, 19.50)
        self.assertEqual(bill.property_penalty_due, 0.0)
        with freeze_time(day(42)):
            self.refresh()
        self.assertEqual(len(bill.property_penalty_line_ids), 1)

    def test_cron_batches_and_resumes(self):
        self.env["ir.config_parameter"].sudo().set_param("property_service.cron_batch_size", 1)
        bills = self.simple_bill(100.0, DUE) | self.simple_bill(200.0, DUE) | self.simple_bill(300.0, DUE) \
            | self.simple_bill(400.0, DUE) | self.simple_bill(500.0, DUE)
        with freeze_time(day(40)):
            first = self.refresh()
            second = self.refresh()
        self.assertEqual(len(first), 4)
        self.assertEqual(len(second), 1)
        self.assertFalse(first & second)
        self.assertEqual(bills.mapped("property_penalty_accrued"), [2.0, 4.0, 6.0, 8.0, 10.0])
