import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.property_service.tests.common import PortalResidentsMixin

from .common import PropertyBillingCase


class PortalBillsMixin(PortalResidentsMixin):
    """The portal's two households (Zhang Wei owns 0201 where Li Na rents,
    Wang Fang owns 0202), billed at 0.05 % a day from the due date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.estate.write({"penalty_rate": 0.05, "penalty_grace_days": 0, "penalty_start": "due"})
        cls.today = cls.estate._local_today()

    def two_line_bill(self, due, partner=None, unit=None):
        """A posted bill of 600.00 management fee and 400.00 parking."""
        bill = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": (partner or self.resident).id,
            "invoice_date": due - timedelta(days=20), "invoice_date_due": due,
            "property_unit_id": (unit or self.unit).id,
            "invoice_line_ids": [
                Command.create({"name": "Management fee", "quantity": 1, "price_unit": 600.0,
                                "account_id": self.fee_account.id, "tax_ids": [Command.set([])]}),
                Command.create({"name": "Parking", "quantity": 1, "price_unit": 400.0,
                                "account_id": self.fee_account.id, "tax_ids": [Command.set([])]}),
            ],
        })
        bill.action_post()
        return bill


@tagged("post_install", "-at_install")
class TestPortalBills(PortalBillsMixin, PropertyBillingCase, HttpCase):

    def test_portal_bills_go_to_the_owner_only(self):
        bill = self.two_line_bill(self.today + timedelta(days=10))
        other = self.two_line_bill(self.today + timedelta(days=10), partner=self.neighbour, unit=self.unit2)
        self.login(self.resident)
        page = self.url_open(f"/my/invoices/{bill.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Your bill explained", page.text)
        self.assertIn(bill.name, self.url_open("/my/invoices").text)
        self.assertNotIn(other.name, self.url_open("/my/invoices").text)
        notice = self.url_open(f"/my/invoices/{bill.id}/notice")
        self.assertEqual(notice.status_code, 404, "a bill outside a billing period has no payment notice")
        # Another household's bill, its PDF and a guessed id answer the same 404.
        for url in (f"/my/invoices/{other.id}", f"/my/invoices/{other.id}?report_type=pdf",
                    f"/my/invoices/{other.id}/notice", f"/my/invoices/{other.id + 1000}"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        # The tenant sees the home's requests, not the owner's bills.
        self.login(self.tenant)
        self.assertEqual(self.url_open(f"/my/invoices/{bill.id}").status_code, 404)
        self.assertNotIn(bill.name, self.url_open("/my/invoices").text)

    def test_pen03_late_fee_explained_on_the_portal(self):
        """The worked example: 1,000.00 unpaid 9 days, 400.00 for 31 days."""
        due = self.today - timedelta(days=40)
        bill = self.two_line_bill(due)
        self.pay(bill, 600.0, due + timedelta(days=10))
        self.login(self.resident)
        page = self.url_open(f"/my/invoices/{bill.id}").text
        self.assertIn("1,000.00 × 9 days + 400.00 × 31 days × 0.05 % = 10.70", page)
        explained = bill._property_penalty_explained(self.today)[bill]
        self.assertEqual(float(explained["penalty"]), bill._property_penalty_at(self.today)[bill])

    def test_bil05_resident_disputes_a_line_in_time(self):
        bill = self.two_line_bill(self.today + timedelta(days=10))
        parking = bill.invoice_line_ids.filtered(lambda line: line.name == "Parking")
        self.login(self.resident)
        csrf = http.Request.csrf_token(self)
        reply = self.url_open(f"/my/invoices/{bill.id}/dispute", allow_redirects=False,
                              data={"csrf_token": csrf, "line_id": parking.id, "reason": "I have no car"})
        self.assertEqual(reply.status_code, 303, reply.text[:300])
        dispute = bill.property_dispute_ids
        self.assertRecordValues(dispute, [{"line_id": parking.id, "amount": 400.0, "state": "open",
                                           "consent": False, "reason": "I have no car"}])
        self.assertTrue(dispute.activity_ids, "finance is asked to decide")
        self.assertIn("I have no car", self.url_open(f"/my/invoices/{bill.id}").text)
        # Twice the same line, an empty reason, a line of another bill: refused, nothing saved.
        for data, message in (({"line_id": parking.id, "reason": "again"}, "disputed already"),
                              ({"line_id": parking.id, "reason": "  "}, "Say what is wrong"),
                              ({"line_id": 999999, "reason": "x"}, "Choose a line of this bill")):
            reply = self.url_open(f"/my/invoices/{bill.id}/dispute", data={"csrf_token": csrf, **data})
            self.assertEqual(reply.status_code, 400)
            self.assertIn(message, reply.text)
        self.assertEqual(len(bill.property_dispute_ids), 1)

    def test_bil05_dispute_too_late_refused_with_the_reason(self):
        bill = self.two_line_bill(self.today + timedelta(days=3))
        other = self.two_line_bill(self.today + timedelta(days=10), partner=self.neighbour, unit=self.unit2)
        self.login(self.resident)
        csrf = http.Request.csrf_token(self)
        reply = self.url_open(f"/my/invoices/{bill.id}/dispute",
                              data={"csrf_token": csrf, "line_id": bill.invoice_line_ids[0].id, "reason": "Too high"})
        self.assertEqual(reply.status_code, 400)
        self.assertIn("at least 5 days before its due date", reply.text)
        self.assertFalse(bill.property_dispute_ids)
        # Another household's bill cannot be disputed.
        reply = self.url_open(f"/my/invoices/{other.id}/dispute",
                              data={"csrf_token": csrf, "line_id": other.invoice_line_ids[0].id, "reason": "x"})
        self.assertEqual(reply.status_code, 404)
        self.assertFalse(other.property_dispute_ids)


@tagged("post_install", "-at_install")
class TestResidentPaysOnline(PortalBillsMixin, PropertyBillingCase, HttpCase):
    """Pay online through Odoo's payment providers (payment_demo in tests)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "is_published": True, "company_id": cls.env.company.id})
        cls.method = cls.env.ref("payment_demo.payment_method_demo")

    def transaction(self, bill, access_token):
        """The payment form's call that opens a transaction for the bill."""
        return self.url_open(
            f"/invoice/transaction/{bill.id}",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "access_token": access_token, "provider_id": self.provider.id,
                "payment_method_id": self.method.id, "token_id": None, "amount": bill.amount_residual,
                "flow": "direct", "tokenization_requested": False, "landing_route": bill.get_portal_url()}}),
            headers={"Content-Type": "application/json"},
        ).json()

    def test_pen03_resident_pays_an_overdue_bill_on_his_phone_and_the_late_fee_stops(self):
        bill = self.two_line_bill(self.today - timedelta(days=20))
        # 1,000.00 × 20 days × 0.05 % = 10.00 to date.
        self.assertEqual(bill._property_penalty_at(self.today)[bill], 10.0)
        self.start_tour("/my/invoices", "property_billing_resident_pays", login=self.resident.user_ids.login,
                        timeout=120)
        transaction = bill.transaction_ids
        self.assertRecordValues(transaction, [{"state": "done", "provider_id": self.provider.id,
                                               "partner_id": self.resident.id, "amount": 1000.0}])
        self.assertEqual(bill.amount_residual, 0.0)
        self.assertIn(bill.payment_state, ("in_payment", "paid"))
        # Paid today on the estate's calendar, whatever the hour in UTC.
        self.assertEqual(transaction.payment_id.date, self.today)
        # PEN-03: the late fee stops from the payment's date, which bears none:
        # 1,000.00 × 19 days × 0.05 % = 9.50, and a month later the same.
        self.assertEqual(bill._property_penalty_at(self.today + timedelta(days=30))[bill], 9.5)

    def test_resident_cannot_pay_another_households_bill(self):
        other = self.two_line_bill(self.today + timedelta(days=10), partner=self.neighbour, unit=self.unit2)
        self.login(self.resident)
        for token in ("", "guessed-token"):
            reply = self.transaction(other, token)
            self.assertIn("The access token is invalid", reply["error"]["data"]["message"])
        self.assertFalse(other.transaction_ids, "nothing is opened for another household's bill")
        # The pay page of another household's bill answers like any bill he cannot see.
        self.assertEqual(self.url_open(f"/my/invoices/{other.id}?payment=True").status_code, 404)
        # His own bill opens a transaction in his name.
        own = self.two_line_bill(self.today + timedelta(days=10))
        reply = self.transaction(own, own._portal_ensure_token())
        self.assertNotIn("error", reply, reply)
        self.assertEqual(own.transaction_ids.partner_id, self.resident)


