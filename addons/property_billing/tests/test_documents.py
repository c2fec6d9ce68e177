from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.property_service.tests.common import PropertyServiceHttpCase

from .common import PropertyBillingCase


class BillingDocumentsMixin:

    def bill_two_months(self):
        january = self.period(2026, 1)
        with freeze_time("2026-01-26 10:00:00"):
            january.with_user(self.finance).action_bill_run()
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
        return self.bill_of(january), self.bill_of(march)


@tagged("post_install", "-at_install")
class TestPaymentNotice(BillingDocumentsMixin, PropertyBillingCase, PropertyServiceHttpCase):

    def test_bil03_bil08_payment_notice(self):
        january_bill, march_bill = self.bill_two_months()
        report = self.env.ref("property_billing.action_report_payment_notice")
        with freeze_time("2026-03-27 10:00:00"):
            self.env["account.move"]._cron_refresh_penalties()
            values = march_bill._payment_notice_values()
            html = report._render_qweb_html(report.report_name, march_bill.ids)[0].decode()
        self.assertEqual(values["earlier"], january_bill)
        # Jan unpaid 396.25 + its late fee to 27 March (40 days: 7.93, of which 7.53 already on the March bill)
        # + March bill
        self.assertEqual(values["penalties"][january_bill], 0.40)
        # One figure for the late fee to date: the notice, the bill and the household show the same.
        self.assertEqual(january_bill.property_penalty_due, 0.40)
        self.assertEqual(january_bill.property_unit_id.penalty_due, 0.40)
        self.assertEqual(values["penalty_date"], date(2026, 3, 27))
        self.assertEqual(values["total"], round(396.25 + 0.40 + march_bill.amount_residual, 2))
        self.assertIn(january_bill.name, html)
        self.assertIn(march_bill.currency_id._amount_to_cn_capitals(values["total"]), html)
        self.assertIn(march_bill.currency_id.with_context(lang="en_US").amount_to_text(values["total"]), html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, (january_bill | march_bill).ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_paid_bill_notice_says_so_in_the_residents_language(self):
        """A paid bill's notice says it is paid, in the resident's Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_billing"], ["zh_CN"])
        self.resident.lang = "zh_CN"
        january_bill, _march_bill = self.bill_two_months()
        self.pay(january_bill, january_bill.amount_total, date(2026, 2, 10))
        report = self.env.ref("property_billing.action_report_payment_notice")
        html = report._render_qweb_html(report.report_name, january_bill.ids)[0].decode()
        self.assertIn("交款通知书", html)
        self.assertIn("本账单已付清", html)
        self.assertIn("o_paid_row", html)
        self.assertNotIn("Payment notice", html)

    def test_slip_reconciliation_ties_out(self):
        with freeze_time("2026-02-20 03:00:00"):
            _request, billed_slip = self.finished_repair()
        with freeze_time("2026-02-27 03:00:00"):
            _request, pending_slip = self.finished_repair()
        period = self.period(2026, 2)
        with freeze_time("2026-02-28 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        export = self.env["property.billing.export"].with_user(self.finance).create(
            {"kind": "slips", "estate_id": self.estate.id, "period_id": period.id})
        rows, invoiced = period.with_user(self.finance)._slip_reconciliation()
        status = {slip: (state, amount) for slip, state, _bill, amount in rows}
        self.assertEqual(status[billed_slip], ("billed", 30.0))
        self.assertEqual(status[pending_slip], ("pending", 30.0))
        self.assertEqual(invoiced, sum(amount for _s, state, _b, amount in rows if state == "billed"))
        # The same slips, in Odoo: billed ones carry their bill.
        action = period.with_user(self.finance).action_view_slip_reconciliation()
        slips = self.env["property.repair.slip"].with_user(self.finance).search(action["domain"])
        self.assertEqual(slips, billed_slip | pending_slip)
        self.assertEqual(
            billed_slip.invoice_id, period.invoice_ids.filtered(lambda m: m.partner_id == billed_slip.partner_id)
        )
        self.assertEqual(export.action_export()["type"], "ir.actions.act_url")
        self.assertTrue(export.file)

    def test_dunning_notice_in_words(self):
        bill = self.simple_bill(1234.56, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        with freeze_time("2026-03-16"):
            reminder = self.env["property.dunning"]._cron_make_reminders()
        self.assertEqual(reminder.move_ids, bill)
        report = self.env.ref("property_billing.action_report_dunning")
        html = report._render_qweb_html(report.report_name, reminder.ids)[0].decode()
        self.assertIn("壹仟贰佰叁拾肆元伍角陆分", html)
