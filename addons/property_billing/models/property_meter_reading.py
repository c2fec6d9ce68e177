from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PropertyMeterReading(models.Model):
    """A meter reading (BIL-02): the consumption since the previous reading is
    billed once (BIL-07). Readings far above the usual consumption wait for
    review instead of being billed silently."""

    _name = "property.meter.reading"
    _description = "Meter reading"
    _order = "meter_id, date desc, id desc"

    meter_id = fields.Many2one("property.meter", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(related="meter_id.unit_id", store=True, index=True)
    estate_id = fields.Many2one(related="meter_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="meter_id.company_id", store=True, index=True)
    meter_type = fields.Selection(related="meter_id.meter_type", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    value = fields.Float(string="Reading", required=True, digits=(12, 2))
    source = fields.Selection(
        [("manual", "Read on site"), ("move_in", "Move-in handover"), ("import", "Imported"), ("replacement", "Meter replaced")],
        required=True, default="manual",
    )
    reader_id = fields.Many2one("res.users", string="Read by", default=lambda self: self.env.user)
    rollover = fields.Boolean(help="The meter went past its maximum and started again from zero.")
    rollover_max = fields.Float(string="Meter maximum", digits=(12, 2), help="The value at which the meter rolled over.")
    previous_id = fields.Many2one("property.meter.reading", compute="_compute_consumption", store=True)
    consumption = fields.Float(compute="_compute_consumption", store=True, digits=(12, 2))
    state = fields.Selection(
        [("ok", "OK"), ("review", "To review")], compute="_compute_consumption", store=True, readonly=False, index=True,
    )
    invoice_line_ids = fields.One2many("account.move.line", "property_reading_id", string="Invoice lines", readonly=True)
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Billed on", compute="_compute_invoice_line_id", store=True, copy=False, index=True,
        help="The bill line that charged this reading's consumption (BIL-07).",
    )

    @api.depends("meter_id", "date", "value", "rollover", "rollover_max", "source")
    def _compute_consumption(self):
        for reading in self:
            previous = self.search([
                ("meter_id", "=", reading.meter_id.id), ("id", "!=", reading._origin.id or 0),
                "|", ("date", "<", reading.date), "&", ("date", "=", reading.date), ("id", "<", reading._origin.id or 0),
            ], order="date desc, id desc", limit=1) if reading.meter_id and reading.date else self.browse()
            reading.previous_id = previous
            if not previous or reading.source in ("move_in", "replacement"):
                reading.consumption = 0.0
            elif reading.rollover:
                reading.consumption = reading.rollover_max - previous.value + reading.value
            else:
                reading.consumption = reading.value - previous.value
            average = reading.meter_id.average_consumption
            # A consumption over three times the usual is reviewed before billing.
            if reading.state != "ok" or not reading._origin.id:
                reading.state = "review" if average and reading.consumption > 3 * average else "ok"

    @api.depends("invoice_line_ids.parent_state")
    def _compute_invoice_line_id(self):
        for reading in self:
            reading.invoice_line_id = reading.invoice_line_ids.filtered(lambda l: l.parent_state != "cancel")[:1]

    @api.constrains("value", "date", "meter_id", "rollover", "rollover_max")
    def _check_reading(self):
        today = fields.Date.context_today(self)
        for reading in self:
            if not reading.meter_id.active:
                raise ValidationError(_("Meter %(meter)s is archived: it takes no reading.", meter=reading.meter_id.name))
            if reading.date > today:
                raise ValidationError(_("A reading cannot be dated in the future (%(date)s).", date=reading.date))
            if reading.value < 0:
                raise ValidationError(_("A meter reading cannot be negative."))
            if reading.rollover and reading.rollover_max <= (reading.previous_id.value or 0):
                raise ValidationError(_("Give the meter's maximum value for a rollover."))
            if reading.previous_id and reading.value < reading.previous_id.value and not reading.rollover \
                    and reading.source != "replacement":
                raise ValidationError(_(
                    "Reading %(value)s of meter %(meter)s is lower than the previous one (%(previous)s on %(date)s). "
                    "Record a meter replacement or a rollover if that is what happened.",
                    value=reading.value, meter=reading.meter_id.name, previous=reading.previous_id.value,
                    date=reading.previous_id.date))

    def write(self, vals):
        if self.filtered("invoice_line_id") and {"value", "date", "meter_id", "rollover", "rollover_max"} & set(vals):
            raise ValidationError(_("A billed reading can no longer change (BIL-07)."))
        return super().write(vals)

    def unlink(self):
        if self.filtered("invoice_line_id"):
            raise ValidationError(_("A billed reading cannot be deleted (BIL-07)."))
        return super().unlink()

    def action_approve(self):
        """The reviewer confirms an unusual consumption: it will be billed."""
        self.write({"state": "ok"})
