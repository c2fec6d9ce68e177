from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_deposit_account_id = fields.Many2one(
        "account.account", string="Deposits held (liability)",
        help="DEP-01: deposits received are owed back to residents, never income.",
    )
    property_penalty_account_id = fields.Many2one("account.account", string="Late-payment penalty income")
    property_repair_account_id = fields.Many2one("account.account", string="Paid repairs income")
    property_deduction_account_id = fields.Many2one("account.account", string="Deposit deductions income")
    property_service_account_id = fields.Many2one(
        "account.account", string="Paid services income",
        help="BIL-01: paid services on the monthly bills; the paid repairs' account when empty.")
    property_notice_print_limit = fields.Integer(
        string="Notices printed at once", default=200,
        help="BIL-03: up to this many payment notices print at once; more are printed in the background and "
             "the PDF put on the billing period.",
    )
    property_bill_run_inline_limit = fields.Integer(
        string="Households billed at once", default=500,
        help="BIL-07: a bill run of up to this many households is made while finance waits; a larger one is shared "
             "among the bill-run lanes in the background and finance is notified when it is done.",
    )
    property_dispute_days = fields.Integer(
        string="Disputes raised before the due date (days)", default=5,
        help="BIL-05: a resident disputes a bill at least this many days before it is due.",
    )
    property_refund_journal_id = fields.Many2one("account.journal", string="Refund payments journal",
                                                 help="Bank or cash journal that pays deposit refunds.")