@tagged("post_install", "-at_install")
class TestDisputePenalty(PortalBillsMixin, PropertyBillingCase):

    def test_pen03_late_fee_explained_on_the_payment_notice(self):
        due = self.today - timedelta(days=40)
        old = self.two_line_bill(due)
        self.pay(old, 600.0, due + timedelta(days=10))
        Move = self.env["account.move"]
        for _batch in range(10):
            if not Move._cron_refresh_penalties():
                break
        self.assertEqual(old.property_penalty_accrued, 10.70)
        new = self.two_line_bill(self.today + timedelta(days=10))
        html = self.env["ir.actions.report"].with_user(self.finance)._render_qweb_html(
            "property_billing.report_payment_notice", new.ids)[0].decode()
        self.assertIn("1,000.00 × 9 days + 400.00 × 31 days × 0.05 % = 10.70", html)

    def test_bil05_no_late_fee_on_a_disputed_amount_with_consent_as_finance(self):
        due = fields.Date.to_date("2026-05-15")
        with freeze_time("2026-05-08 02:00:00"):
            bill = self.two_line_bill(due)
            parking = bill.invoice_line_ids.filtered(lambda line: line.name == "Parking")
            dispute = self.env["property.bill.dispute"].with_user(self.resident.user_ids)._portal_raise(
                bill.with_user(self.resident.user_ids), parking.id, "I have no car")
        dispute = dispute.with_user(self.finance)
        # Without consent the whole bill bears the fee: 1,000.00 × 40 days × 0.05 %.
        self.assertEqual(bill._property_penalty_at(due + timedelta(days=40))[bill], 20.0)
        with freeze_time("2026-05-09 02:00:00"):
            dispute.action_consent()
        # Consent: the 400.00 bears nothing while the dispute is open.
        self.assertEqual(bill._property_penalty_at(due + timedelta(days=40))[bill], 12.0)
        with freeze_time("2026-06-04 02:00:00"):  # 20 days after the due date
            with self.assertRaisesRegex(Exception, "Write the decision"):
                dispute.action_reject()
            dispute.decision = "The parking space is rented in your name."
            dispute.action_reject()
        # Rejected: the 400.00 bears the fee again from the day after the decision.
        # 600.00 × 40 + 400.00 × 20 days × 0.05 % = 16.00
        self.assertEqual(bill._property_penalty_at(due + timedelta(days=40))[bill], 16.0)
        text = bill._property_penalty_text(bill._property_penalty_explained(due + timedelta(days=40))[bill])
        self.assertEqual(text, "600.00 × 20 days + 1,000.00 × 20 days × 0.05 % = 16.00")

    def test_bil05_dispute_raised_too_late_refused_as_finance(self):
        due = fields.Date.to_date("2026-05-15")
        with freeze_time("2026-05-11 02:00:00"):
            bill = self.two_line_bill(due)
            with self.assertRaisesRegex(ValidationError, "at least 5 days before its due date"):
                self.env["property.bill.dispute"].with_user(self.finance).create({
                    "move_id": bill.id, "line_id": bill.invoice_line_ids[0].id, "reason": "Too high"})

    def test_bil05_decision_only_by_its_buttons(self):
        due = fields.Date.to_date("2026-05-15")
        with freeze_time("2026-05-01 02:00:00"):
            bill = self.two_line_bill(due)
            dispute = self.env["property.bill.dispute"].with_user(self.finance).create({
                "move_id": bill.id, "line_id": bill.invoice_line_ids[0].id, "reason": "Too high"})
        for vals in ({"state": "upheld"}, {"consent": True}, {"date_raised": "2026-04-01 00:00:00"}):
            with self.assertRaises(Exception):
                dispute.with_user(self.finance).write(vals)
        # Defaults are closed too: no context key gives the consent.
        with freeze_time("2026-05-01 02:00:00"):
            other = self.env["property.bill.dispute"].with_user(self.finance).with_context(
                default_consent=True, default_state="upheld").create({
                    "move_id": bill.id, "line_id": bill.invoice_line_ids[1].id, "reason": "x"})
        self.assertRecordValues(other, [{"consent": False, "state": "open"}])
