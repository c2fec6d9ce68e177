from datetime import date

from odoo.tests.common import new_test_user

from odoo.addons.property_service.tests.common import PropertyServiceCase
from odoo import Command


class PropertyBillingCase(PropertyServiceCase):
    """The service fixtures plus the books: accounts, a finance user, fee
    items of the estate, a water meter, and helpers to bill and to pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        Account = cls.env["account.account"]
        cls.deposit_account = Account.create(
            {"name": "Deposits held", "code": "219100", "account_type": "liability_current"}
        )
        cls.penalty_account = Account.create(
            {"name": "Late-payment fees", "code": "711100", "account_type": "income_other"}
        )
        cls.deduction_account = Account.create(
            {"name": "Deposit deductions", "code": "711200", "account_type": "income_other"}
        )
        cls.fee_account = Account.create({"name": "Management fees", "code": "701100", "account_type": "income"})
        cls.repair_account = Account.create({"name": "Paid repairs", "code": "701200", "account_type": "income"})
        company.write({
            "property_deposit_account_id": cls.deposit_account.id,
            "property_penalty_account_id": cls.penalty_account.id,
            "property_deduction_account_id": cls.deduction_account.id,
            "property_repair_account_id": cls.repair_account.id,
        })
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        company.property_refund_journal_id = cls.bank_journal
        estates = [Command.set([cls.estate.id])]
        cls.finance = new_test_user(cls.env, "t_finance", groups="property_billing.group_property_finance",
                                    property_estate_ids=estates)
        Fee = cls.env["property.fee"]
        cls.fee_management = Fee.create({
            "name": "Management fee", "estate_id": cls.estate.id, "fee_type": "area", "price": 2.5,
            "account_id": cls.fee_account.id,
        })
        cls.fee_parking = Fee.create(
            {
                "name": "Parking",
                "estate_id": cls.estate.id,
                "fee_type": "fixed",
                "price": 150.0,
                "account_id": cls.fee_account.id,
            }
        )
        cls.fee_water = Fee.create({
            "name": "Water", "estate_id": cls.estate.id, "fee_type": "meter", "meter_type": "water", "price": 3.2,
            "account_id": cls.fee_account.id,
        })
        cls.env["property.unit.fee"].create([
            {"unit_id": cls.unit.id, "fee_id": cls.fee_management.id, "date_start": "2025-01-01"},
            {"unit_id": cls.unit.id, "fee_id": cls.fee_parking.id, "date_start": "2025-01-01"},
        ])
        cls.meter = cls.env["property.meter"].create({
            "name": "W-0201", "unit_id": cls.unit.id, "meter_type": "water", "fee_id": cls.fee_water.id,
        })
        cls.env["property.meter.reading"].create({"meter_id": cls.meter.id, "date": "2026-01-24", "value": 100.0})
        cls.Period = cls.env["property.billing.period"]

    def period(self, year, month):
        return self.Period.with_user(self.finance)._for_month(self.estate, year, month)

    def bill_of(self, period, unit=None):
        return self.env["account.move"].search([
            ("property_period_id", "=", period.id), ("property_unit_id", "=", (unit or self.unit).id),
            ("move_type", "=", "out_invoice"), ("state", "!=", "cancel"),
        ])

    def pay(self, bill, amount, day):
        """Register a bank payment dated ``day`` against the bill, as finance does."""
        wizard = self.env["account.payment.register"].with_user(self.finance).with_context(
            active_model="account.move", active_ids=bill.ids,
        ).create({"amount": amount, "payment_date": day, "journal_id": self.bank_journal.id})
        return wizard._create_payments()

    def simple_bill(self, amount, due, invoice_date=None):
        """A posted household bill of one line, due on ``due``."""
        bill = self.env["account.move"].create({
            "move_type": "out_invoice",
            "partner_id": self.resident.id,
            "invoice_date": invoice_date or date(due.year, due.month, 1),
            "invoice_date_due": due,
            "property_unit_id": self.unit.id,
            "invoice_line_ids": [Command.create({"name": "Management fee", "quantity": 1, "price_unit": amount,
                                         "account_id": self.fee_account.id, "tax_ids": [Command.set([])]})],
        })
        bill.action_post()
        return bill
