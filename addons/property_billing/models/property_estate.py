from datetime import date

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
    collection_rate = fields.Float(
        string="Collected this year (%)", compute="_compute_collection_rate", digits=(16, 1),
        help="DUN-05: of this year's bills due until today, the share collected — beside its target.",
    )
    collection_below_target = fields.Boolean(compute="_compute_collection_rate")
    shared_utility_basis = fields.Selection(
        [("area", "By floor area"), ("equal", "In equal shares")], string="Shared utilities shared out",
        default="area", required=True,
        help="BIL-09 [default] by floor area: how a shared meter's charge is shared out to the households.",
    )
    collection_user_id = fields.Many2one(
        "res.users", string="Fees clerk",
        help="BIL-06 / BIL-10: phones the households whose bank debit failed or who did not collect their "
             "documents; the follow-up clerk when empty.",
    )
    bank_debit_last_id = fields.Many2one(
        "property.bank.debit", string="Latest bank auto-debit list", readonly=True, copy=False,
        help="BIL-06: the estate's latest list; making a list writes it, so two lists are never made at once.",
    )
    delivery_collect_days = fields.Integer(
        string="Documents collected within (days)", default=14,
        help="BIL-10 [default] 2 weeks: a document left in the letter box or posted and not collected within this "
             "time makes a phone call for the fees clerk.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Cost centre", check_company=True,
        help="SAT-04: what is spent on the estate is booked with this analytic account; its fee statement lists it.")

    @api.constrains(
        "billing_cutoff_day", "billing_due_day", "penalty_rate", "penalty_grace_days", "penalty_cap_percent",
        "delivery_collect_days",
    )
    def _check_billing_settings(self):
        for estate in self:
            if not (1 <= estate.billing_cutoff_day <= 28 and 1 <= estate.billing_due_day <= 28):
                raise ValidationError(self.env._("The cut-off and due days must be between 1 and 28."))
            if estate.penalty_rate < 0 or estate.penalty_grace_days < 0 or estate.penalty_cap_percent < 0:
                raise ValidationError(self.env._("Penalty settings cannot be negative."))
            if estate.delivery_collect_days < 1:
                raise ValidationError(self.env._("Documents need at least one day to be collected (BIL-10)."))

    def _compute_collection_rate(self):
        """DUN-05: collected over billed, of the year's bills due until today,
        read from the books in one query for all the estates."""
        today = fields.Date.context_today(self)
        # sudo: the rate is shown to whoever sees the estate; the books stay finance's.
        groups = {estate: (billed, unpaid) for estate, billed, unpaid in self.env["account.move"].sudo()._read_group(
            [("property_estate_id", "in", self.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
             ("invoice_date_due", ">=", date(today.year, 1, 1)), ("invoice_date_due", "<=", today)],
            ["property_estate_id"], ["amount_total_signed:sum", "amount_residual_signed:sum"])}
        for estate in self:
            billed, unpaid = groups.get(estate, (0.0, 0.0))
            estate.collection_rate = 100.0 * (billed - unpaid) / billed if billed else 100.0
            estate.collection_below_target = bool(billed) and estate.collection_rate < estate.collection_target

    def _fees_clerk(self):
        """Who phones the households about fees and documents (BIL-06, BIL-10)."""
        self.ensure_one()
        return self.collection_user_id or self.followup_user_id or self.supervisor_id

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
            "service": company.property_service_account_id or company.property_repair_account_id or default,
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
