import base64
import io
from datetime import timedelta

import xlsxwriter
from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class PropertyBankDebit(models.Model):
    """The week's bank auto-debit list of an estate (银行代扣清单, BIL-06): the
    households that signed the bank collection agreement at move-in (MOV-03)
    with their unpaid bills, as the xlsx file the bank's batch debit takes.
    Made each Monday by a job (or at once by finance's button); finance sends
    it, then records the bank's return line by line: a debit made registers
    the payment (and its receipt), a failed one gives the fees clerk a phone
    call (seed 000: the household is asked to put money in the account)."""

    _name = "property.bank.debit"
    _description = "Bank auto-debit list"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date desc, id desc"
    # BIL-06: made by the job or the button with its households; sent and closed by finance's buttons.
    _workflow_fields = frozenset({
        "name", "estate_id", "date", "line_ids", "attachment_id", "state", "sent_on", "sent_by_id",
    })

    name = fields.Char(readonly=True, copy=False, default="/", tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, readonly=True, tracking=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="List of", required=True, readonly=True, tracking=True,
                       default=fields.Date.context_today)
    journal_id = fields.Many2one(
        "account.journal", string="Collected into", domain="[('type', '=', 'bank'), ('company_id', '=', company_id)]",
        compute="_compute_journal_id", store=True, readonly=False, precompute=True, tracking=True,
        help="The bank account the debits are paid into: the payments of the debits made are booked there.",
    )
    line_ids = fields.One2many("property.bank.debit.line", "debit_id", string="Debits", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File for the bank", readonly=True, copy=False,
                                    tracking=True)
    state = fields.Selection(
        [("ready", "Ready to send"), ("sent", "Sent to the bank"), ("done", "Bank's return recorded")],
        default="ready", required=True, readonly=True, tracking=True, index=True,
    )
    sent_on = fields.Date(readonly=True, copy=False, tracking=True)
    sent_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    amount_total = fields.Monetary(compute="_compute_totals", string="Total")
    line_count = fields.Integer(compute="_compute_totals", string="Households")
    failed_count = fields.Integer(compute="_compute_totals", string="Failed")

    @api.depends("estate_id")
    def _compute_journal_id(self):
        for debit in self:
            debit.journal_id = debit.journal_id or debit.company_id.property_refund_journal_id or self.env[
                "account.journal"].search([("type", "=", "bank"), ("company_id", "=", debit.company_id.id)], limit=1)

    @api.depends("line_ids.amount", "line_ids.state")
    def _compute_totals(self):
        for debit in self:
            debit.amount_total = sum(debit.line_ids.mapped("amount"))
            debit.line_count = len(debit.line_ids)
            debit.failed_count = len(debit.line_ids.filtered(lambda line: line.state == "failed"))

    # ---------------------------------------------------------------- making
    @api.model
    def _households_to_debit(self, estate):
        """{agreement: unpaid bills} of the estate's households that signed
        the bank collection agreement (MOV-03), read in a few searches: the
        bills of the owner who signed, posted and unpaid, neither on a list
        waiting for the bank's return (never debited twice) nor disputed
        (BIL-05)."""
        agreements = self.env["property.movein.agreement"].search([
            ("estate_id", "=", estate.id), ("signed", "=", True), ("agreement_type_id.bank_collection", "=", True),
            ("movein_id.state", "=", "done"), ("movein_id.role", "=", "owner"),
        ], order="id desc")
        # The latest agreement of each household (a resold unit: the new owner's).
        latest = {}
        for agreement in agreements:
            latest.setdefault(agreement.movein_id.unit_id, agreement)
        if not latest:
            return {}
        waiting = self.env["property.bank.debit.line"].search(
            [("unit_id", "in", [unit.id for unit in latest]), ("state", "=", "pending")]).move_ids
        bills = self.env["account.move"].search([
            ("property_unit_id", "in", [unit.id for unit in latest]), ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date", "<=", estate._local_today()), ("id", "not in", waiting.ids),
            ("property_dispute_ids", "not any", [("state", "=", "open")]),
        ], order="property_unit_id, invoice_date, id")
        result = {}
        for unit, unit_bills in bills.grouped("property_unit_id").items():
            agreement = latest[unit]
            own = unit_bills.filtered(lambda bill, agreement=agreement: bill.partner_id == agreement.partner_id)
            if own:
                result[agreement] = own
        return result

    @api.model
    def _make_list(self, estate):
        """The list of one estate, with its file; None when no household is
        to debit. Only the account the household's agreement names is
        debited — never another of its accounts: one without an account
        named is left out and named in the list's chatter.
        The estate is locked first (NOWAIT), by the job and by finance's
        button alike: two lists made at once would put the same bills on
        both. A second one meets the lock and fails; Odoo retries a
        button's request, which then finds the bills on the first list."""
        self.env.cr.execute(SQL("SELECT id FROM property_estate WHERE id = %s FOR NO KEY UPDATE NOWAIT", estate.id),
                            log_exceptions=False)
        households = self._households_to_debit(estate)
        lines, missing = [], []
        for agreement, bills in households.items():
            account = agreement.bank_account_id
            if not account:
                missing.append(agreement.movein_id.unit_id.display_name)
                continue
            lines.append({
                "unit_id": agreement.movein_id.unit_id.id, "partner_id": agreement.partner_id.id,
                "agreement_id": agreement.id, "bank_account_id": account.id,
                "move_ids": [Command.set(bills.ids)],
                "amount": bills[:1].currency_id.round(sum(bills.mapped("amount_residual"))),
            })
        if not lines:
            return None
        debit = self._workflow_create({
            # sudo: the numbering is the system's.
            "name": self.env["ir.sequence"].sudo().next_by_code("property.bank.debit") or "/",
            "estate_id": estate.id, "date": estate._local_today(),
        })
        self.env["property.bank.debit.line"]._workflow_create([dict(line, debit_id=debit.id) for line in lines])
        # The estate's row itself changes with the list: a transaction that
        # began before this one commits, and then takes the lock, cannot go
        # on from a snapshot without this list (PostgreSQL refuses it a
        # serialization failure, retried like the lock).
        # sudo: the system's bookkeeping on the estate, which finance does not edit.
        estate.sudo().bank_debit_last_id = debit
        debit._attach_file()
        if missing:
            debit._property_note(lambda worded: worded.env._(
                "No account named in the bank collection agreement of %(units)s: they are not on this list; "
                "record the account the household signed for on its move-in (BIL-06).",
                units=", ".join(missing)))
        return debit

    def _attach_file(self):
        """The xlsx file the bank's batch debit (批量代扣) takes: one row per
        household — account number as text (never 1.23E+18), name, bank,
        amount in yuan to the cent, agreement, purpose — and a summary sheet,
        worded in the office's language."""
        self.ensure_one()
        env = self.with_context(lang=self._property_office_lang()).env
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        money = workbook.add_format({"num_format": "0.00"})
        sheet = workbook.add_worksheet(env._("Debits"))
        headers = [env._("No."), env._("Payer account"), env._("Payer name"), env._("Payer bank"),
                   env._("Amount (yuan)"), env._("Currency"), env._("Agreement"), env._("Unit no."), env._("Purpose")]
        sheet.write_row(0, 0, headers, head)
        for column, width in enumerate((6, 24, 16, 22, 14, 8, 18, 14, 30)):
            sheet.set_column(column, column, width)
        for row, line in enumerate(self.line_ids.sorted(lambda line: (line.unit_id.name, line.id)), start=1):
            account = line.bank_account_id
            sheet.write_number(row, 0, row)
            sheet.write_string(row, 1, account.acc_number or "", text)
            sheet.write_string(row, 2, account.acc_holder_name or line.partner_id.name)
            sheet.write_string(row, 3, account.bank_id.name or "")
            sheet.write_number(row, 4, line.amount, money)
            sheet.write_string(row, 5, line.currency_id.name)
            sheet.write_string(row, 6, line.agreement_id.movein_id.name or "")
            sheet.write_string(row, 7, line.unit_id.display_name)
            sheet.write_string(row, 8, env._("Property fees %(bills)s", bills=" ".join(line.move_ids.mapped("name"))))
        summary = workbook.add_worksheet(env._("Summary"))
        payee = self.journal_id.bank_account_id
        for row, (label, value) in enumerate((
            (env._("Payee"), self.company_id.name), (env._("Payee account"), payee.acc_number or ""),
            (env._("Payee bank"), payee.bank_id.name or ""), (env._("List"), self.name),
            (env._("Date"), str(self.date)),
        )):
            summary.write_string(row, 0, label, head)
            summary.write_string(row, 1, value, text)
        summary.write_string(5, 0, env._("Debits"), head)
        summary.write_number(5, 1, len(self.line_ids))
        summary.write_string(6, 0, env._("Total (yuan)"), head)
        summary.write_number(6, 1, self.amount_total, money)
        summary.set_column(0, 1, 24)
        workbook.close()
        # sudo: the file is the system's, attached to the list finance sees.
        attachment = self.env["ir.attachment"].sudo().create({
            "name": env._("Bank auto-debit %(estate)s %(date)s.xlsx", estate=self.estate_id.name, date=self.date),
            "datas": base64.b64encode(buffer.getvalue()), "res_model": self._name, "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        self._workflow_write({"attachment_id": attachment.id})

    def action_make_lists(self):
        """BIL-06, finance's button: this week's lists now, for the estates
        finance works for; households already on a list waiting for the bank
        are left out (never debited twice)."""
        self.env["property.bank.debit"]._property_require_group(
            "property_billing.group_property_finance", self.env._("Only finance makes the bank auto-debit lists."))
        debits = self.browse()
        for estate in self.env["property.estate"].search([("active", "=", True)]):
            debits |= self._make_list(estate) or self.browse()
        if not debits:
            raise UserError(self.env._(
                "No household to debit: none signed the bank collection agreement naming an account, or their "
                "bills are paid or on a list waiting for the bank."))
        action = self.env["ir.actions.act_window"]._for_xml_id("property_billing.property_bank_debit_action")
        return dict(action, domain=[("id", "in", debits.ids)])

    @api.model
    def _cron_weekly_lists(self):
        """BIL-06 weekly: each active estate's list of the week — its week on
        its own clock (the job runs as the server, in UTC) — once: an estate
        with a list made this week is skipped, so a rerun does nothing; one
        that finance's button or a second worker holds, or has just made a
        list for, is left to it. An office has a few estates: they are done
        in one call."""
        debits, done = self.browse(), 0
        for estate in self.env["property.estate"].search([("active", "=", True)], order="id"):
            today = estate._local_today()
            monday = today - timedelta(days=today.weekday())
            if self.search_count([("estate_id", "=", estate.id), ("date", ">=", monday)], limit=1):
                continue
            try:
                with self.env.cr.savepoint():
                    debits |= self._make_list(estate) or self.browse()
            except (errors.LockNotAvailable, errors.SerializationFailure):
                continue
            done += 1
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        return debits

    # ---------------------------------------------------------------- buttons
    def action_mark_sent(self):
        """BIL-06: finance sent the file to the bank."""
        self._property_require_group("property_billing.group_property_finance",
                                     self.env._("Only finance sends the bank auto-debit lists."))
        if self.filtered(lambda debit: debit.state != "ready"):
            raise UserError(self.env._("Only a list ready to send can be marked sent."))
        for debit in self:
            debit._workflow_write({"state": "sent", "sent_on": debit.estate_id._local_today(),
                                   "sent_by_id": self.env.uid})

    def action_download(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self",
                "url": f"/web/content/{self.attachment_id.id}?download=true"}

    def _check_returned(self):
        """Every household's result recorded: the list is done."""
        self.filtered(lambda debit: debit.state == "sent" and all(
            line.state != "pending" for line in debit.line_ids))._workflow_write({"state": "done"})

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda debit: debit.state == "done")

    def _workflow_lock_message(self):
        return self.env._("Bank auto-debit list %(names)s is closed: the bank's return is recorded (BIL-06).",
                          names=", ".join(self.mapped("name")))
