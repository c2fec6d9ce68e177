from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

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
    _workflow_fields = frozenset({"arrears_amount", "arrears_since", "arrears_stage", "arrears_checked_on"})

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
        today = fields.Date.context_today(self)
        return [
            "|", ("arrears_checked_on", "=", False), ("arrears_checked_on", "<", today),
            "|", ("bill_ids.payment_state", "in", ("not_paid", "partial")), ("arrears_stage", "!=", "none"),
        ]

    @api.model
    def _cron_refresh_arrears(self):
        """DUN-04 daily: the stage moves with the calendar, so it is refreshed
        for households with unpaid bills or a stage to clear, a batch per call;
        checked units are marked, so a rerun the same day does nothing."""
        units = self._lock_records(self.search(self._arrears_domain(), limit=self._cron_batch_size() * 4, order="id"))
        units._refresh_arrears()
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
