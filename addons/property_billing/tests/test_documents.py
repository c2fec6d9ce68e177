import subprocess
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
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

    @staticmethod
    def page_texts(content):
        """The text of each page of a PDF (pdftotext), blanks normalised."""
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
        return [" ".join(page.split()) for page in text.decode().split("\f") if page.strip()]

    def test_batch_printing_is_one_wkhtmltopdf_call_with_the_same_pages(self):
        """Notices printed together come from one wkhtmltopdf call per chunk,
        each notice on its own pages, the same pages as printed one by one."""
        january_bill, march_bill = self.bill_two_months()
        bills = january_bill | march_bill
        report = self.env.ref("property_billing.action_report_payment_notice").with_context(force_report_rendering=True)
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "_build_wkhtmltopdf_args", autospec=True,
                          side_effect=Report._build_wkhtmltopdf_args) as calls:
            together, _kind = report._render_qweb_pdf(report.report_name, bills.ids)
        self.assertEqual(calls.call_count, 1)
        one_by_one = [page for bill in bills
                      for page in self.page_texts(report._render_qweb_pdf(report.report_name, bill.ids)[0])]
        self.assertEqual(self.page_texts(together), one_by_one)
        self.assertEqual(len(one_by_one), 2)
        self.assertIn(january_bill.name, one_by_one[0])
        self.assertIn(march_bill.name, one_by_one[1])
        # Debian's wkhtmltopdf ignores --header-html: each notice carries the company's letterhead itself.
        for page in one_by_one:
            self.assertIn(self.company.name, page)
        self.assertNotIn("Page:", " ".join(one_by_one))
        # Chunks bound wkhtmltopdf's memory: one call per chunk.
        self.env["ir.config_parameter"].sudo().set_param("property_service.report_chunk_size", 1)
        with patch.object(Report, "_build_wkhtmltopdf_args", autospec=True,
                          side_effect=Report._build_wkhtmltopdf_args) as calls:
            chunked, _kind = report._render_qweb_pdf(report.report_name, bills.ids)
        self.assertEqual(calls.call_count, 2)
        self.assertEqual(self.page_texts(chunked), one_by_one)

    def test_bil03_a_whole_month_prints_in_the_background(self):
        """Past the setting's limit the notices are printed by a scheduled job,
        a chunk per call with its progress; the PDF lands on the period and
        the user who asked is told."""
        january = self.period(2026, 1)
        with freeze_time("2026-01-26 10:00:00"):
            january.with_user(self.finance).action_bill_run()
        self.company.property_notice_print_limit = 0
        action = january.with_user(self.finance).action_print_notices()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual((january.notice_print_state, january.notice_print_user_id), ("queued", self.finance))
        with self.assertRaisesRegex(UserError, "being printed already"):
            january.with_user(self.finance).action_print_notices()
        self.env["ir.config_parameter"].sudo().set_param("property_service.report_chunk_size", 1)
        cron = self.env.ref("property_billing.ir_cron_print_notices")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Period = self.env["property.billing.period"].with_context(
            ir_cron_progress_id=progress.id, force_report_rendering=True
        )
        Period._cron_print_notices()
        self.assertEqual((progress.done, progress.remaining), (1, 1))
        self.assertEqual(january.notice_print_state, "queued")
        Period._cron_print_notices()
        self.assertEqual(january.notice_print_state, "done")
        attachment = january.notice_attachment_id
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual(attachment.name, f"Payment notices {january.name}.pdf")
        self.assertEqual(len(self.page_texts(attachment.raw)), 1)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", january._name), ("res_id", "=", january.id), ("name", "=like", "notices-part-%")]
            )
        )
        message = january.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        self.assertIn(self.finance.partner_id, message.notification_ids.res_partner_id)
        # A second run has nothing to do.
        self.assertFalse(Period._cron_print_notices())

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
