from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestDeposits(PropertyBillingCase):

    def setUp(self):
        super().setUp()
        self.env["property.deposit.rate"].create({
            "estate_id": self.estate.id, "usage": "residential",
            "renovation_deposit": 2000.0, "utility_deposit": 500.0, "pass_deposit": 50.0,
        })
        permit = self.env["property.renovation"].with_user(self.clerk).create({
            "unit_id": self.unit.id, "partner_id": self.resident.id, "works": "Kitchen",
            "date_start": "2026-01-05", "date_end": "2026-02-28",
        })
        permit.document_ids.write({"received": True})
        permit.with_user(self.supervisor).action_approve()
        self.env["property.renovation.pass"].create([
            {"renovation_id": permit.id, "name": f"P-{n}", "worker_name": f"W{n}", "worker_id_number": str(n),
             "id_copy_received": True} for n in (1, 2)
        ])
        self.permit = permit

    def receive_deposits(self):
        self.permit.with_user(self.finance).action_invoice_deposits()
        invoice = self.permit.deposit_move_ids
        self.pay(invoice, invoice.amount_total, "2026-01-05")
        return invoice

    def accept(self):
        self.permit.pass_ids[0].action_returned()
        self.permit.pass_ids[1].action_lost()
        # REN-03: no formal inspection before the hidden works were inspected, or marked as none.
        self.permit.with_user(self.engineer).action_mark_no_hidden_works()
        inspection = self.env["property.renovation.inspection"].create(
            {
                "renovation_id": self.permit.id,
                "kind": "formal",
                "date_requested": "2026-03-09",
                "date_planned": "2026-03-12",
            }
        )
        with freeze_time("2026-03-12 02:00:00"):
            inspection.action_pass()
            # REN-04/05: engineering signs the deposit receipt the refund is made against.
            self.sign(self.permit.with_user(self.engineer), button="action_sign_receipt")

    def test_dep01_deposits_are_a_liability_never_income(self):
        invoice = self.receive_deposits()
        self.assertEqual(invoice.amount_total, 2600.0)
        self.assertEqual(set(invoice.invoice_line_ids.account_id.mapped("account_type")), {"liability_current"})
        self.assertEqual(invoice.invoice_line_ids.account_id, self.deposit_account)
        self.assertEqual(self.permit.deposit_received, 2600.0)
        # A pass issued later is invoiced on its own.
        self.env["property.renovation.pass"].create(
            {
                "renovation_id": self.permit.id,
                "name": "P-3",
                "worker_name": "W3",
                "worker_id_number": "3",
                "id_copy_received": True,
            }
        )
        self.permit.with_user(self.finance).action_invoice_deposits()
        self.assertEqual(len(self.permit.deposit_move_ids), 2)
        self.assertEqual(self.permit.deposit_move_ids[-1:].amount_total, 50.0)

    def test_dep01_other_deposits_are_held_the_same_way(self):
        self.permit.with_user(self.clerk).write({"other_deposit": 80.0, "other_deposit_note": "Tarpaulin lent"})
        self.assertEqual(self.permit.deposit_total, 2680.0)
        invoice = self.receive_deposits()
        self.assertEqual(invoice.amount_total, 2680.0)
        line = invoice.invoice_line_ids.filtered(lambda line: "Tarpaulin" in line.name)
        self.assertEqual((line.price_total, line.account_id), (80.0, self.deposit_account))

    def test_dep02_manager_approved_refund_is_posted_with_deductions(self):
        self.receive_deposits()
        self.accept()
        self.env["property.renovation.violation"].with_user(self.clerk).create({
            "renovation_id": self.permit.id, "name": "Damaged lift wall panel", "category": "damage",
            "deduction": 300.0,
        }).action_resolve()
        with freeze_time("2026-06-12 02:00:00"):
            with self.assertRaises(AccessError):
                self.permit.with_user(self.finance).action_approve_refund()
            self.assertFalse(self.permit.refund_move_id)
            self.permit.with_user(self.manager).action_approve_refund()
        # 2600 held − 50 lost pass − 300 damage = 2250 refunded.
        self.assertEqual(self.permit.refund_amount, 2250.0)
        refund = self.permit.refund_move_id
        self.assertEqual((refund.move_type, refund.state, refund.amount_total), ("out_refund", "posted", 2250.0))
        self.assertEqual(refund.invoice_line_ids.account_id, self.deposit_account)
        self.assertIn(refund.payment_state, ("paid", "in_payment"))
        payment = self.permit.refund_payment_id
        self.assertEqual(
            (payment.payment_type, payment.amount, payment.partner_id), ("outbound", 2250.0, self.resident)
        )
        deduction = self.permit.deduction_move_id
        income = deduction.line_ids.filtered(lambda line: line.account_id == self.deduction_account)
        self.assertEqual(sorted(income.mapped("credit")), [50.0, 300.0])
        self.assertIn("Damaged lift wall panel", " ".join(income.mapped("name")))
        self.assertEqual(deduction.line_ids.filtered(lambda line: line.account_id == self.deposit_account).debit, 350.0)
        # The liability is back to zero for this permit.
        liability = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.deposit_account.id),
                ("parent_state", "=", "posted"),
                ("partner_id", "=", self.resident.id),
            ]
        )
        self.assertAlmostEqual(sum(liability.mapped("balance")), 0.0)

    def test_refund_more_than_held_is_refused(self):
        invoice = self.permit.with_user(self.finance).action_invoice_deposits() and self.permit.deposit_move_ids
        self.pay(invoice, 1000.0, "2026-01-05")
        self.accept()
        with freeze_time("2026-06-12 02:00:00"):
            with self.assertRaisesRegex(UserError, "only .*1,000.00"), self.env.cr.savepoint():
                self.permit.with_user(self.manager).action_approve_refund()
        self.assertEqual(self.permit.state, "accepted")
        self.assertFalse(self.permit.refund_move_id)
