from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import format_date, formatLang

ARREARS_STAGES = [
    ("none", "Up to date"),
    ("arrears", "Arrears"),
    ("posting", "Public posting"),
    ("legal", "Legal action"),
]


class PropertyUnit(models.Model):
    """A unit is a household for billing: its fees, meters, bills and the
    arrears ladder of DUN-04."""

    _name = "property.unit"
    _inherit = ["property.unit", "property.cron.mixin"]
    # DUN-04: the arrears ladder is the daily job's reading of the books.
    _workflow_fields = frozenset({"arrears_amount", "arrears_since", "arrears_stage", "arrears_checked_on",
                                  "arrears_recheck_on"})

    meter_ids = fields.One2many("property.meter", "unit_id", string="Meters")
    unit_fee_ids = fields.One2many("property.unit.fee", "unit_id", string="Fees")
    bill_ids = fields.One2many("account.move", "property_unit_id", string="Bills")
    currency_id = fields.Many2one(related="company_id.currency_id")
    arrears_amount = fields.Monetary(string="Unpaid (overdue)", readonly=True, copy=False, tracking=True,
                                     help="Unpaid amount of the household's bills past their due date.")
    arrears_since = fields.Date(string="Oldest unpaid due date", readonly=True, copy=False, tracking=True)
    arrears_stage = fields.Selection(
        ARREARS_STAGES,
        default="none",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        help="DUN-04: unpaid more than 1 month = arrears; 2 months = public posting; 3 months = legal action.",
    )
    arrears_checked_on = fields.Date(readonly=True, copy=False)
    _workflow_untracked = {"arrears_checked_on": "the day the daily job last read the books for the household"}
    arrears_recheck_on = fields.Date(
        string="Butler's recheck planned on", readonly=True, copy=False, tracking=True,
        help="DUN-05: in the third and fourth weeks of a quarter's last month the zone's butler rechecks the "
             "payment of each household in arrears.",
    )
    penalty_due = fields.Monetary(string="Late fees to charge", compute="_compute_penalty_due",
                                  help="Late fees accrued on the household's bills and not charged yet (PEN).")
    bill_count = fields.Integer(compute="_compute_bill_count")
    owner_phone = fields.Char(related="owner_id.mobile", string="Owner's phone")

    def _compute_bill_count(self):
        counts = dict(self.env["account.move"]._read_group(
            [("property_unit_id", "in", self.ids), ("move_type", "=", "out_invoice")], ["property_unit_id"], ["__count"]
        ))
        for unit in self:
            unit.bill_count = counts.get(unit, 0)

    def _compute_penalty_due(self):
        # sudo: the late fees are shown to the service desk, who has no access to the books.
        groups = dict(self.env["account.move"].sudo()._read_group(
            [("property_unit_id", "in", self.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted")],
            ["property_unit_id"], ["property_penalty_due:sum"],
        ))
        for unit in self:
            unit.penalty_due = groups.get(unit, 0.0)

    def _arrears_now(self, today=None):
        """{unit: (overdue unpaid, oldest unpaid due date, stage)} read in one
        query from the posted bills (DUN-04)."""
        today = today or fields.Date.context_today(self)
        # sudo: the service desk is told a household's arrears (DUN-04) without access to the books.
        groups = self.env["account.move"].sudo()._read_group(
            [("property_unit_id", "in", self.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
             ("payment_state", "in", ("not_paid", "partial")), ("invoice_date_due", "<", today)],
            ["property_unit_id"], ["amount_residual:sum", "invoice_date_due:min"],
        )
        found = {unit: (amount, oldest) for unit, amount, oldest in groups}
        result = {}
        for unit in self:
            amount, oldest = found.get(unit, (0.0, False))
            owing = unit.company_id.currency_id.compare_amounts(amount, 0) > 0
            result[unit] = (amount, oldest, unit._arrears_stage(oldest, today) if owing else "none")
        return result

    def _arrears_stage(self, oldest_due, today):
        estate = self.estate_id
        if not oldest_due:
            return "none"
        if today >= oldest_due + relativedelta(months=estate.legal_months):
            return "legal"
        if today >= oldest_due + relativedelta(months=estate.posting_months):
            return "posting"
        if today > oldest_due + relativedelta(months=estate.arrears_months):
            return "arrears"
        return "none"

    def _refresh_arrears(self, today=None):
        today = today or fields.Date.context_today(self)
        for unit, (amount, oldest, stage) in self._arrears_now(today).items():
            values = {"arrears_amount": amount, "arrears_since": oldest, "arrears_stage": stage}
            if any(unit[name] != value for name, value in values.items()):
                unit._workflow_write(values)
        self._workflow_write({"arrears_checked_on": today})

    @api.model
    def _arrears_domain(self):
        """Households to refresh, not checked yet on their estate's own today."""
        return [
            *self.env["property.estate"]._local_today_domain(lambda today: [
                "|", ("arrears_checked_on", "=", False), ("arrears_checked_on", "<", today),
            ]),
            "|", ("bill_ids.payment_state", "in", ("not_paid", "partial")), ("arrears_stage", "!=", "none"),
        ]

    @api.model
    def _cron_refresh_arrears(self):
        """DUN-04 daily: the stage moves with the calendar, so it is refreshed
        for households with unpaid bills or a stage to clear, a batch per call;
        checked units are marked, so a rerun the same day does nothing."""
        units = self._lock_records(self.search(self._arrears_domain(), limit=self._cron_batch_size() * 4, order="id"))
        for estate, estate_units in units.grouped("estate_id").items():
            estate_units._refresh_arrears(estate._local_today())
        self.env["ir.cron"]._notify_progress(done=len(units), remaining=self.search_count(self._arrears_domain()))
        return units

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        return dict(action, domain=[("property_unit_id", "=", self.id)], context={"default_move_type": "out_invoice"})

    def _household_unpaid_message(self):
        self.ensure_one()
        amount, oldest, _stage = self._arrears_now()[self]
        return self.env._(
            "Household %(unit)s is in arrears: %(amount)s unpaid since %(date)s (DUN-04). It must pay first.",
            unit=self.display_name,
            amount=self.currency_id.format(amount),
            date=oldest,
        )

    # ------------------------------------------------------------------ DUN-05
    @api.model
    def _recheck_week(self, day):
        """DUN-05: the first day of the week — the third (15th-21st) or the
        fourth (22nd to the end) of the last month of a quarter — that ``day``
        falls in; None outside them."""
        if day.month % 3 or day.day < 15:
            return None
        return day.replace(day=15 if day.day <= 21 else 22)

    @api.model
    def _recheck_weeks(self):
        """DUN-05: {estate: the first day of its recheck week} of the active
        estates whose today, on their own clock, falls in one (the job runs
        as the server, in UTC: 17:00 on the 21st is already the 22nd in
        China)."""
        weeks = {estate: self._recheck_week(estate._local_today())
                 for estate in self.env["property.estate"].search([("active", "=", True)])}
        return {estate: week for estate, week in weeks.items() if week}

    @api.model
    def _recheck_domain(self, weeks):
        """The households in arrears of these estates not rechecked in their week yet."""
        return [("arrears_amount", ">", 0), *expression.OR([
            [("estate_id", "=", estate.id), "|", ("arrears_recheck_on", "=", False), ("arrears_recheck_on", "<", week)]
            for estate, week in weeks.items()
        ])]

    @api.model
    def _cron_butler_recheck(self):
        """DUN-05 daily: in the third and in the fourth week of a quarter's
        last month, each household in arrears gets its butler's recheck visit,
        planned through the unit's hook (property_butler gives it to the
        zone's butler, VIS-03); marked, so once a week; a batch per call.
        Weeks and days on each estate's clock."""
        week = self._recheck_weeks()
        if not week:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return self.browse()
        units = self._lock_records(self.search(self._recheck_domain(week), limit=self._cron_batch_size(), order="id"))
        if units:
            self._on_fee_collection_visits([(unit, unit.owner_id) for unit in units])
        for estate, estate_units in units.grouped("estate_id").items():
            estate_units._workflow_write({"arrears_recheck_on": estate._local_today()})
        self.env["ir.cron"]._notify_progress(done=len(units), remaining=self.search_count(self._recheck_domain(week)))
        return units

    def _lawyer_letter_values(self):
        """DUN-05: what the lawyer's letter lists — each unpaid bill, the late
        fees already billed on it and the late fee to date still to charge,
        from the one penalty function (PEN-01..05) — and the totals."""
        self.ensure_one()
        today = self.estate_id._local_today()
        bills = self.env["account.move"].search([
            ("property_unit_id", "=", self.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ], order="invoice_date_due, id")
        to_charge = bills._property_penalty_to_charge(today)
        explained = bills._property_penalty_explained(today)
        rows = []
        for bill in bills:
            billed = sum(bill.invoice_line_ids.filtered("property_penalty_move_id").mapped("price_total"))
            rows.append({
                "bill": bill, "unpaid": bill.amount_residual, "penalty_billed": min(billed, bill.amount_residual),
                "penalty_due": max(to_charge[bill], 0.0),
                "explained": bill._property_penalty_text(explained[bill]) if to_charge[bill] > 0 else "",
            })
        currency = self.currency_id
        unpaid = currency.round(sum(row["unpaid"] for row in rows))
        penalty_due = currency.round(sum(row["penalty_due"] for row in rows))
        total = currency.round(unpaid + penalty_due)
        partner = self.owner_id or bills.partner_id[:1]
        day = format_date(self.env, today)
        capitals = currency._amount_to_cn_capitals(total)
        return {
            "partner": partner, "today": today, "rows": rows, "unpaid": unpaid,
            "penalty_billed": currency.round(sum(row["penalty_billed"] for row in rows)),
            "penalty_due": penalty_due, "total": total,
            # Whole sentences, worded in the letter's language.
            "to": self.env._("To %(owner)s, owner of unit %(unit)s:", owner=partner.name, unit=self.display_name),
            "intro": self.env._(
                "Entrusted by %(company)s, which provides the property services of %(estate)s, we notify you as "
                "follows.", company=self.company_id.name, estate=self.estate_id.name),
            "facts": self.env._(
                "As of %(date)s, the property fees of your unit listed below are unpaid. Under the property service "
                "agreement, a late fee of %(rate)s %% of the unpaid amount is due for each day of delay.",
                date=day, rate=formatLang(self.env, self.estate_id.penalty_rate, digits=2)),
            "demand": self.env._(
                "Total to pay: %(total)s (%(capitals)s), late fees counted to %(date)s; they grow each day until you "
                "pay.", total=currency.format(total),
                capitals=(self.env._("RMB %(capitals)s", capitals=capitals) if currency.name == "CNY" else capitals),
                date=day),
        }

    def action_print_lawyer_letter(self):
        """DUN-05: the lawyer's letter of a household in arrears."""
        self._property_require_group("property_billing.group_property_finance",
                                     self.env._("Only finance prepares a lawyer's letter."))
        return self.env.ref("property_billing.action_report_lawyer_letter").report_action(self)
