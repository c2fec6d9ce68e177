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
    _rec_name = "unit_id"
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
        """BIL-06: the bank debited the household: the whole amount it took is
        registered against its bills (the receipt is printed from it). Should
        the bills owe less by now (paid at the office meanwhile), the surplus
        stays on the household's account as an outstanding credit (the
        payment difference kept open) and finance is given a to-do to apply
        it to the next bill or refund it."""
        self._check_returnable()
        for line in self:
            today = line.estate_id._local_today()
            currency = line.currency_id
            bills = line.move_ids.filtered(
                lambda bill: bill.state == "posted" and bill.payment_state in ("not_paid", "partial"))
            owed = currency.round(sum(bills.mapped("amount_residual")))
            if bills:
                payment = self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=bills.ids,
                ).create({
                    "amount": line.amount, "payment_date": today, "journal_id": line.debit_id.journal_id.id,
                    "group_payment": True, "payment_difference_handling": "open",
                    "communication": line.debit_id.name,
                })._create_payments()
            else:
                # Nothing left to settle: the money is the household's credit.
                payment = self.env["account.payment"].create({
                    "payment_type": "inbound", "partner_type": "customer", "partner_id": line.partner_id.id,
                    "amount": line.amount, "date": today, "journal_id": line.debit_id.journal_id.id,
                    "memo": line.debit_id.name,
                })
                payment.action_post()
            line._workflow_write({"state": "paid", "result_date": today, "result_by_id": self.env.uid,
                                  "payment_id": payment[:1].id})
            surplus = currency.round(line.amount - owed)
            if currency.compare_amounts(surplus, 0) > 0:
                line._surplus_to_apply(payment[:1], surplus)
        self.debit_id._check_returned()

    def _surplus_to_apply(self, payment, surplus):
        """BIL-06: the bank took more than the bills still owed: finance
        applies the household's credit to its next bill or refunds it."""
        self.ensure_one()
        self.debit_id._property_activity(
            "mail.mail_activity_data_todo", self.env.user,
            lambda worded: worded.env._(
                "Surplus of %(amount)s from the bank debit of %(unit)s: apply it to the next bill or refund it",
                amount=self.currency_id.format(surplus), unit=self.unit_id.display_name),
            lambda worded: worded.env._(
                "The bank took %(taken)s from %(payer)s's account, the bills owed less: %(amount)s stays as the "
                "household's outstanding credit on payment %(payment)s (BIL-06). Match it with the next bill, or "
                "pay it back.", taken=self.currency_id.format(self.amount), payer=self.partner_id.name,
                amount=self.currency_id.format(surplus), payment=payment.name),
        )

    def action_debit_failed(self):
        """BIL-06: the debit failed: the fees clerk phones the household to put
        money in the account or pay at the office (seed 000), and logs the call
        (DUN-03)."""
        self._check_returnable()
        if self.filtered(lambda line: not line.failure_reason):
            raise UserError(self.env._("Give the reason from the bank's return for each failed debit."))
        for line in self:
            # The day on the estate's clock, not the server's (UTC).
            line._workflow_write({"state": "failed", "result_date": line.estate_id._local_today(),
                                  "result_by_id": self.env.uid})
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
