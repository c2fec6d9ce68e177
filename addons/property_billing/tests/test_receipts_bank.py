import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.property_service.tests.common import PropertyServiceHttpCase

from .common import PropertyBillingCase


class BankCollectionMixin:

    def bank_account(self, partner, number):
        return self.env["res.partner.bank"].with_user(self.clerk).create({
            "partner_id": partner.id, "acc_number": number, "acc_holder_name": partner.name,
            "bank_id": self.env["res.bank"].create({"name": "Bank of Communications Hangzhou"}).id,
        })

    def signed_bank_collection(self, unit, partner, number):
        """MOV-03: the owner signed the bank collection agreement when he moved
        in (history: the move-in is closed through the system path)."""
        account = self.bank_account(partner, number) if number else self.env["res.partner.bank"]
        case = self.env["property.movein"].with_user(self.clerk).create(
            {"unit_id": unit.id, "partner_id": partner.id, "role": "owner"})
        agreement = case.agreement_ids.filtered("bank_collection")
        self.assertTrue(agreement, "the bank collection agreement is one of the move-in agreements")
        agreement.write({"signed": True, "bank_account_id": account.id})
        case._workflow_write({"state": "done", "date_done": date(2024, 1, 1)})
        return account


@tagged("post_install", "-at_install")
class TestBankCollection(BankCollectionMixin, PropertyBillingCase):
    """BIL-06: the weekly auto-debit list and the bank's return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.neighbour = cls.env["res.partner"].create({"name": "Wang Fang", "lang": "en_US"})
        cls.env["property.occupancy"].create(
            {"unit_id": cls.unit2.id, "partner_id": cls.neighbour.id, "role": "owner", "date_start": "2024-01-01"})
        cls.estate.collection_user_id = cls.clerk
        cls.Debit = cls.env["property.bank.debit"]

    def setUp(self):
        super().setUp()
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.bill = self.simple_bill(396.25, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.bill2 = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.neighbour.id, "invoice_date": "2026-02-25",
            "invoice_date_due": "2026-03-15", "property_unit_id": self.unit2.id,
            "invoice_line_ids": [(0, 0, {"name": "Management fee", "quantity": 1, "price_unit": 300.0,
                                         "account_id": self.fee_account.id, "tax_ids": [(6, 0, [])]})],
        })
        self.bill2.action_post()

    def test_bil06_weekly_auto_debit_file_of_the_households_that_signed(self):
        """Each Monday the households that signed the bank collection agreement
        (MOV-03) are listed with their unpaid bills, as the xlsx the bank's
        batch debit takes; the one that did not sign is not; a rerun adds
        nothing, and a household waiting for the bank is never listed twice."""
        self.signed_bank_collection(self.unit, self.resident, "6222021202004567891")
        with freeze_time("2026-03-02 01:00:00"):
            debit = self.Debit._cron_weekly_lists()
            self.assertFalse(self.Debit._cron_weekly_lists())
        self.assertEqual(len(debit), 1)
        self.assertEqual((debit.estate_id, debit.date, debit.state), (self.estate, date(2026, 3, 2), "ready"))
        self.assertEqual(debit.line_ids.unit_id, self.unit)
        self.assertEqual((debit.line_ids.move_ids, debit.line_ids.amount), (self.bill, 396.25))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(debit.attachment_id.datas)))
        rows = list(sheet.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)
        # The account number is text: a 19-digit number would lose its last digits in a spreadsheet.
        self.assertEqual(rows[1][:6], (1, "6222021202004567891", "Zhang Wei", "Bank of Communications Hangzhou",
                                       396.25, self.currency.name))
        self.assertIn(self.bill.name, rows[1][8])
        self.assertEqual(sheet.worksheets[1]["B7"].value, 396.25)
        self.assertTrue(debit.attachment_id.name.endswith(".xlsx"))
        # Finance's button, the same week: nothing new to debit (the bill waits for the bank).
        with freeze_time("2026-03-03 02:00:00"), self.assertRaisesRegex(UserError, "No household to debit"):
            self.Debit.with_user(self.finance).action_make_lists()
        with self.assertRaises(AccessError):
            self.Debit.with_user(self.clerk).action_make_lists()
        # The list is the system's: neither its households nor its state are written by hand.
        with self.assertRaisesRegex(UserError, "buttons"):
            debit.line_ids.with_user(self.finance).write({"amount": 1.0})
        with self.assertRaisesRegex(UserError, "buttons"):
            debit.with_user(self.finance).write({"state": "done"})

    def test_bil06_failed_debit_phones_the_clerk_and_a_debit_made_is_paid(self):
        """The bank's return, recorded by finance: the debit made registers the
        payment against the bill; the failed one needs the bank's reason and
        gives the fees clerk a phone call to the household."""
        self.signed_bank_collection(self.unit, self.resident, "6222021202004567891")
        self.signed_bank_collection(self.unit2, self.neighbour, "6222021202009876543")
        with freeze_time("2026-03-02 01:00:00"):
            debit = self.Debit._cron_weekly_lists()
        paid, failed = (debit.line_ids.filtered(lambda line, unit=unit: line.unit_id == unit)
                        for unit in (self.unit, self.unit2))
        with self.assertRaisesRegex(UserError, "send the list first"):
            paid.with_user(self.finance).action_debit_paid()
        debit.with_user(self.finance).action_mark_sent()
        self.assertEqual((debit.state, debit.sent_by_id), ("sent", self.finance))
        with self.assertRaises(AccessError):
            paid.with_user(self.clerk).action_debit_paid()
        with freeze_time("2026-03-05 03:00:00"):
            paid.with_user(self.finance).action_debit_paid()
        self.assertEqual((paid.state, paid.result_date), ("paid", date(2026, 3, 5)))
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(paid.payment_id.amount, 396.25)
        self.assertTrue(paid.payment_id.property_receipt)
        # A failed debit needs the bank's reason.
        with self.assertRaisesRegex(UserError, "reason"):
            failed.with_user(self.finance).action_debit_failed()
        failed.with_user(self.finance).failure_reason = "funds"
        with freeze_time("2026-03-05 03:00:00"):
            failed.with_user(self.finance).action_debit_failed()
        self.assertEqual(failed.state, "failed")
        self.assertEqual(self.bill2.payment_state, "not_paid")
        call = self.unit2.activity_ids
        self.assertEqual((call.user_id, call.activity_type_id),
                         (self.clerk, self.env.ref("mail.mail_activity_data_call")))
        self.assertIn("Wang Fang", call.summary)
        self.assertIn("300.00", call.summary)
        self.assertIn("Insufficient funds", call.summary)
        self.assertEqual(debit.state, "done")
        self.assertEqual(debit.failed_count, 1)
        # What the bank answered is kept.
        with self.assertRaisesRegex(UserError, "kept"):
            failed.with_user(self.finance).write({"failure_reason": "closed"})
        # The failed household is on the next week's list again.
        with freeze_time("2026-03-09 01:00:00"):
            self.assertEqual(self.Debit._cron_weekly_lists().line_ids.unit_id, self.unit2)


    def test_bil06_the_whole_amount_the_bank_took_is_booked_a_surplus_stays_as_credit(self):
        """The bank debits what the list says; should the household have paid
        part at the office meanwhile, the whole amount the bank took is still
        booked: the bill is paid, the surplus stays as the household's
        outstanding credit, and finance is given a to-do to apply or refund it."""
        self.signed_bank_collection(self.unit, self.resident, "6222021202004567891")
        with freeze_time("2026-03-02 01:00:00"):
            debit = self.Debit._cron_weekly_lists()
        debit.with_user(self.finance).action_mark_sent()
        self.pay(self.bill, 100.0, date(2026, 3, 3))
        with freeze_time("2026-03-05 03:00:00"):
            debit.line_ids.with_user(self.finance).action_debit_paid()
        payment = debit.line_ids.payment_id
        self.assertEqual(payment.amount, 396.25)
        self.assertIn(self.bill.payment_state, ("paid", "in_payment"))
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertEqual(receivable.amount_residual, -100.0)
        todo = debit.activity_ids
        self.assertEqual(todo.user_id, self.finance)
        self.assertIn(self.currency.format(100.0), todo.summary)
        self.assertIn(self.unit.display_name, todo.summary)

    def test_bil06_only_the_account_the_agreement_names_is_debited(self):
        """The bank debits the account the signed agreement names, the
        household's own: never another account on record (a household whose
        agreement names none is left out, and named); an account of someone
        else is refused, whatever the client; a change of account is kept on
        the move-in's chatter."""
        self.bank_account(self.resident, "6222021202000000001")  # on record, but not the agreement's
        self.signed_bank_collection(self.unit, self.resident, None)
        mine = self.signed_bank_collection(self.unit2, self.neighbour, "6222021202009876543")
        with freeze_time("2026-03-02 01:00:00"):
            debit = self.Debit._cron_weekly_lists()
        self.assertEqual(debit.line_ids.unit_id, self.unit2)
        self.assertEqual(debit.line_ids.bank_account_id, mine)
        self.assertTrue(debit.message_ids.filtered(
            lambda message: f"No account named in the bank collection agreement of {self.unit.display_name}"
            in message.body))
        agreement = self.env["property.movein.agreement"].search(
            [("movein_id.unit_id", "=", self.unit2.id), ("bank_collection", "=", True)])
        with self.assertRaisesRegex(ValidationError, "belongs to Zhang Wei"), self.env.cr.savepoint():
            agreement.with_user(self.clerk).write({"bank_account_id": self.resident.bank_ids[0].id})
        new = self.bank_account(self.neighbour, "6222021202001111111")
        agreement.with_user(self.clerk).write({"bank_account_id": new.id})
        note = agreement.movein_id.message_ids.filtered(lambda message: "account debited" in message.body)[:1]
        self.assertIn("6222021202009876543 → 6222021202001111111", note.body)
        self.assertEqual(note.author_id, self.clerk.partner_id)

    def test_bil06_weekly_list_on_the_estates_monday(self):
        """The job runs at 17:00 UTC on Sunday: in the estate it is Monday, a
        new week, whose list is made (dated the estate's Monday)."""
        self.signed_bank_collection(self.unit, self.resident, "6222021202004567891")
        with freeze_time("2026-03-01 17:00:00"):
            debit = self.Debit._cron_weekly_lists()
        self.assertEqual(debit.date, date(2026, 3, 2))
        with freeze_time("2026-03-01 17:05:00"):
            debit.with_user(self.finance).action_mark_sent()
        debit.line_ids.with_user(self.finance).failure_reason = "funds"
        with freeze_time("2026-03-05 16:30:00"):
            debit.line_ids.with_user(self.finance).action_debit_failed()
        self.assertEqual((debit.sent_on, debit.line_ids.result_date), (date(2026, 3, 2), date(2026, 3, 6)))
        with freeze_time("2026-03-08 17:00:00"):
            again = self.Debit._cron_weekly_lists()
        self.assertEqual((again.date, again.line_ids.move_ids), (date(2026, 3, 9), self.bill))


