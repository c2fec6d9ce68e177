from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class PropertyBankDebitLine(models.Model):
    """A household on a bank auto-debit list (BIL-06): its unpaid bills, the
    account debited, and the bank's answer — debited (the payment is
    registered, a receipt can be printed) or failed (the fees clerk phones)."""

    _name = "property.bank.debit.line"
    _description = "Bank auto-debit"
    _inherit = ["property.workflow.mixin"]
    _order = "debit_id, unit_id, id"
    # BIL-06: the list's rows are the job's; the bank's return is recorded by finance's buttons.
    _workflow_fields = frozenset({
        "debit_id", "unit_id", "partner_id", "agreement_id", "bank_account_id", "move_ids", "amount",
        "state", "result_date", "result_by_id", "payment_id",
    })
    _workflow_audit_field = "debit_id"

    debit_id = fields.Many2one("property.bank.debit", string="List", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="debit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="debit_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="debit_id.currency_id")
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Payer", required=True)
    agreement_id = fields.Many2one("property.movein.agreement", string="Collection agreement")
    bank_account_id = fields.Many2one("res.partner.bank", string="Account debited", required=True)
    move_ids = fields.Many2many("account.move", string="Bills")
    amount = fields.Monetary(required=True)
    state = fields.Selection(
        [("pending", "Waiting for the bank"), ("paid", "Debited"), ("failed", "Failed")],
        default="pending", required=True, index=True,
    )
    failure_reason = fields.Selection(
        [("funds", "Insufficient funds"), ("closed", "Account closed or frozen"),
         ("mismatch", "Name and account do not match"), ("no_agreement", "No agreement at the bank"),
         ("other", "Other")],
        help="BIL-06: the reason the bank's return gives for a failed debit.",
    )
    result_date = fields.Date(string="Returned on")
    result_by_id = fields.Many2one("res.users", string="Recorded by")
    payment_id = fields.Many2one("account.payment")

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda line: line.state != "pending")

    def _workflow_lock_message(self):
        return self.env._("The bank's answer for %(units)s is recorded: it is kept (BIL-06).",
                          units=", ".join(self.unit_id.mapped("display_name")))

    def _check_returnable(self):
        if not self.env.user.has_group("property_billing.group_property_finance"):
            raise AccessError(self.env._("Only finance records the bank's return (BIL-06)."))
        for line in self:
            if line.state != "pending" or line.debit_id.state != "sent":
                raise UserError(self.env._(
                    "The debit of %(unit)s is not waiting for the bank: send the list first, or its answer is "
                    "recorded already.", unit=line.unit_id.display_name))

    def action_debit_paid(self):
        """BIL-06: the bank debited the household: the payment is registered
        against its bills (the receipt is printed from it)."""
        self._check_returnable()
        today = fields.Date.context_today(self)
        for line in self:
            bills = line.move_ids.filtered(lambda bill: bill.payment_state in ("not_paid", "partial"))
            if not bills:
                raise UserError(self.env._(
                    "The bills of %(unit)s on this list are paid already: record the bank's payment in the books "
                    "by hand and tell the household.", unit=line.unit_id.display_name))
            payment = self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=bills.ids,
            ).create({
                "amount": min(line.amount, sum(bills.mapped("amount_residual"))),
                "payment_date": today, "journal_id": line.debit_id.journal_id.id, "group_payment": True,
                "communication": line.debit_id.name,
            })._create_payments()
            line._workflow_write({"state": "paid", "result_date": today, "result_by_id": self.env.uid,
                                  "payment_id": payment[:1].id})
        self.debit_id._check_returned()

    def action_debit_failed(self):
        """BIL-06: the debit failed: the fees clerk phones the household to put
        money in the account or pay at the office (seed 000), and logs the call
        (DUN-03)."""
        self._check_returnable()
        if self.filtered(lambda line: not line.failure_reason):
            raise UserError(self.env._("Give the reason from the bank's return for each failed debit."))
        today = fields.Date.context_today(self)
        self._workflow_write({"state": "failed", "result_date": today, "result_by_id": self.env.uid})
        for line in self:
            clerk = line.estate_id._fees_clerk()
            if clerk:
                # sudo: the system gives the clerk the call on the household, which finance does not edit.
                line.unit_id.sudo()._property_activity(
                    "mail.mail_activity_data_call", clerk,
                    lambda worded, line=line: worded.env._(
                        "Phone %(resident)s: bank debit of %(amount)s failed (%(reason)s)",
                        resident=line.partner_id.name, amount=line.currency_id.format(line.amount),
                        reason=dict(line._fields["failure_reason"]._description_selection(worded.env))[
                            line.failure_reason]),
                    lambda worded: worded.env._(
                        "Ask the household to put the money in the account for the next debit or to pay at the "
                        "office, then record the call in the collection log (DUN-03)."),
                )
        self.debit_id._check_returned()

    def action_open_failure(self):
        """The bank's reason for a failed debit, asked in a dialog before it is recorded."""
        self.ensure_one()
        self._check_returnable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Debit failed: %(unit)s", unit=self.unit_id.display_name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("property_billing.property_bank_debit_line_view_form_failure").id, "form")],
            "target": "new",
        }
