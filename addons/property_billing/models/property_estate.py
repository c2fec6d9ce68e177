from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyEstate(models.Model):
    """Billing, penalty and dunning settings of an estate. The rulebook's
    [default] values are the field defaults (BIL-02, BIL-04, PEN-01..04,
    DUN-01/02/04/05)."""

    _inherit = "property.estate"

    billing_cutoff_day = fields.Integer(
        string="Cut-off day", default=25, help="BIL-02: readings and repair slips up to this day are billed."
    )
    billing_due_day = fields.Integer(
        string="Due day (next month)", default=15, help="BIL-04: payment is due by this day of the next month."
    )
    billing_journal_id = fields.Many2one(
        "account.journal", string="Billing journal", domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        help="Sales journal of the monthly bills; the company's first sales journal when empty.",
    )
    penalty_rate = fields.Float(
        string="Penalty per day (%)", digits=(6, 4), default=0.05, help="PEN-01: 0.05% = 万分之五 per day."
    )
    penalty_grace_days = fields.Integer(
        string="Grace (days)", default=30, help="PEN-02: no penalty when paid within this time after the due date."
    )
    penalty_start = fields.Selection(
        [("due", "Day after the due date"), ("grace", "Day after the grace period")],
        string="Penalty counts from",
        default="due",
        required=True,
        help="PEN-02 [default]: from the day after the due date.",
    )
    penalty_cap_percent = fields.Float(string="Penalty cap (% of the bill)", default=0.0, help="PEN-04: 0 for no cap.")
    penalty_charge = fields.Selection(
        [("next_bill", "On the next bill"), ("on_payment", "When the bill is paid")],
        string="Charge penalties", default="next_bill", required=True,
    )
    dunning_first_days = fields.Integer(
        string="First reminder after (days)", default=15, help="DUN-01: days after the payment notice."
    )
    dunning_interval_days = fields.Integer(string="Between reminders (days)", default=7, help="DUN-02")
    dunning_count = fields.Integer(
        string="Reminders", default=3, help="DUN-02: three reminders, then the company acts."
    )
    arrears_months = fields.Integer(
        string="Arrears after (months)", default=1, help="DUN-04: unpaid more than this = arrears household."
    )
    posting_months = fields.Integer(string="Public posting from (months)", default=2, help="DUN-04")
    legal_months = fields.Integer(string="Legal action from (months)", default=3, help="DUN-04")
    collection_target = fields.Float(string="Collection target (%)", default=90.0, help="DUN-05 / KPI")
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Cost centre", check_company=True,
        help="SAT-04: what is spent on the estate is booked with this analytic account; its fee statement lists it.")

    @api.constrains(
        "billing_cutoff_day", "billing_due_day", "penalty_rate", "penalty_grace_days", "penalty_cap_percent"
    )
    def _check_billing_settings(self):
        for estate in self:
            if not (1 <= estate.billing_cutoff_day <= 28 and 1 <= estate.billing_due_day <= 28):
                raise ValidationError(self.env._("The cut-off and due days must be between 1 and 28."))
            if estate.penalty_rate < 0 or estate.penalty_grace_days < 0 or estate.penalty_cap_percent < 0:
                raise ValidationError(self.env._("Penalty settings cannot be negative."))

    def _billing_journal(self):
        self.ensure_one()
        return self.billing_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company_id.id)], limit=1
        )

    def _property_income_accounts(self):
        """{kind: account} of what the estate's documents earn or hold besides
        the fees (each fee names its own account): paid repairs, late fees and
        deposit deductions on their Settings account, else the billing
        journal's. Read once per batch by whoever builds lines."""
        self.ensure_one()
        company, default = self.company_id, self._billing_journal().default_account_id
        return {
            "repair": company.property_repair_account_id or default,
            "penalty": company.property_penalty_account_id or default,
            "deduction": company.property_deduction_account_id or default,
        }

    def _penalty_settings(self):
        """The keyword arguments of tools.late_payment_penalty for this estate."""
        self.ensure_one()
        return {
            "rate": self.penalty_rate / 100.0,
            "grace_days": self.penalty_grace_days,
            "start": self.penalty_start,
            "cap_percent": self.penalty_cap_percent,
        }