@tagged("post_install", "-at_install")
class TestBankListLock(BankCollectionMixin, PropertyBillingCase):
    """BIL-06: one list at a time per estate, whoever makes it."""

    def test_bil06_an_estate_whose_list_another_transaction_is_making_is_left_to_it(self):
        """Finance's button and the weekly job (or two clicks) at once: the
        second meets the estate's lock — a button's request fails at once
        (Odoo retries it, and it then finds the bills on the first list);
        the job leaves that estate to the other and makes the others'."""
        simple = self.simple_bill(396.25, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.signed_bank_collection(self.unit, self.resident, "6222021202004567891")
        # An estate of the database (committed, so another connection sees it).
        busy = self.env["property.estate"].search([("id", "not in", (self.estate | self.other_estate).ids)], limit=1)
        self.assertTrue(busy)
        Debit = self.env["property.bank.debit"]
        with self.registry.cursor() as other:
            other.execute("SELECT id FROM property_estate WHERE id = %s FOR NO KEY UPDATE", [busy.id])
            with self.assertRaises(errors.LockNotAvailable), self.env.cr.savepoint():
                Debit._make_list(busy)
            with freeze_time("2026-03-02 01:00:00"):
                debits = Debit._cron_weekly_lists()
            other.rollback()
        self.assertNotIn(busy, debits.estate_id)
        mine = debits.filtered(lambda debit: debit.estate_id == self.estate)
        self.assertEqual(mine.line_ids.move_ids, simple)
        self.assertEqual(self.estate.bank_debit_last_id, mine)


@tagged("post_install", "-at_install")
class TestReceipt(PropertyBillingCase, PropertyServiceHttpCase):
    """BIL-06: a receipt (收据) for each payment, printed from the payment."""

    def test_bil06_receipt_of_a_payment_in_chinese_with_the_amount_in_capitals(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_billing"], ["zh_CN"])
        self.resident.lang = "zh_CN"
        bill = self.simple_bill(396.25, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        payment = self.pay(bill, 396.25, date(2026, 3, 10))
        self.assertTrue(payment.property_receipt)
        self.assertEqual((payment.property_estate_id, payment.property_unit_ids), (self.estate, self.unit))
        action = payment.with_user(self.finance).action_print_property_receipt()
        self.assertEqual(action["report_name"], "property_billing.report_property_receipt")
        # Printed by finance, with finance's rights (not the superuser's).
        report = self.env.ref("property_billing.action_report_property_receipt").with_user(self.finance)
        html = report._render_qweb_html(report.report_name, payment.ids)[0].decode()
        self.assertIn("收据", html)
        self.assertIn("叁佰玖拾陆元贰角伍分", html)
        self.assertIn(bill.name, html)
        self.assertIn(self.unit.display_name, html)
        self.assertIn(self.company.name, html)
        self.assertNotIn("Receipt no.", html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, payment.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Money paid out is no household's payment: no receipt.
        refund = self.env["account.payment"].create({
            "payment_type": "outbound", "partner_type": "customer", "partner_id": self.resident.id,
            "amount": 10.0, "journal_id": self.bank_journal.id,
        })
        refund.action_post()
        with self.assertRaisesRegex(UserError, "receipt"):
            refund.with_user(self.finance).action_print_property_receipt()
