import calendar
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, pdf

from ..tools import share_out_with_remainder

# The bill run's lanes: the scheduled actions property_billing.ir_cron_bill_run_lane_1 … _4.
BILL_RUN_LANES = 4
# Households a lane bills in one call (system parameter property_billing.bill_run_lane_batch).
# Odoo calls a job up to ten times in a row and counts a cron worker's whole
# pass over the ready jobs against limit_time_real_cron (odoo.conf): 100 bills
# (7-10 s on two busy cores) keep a pass of all four lanes within ~400 s.
BILL_RUN_LANE_BATCH = 100


class PropertyBillingPeriod(models.Model):
    """A month of an estate's billing: from the day after the previous
    cut-off to this month's cut-off (BIL-02), due on the due day of the next
    month (BIL-04). The bill run makes one invoice per household (BIL-07)."""

    _name = "property.billing.period"
    _description = "Billing period"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_to desc, estate_id"
    # BIL-07: only the bill run moves a period on.
    # BIL-03: the background printing of the notices is the job's.
    _workflow_fields = frozenset({"state", "bill_run_user_id", "lane_ids", "notice_print_state",
                                  "notice_print_user_id", "notice_print_cursor", "notice_attachment_id",
                                  "notices_ready_on", "notices_late_notified"})
    _workflow_untracked = {
        "notice_print_cursor": "the printing's progress, moved after each chunk; the tracked state says when "
        "it starts and ends",
    }
    _workflow_user_fields = {
        "date_from": "BIL-02: the day after the previous cut-off; made from the estate's settings, "
        "finance may correct it before the run.",
        "date_to": "BIL-02: the cut-off day, from the estate's settings.",
        "date_due": "BIL-04: the due day of the next month, from the estate's settings.",
    }

    name = fields.Char(required=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(required=True)
    date_to = fields.Date(string="Cut-off", required=True)
    date_due = fields.Date(string="Due date", required=True)
    state = fields.Selection([("open", "Open"), ("running", "Being billed"), ("billed", "Billed")], default="open",
                             required=True, tracking=True, readonly=True)
    bill_run_user_id = fields.Many2one("res.users", string="Bill run asked by", readonly=True, copy=False,
                                       tracking=True)
    lane_ids = fields.One2many("property.billing.lane", "period_id", string="Bill run lanes", readonly=True)
    invoice_ids = fields.One2many("account.move", "property_period_id", string="Bills")
    notice_print_state = fields.Selection(
        [("none", "Not printed"), ("queued", "Being printed"), ("done", "Printed")], string="Payment notices",
        default="none", required=True, readonly=True, copy=False, tracking=True,
    )
    notice_print_user_id = fields.Many2one("res.users", string="Notices asked by", readonly=True, copy=False,
                                           tracking=True)
    notice_print_cursor = fields.Integer(readonly=True, copy=False,
                                         help="The background printing's progress: bills up to this id are printed.")
    notice_attachment_id = fields.Many2one("ir.attachment", string="Notices PDF", readonly=True, copy=False,
                                           tracking=True)
    notice_deadline = fields.Date(
        string="Notices ready by", compute="_compute_deadlines", store=True,
        help="BIL-03: the payment notices are printed by the 30th of the cut-off month (its last day in February).",
    )
    delivery_deadline = fields.Date(
        string="Delivered by", compute="_compute_deadlines", store=True,
        help="BIL-03: the notices are in the households' hands, letter boxes or post by the 1st of the next month.",
    )
    notices_ready_on = fields.Date(readonly=True, copy=False, tracking=True,
                                   help="BIL-03: the day the month's payment notices were printed.")
    notices_late_notified = fields.Boolean(readonly=True, copy=False, tracking=True,
                                           help="BIL-03: not printed by their day, finance was told.")
    delivery_ids = fields.One2many("property.document.delivery", "period_id", string="Deliveries")
    delivery_count = fields.Integer(compute="_compute_delivery_count")
    invoice_count = fields.Integer(compute="_compute_totals")
    amount_total = fields.Monetary(compute="_compute_totals", string="Billed")

    _sql_constraints = [
        (
            "estate_cutoff_uniq",
            "unique(estate_id, date_to)",
            "This estate already has a billing period with that cut-off.",
        ),
    ]

    def _compute_totals(self):
        # sudo: the figures of the period are shown to the desk, who has no access to the books.
        groups = dict(((period, (count, total)) for period, count, total in self.env["account.move"].sudo()._read_group(
            [("property_period_id", "in", self.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted")],
            ["property_period_id"], ["__count", "amount_total:sum"],
        )))
        for period in self:
            period.invoice_count, period.amount_total = groups.get(period, (0, 0.0))

    @api.depends("date_to")
    def _compute_deadlines(self):
        for period in self:
            cutoff = period.date_to
            if not cutoff:
                period.notice_deadline = period.delivery_deadline = False
                continue
            last = calendar.monthrange(cutoff.year, cutoff.month)[1]
            period.notice_deadline = cutoff.replace(day=min(30, last))
            period.delivery_deadline = cutoff.replace(day=1) + relativedelta(months=1)

    def _compute_delivery_count(self):
        counts = dict(self.env["property.document.delivery"]._read_group(
            [("period_id", "in", self.ids)], ["period_id"], ["__count"]))
        for period in self:
            period.delivery_count = counts.get(period, 0)

    @api.model
    def _for_month(self, estate, year, month):
        """The period of an estate whose cut-off falls in (year, month)."""
        cutoff = date(year, month, min(estate.billing_cutoff_day, calendar.monthrange(year, month)[1]))
        period = self.search([("estate_id", "=", estate.id), ("date_to", "=", cutoff)], limit=1)
        if period:
            return period
        previous = cutoff - relativedelta(months=1)
        next_month = cutoff + relativedelta(months=1)
        return self.create({
            "name": f"{estate.code} {year}-{month:02d}",
            "estate_id": estate.id,
            "date_from": previous + relativedelta(days=1),
            "date_to": cutoff,
            "date_due": date(next_month.year, next_month.month, estate.billing_due_day),
        })

    # ----------------------------------------------------------------- bill run
    def _households_to_bill_domain(self, after=0):
        """Units of the period's estate with an owner (every household is
        billed) and no bill of the period yet, from after `after`."""
        self.ensure_one()
        return [
            ("estate_id", "=", self.estate_id.id),
            ("owner_id", "!=", False),
            ("id", ">", after),
            ("bill_ids", "not any", [("property_period_id", "=", self.id), ("move_type", "=", "out_invoice"),
                                     ("state", "!=", "cancel")]),
        ]

    def _households_to_bill(self, limit=None, after=0, share=None):
        """The households still to bill, by id; `share` = (k, n) keeps those
        whose id modulo n is k (a lane's share of the run)."""
        Unit = self.env["property.unit"]
        query = Unit._search(self._households_to_bill_domain(after), order="id", limit=limit)
        if share:
            query.add_where(SQL("mod(%s, %s) = %s", SQL.identifier(Unit._table, "id"), share[1], share[0]))
        return Unit.browse(query.get_result_ids())

    def _bill_batch(self, units):
        """Make and post the bills of these households, one per unit (BIL-07),
        with a line per fee, per meter consumption, per paid repair slip and
        per earlier bill's penalty; every line points to its source."""
        self.ensure_one()
        journal = self.estate_id._billing_journal()
        if not journal:
            raise UserError(
                self.env._("Estate %(estate)s has no sales journal to bill with.", estate=self.estate_id.name)
            )
        sources = self._collect_sources(units)
        Move = self.env["account.move"]
        # Odoo looks the analytic distribution models up line by line (a query
        # per household and account); with none in the company, every line's
        # distribution is empty, as the lookup would find: say so at once.
        if not self.env["account.analytic.distribution.model"].sudo().search_count(
            [("company_id", "in", [False, self.company_id.id])], limit=1
        ):
            sources["lines"] = {unit: [dict(line, analytic_distribution=False) for line in lines]
                                for unit, lines in sources["lines"].items()}
        vals_list = [
            Move._property_document_vals(
                "out_invoice", unit.owner_id, journal, sources["lines"][unit],
                invoice_date=self.date_to, invoice_date_due=self.date_due, invoice_origin=self.name,
                property_unit_id=unit.id, property_period_id=self.id,
            )
            for unit in units if sources["lines"].get(unit)
        ]
        # The slips' "billed" follows their new bill lines: their chatter says so.
        self.env["property.repair.slip"].browse(
            line["property_slip_id"]
            for lines in sources["lines"].values()
            for line in lines
            if line.get("property_slip_id")
        )._track_prepare(["billed"])
        moves = self.env["account.move"].with_context(mail_create_nolog=True, tracking_disable=True)._property_create(
            vals_list)
        moves._property_subscribe_customers()
        moves.action_post()
        return moves

    def _collect_sources(self, units):
        """What is billed: each source (fee, meter reading, share of a shared
        reading, paid repair slip, renovation permit, paid service, earlier
        bill's late fee) builds its own line; the sources of a batch are read
        in a few queries (no per-unit search)."""
        self.ensure_one()
        lines = {unit: [] for unit in units}
        # Each household reads its bill in its own language.
        langs = {unit: unit.owner_id.lang or self.env.lang for unit in units}
        accounts = self.estate_id._property_income_accounts()

        def add(unit, source, *args):
            lines[unit].append(source.with_context(lang=langs[unit])._property_bill_line(self, *args))

        for unit_fee in self.env["property.unit.fee"].search([
            ("unit_id", "in", units.ids), ("fee_id.fee_type", "in", ("area", "fixed")), ("fee_id.active", "=", True),
            ("date_start", "<=", self.date_to), "|", ("date_end", "=", False), ("date_end", ">=", self.date_from),
        ], order="unit_id, fee_id"):
            add(unit_fee.unit_id, unit_fee)
        for reading in self.env["property.meter.reading"].search([
            ("unit_id", "in", units.ids), ("state", "=", "ok"), ("invoice_line_id", "=", False),
            ("date", "<=", self.date_to), ("consumption", ">", 0), ("meter_id.fee_id", "!=", False),
        ], order="unit_id, date, id"):
            add(reading.unit_id, reading)
        for unit, reading, *share in self._utility_shares(units):
            lines[unit].append(reading.with_context(lang=langs[unit])._property_share_line(self, unit, *share))
        for slip in self.env["property.repair.slip"].search([
            ("unit_id", "in", units.ids), ("billable", "=", True), ("billed", "=", False),
            ("completion_date", "<=", self.date_to),
        ], order="unit_id, completion_date, id"):
            add(slip.unit_id, slip, accounts)
        renovation_fees = self.env["property.fee"].search(
            [("estate_id", "=", self.estate_id.id), ("fee_type", "=", "renovation")], order="sequence, id")
        if renovation_fees:
            # BIL-01: only permits approved once a fee is charged, each (permit, fee) once.
            permits = self.env["property.renovation"].search([
                ("unit_id", "in", units.ids), ("state", "in", ("approved", "accepted", "refund_approved")),
                ("date_approved", ">=", min(renovation_fees.mapped("charged_from"))),
                ("date_start", "<=", self.date_to),
            ], order="unit_id, id")
            for permit, fees in permits._property_fees_to_bill(renovation_fees).items():
                for fee in fees:
                    add(permit.unit_id, permit, fee)
        for service in self.env["property.paid.service"].search([
            ("unit_id", "in", units.ids), ("state", "=", "done"), ("billed", "=", False),
            ("date", "<=", self.date_to),
        ], order="unit_id, date, id"):
            add(service.unit_id, service, accounts)
        if self.estate_id.penalty_charge == "next_bill":
            for bill, amount in self._penalties_to_charge(units).items():
                add(bill.property_unit_id, bill, amount, accounts)
        return {"lines": lines}

    def _reserve_shared_readings(self):
        """BIL-09: the shared readings each period's run shares out, fixed when
        the run is queued or started — the estate's shared readings up to the
        cut-off not shared out yet nor held by another period's run — and
        stamped with the period, so that every batch of the run, inline or
        in the lanes, shares the same readings out to its households; a
        reading entered during the run goes to the next period."""
        Reading = self.env["property.meter.reading"]
        for period in self:
            readings = Reading.search([
                ("estate_id", "=", period.estate_id.id), ("scope", "in", ("building", "estate")),
                ("state", "=", "ok"), ("date", "<=", period.date_to), ("consumption", ">", 0),
                ("meter_id.fee_id", "!=", False), ("billed", "=", False),
                "|", ("share_run_period_id", "=", False), ("share_run_period_id.state", "=", "billed"),
            ])
            readings._workflow_write({"share_run_period_id": period.id})

    def _utility_shares(self, units):
        """BIL-09: [(unit, shared reading, share, weight, base, households,
        rounding remainder carried by this share)]
        of these households: each shared reading of the estate not shared out
        in an earlier period is shared out among the households of its
        building (or of the estate) — by floor area or equally, the estate's
        setting — the rounding remainder on the last household's share, so
        the shares add up to the cent. Every batch computes the same shares
        (the households of the whole building, not of the batch) and bills
        its own; a household's share of a reading is billed once (a unique
        index). Two queries per batch, whatever the number of households."""
        # Only the readings fixed when the run started (_reserve_shared_readings):
        # one entered while the lanes run would reach only the later batches.
        readings = self.env["property.meter.reading"].search([
            ("share_run_period_id", "=", self.id), ("share_period_id", "in", (False, self.id)),
        ], order="meter_id, date, id")
        if not readings:
            return []
        # Households: the units billed (with an owner); a parking space shares no lift or corridor.
        households = self.env["property.unit"].search_fetch([
            ("estate_id", "=", self.estate_id.id), ("owner_id", "!=", False), ("usage", "!=", "parking"),
        ], ["building_id", "floor_area"], order="id")
        by_area = self.estate_id.shared_utility_basis == "area"
        wanted, result = set(units.ids), []
        # Grouped once: a large estate has many buildings, each with its own meters.
        by_building = defaultdict(list)
        for unit in households:
            by_building[unit.building_id.id].append(unit.id)
        wanted_buildings = set(units.building_id.ids)
        for reading in readings:
            if reading.scope == "estate":
                sharing = households
            elif reading.meter_id.building_id.id in wanted_buildings:
                sharing = households.browse(by_building[reading.meter_id.building_id.id])
            else:
                continue  # none of this batch's households lives in that building
            weights = [unit.floor_area if by_area else 1.0 for unit in sharing]
            base = sum(weights)
            shares, last, remainder = share_out_with_remainder(
                reading._property_shared_total(), weights, str(self.currency_id.rounding))
            result += [(unit, reading, share, weight, base, len(sharing), remainder if index == last else 0)
                       for index, (unit, share, weight) in enumerate(zip(sharing, shares, weights))
                       if unit.id in wanted and share]
        return result

    def _penalties_to_charge(self, units):
        """{earlier bill: penalty to charge now}: accrued at the cut-off, less
        what was charged or waived before (PEN, BIL-08)."""
        bills = self.env["account.move"].search([
            ("property_unit_id", "in", units.ids), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("invoice_date_due", "<", self.date_to), ("property_period_id", "!=", self.id),
        ])
        bills = bills.filtered(
            lambda b: b.payment_state not in ("paid", "in_payment", "reversed") or b.property_penalty_accrued
        )
        result = {}
        for bill, amount in bills._property_penalty_to_charge(self.date_to).items():
            if bill.currency_id.compare_amounts(amount, 0) > 0:
                result[bill] = amount
        return result

    def action_bill_run(self):
        """BIL-07, finance's button: a small period is billed at once; a
        larger one (past the company's setting) is shared among the bill-run
        lanes in the background, and finance is told when it is done. A
        period already being billed is left to its lanes: clicking again, or
        two people clicking, adds nothing."""
        self._property_require_group(
            "property_billing.group_property_finance", self.env._("Only finance runs the bills.")
        )
        # Two people clicking at once: the second meets the first one's lock
        # and Odoo retries the request (a concurrency error, not logged as a
        # failure); it then finds the period billed or being billed.
        if self.ids:
            self.env.cr.execute(SQL("SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                                    SQL.identifier(self._table), tuple(self.ids)), log_exceptions=False)
        background = self.browse()
        for period in self.filtered(lambda p: p.state == "open"):
            todo = self.env["property.unit"].search_count(period._households_to_bill_domain())
            if todo > period.company_id.property_bill_run_inline_limit:
                background |= period
                continue
            period._reserve_shared_readings()
            households = period._households_to_bill()
            batch = self._cron_batch_size()
            for start in range(0, len(households), batch):
                period._bill_batch(households[start:start + batch])
            # Who ran the bills prints the notices (BIL-03): told if they are late.
            period._workflow_write({"state": "billed", "bill_run_user_id": False if self.env.su else self.env.uid})
        if not background:
            return True
        background._queue_bill_run(self.env.user)
        return self._background_notification(self.env._(
            "%(periods)s: the bills are made in the background; you will be notified when they are all posted.",
            periods=", ".join(background.mapped("name"))))

    @api.model
    def _background_notification(self, message):
        """What the user who started a background job is told at once."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": "info", "sticky": False, "message": message,
                       "next": {"type": "ir.actions.client", "tag": "soft_reload"}},
        }

    @api.model
    def _bill_run_lanes(self):
        """The active bill-run lanes: {lane number: its scheduled action}."""
        lanes = {}
        for lane in range(1, BILL_RUN_LANES + 1):
            cron = self.env.ref(f"property_billing.ir_cron_bill_run_lane_{lane}", raise_if_not_found=False)
            if cron and cron.sudo().active:
                lanes[lane] = cron.sudo()
        return lanes

    def _queue_bill_run(self, user=None):
        """Share the periods' runs among the active lanes and wake them."""
        lanes = self._bill_run_lanes()
        if not lanes:
            raise UserError(self.env._(
                "Every bill-run lane is switched off: activate the scheduled actions \"Property: bill run, "
                "lane …\" (Settings › Technical › Scheduled Actions)."))
        self._reserve_shared_readings()
        for period in self:
            # sudo: the lanes are the system's bookkeeping, which finance reads but never writes.
            self.env["property.billing.lane"].sudo()._workflow_create([
                {"period_id": period.id, "lane": lane, "share": share, "shares": len(lanes)}
                for share, lane in enumerate(sorted(lanes))
            ])
        self._workflow_write({"state": "running", "bill_run_user_id": user.id if user else False})
        for cron in lanes.values():
            cron._trigger()

    @api.model
    def _cron_bill_run(self):
        """The monthly planner (BIL-07): after each estate's cut-off day it
        makes the period and shares its run among the lanes; it closes the
        runs whose lanes are all done (the one writer of a running period).
        Sources are billed once, so a rerun or a restart adds nothing.
        Each estate's cut-off is counted on its own clock (the job runs in
        UTC: 17:00 on the 24th is already the 25th in China)."""
        Estate = self.env["property.estate"]
        for estate, today in Estate.search([("active", "=", True)])._local_todays().items():
            last_month = today - relativedelta(months=1)
            # An estate billed before gets last month's period too, should its
            # cut-off have passed while the job was not running.
            if self.search_count([("estate_id", "=", estate.id), ("date_to", "<", last_month.replace(day=1))], limit=1):
                self._for_month(estate, last_month.year, last_month.month)
            if today.day >= estate.billing_cutoff_day:
                self._for_month(estate, today.year, today.month)
        finished = self.search([("state", "=", "running"), ("lane_ids.done", "=", True),
                                ("lane_ids", "not any", [("done", "=", False)])])
        finished._finish_bill_run()
        # A period finance is starting by hand this very moment is left to her.
        due = self._lock_records(self.search(
            [("state", "=", "open"), *Estate._local_today_domain(lambda today: [("date_to", "<=", today)])],
            order="date_to, id"))
        if due:
            due._queue_bill_run()
        return finished

    @api.model
    def _cron_bill_run_lane(self, lane):
        """Lane `lane` of the bill run: one batch of its share per call,
        committed by Odoo between calls (a restart goes on from the lane's
        cursor). A share done wakes the planner, which closes the period."""
        share = self.env["property.billing.lane"].search(
            [("lane", "=", lane), ("done", "=", False), ("period_id.state", "=", "running")], order="id", limit=1
        )
        if not share:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return self.env["account.move"]
        period = share.period_id
        batch = int(self.env["ir.config_parameter"].sudo().get_param(
            "property_billing.bill_run_lane_batch", BILL_RUN_LANE_BATCH))
        todo = period._households_to_bill(batch, share.cursor, (share.share, share.shares))
        # A household another transaction holds (never one of another lane)
        # is not passed: the cursor waits for it.
        units = self._lock_records(todo)
        moves = period._bill_batch(units)
        if units == todo:
            share._workflow_write({"cursor": max(todo.ids, default=share.cursor), "done": len(todo) < batch})
        if share.done:
            self.env.ref("property_billing.ir_cron_bill_run").sudo()._trigger()
        remaining = self.env["property.billing.lane"].search_count(
            [("lane", "=", lane), ("done", "=", False), ("period_id.state", "=", "running")]
        )
        # A share just finished counts as done work: Odoo calls the lane again
        # for its share of the next running period, if any.
        self.env["ir.cron"]._notify_progress(done=len(units) or int(share.done), remaining=remaining)
        return moves

    def _finish_bill_run(self):
        """Close the periods whose lanes are all done, and tell who asked."""
        for period in self:
            user = period.bill_run_user_id
            period._workflow_write({"state": "billed"})
            if user:
                worded = period.with_context(lang=user.lang or self.env.lang)
                # sudo: the system tells the user who asked.
                period.sudo().message_post(
                    body=worded.env._("The bill run of %(period)s is done: %(count)s bills posted.",
                                      period=period.name, count=period.invoice_count),
                    partner_ids=user.partner_id.ids, subtype_xmlid="mail.mt_comment",
                )

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        return dict(action, domain=[("property_period_id", "=", self.id)], context={"default_move_type": "out_invoice"})

    def _slip_reconciliation(self):
        """Finance's repair-slip reconciliation of the period: every billable
        slip billed (with its bill), pending (finished after the cut-off, for
        the next bill), not billed though finished in time (to check: no
        owner, signed after the run, bill cancelled) or refused. The slips'
        own amounts are set against the invoice lines that carry them."""
        self.ensure_one()
        Slip = self.env["property.repair.slip"]
        billed_lines = self.env["account.move.line"].search(
            [
                ("property_slip_id", "!=", False),
                ("move_id.property_period_id", "=", self.id),
                ("parent_state", "=", "posted"),
            ]
        )
        unbilled = Slip.search([
            ("estate_id", "=", self.estate_id.id), ("billable", "=", True), ("billed", "=", False),
        ])
        start, end = (self.estate_id._utc(day) for day in (self.date_from, self.date_to + relativedelta(days=1)))
        refused = Slip.search(
            [
                ("estate_id", "=", self.estate_id.id),
                ("state", "=", "refused"),
                ("date_slip", ">=", start),
                ("date_slip", "<", end),
            ]
        )
        rows = [
            (line.property_slip_id, "billed", line.move_id.name, line.property_slip_id.amount_total)
            for line in billed_lines
        ]
        rows += [(slip, "pending" if slip.completion_date > self.date_to else "unbilled", "", slip.amount_total)
                 for slip in unbilled.filtered("completion_date")]
        rows += [(slip, "refused", "", 0.0) for slip in refused]
        return rows, sum(billed_lines.mapped("price_total"))

    def action_view_slip_reconciliation(self):
        """The reconciliation in Odoo: the period's billed, pending and refused slips."""
        rows, _invoiced = self._slip_reconciliation()
        slip_ids = [slip.id for slip, _status, _bill, _amount in rows]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repair slips %(period)s", period=self.name),
            "res_model": "property.repair.slip",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("property_billing.property_repair_slip_view_list_reconciliation").id, "list"),
                (False, "form"),
            ],
            "domain": [("id", "in", slip_ids)],
            "context": {"group_by": ["billed"]},
        }

    def _notice_bills(self):
        """The posted bills of the period, in the order of their units (the
        order a butler delivers them in)."""
        self.ensure_one()
        return self.env["account.move"].search([
            ("property_period_id", "=", self.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
        ], order="property_unit_id, id")

    def action_print_notices(self):
        """BIL-03: the month's payment notices. A few are printed at once; a
        whole estate's month is printed in the background by a scheduled job
        (no browser waits minutes, nor meets the server's time limit), which
        puts the PDF on the period and tells the user who asked."""
        self.ensure_one()
        bills = self._notice_bills()
        if not bills:
            raise UserError(self.env._("Period %(period)s has no bill yet: run the bill run first.", period=self.name))
        if len(bills) <= self.company_id.property_notice_print_limit:
            self._notices_ready()
            return self.env.ref("property_billing.action_report_payment_notice").report_action(bills)
        if self.notice_print_state == "queued":
            raise UserError(
                self.env._("The payment notices of %(period)s are being printed already.", period=self.name)
            )
        self.notice_attachment_id.sudo().unlink()
        self._workflow_write({"notice_print_state": "queued", "notice_print_user_id": self.env.uid,
                              "notice_print_cursor": 0})
        self.env.ref("property_billing.ir_cron_print_notices").sudo()._trigger()
        return self._background_notification(self.env._(
            "The %(count)s payment notices of %(period)s are printed in the background: the PDF will be on "
            "the period, and you will be notified.", count=len(bills), period=self.name))

    def _notice_print_domain(self):
        return [("property_period_id", "=", self.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                ("id", ">", self.notice_print_cursor)]

    @api.model
    def _cron_print_notices(self):
        """Print the queued periods' notices, one chunk per call (committed
        by Odoo between calls, so a restart goes on from the cursor); the
        last call joins the chunks into one PDF on the period."""
        period = self.search([("notice_print_state", "=", "queued")], limit=1, order="id")._lock_for_cron()
        if not period:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return period
        Attachment = self.env["ir.attachment"].sudo()
        parts = Attachment.search([("res_model", "=", self._name), ("res_id", "=", period.id),
                                   ("name", "=like", "notices-part-%")], order="id")
        # Each chunk in the order of the bill ids: the cursor says where the printing stands.
        chunk = self.env["account.move"].search(period._notice_print_domain(), order="id",
                                                limit=self.env["ir.actions.report"]._property_report_chunk_size())
        if chunk:
            report = self.env.ref("property_billing.action_report_payment_notice")
            content, _kind = report._render_qweb_pdf(report.report_name, chunk.ids)
            Attachment.create({"name": f"notices-part-{len(parts) + 1:05d}.pdf", "raw": content,
                               "res_model": self._name, "res_id": period.id, "mimetype": "application/pdf"})
            period._workflow_write({"notice_print_cursor": chunk[-1].id})
        else:
            period._finish_notice_print(parts)
        remaining = self.env["account.move"].search_count(period._notice_print_domain()) if chunk else 0
        queued = self.search_count([("notice_print_state", "=", "queued")])
        self.env["ir.cron"]._notify_progress(done=len(chunk), remaining=remaining or queued)
        return period

    def _finish_notice_print(self, parts):
        self.ensure_one()
        user = self.notice_print_user_id
        worded = self.with_context(lang=user.lang or self.env.lang)
        attachment = self.env["ir.attachment"].sudo().create({
            "name": worded.env._("Payment notices %(period)s.pdf", period=self.name),
            "raw": pdf.merge_pdf([part.raw for part in parts]) if len(parts) > 1 else parts.raw,
            "res_model": self._name, "res_id": self.id, "mimetype": "application/pdf",
        })
        parts.unlink()
        self._workflow_write({"notice_print_state": "done", "notice_attachment_id": attachment.id})
        self._notices_ready()
        # sudo: the system tells the user who asked; the message carries the PDF.
        self.sudo().message_post(
            body=worded.env._("The payment notices of %(period)s are printed: %(count)s bills.",
                              period=self.name, count=self.invoice_count),
            attachment_ids=attachment.ids, partner_ids=user.partner_id.ids, subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------- BIL-03/10
    def _notices_ready(self):
        """BIL-03: the notices are printed: the day is kept, and each
        household's delivery is planned for the 1st (BIL-10)."""
        today = self.estate_id._local_today()
        self.filtered(lambda period: not period.notices_ready_on)._workflow_write({"notices_ready_on": today})
        self._plan_deliveries()

    def action_plan_deliveries(self):
        """BIL-03 / BIL-10: a delivery per household of the period's notices."""
        self._property_require_group("property_billing.group_property_finance",
                                     self.env._("Only finance plans the delivery of the payment notices."))
        return self._plan_deliveries()

    def _plan_deliveries(self):
        """One delivery per posted bill without one, by the household's channel,
        due by the 1st (BIL-03/10); planning again adds nothing."""
        Delivery = self.env["property.document.delivery"]
        for period in self:
            # sudo: the planning is the system's; the desk who delivers sees the delivery, not the books.
            bills = period.sudo()._notice_bills()
            planned = set(Delivery.sudo().search([("period_id", "=", period.id)]).move_id.ids)
            bills = bills.filtered(lambda bill: bill.id not in planned)
            Delivery.sudo()._plan_notices([{
                "name": bill.with_context(lang=bill.partner_id.lang or self.env.lang).env._(
                    "Payment notice %(period)s, %(bill)s", period=period.name, bill=bill.name),
                "kind": "notice", "unit_id": bill.property_unit_id.id, "partner_id": bill.partner_id.id,
                "move_id": bill.id, "period_id": period.id, "deadline": period.delivery_deadline,
            } for bill in bills])
        return True

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_billing.property_document_delivery_action")
        return dict(action, domain=[("period_id", "=", self.id)], context={})

    @api.model
    def _notices_overdue(self):
        """BIL-03: billed periods whose notices are not printed by their day:
        whoever ran the bills (else the estate's fees clerk) is told once —
        on the estate's day (the job runs as the server, in UTC)."""
        periods = self._lock_records(self.search([
            ("state", "=", "billed"), ("notices_ready_on", "=", False), ("notices_late_notified", "=", False),
            ("invoice_ids", "!=", False),
            *self.env["property.estate"]._local_today_domain(lambda today: [("notice_deadline", "<=", today)]),
        ], limit=self._cron_batch_size()))
        for period in periods:
            user = period.bill_run_user_id or period.estate_id._fees_clerk()
            if user:
                period._property_activity(
                    "mail.mail_activity_data_todo", user,
                    lambda worded: worded.env._("Print the payment notices of %(period)s: due by %(date)s (BIL-03)",
                                                period=worded.name, date=worded.notice_deadline),
                )
        periods._workflow_write({"notices_late_notified": True})
        return periods
