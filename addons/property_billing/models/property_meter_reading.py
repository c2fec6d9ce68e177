from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError


class PropertyMeterReading(models.Model):
    """A meter reading (BIL-02): the consumption since the previous reading is
    billed once (BIL-07). Readings far above the usual consumption wait for
    review instead of being billed silently."""

    _name = "property.meter.reading"
    _description = "Meter reading"
    _inherit = ["property.workflow.mixin"]
    _order = "meter_id, date desc, id desc"
    # Consumption, review state and the billing link are the system's; a
    # billed reading is locked (BIL-07).
    _workflow_audit_field = "meter_id"
    _workflow_user_fields = {"reader_id": "BIL-02: who read the meter on site."}

    meter_id = fields.Many2one("property.meter", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(related="meter_id.unit_id", store=True, index=True)
    estate_id = fields.Many2one(related="meter_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="meter_id.company_id", store=True, index=True)
    meter_type = fields.Selection(related="meter_id.meter_type", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    value = fields.Float(string="Reading", required=True, digits=(12, 2))
    source = fields.Selection(
        [
            ("manual", "Read on site"),
            ("move_in", "Move-in handover"),
            ("import", "Imported"),
            ("replacement", "Meter replaced"),
        ],
        required=True,
        default="manual",
    )
    reader_id = fields.Many2one("res.users", string="Read by", default=lambda self: self.env.user)
    rollover = fields.Boolean(help="The meter went past its maximum and started again from zero.")
    rollover_max = fields.Float(
        string="Meter maximum", digits=(12, 2), help="The value at which the meter rolled over."
    )
    previous_id = fields.Many2one("property.meter.reading", compute="_compute_consumption", store=True)
    consumption = fields.Float(compute="_compute_consumption", store=True, digits=(12, 2))
    state = fields.Selection(
        [("ok", "OK"), ("review", "To review")], compute="_compute_consumption", store=True, index=True,
    )
    # The books are finance's: the desk and engineering see "billed", finance the bill line.
    invoice_line_ids = fields.One2many(
        "account.move.line",
        "property_reading_id",
        string="Invoice lines",
        readonly=True,
        groups="property_billing.group_property_finance",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Billed on", compute="_compute_invoice_line_id", store=True, copy=False, index=True,
        groups="property_billing.group_property_finance",
        help="The bill line that charged this reading's consumption (BIL-07).",
    )
    billed = fields.Boolean(compute="_compute_invoice_line_id", store=True, index=True,
                            help="BIL-07: the consumption up to this reading is on a bill.")

    @api.depends("meter_id", "date", "value", "rollover", "rollover_max", "source")
    def _compute_consumption(self):
        for reading in self:
            previous = (
                self.search(
                    [
                        ("meter_id", "=", reading.meter_id.id),
                        ("id", "!=", reading._origin.id or 0),
                        "|",
                        ("date", "<", reading.date),
                        "&",
                        ("date", "=", reading.date),
                        ("id", "<", reading._origin.id or 0),
                    ],
                    order="date desc, id desc",
                    limit=1,
                )
                if reading.meter_id and reading.date
                else self.browse()
            )
            reading.previous_id = previous
            if not previous or reading.source in ("move_in", "replacement"):
                reading.consumption = 0.0
            elif reading.rollover:
                reading.consumption = reading.rollover_max - previous.value + reading.value
            else:
                reading.consumption = reading.value - previous.value
            average = reading.meter_id.average_consumption
            # A consumption over three times the usual is reviewed before billing,
            # again whenever the reading changes.
            reading.state = "review" if average and reading.consumption > 3 * average else "ok"

    @api.depends("invoice_line_ids.parent_state")
    def _compute_invoice_line_id(self):
        for reading in self:
            reading.invoice_line_id = reading.invoice_line_ids.filtered(lambda line: line.parent_state != "cancel")[:1]
            reading.billed = bool(reading.invoice_line_id)

    @api.constrains("value", "date", "meter_id", "rollover", "rollover_max")
    def _check_reading(self):
        today = fields.Date.context_today(self)
        for reading in self:
            if not reading.meter_id.active:
                raise ValidationError(
                    self.env._("Meter %(meter)s is archived: it takes no reading.", meter=reading.meter_id.name)
                )
            if reading.date > today:
                raise ValidationError(
                    self.env._("A reading cannot be dated in the future (%(date)s).", date=reading.date)
                )
            if reading.value < 0:
                raise ValidationError(self.env._("A meter reading cannot be negative."))
            if reading.rollover and reading.rollover_max <= (reading.previous_id.value or 0):
                raise ValidationError(self.env._("Give the meter's maximum value for a rollover."))
            following = self.search([
                ("meter_id", "=", reading.meter_id.id), ("id", "!=", reading.id),
                "|", ("date", ">", reading.date), "&", ("date", "=", reading.date), ("id", ">", reading.id),
            ], order="date, id", limit=1)
            if following and following.value < reading.value and not following.rollover \
                    and following.source != "replacement":
                raise ValidationError(self.env._(
                    "Reading %(value)s of meter %(meter)s is higher than the next one (%(next)s on %(date)s).",
                    value=reading.value, meter=reading.meter_id.name, next=following.value, date=following.date))
            if reading.previous_id and reading.value < reading.previous_id.value and not reading.rollover \
                    and reading.source != "replacement":
                raise ValidationError(self.env._(
                    "Reading %(value)s of meter %(meter)s is lower than the previous one (%(previous)s on %(date)s). "
                    "Record a meter replacement or a rollover if that is what happened.",
                    value=reading.value, meter=reading.meter_id.name, previous=reading.previous_id.value,
                    date=reading.previous_id.date))

    @api.model_create_multi
    def create(self, vals_list):
        readings = super().create(vals_list)
        readings._following()._recompute_consumption()
        return readings

    def write(self, vals):
        following = self._following() if {"value", "date", "meter_id"} & set(vals) else self.browse()
        result = super().write(vals)
        (following | self._following())._recompute_consumption()
        return result

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered("invoice_line_id")

    def _workflow_lock_message(self):
        return self.env._("A billed reading can no longer change (BIL-07).")

    def unlink(self):
        following = self._following()
        result = super().unlink()
        following.exists()._recompute_consumption()
        return result

    def _following(self):
        """The readings after these on the same meters: their consumption is
        counted from these. None of them may be billed already, or a
        reading slipped in between would bill the same use twice (BIL-07)."""
        if not self:
            return self.browse()
        first = {}
        for reading in self:
            key = (reading.date, reading.id)
            first[reading.meter_id] = min(first.get(reading.meter_id, key), key)
        following = self.search(
            [
                ("meter_id", "in", self.meter_id.ids),
                ("date", ">=", min(day for day, _id in first.values())),
                ("id", "not in", self.ids),
            ]
        ).filtered(lambda r: (r.date, r.id) > first[r.meter_id])
        billed = following.filtered("invoice_line_id")
        if billed:
            raise ValidationError(self.env._(
                "Meter %(meter)s was billed up to its reading of %(date)s: a reading before it cannot change.",
                meter=billed[0].meter_id.name, date=billed[0].date))
        return following

    def _recompute_consumption(self):
        if self:
            self.env.add_to_compute(self._fields["consumption"], self)
            self.env.add_to_compute(self._fields["previous_id"], self)
            self.env.add_to_compute(self._fields["state"], self)

    def action_approve(self):
        """Finance confirms an unusual consumption: it will be billed."""
        if not self.env.user.has_group("property_billing.group_property_finance"):
            raise AccessError(self.env._("Only finance confirms an unusual consumption for billing."))
        self._workflow_write({"state": "ok"})

    def _property_bill_line(self, period):
        """BIL-02: the consumption since the previous reading, tiers shown as charged."""
        fee = self.meter_id.fee_id
        quantity, price = fee._meter_line(self.consumption)
        parts = fee._meter_tiers(self.consumption)
        name = self.env._("%(fee)s: %(previous)s → %(value)s (%(date)s)", fee=fee.name,
                 previous=self.previous_id.value, value=self.value, date=self.date)
        if len(parts) > 1:
            # A resident checks the bill: the tiers as they are charged.
            name = self.env._("%(line)s, by tier: %(tiers)s", line=name,
                     tiers=" + ".join(f"{part:.2f} × {tier_price:.2f}" for part, tier_price in parts))
        return {
            "name": name,
            "quantity": quantity,
            "price_unit": price,
            "account_id": fee.account_id.id,
            "tax_ids": [Command.set(fee.tax_ids.ids)],
            "property_reading_id": self.id,
            "property_period_id": period.id,
        }
