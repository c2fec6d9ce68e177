from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyRenovation(models.Model):
    """Renovation deposits in the books (DEP-01/02): received on a deposit
    liability account, never income; the manager-approved refund pays them
    back and turns the deductions into income with their reason. The
    renovation management fee (BIL-01) is billed from the permit, once, on the
    household's monthly bill once the works are approved."""

    _inherit = "property.renovation"
    # DEP-01/02: the refund's accounting documents are posted by the approval.
    # BIL-01: the day of the permit's approval, which renovation fees it is billed.
    _workflow_fields = frozenset({"refund_move_id", "deduction_move_id", "refund_payment_id", "date_approved"})

    deposit_move_ids = fields.One2many("account.move", "property_renovation_id", string="Deposit documents")
    deposit_invoiced = fields.Monetary(compute="_compute_deposit_books", string="Deposits invoiced")
    deposit_received = fields.Monetary(compute="_compute_deposit_books", string="Deposits received")
    refund_move_id = fields.Many2one(
        "account.move", string="Refund credit note", readonly=True, copy=False, tracking=True
    )
    deduction_move_id = fields.Many2one(
        "account.move", string="Deduction entry", readonly=True, copy=False, tracking=True
    )
    refund_payment_id = fields.Many2one(
        "account.payment", string="Refund payment", readonly=True, copy=False, tracking=True
    )
    management_fee_line_ids = fields.One2many(
        "account.move.line", "property_permit_id", string="Management fee billed", readonly=True,
        groups="property_billing.group_property_finance",
    )
    management_fee_billed = fields.Boolean(
        compute="_compute_management_fee_billed", store=True, index=True, copy=False, tracking=True,
        help="BIL-01: a renovation management fee of the permit is on the household's bill.",
    )
    date_approved = fields.Date(
        string="Approved on", readonly=True, copy=False, tracking=True,
        help="BIL-01: the day the permit was issued (the estate's day): it is billed the renovation fees charged "
             "from that day or before.",
    )

    @api.depends("management_fee_line_ids.parent_state")
    def _compute_management_fee_billed(self):
        for permit in self:
            permit.management_fee_billed = any(
                line.parent_state != "cancel" for line in permit.management_fee_line_ids)

    def action_approve(self):
        """BIL-01: the day of the approval is kept: it decides which
        renovation fees the permit is billed."""
        result = super().action_approve()
        for permit in self:
            permit._workflow_write({"date_approved": permit.estate_id._local_today()})
        return result

    def _property_fees_to_bill(self, fees):
        """BIL-01: {permit: its renovation fees to bill}: each fee charged
        from the permit's approval day or before, not billed on it yet — per
        (permit, fee), as the bill lines' unique index has it; a fee added
        later is billed on its own, an older permit never."""
        billed = set(self.env["account.move.line"]._read_group(
            [("property_permit_id", "in", self.ids), ("parent_state", "!=", "cancel")],
            ["property_permit_id", "property_fee_id"]))
        result = {}
        for permit in self.filtered("date_approved"):
            todo = fees.filtered(lambda fee, permit=permit: fee.charged_from <= permit.date_approved
                                 and (permit, fee) not in billed)
            if todo:
                result[permit] = todo
        return result

    def _property_bill_line(self, period, fee):
        """BIL-01: the permit's renovation management fee, once, on the household's bill."""
        quantity, price = fee._one_off_line(self.unit_id)
        return {
            "name": self.env._("%(fee)s, renovation permit %(permit)s", fee=fee.name, permit=self.name),
            "quantity": quantity,
            "price_unit": price,
            "account_id": fee.account_id.id,
            "tax_ids": [Command.set(fee.tax_ids.ids)],
            "property_permit_id": self.id,
            "property_fee_id": fee.id,
            "property_period_id": period.id,
        }

    def _compute_deposit_books(self):
        # sudo: the desk and the manager see what is held for the permit, not the books themselves.
        for permit in self:
            invoices = permit.sudo().deposit_move_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state == "posted"
            )
            permit.deposit_invoiced = sum(invoices.mapped("amount_total"))
            # DEP-01: held is what was paid in; a credit note settling a deposit brought no money.
            received = sum(
                amount
                for invoice in invoices
                for _partial, amount, line in invoice._get_reconciled_invoices_partials()[0]
                if line.move_id.move_type not in ("out_refund", "in_refund")
            )
            permit.deposit_received = permit.currency_id.round(received)

    def _deposit_account(self):
        account = self.company_id.property_deposit_account_id
        if not account:
            raise UserError(
                self.env._("Set the deposit liability account in Settings › Property billing first (DEP-01).")
            )
        return account

    def action_invoice_deposits(self):
        """Ask for the deposits not invoiced yet: renovation, water-and-electricity,
        other deposits and each new worker pass (REN-02), on the deposit
        liability account."""
        for permit in self:
            account = permit._deposit_account()
            invoiced_passes = permit.deposit_move_ids.invoice_line_ids.property_pass_id
            lines = []
            if not permit.deposit_move_ids.filtered(lambda m: m.state != "cancel"):
                for label, amount in ((self.env._("Renovation deposit"), permit.renovation_deposit),
                                      (self.env._("Water-and-electricity deposit"), permit.utility_deposit),
                                      (permit.other_deposit_note or self.env._("Other deposit"), permit.other_deposit)):
                    if amount:
                        lines.append({"name": f"{label} {permit.name}", "price_unit": amount, "account_id": account.id})
            for worker_pass in permit.pass_ids - invoiced_passes:
                if worker_pass.deposit:
                    lines.append({"name": self.env._("Worker pass %(number)s deposit", number=worker_pass.name),
                                  "price_unit": worker_pass.deposit, "account_id": account.id,
                                  "property_pass_id": worker_pass.id})
            if not lines:
                raise UserError(self.env._("Every deposit of %(name)s is already invoiced.", name=permit.name))
            Move = self.env["account.move"]
            move = Move._property_create(Move._property_document_vals(
                "out_invoice", permit.partner_id, permit.estate_id._billing_journal(), lines,
                invoice_origin=permit.name, property_renovation_id=permit.id,
            ))
            move.action_post()
        return True

    def _on_refund_approved(self):
        """DEP-01/02: post the refund the manager approved."""
        for permit in self:
            permit._post_refund()
        return super()._on_refund_approved()

    def _check_refund_postable(self):
        """DEP-01: never pay back more than the deposits actually received."""
        for permit in self:
            currency = permit.currency_id
            held = permit.deposit_received
            if currency.compare_amounts(permit.refund_amount + permit.deduction_total, held) > 0:
                raise UserError(
                    self.env._(
                        "Cannot refund %(amount)s on %(name)s: only %(held)s of deposits is held.",
                        amount=currency.format(permit.refund_amount + permit.deduction_total),
                        name=permit.name,
                        held=currency.format(held),
                    )
                )
        return super()._check_refund_postable()

    def _post_refund(self):
        self.ensure_one()
        if not (
            self.refund_approved_by_id
            and self.refund_approved_by_id.has_group("property_service.group_property_manager")
        ):
            raise AccessError(self.env._("A deposit refund needs a manager's approval (REN-05)."))
        self._check_refund_postable()
        currency = self.currency_id
        account = self._deposit_account()
        today = fields.Date.context_today(self)
        if currency.compare_amounts(self.deduction_total, 0) > 0:
            income = self.estate_id._property_income_accounts()["deduction"]
            reasons = [(self.env._("Lost worker passes"), self.deduction_passes)] + [
                (violation.name, violation.deduction) for violation in self.violation_ids if violation.deduction
            ]
            if currency.compare_amounts(sum(amount for _reason, amount in reasons), self.deduction_total) != 0:
                # Deductions above the deposits are capped: one line for what is kept.
                reasons = [(self.env._("Deductions (capped at the deposits)"), self.deduction_total)]
            deduction = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": self.estate_id._billing_journal().id,
                    "date": today,
                    "ref": self.env._("Deposit deductions %(name)s", name=self.name),
                    "property_renovation_id": self.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": self.env._("Deductions from the deposits of %(name)s", name=self.name),
                                "account_id": account.id,
                                "debit": self.deduction_total,
                                "partner_id": self.partner_id.id,
                            },
                        )
                    ]
                    + [
                        (
                            0,
                            0,
                            {
                                "name": self.env._("Deduction: %(reason)s", reason=reason),
                                "account_id": income.id,
                                "credit": amount,
                                "partner_id": self.partner_id.id,
                            },
                        )
                        for reason, amount in reasons
                        if amount
                    ],
                }
            )
            deduction.action_post()
            self._workflow_write({"deduction_move_id": deduction.id})
        if currency.compare_amounts(self.refund_amount, 0) > 0:
            Move = self.env["account.move"]
            refund = Move._property_create(Move._property_document_vals(
                "out_refund", self.partner_id, self.estate_id._billing_journal(),
                [{"name": self.env._("Deposit refund %(name)s", name=self.name), "price_unit": self.refund_amount,
                  "account_id": account.id}],
                invoice_date=today, invoice_origin=self.name, property_renovation_id=self.id,
            ))
            refund.action_post()
            self._workflow_write({"refund_move_id": refund.id})
            journal = self.company_id.property_refund_journal_id or self.env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", self.company_id.id)], limit=1)
            register = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=refund.ids)
                .create(
                    {
                        "journal_id": journal.id,
                        "payment_date": today,
                    }
                )
            )
            self._workflow_write({"refund_payment_id": register._create_payments().id})
