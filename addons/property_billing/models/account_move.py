from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL, format_date, formatLang

from odoo.addons.property_service.models.property_workflow_mixin import _grant, check_system_fields

from ..tools import late_payment_penalty_explained


class AccountMove(models.Model):
    """A household's monthly bill is a customer invoice of the unit and the
    billing period (BIL-07); it carries its late-payment penalty (PEN)."""

    _inherit = "account.move"

    property_unit_id = fields.Many2one("property.unit", string="Unit", index=True, readonly=True, copy=False)
    property_period_id = fields.Many2one(
        "property.billing.period", string="Billing period", index=True, readonly=True, copy=False
    )
    property_estate_id = fields.Many2one(related="property_unit_id.estate_id", store=True, string="Estate")
    property_building_id = fields.Many2one(related="property_unit_id.building_id", store=True, string="Building")
    property_principal = fields.Monetary(
        string="Penalty base", compute="_compute_property_principal",
        help="The bill without the penalties it carries: penalties never bear penalties (PEN-04).",
    )
    property_penalty_accrual_ids = fields.One2many("property.penalty.accrual", "move_id", readonly=True, copy=False)
    property_penalty_accrued = fields.Monetary(
        string="Penalty accrued", compute="_compute_property_penalty_accrued", store=True, copy=False,
    )
    property_penalty_date = fields.Date(
        string="Penalty computed on", compute="_compute_property_penalty_accrued", store=True, copy=False,
    )
    property_penalty_charged = fields.Monetary(
        string="Penalty charged", compute="_compute_property_penalty_charged", store=True,
        help="Charged on later bills, less reversals.",
    )
    property_penalty_waived = fields.Monetary(
        string="Penalty waived", compute="_compute_property_penalty_waived", store=True,
    )
    property_penalty_due = fields.Monetary(
        string="Penalty to charge", compute="_compute_property_penalty_due", store=True,
    )
    property_penalty_line_ids = fields.One2many(
        "account.move.line", "property_penalty_move_id", string="Penalty charged on", readonly=True,
    )
    property_penalty_reversal_line_ids = fields.One2many(
        "account.move.line", "property_penalty_reversal_move_id", string="Penalty reversed on", readonly=True,
    )
    property_waiver_ids = fields.One2many("property.penalty.waiver", "move_id", string="Penalty waivers")
    property_dispute_ids = fields.One2many("property.bill.dispute", "move_id", string="Disputes", readonly=True)
    property_renovation_id = fields.Many2one("property.renovation", string="Renovation", index="btree_not_null",
                                             readonly=True, copy=False)

    def write(self, vals):
        """BIL-07: which household, period or permit a bill is for is set when
        the bill run or the deposit flow makes it; the penalty figures are the
        daily refresh's. Nobody rewrites them."""
        check_system_fields(self, vals, [name for name in vals if name.startswith("property_")])
        return super().write(vals)

    def init(self):
        # BIL-07: one bill per household and period, as a database fact.
        self.env.cr.execute(SQL("""
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_property_household_period_uniq
                ON account_move (property_unit_id, property_period_id)
             WHERE property_period_id IS NOT NULL AND state != 'cancel' AND move_type = 'out_invoice'
        """))

    @api.depends("invoice_line_ids.price_total", "invoice_line_ids.property_penalty_move_id", "amount_total")
    def _compute_property_principal(self):
        # Not stored: only the penalty computation reads it, and storing it
        # would recompute it at every line change while bills are created.
        for move in self:
            penalties = sum(move.invoice_line_ids.filtered("property_penalty_move_id").mapped("price_total"))
            move.property_principal = move.currency_id.round(move.amount_total - penalties)

    @api.depends("property_penalty_accrual_ids.amount", "property_penalty_accrual_ids.date")
    def _compute_property_penalty_accrued(self):
        for move in self:
            accrual = move.property_penalty_accrual_ids[:1]
            move.property_penalty_accrued = accrual.amount
            move.property_penalty_date = accrual.date

    @api.depends(
        "property_penalty_line_ids.price_total", "property_penalty_line_ids.parent_state",
        "property_penalty_reversal_line_ids.price_total", "property_penalty_reversal_line_ids.parent_state",
    )
    def _compute_property_penalty_charged(self):
        for move in self:
            charged = sum(
                move.property_penalty_line_ids.filtered(lambda line: line.parent_state == "posted").mapped(
                    "price_total"
                )
            )
            reversed_ = sum(
                move.property_penalty_reversal_line_ids.filtered(lambda line: line.parent_state == "posted").mapped(
                    "price_total"
                )
            )
            move.property_penalty_charged = charged - reversed_

    @api.depends("property_waiver_ids.state", "property_waiver_ids.amount")
    def _compute_property_penalty_waived(self):
        for move in self:
            move.property_penalty_waived = sum(
                move.property_waiver_ids.filtered(lambda w: w.state == "approved").mapped("amount")
            )

    @api.depends("property_penalty_accrued", "property_penalty_charged", "property_penalty_waived")
    def _compute_property_penalty_due(self):
        for move, amount in self._property_penalty_to_charge().items():
            move.property_penalty_due = amount

    # ----------------------------------------------------------------- penalty
    def _property_payments(self):
        """{bill: [(date, amount)]} of what was paid against each bill, read
        in one query from the reconciliations of its receivable lines."""
        lines = self.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        payments = {move: [] for move in self}
        if not lines:
            return payments
        groups = self.env["account.partial.reconcile"]._read_group(
            [("debit_move_id", "in", lines.ids)], ["debit_move_id", "max_date:day"], ["amount:sum"],
        )
        for line, day, amount in groups:
            payments[line.move_id].append((fields.Date.to_date(day), amount))
        return payments

    def _property_penalty_at(self, day, payments=None):
        """{bill: penalty on ``day``} — PEN-01..04 through the one function."""
        explained = self._property_penalty_explained(day, payments)
        return {move: float(explained[move]["penalty"]) if explained[move] else 0.0 for move in self}

    def _property_penalty_explained(self, day, payments=None):
        """{bill: how its penalty on ``day`` is reached} (tools.penalty), with
        the amounts disputed with the company's consent left out (BIL-05);
        None for a bill that bears no penalty."""
        payments = payments if payments is not None else self._property_payments()
        suspensions = self._property_dispute_suspensions()
        result = {}
        for move in self:
            estate = move.property_estate_id
            if not estate or not move.invoice_date_due:
                result[move] = None
                continue
            result[move] = late_payment_penalty_explained(
                move.property_principal, move.invoice_date_due, payments.get(move, []), day,
                rounding=str(move.currency_id.rounding), suspensions=suspensions.get(move, ()),
                **estate._penalty_settings(),
            )
        return result

    def _property_dispute_suspensions(self):
        """{bill: [(first_day, last_day, amount)]}: BIL-05 — a disputed amount
        bears no penalty from the day the dispute is raised until it is decided,
        when the company consented to wait for it."""
        result = {move: [] for move in self}
        # sudo: the disputes are read to compute the penalty, whoever looks at it.
        disputes = self.env["property.bill.dispute"].sudo().search(
            [("move_id", "in", self.ids), ("consent", "=", True)])
        for dispute in disputes:
            estate = dispute.move_id.property_estate_id
            last = estate._local_date(dispute.date_decided) if dispute.date_decided else None
            result[dispute.move_id].append((estate._local_date(dispute.date_raised), last, dispute.amount))
        return result

    def _property_penalty_text(self, explained):
        """The late fee as the resident reads it: 1,000.00 × 9 days + 400.00 ×
        31 days × 0.05 % = 10.70 (PEN-01..04, on the portal and the notice)."""
        self.ensure_one()
        if not explained or not explained["stretches"]:
            return ""
        terms = " + ".join(
            self.env._("%(amount)s × %(days)s days", amount=formatLang(self.env, float(unpaid)), days=days)
            for _first, _last, unpaid, days in explained["stretches"]
        )
        rate = explained["rate"] * 100
        rate = formatLang(self.env, float(rate), digits=max(2, -rate.normalize().as_tuple().exponent))
        text = f"{terms} × {rate} % = {formatLang(self.env, float(explained['penalty']))}"
        if explained["capped"]:
            text += " " + self.env._("(capped at %(cap)s %% of the bill)",
                                    cap=self.property_estate_id.penalty_cap_percent)
        return text

    def _property_portal_bill(self):
        """What the resident's bill page shows beside Odoo's invoice: each line
        by its source, the late fee to date and how it is reached."""
        self.ensure_one()
        today = self.property_estate_id._local_today()
        explained = self._property_penalty_explained(today)[self] if self.payment_state not in ("paid", "in_payment") \
            else None
        lines = []
        for line in self.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            detail, link = "", ""
            reading = line.sudo().property_reading_id
            if reading:
                detail = self.env._("%(previous)s → %(current)s (%(consumption)s)",
                                    previous=formatLang(self.env, reading.previous_id.value or 0.0),
                                    current=formatLang(self.env, reading.value),
                                    consumption=formatLang(self.env, reading.consumption))
            slip = line.sudo().property_slip_id
            if slip:
                detail = self.env._("Repair slip %(slip)s", slip=slip.name)
                link = slip.request_id.access_url
            if line.property_penalty_move_id:
                detail = self.env._("Late fee of bill %(bill)s", bill=line.property_penalty_move_id.name)
            lines.append({"line": line, "detail": detail, "link": link})
        days = self.company_id.property_dispute_days
        dispute_until = self.invoice_date_due - timedelta(days=days) if self.invoice_date_due else None
        return {
            "lines": lines,
            "disputes": self.sudo().property_dispute_ids,
            "dispute_until": format_date(self.env, dispute_until) if dispute_until else "",
            "can_dispute": bool(dispute_until and today <= dispute_until
                                and self.payment_state not in ("paid", "in_payment", "reversed")),
            "explained": explained,
            "penalty_text": self._property_penalty_text(explained),
            "today": format_date(self.env, today),
            "stretches": [
                {"first": format_date(self.env, first), "last": format_date(self.env, last),
                 "unpaid": float(unpaid), "days": days}
                for first, last, unpaid, days in (explained or {}).get("stretches", [])
            ],
        }

    def _property_penalty_to_charge(self, day=None):
        """{bill: late fee still to charge} — the one place that decides (PEN-01..05).

        The penalty accrued (on ``day`` for the bill run's cut-off; else the
        daily refresh's stored figure, which every screen and paper reads),
        less what a manager waived, less what is already charged on a later
        bill or an invoice of its own. Negative when more was charged than is
        owed (a payment recorded late): the refresh reverses the difference."""
        accrued = self._property_penalty_at(day) if day else {move: move.property_penalty_accrued for move in self}
        return {
            move: move.currency_id.round(
                max(accrued[move] - move.property_penalty_waived, 0.0) - move.property_penalty_charged
            )
            for move in self
        }

    @api.model
    def _penalty_refresh_domain(self):
        """Overdue bills not refreshed yet today, each on its estate's own day."""
        return [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("property_unit_id", "!=", False),
            *self.env["property.estate"]._local_today_domain(lambda today: [
                ("invoice_date_due", "<", today),
                "|",
                ("property_penalty_date", "=", False),
                "&", ("property_penalty_date", "<", today), ("payment_state", "in", ("not_paid", "partial")),
            ], estate_field="property_estate_id"),
        ]

    @api.model
    def _cron_refresh_penalties(self):
        """PEN: keep every overdue bill's accrued penalty up to date, daily.

        Unpaid bills are recomputed once a day; paid ones only when their
        payments change (a reconciliation resets their penalty date). Values
        are written only when they change: a second run does nothing."""
        batch_size = self.env["property.cron.mixin"]._cron_batch_size() * 4
        bills = self.search(self._penalty_refresh_domain(), limit=batch_size, order="id")
        bills = self.env["property.cron.mixin"]._lock_records(bills.property_penalty_accrual_ids).move_id | \
            bills.filtered(lambda b: not b.property_penalty_accrual_ids)
        # Each bill's late fee is counted to its estate's own today (the day the
        # resident sees on his portal and his notice).
        for estate, estate_bills in bills.grouped("property_estate_id").items():
            estate_bills._refresh_penalties(estate._local_today())
        remaining = self.search_count(self._penalty_refresh_domain())
        self.env["ir.cron"]._notify_progress(done=len(bills), remaining=remaining)
        return bills

    def _refresh_penalties(self, today):
        penalties = self._property_penalty_at(today)
        # sudo: accruals are the system's figures; nobody edits them by hand (waivers are PEN-05's way).
        Accrual = self.env["property.penalty.accrual"].sudo()
        accruals = {accrual.move_id: accrual for accrual in self.property_penalty_accrual_ids}
        Accrual._workflow_create([{"move_id": move.id, "amount": penalties[move], "date": today}
                                  for move in self if move not in accruals])
        by_value = {}
        for move, accrual in accruals.items():
            amount = penalties[move]
            if move.currency_id.compare_amounts(accrual.amount, amount) != 0 or accrual.date != today:
                by_value.setdefault(amount, Accrual)
                by_value[amount] |= accrual
        for amount, changed in by_value.items():
            changed._workflow_write({"amount": amount, "date": today})
        self._reverse_overcharged_penalties()
        self.filtered(
            lambda m: m.property_estate_id.penalty_charge == "on_payment" and m.payment_state in ("paid", "in_payment")
        )._charge_penalty_on_payment()

    def _reverse_overcharged_penalties(self):
        """A bill found paid in time (a late-recorded bank payment) gets back
        the penalty already charged on a later bill: a credit note."""
        overcharged = self.filtered(lambda m: m.currency_id.compare_amounts(m.property_penalty_due, 0) < 0)
        if not overcharged:
            return self.browse()
        refunds = self._property_create([move._penalty_document_vals(
            "out_refund", -move.property_penalty_due, "property_penalty_reversal_move_id",
            move.with_context(lang=move.partner_id.lang or self.env.lang).env._(
                "Late fee reversed: %(bill)s was paid in time", bill=move.name),
        ) for move in overcharged])
        refunds.action_post()
        for refund, move in zip(refunds, overcharged):
            carriers = move.property_penalty_line_ids.move_id.filtered(
                lambda m: m.payment_state in ("not_paid", "partial")
            )
            (refund | carriers).line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
        return refunds

    def _charge_penalty_on_payment(self):
        """PEN setting "when the bill is paid": the penalty becomes its own invoice."""
        to_charge = self.filtered(lambda m: m.currency_id.compare_amounts(m.property_penalty_due, 0) > 0)
        invoices = self._property_create(
            [
                move._penalty_document_vals(
                    "out_invoice",
                    move.property_penalty_due,
                    "property_penalty_move_id",
                    move.with_context(lang=move.partner_id.lang or self.env.lang).env._(
                        "Late fee for %(bill)s", bill=move.name
                    ),
                )
                for move in to_charge
            ]
        )
        invoices.action_post()
        return invoices

    def _property_penalty_reset(self):
        """The bill's payments or waivers changed: recompute it at the next refresh."""
        # sudo: the accrual is the system's; an accountant matching a payment need not be in Finance.
        self.sudo().property_penalty_accrual_ids._workflow_write({"date": False})

    @api.model
    def _property_document_vals(self, move_type, partner, journal, lines, **values):
        """The values of every property invoice and credit note — the bill
        run's bills, late-fee invoices and reversals, deposit invoices and
        refunds: a customer document dated today unless told, one line per
        dict of ``lines``, each one of quantity 1 and untaxed unless it says
        otherwise."""
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "journal_id": journal.id,
            "invoice_date": fields.Date.context_today(self),
            # No salesperson: the resident's portal would show the job's user
            # (OdooBot) or whoever clicked as his contact on every bill.
            "invoice_user_id": False,
            **values,
            "invoice_line_ids": [
                Command.create({"quantity": 1.0, "tax_ids": [Command.clear()], **line}) for line in lines
            ],
        }

    @api.model
    def _property_create(self, vals_list):
        """Create property documents whose lines point to the sources they
        bill (BIL-07): the flows that bill a source — the bill run, the
        move-in fees, the deposits, the late fees — create them through
        here, the one path allowed to set a line's source."""
        Line = self.env["account.move.line"]
        with _grant(Line._name, None, Line._property_source_fields()):
            return self.create(vals_list)

    def _property_subscribe_customers(self):
        """What posting does for each invoice — its customer follows it, with
        the default subtypes of a customer (or of a user) — done for a batch
        of new bills in one insert: action_post then finds them subscribed."""
        customers = self.partner_id.filtered("active")
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(self._name)
        # sudo: following is the system's bookkeeping, as in message_subscribe.
        self.env["mail.followers"].sudo().with_context(default_partner_id=False).create([
            {
                "res_model": self._name,
                "res_id": move.id,
                "partner_id": move.partner_id.id,
                "subtype_ids": [Command.set((external if move.partner_id.partner_share else default).ids)],
            }
            for move in self
            if move.partner_id in customers and move.partner_id not in move.message_partner_ids
        ])
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _penalty_document_vals(self, move_type, amount, link_field, label):
        """A late fee on an invoice of its own, or its reversal (PEN)."""
        self.ensure_one()
        account = self.property_estate_id._property_income_accounts()["penalty"]
        return self._property_document_vals(
            move_type, self.partner_id, self.journal_id,
            [{"name": label, "price_unit": amount, "account_id": account.id, link_field: self.id}],
            property_unit_id=self.property_unit_id.id, invoice_origin=self.name,
        )

    def _property_bill_line(self, period, amount, accounts):
        """PEN / BIL-08: this earlier bill's late fee to the cut-off, on the next bill."""
        return {
            "name": self.env._("Late fee for %(bill)s (to %(date)s)", bill=self.name, date=period.date_to),
            "price_unit": amount,
            "account_id": accounts["penalty"].id,
            "property_penalty_move_id": self.id,
            "property_period_id": period.id,
        }

    def action_print_payment_notice(self):
        return self.env.ref("property_billing.action_report_payment_notice").report_action(self)

    def _payment_notice_values(self):
        """BIL-08: what the payment notice shows beside the new charges."""
        self.ensure_one()
        earlier = self._property_open_earlier_bills()
        # The late fee to date as the unit, the resident and the reminders show it (the daily refresh's).
        penalties = {bill: max(bill.property_penalty_due, 0.0) for bill in earlier}
        total = self.amount_residual + sum(earlier.mapped("amount_residual")) + sum(penalties.values())
        dates = [day for day in earlier.mapped("property_penalty_date") if day]
        # How each late fee is reached, from the same function as its amount (PEN-01..04).
        explanations = {}
        for day in set(dates):
            bills = earlier.filtered(lambda bill, day=day: bill.property_penalty_date == day)
            for bill, explained in bills._property_penalty_explained(day).items():
                explanations[bill] = bill._property_penalty_text(explained)
        return {"earlier": earlier, "penalties": penalties, "penalty_date": max(dates) if dates else False,
                "explanations": explanations, "total": self.currency_id.round(total)}

    def _property_open_earlier_bills(self):
        """BIL-08: the household's unpaid earlier bills, shown on the notice."""
        self.ensure_one()
        return self.search([
            ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("property_unit_id", "=", self.property_unit_id.id),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date", "<", self.invoice_date), ("id", "!=", self.id),
        ], order="invoice_date")
