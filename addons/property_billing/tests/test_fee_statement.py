from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestFeeStatement(PropertyBillingCase):

    def test_sat04_fee_income_and_spending_from_the_books_printed_for_the_owners(self):
        plan = self.env["account.analytic.plan"].create({"name": "Estates"})
        centre = self.env["account.analytic.account"].create({"name": "Green Lake", "plan_id": plan.id})
        other = self.env["account.analytic.account"].create({"name": "Cloud Hill", "plan_id": plan.id})
        self.estate.analytic_account_id = centre
        # Income: two bills of the period (1,000.00 and 250.00), a credit note of 50.00; one bill outside it.
        self.simple_bill(1000.0, date(2026, 3, 15), invoice_date=date(2026, 3, 1))
        self.simple_bill(250.0, date(2026, 4, 15), invoice_date=date(2026, 4, 1))
        self.simple_bill(999.0, date(2025, 12, 15), invoice_date=date(2025, 12, 1))
        refund = self.env["account.move"].create({
            "move_type": "out_refund", "partner_id": self.resident.id, "invoice_date": date(2026, 4, 2),
            "property_unit_id": self.unit.id,
            "invoice_line_ids": [Command.create({"name": "Management fee refund", "quantity": 1, "price_unit": 50.0,
                                                 "account_id": self.fee_account.id, "tax_ids": [Command.set([])]})],
        })
        refund.action_post()
        # Spending: the cleaning contractor's bill of 300.00 for the estate, a 200.00 one shared 60/40 with
        # Cloud Hill, and 80.00 booked for Cloud Hill only.
        expense = self.env["account.account"].search([("account_type", "=", "expense"),
                                                      ("company_ids", "in", self.env.company.ids)], limit=1)
        vendor = self.env["res.partner"].create({"name": "Clean Co."})

        def purchase(amount, distribution):
            bill = self.env["account.move"].create({
                "move_type": "in_invoice", "partner_id": vendor.id, "invoice_date": date(2026, 3, 31),
                "invoice_line_ids": [Command.create({"name": "Cleaning", "quantity": 1, "price_unit": amount,
                                                     "account_id": expense.id, "tax_ids": [Command.set([])],
                                                     "analytic_distribution": distribution})],
            })
            bill.action_post()

        purchase(300.0, {str(centre.id): 100})
        purchase(200.0, {str(centre.id): 60, str(other.id): 40})
        purchase(80.0, {str(other.id): 100})
        Statement = self.env["property.fee.statement"].with_user(self.finance)
        figures = Statement._statement(self.estate, date(2026, 1, 1), date(2026, 6, 30))
        self.assertEqual(figures["total_income"], 1200.0)
        self.assertEqual(figures["income"], [(self.fee_account, 1200.0)])
        self.assertEqual(figures["total_spending"], 420.0)
        self.assertEqual(figures["spending"], [(expense, 420.0)])
        self.assertEqual(figures["balance"], 780.0)
        # Printed from finance's menu, as the PDF's HTML: the figures and the estate.
        wizard = Statement.create({"estate_id": self.estate.id, "date_from": "2026-01-01", "date_to": "2026-06-30"})
        action = wizard.action_print()
        html = self.env["ir.actions.report"].with_user(self.finance)._render_qweb_html(
            "property_billing.report_fee_statement", self.estate.ids, data=action["data"])[0].decode()
        self.assertIn("Green Lake", html)
        self.assertIn("1,200.00", html)
        self.assertIn("780.00", html)
        bad = Statement.create({"estate_id": self.estate.id, "date_from": "2026-07-01", "date_to": "2026-06-30"})
        with self.assertRaises(UserError):
            bad.action_print()
