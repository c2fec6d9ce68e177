from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang


class ImportBatchRefused(Exception):
    """A batch of imported readings refused: to be retried row by row."""


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
    # BIL-09: the bill run fixes the shared readings it shares out when it starts.
    _workflow_fields = frozenset({"share_run_period_id"})
    _workflow_audit_field = "meter_id"
    _workflow_user_fields = {"reader_id": "BIL-02: who read the meter on site."}

    meter_id = fields.Many2one("property.meter", required=True, index=True, ondelete="restrict")
    unit_id = fields.Many2one(related="meter_id.unit_id", store=True, index=True)
    building_id = fields.Many2one(related="meter_id.building_id", store=True, index=True)
    scope = fields.Selection(related="meter_id.scope", store=True, string="Meter of")
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
    # BIL-09: a shared meter's reading is billed as the households' shares.
    share_line_ids = fields.One2many(
        "account.move.line", "property_shared_reading_id", string="Shares billed", readonly=True,
        groups="property_billing.group_property_finance",
    )
    share_period_id = fields.Many2one(
        "property.billing.period", string="Shared out on", compute="_compute_invoice_line_id", store=True,
        index="btree_not_null", copy=False,
        help="BIL-09: the billing period whose bills carry the households' shares of this shared reading.",
    )
    share_run_period_id = fields.Many2one(
        "property.billing.period", string="Shared out by the run of", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict",
        help="BIL-09: the billing period whose bill run shares this shared reading out, fixed when the run starts: "
             "every household's bill of the run gets its share; a reading entered later waits for the next run.",
    )
    billed = fields.Boolean(compute="_compute_invoice_line_id", store=True, index=True,
                            help="BIL-07: the consumption up to this reading is on a bill.")

    @api.depends("meter_id", "date", "value", "rollover", "rollover_max", "source")
    def _compute_consumption(self):
        saved = self.filtered(lambda r: r.id and r.meter_id and r.date)
        previous_of = saved._neighbour_ids("previous")
        for reading in self:
            previous = self.browse(previous_of.get(reading.id, ())) if reading in saved else (
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

    @api.depends("invoice_line_ids.parent_state", "share_line_ids.parent_state")
    def _compute_invoice_line_id(self):
        for reading in self:
            reading.invoice_line_id = reading.invoice_line_ids.filtered(lambda line: line.parent_state != "cancel")[:1]
            shares = reading.share_line_ids.filtered(lambda line: line.parent_state != "cancel")
            reading.share_period_id = shares[:1].property_period_id
            reading.billed = bool(reading.invoice_line_id or shares)

    @api.constrains("value", "date", "meter_id", "rollover", "rollover_max")
    def _check_reading(self):
        today = fields.Date.context_today(self)
        next_of = self._neighbour_ids("next")
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
            following = self.browse(next_of.get(reading.id, ()))
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

    @api.model
    def load(self, fields, data):
        """Odoo's import, by chunks of rows. A row that fails makes Odoo retry
        its whole batch row by row — minutes for a month of readings — so the
        file is loaded a chunk at a time and only the chunk with the bad row
        is retried. Any error still refuses the whole file, its rows listed,
        each with its own reason once."""
        chunk = int(self.env["ir.config_parameter"].sudo().get_param("property_billing.import_chunk_size", 500))
        limit = self.env.context.get("_import_limit") or len(data)
        savepoint = self.env.cr.savepoint(flush=False)
        ids, messages = [], []
        rows = data[:limit]
        Loader = self.with_context(_import_limit=None, property_import_rows=True)
        for start in range(0, len(rows), chunk):
            chunk_fields, chunk_rows = self._import_by_meter_ids(fields, rows[start:start + chunk])
            result = super(PropertyMeterReading, Loader).load(chunk_fields, chunk_rows)
            ids += result["ids"] or []
            for message in self._import_row_messages(result["messages"]):
                messages.append(self._shift_import_message(message, start))
            if sum(1 for message in messages if message["type"] == "error") >= 10:
                break
        if any(message["type"] == "error" for message in messages):
            savepoint.rollback()
            ids = False
            self.pool.reset_changes()
        savepoint.close(rollback=False)
        return {"ids": ids, "messages": messages, "nextrow": len(rows) if len(data) > len(rows) else 0}

    @api.model
    def _import_by_meter_ids(self, fields, rows):
        """The rows with the meters' database ids in place of their numbers,
        when every number of the chunk names exactly one meter this user may
        read: Odoo's import searches a number row by row (10 ms each among
        20,000 meters), here one search serves the chunk. Otherwise the rows
        as given, for Odoo to report the unknown or ambiguous numbers."""
        if "meter_id" not in fields:
            return fields, rows
        column = fields.index("meter_id")
        numbers = {row[column] for row in rows}
        if "" in numbers:
            return fields, rows
        meters = self.env["property.meter"].search_fetch([("name", "in", list(numbers))], ["name"])
        meter_of = {}
        for meter in meters:
            meter_of.setdefault(meter.name, []).append(meter.id)
        if set(meter_of) != numbers or any(len(found) > 1 for found in meter_of.values()):
            return fields, rows
        fields = [*fields[:column], "meter_id/.id", *fields[column + 1:]]
        return fields, [[*row[:column], str(meter_of[row[column]][0]), *row[column + 1:]] for row in rows]

    @api.model
    def _load_records(self, data_list, update=False):
        try:
            return super()._load_records(data_list, update)
        except UserError as error:
            if len(data_list) == 1 or not self.env.context.get("property_import_rows"):
                raise
            # Odoo's import would report a refused batch's reason on the batch's
            # first row, which may be a good one; as another error it only
            # retries the rows one by one, and each bad row gives its reason.
            raise ImportBatchRefused(str(error)) from error

    @api.model
    def _import_row_messages(self, messages):
        """A chunk's messages, one reason per row: a row whose value could not
        be read (an unknown meter) is not reported again for what its
        creation then lacked; two unreadable columns are both said."""
        kept, failed = [], set()
        for message in messages:
            record, field = message.get("record"), message.get("field")
            if message["type"] == "error" and record is not None:
                if (record, None) in failed and (not field or (record, field) in failed):
                    continue
                failed |= {(record, None), (record, field)}
            kept.append(message)
        return kept

    @api.model
    def _shift_import_message(self, message, offset):
        """A chunk's message, numbered as the row of the whole file."""
        message = dict(message)
        if "record" in message:
            message["record"] += offset
        if "rows" in message:
            message["rows"] = {key: value + offset for key, value in message["rows"].items()}
        return message

    def _neighbour_ids(self, direction):
        """{reading id: id of the reading just before it ("previous") or just
        after it ("next") on the same meter, by date then id}, for a whole
        batch in one query: an import of thousands of readings would
        otherwise search twice per reading."""
        if not self:
            return {}
        self.flush_model(["meter_id", "date"])
        earlier = direction == "previous"
        rows = self.env.execute_query(SQL(
            """SELECT DISTINCT ON (r.id) r.id, n.id
                 FROM property_meter_reading r
                 JOIN property_meter_reading n ON n.meter_id = r.meter_id AND n.id != r.id
                  AND %s
                WHERE r.id IN %s
             ORDER BY r.id, %s""",
            SQL("(n.date < r.date OR (n.date = r.date AND n.id < r.id))") if earlier
            else SQL("(n.date > r.date OR (n.date = r.date AND n.id > r.id))"),
            tuple(self.ids),
            SQL("n.date DESC, n.id DESC") if earlier else SQL("n.date, n.id"),
        ))
        return dict(rows)

    @api.model_create_multi
    def create(self, vals_list):
        # An imported row whose meter was not found says so, before the database refuses it.
        if any(not vals.get("meter_id") for vals in vals_list):
            raise ValidationError(self.env._("Give each reading its meter (by the meter's number)."))
        readings = super().create(vals_list)
        readings._following()._recompute_consumption()
        return readings

    def write(self, vals):
        following = self._following() if {"value", "date", "meter_id"} & set(vals) else self.browse()
        result = super().write(vals)
        (following | self._following())._recompute_consumption()
        return result

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda reading: reading.billed or reading._share_reserved())

    def _share_reserved(self):
        """BIL-09: a bill run is sharing this reading out: every household of
        the run gets a share of the same total."""
        self.ensure_one()
        return bool(self.share_run_period_id) and self.share_run_period_id.state != "billed"

    def _workflow_lock_message(self):
        reserved = self.filtered(lambda reading: not reading.billed and reading._share_reserved())
        if reserved and reserved == self:
            return self.env._("The bill run of %(period)s is sharing this reading out: it can no longer change "
                              "(BIL-09).", period=reserved.share_run_period_id[:1].name)
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
        billed = following.filtered(lambda reading: reading.billed or reading._share_reserved())
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

    def _property_shared_total(self):
        """BIL-09: what this shared reading's consumption costs, to the cent."""
        self.ensure_one()
        quantity, price = self.meter_id.fee_id._meter_line(self.consumption)
        return self.meter_id.fee_id.currency_id.round(quantity * price)

    def _property_share_line(self, period, unit, share, weight, base, households, remainder=0):
        """BIL-09: a household's share of this shared reading, its own line
        pointing to the reading, with how it is reached — one sentence in the
        household's language (the caller's), its figures and date written the
        way that language writes them."""
        self.ensure_one()
        meter, fee = self.meter_id, self.meter_id.fee_id
        env = self.env
        uses = dict(meter._fields["public_use"]._description_selection(env))
        values = {
            "fee": fee.name, "place": meter._shared_place().name, "use": uses.get(meter.public_use, ""),
            "meter": meter.name, "previous": formatLang(env, self.previous_id.value, digits=2),
            "value": formatLang(env, self.value, digits=2), "date": format_date(env, self.date),
            "total": formatLang(env, self._property_shared_total(), currency_obj=fee.currency_id),
        }
        if period.estate_id.shared_utility_basis == "area":
            name = env._(
                "%(fee)s shared, %(place)s %(use)s (meter %(meter)s: %(previous)s → %(value)s on %(date)s): "
                "%(total)s shared by floor area, %(area)s of %(base)s m²",
                area=formatLang(env, weight, digits=2), base=formatLang(env, base, digits=2), **values)
        else:
            name = env._(
                "%(fee)s shared, %(place)s %(use)s (meter %(meter)s: %(previous)s → %(value)s on %(date)s): "
                "%(total)s shared equally among %(count)s households", count=households, **values)
        if remainder:
            # The last share carries what rounding each share to the cent left over: said,
            # so that the household checking its share against the figures finds it.
            name += env._(", with the rounding remainder of %(remainder)s so that the shares add up to the total",
                          remainder=formatLang(env, float(remainder), currency_obj=fee.currency_id))
        return {
            "name": name,
            "quantity": 1.0,
            "price_unit": float(share),
            "account_id": fee.account_id.id,
            "tax_ids": [Command.set(fee.tax_ids.ids)],
            "property_shared_reading_id": self.id,
            "property_share_unit_id": unit.id,
            "property_period_id": period.id,
        }
