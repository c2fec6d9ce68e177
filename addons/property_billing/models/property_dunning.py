from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class PropertyDunning(models.Model):
    """A payment reminder (催款通知书) to a household (DUN-01/02): three, a week
    apart, starting 15 days after the payment notice; each delivered and
    signed for on the delivery sheet (通知签收表)."""

    _name = "property.dunning"
    _description = "Payment reminder"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date desc, id desc"
    # DUN-01/02: made by the daily job with the amounts of that day; delivered
    # and signed for through its buttons only.
    _workflow_fields = frozenset({
        "state", "delivered_on", "signature", "signed_by", "level", "date", "move_ids", "amount_due", "penalty_due",
        "escalated",
    })

    name = fields.Char(readonly=True, copy=False, default="/")
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True)
    level = fields.Integer(required=True, default=1, readonly=True, tracking=True, help="1st, 2nd or 3rd reminder.")
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True, tracking=True)
    move_ids = fields.Many2many("account.move", string="Unpaid bills", readonly=True)
    amount_due = fields.Monetary(readonly=True, tracking=True, help="Unpaid when the reminder was made.")
    penalty_due = fields.Monetary(string="Late fees to date", readonly=True, tracking=True)
    channel = fields.Selection(
        [("hand", "Hand-delivered"), ("mail", "Mail"), ("letter_box", "Letter box"), ("phone", "Phone")],
        default="hand", required=True,
    )
    deliverer_id = fields.Many2one("res.users", string="Delivered by")
    companion_id = fields.Many2one(
        "res.users", string="With (clerk)",
        help="DUN-02: the last reminder is delivered by the service head together with the clerk.",
    )
    is_last = fields.Boolean(compute="_compute_is_last", string="Last reminder")
    escalated = fields.Boolean(
        readonly=True, copy=False, tracking=True,
        help="DUN-02: after the last reminder the household still owed: the case went to the estate manager.",
    )
    delivered_on = fields.Date(readonly=True, tracking=True)
    signature = fields.Binary(string="Resident's signature", attachment=True, copy=False, readonly=True)
    signed_by = fields.Char(readonly=True, tracking=True)
    state = fields.Selection([("to_deliver", "To deliver"), ("delivered", "Delivered"), ("cancelled", "Cancelled")],
                             default="to_deliver", required=True, tracking=True, index=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.dunning") or "/"
        return super().create(vals_list)

    @api.depends("level", "estate_id.dunning_count")
    def _compute_is_last(self):
        for reminder in self:
            reminder.is_last = reminder.level >= reminder.estate_id.dunning_count

    def _check_to_deliver(self):
        for reminder in self:
            if reminder.state != "to_deliver":
                raise UserError(self.env._("Reminder %(name)s is not waiting for delivery.", name=reminder.name))

    def action_delivered(self):
        """DUN-01: delivered by mail, letter box or phone; in person it is
        signed for on the delivery sheet (action_sign)."""
        self._check_to_deliver()
        if self.filtered(lambda r: r.channel == "hand"):
            raise UserError(
                self.env._("A hand-delivered reminder needs the resident's signature on the delivery sheet (DUN-01).")
            )
        self._deliver()

    def action_sign(self):
        """DUN-01: the resident signs the delivery sheet (通知签收表)."""
        self.ensure_one()
        self._check_to_deliver()
        return self._property_sign_wizard(
            "delivery", self.env._("Resident signs for reminder %(name)s", name=self.name), ask_name=True
        )

    def _property_sign(self, role, signature, name):
        self.ensure_one()
        if role != "delivery":
            return super()._property_sign(role, signature, name)
        self._check_to_deliver()
        self._check_last_delivery()
        self._workflow_write({"signature": signature, "signed_by": name or self.partner_id.name})
        self._deliver()

    def _check_last_delivery(self):
        """DUN-02: the last reminder is delivered by the service head with the
        clerk: the head records it himself, logged in as a supervisor (the
        user, not a name anyone can choose), and names the clerk who went
        with him — another user, of the desk."""
        head = self.env.user
        for reminder in self.filtered("is_last"):
            companion = reminder.companion_id
            if not head.has_group("property_service.group_property_supervisor") or not companion \
                    or companion == head or not companion.has_group("property_service.group_property_clerk"):
                raise UserError(self.env._(
                    "Reminder %(name)s is the last one: the service head delivers it with the clerk (DUN-02). The "
                    "service head records the delivery under his own login and names the clerk who went with him "
                    "under \"With (clerk)\".", name=reminder.name))

    def _deliver(self):
        self._check_last_delivery()
        for reminder in self:
            # DUN-02: who delivered may not be who records it; the last one is
            # the service head's, who records it himself.
            deliverer = self.env.user if reminder.is_last else reminder.deliverer_id or self.env.user
            reminder._workflow_write({"state": "delivered", "delivered_on": reminder.estate_id._local_today(),
                                      "deliverer_id": deliverer.id})

    def action_cancel(self):
        self.filtered(lambda r: r.state == "to_deliver")._workflow_write({"state": "cancelled"})

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda r: r.state != "to_deliver")

    def _workflow_lock_message(self):
        return self.env._("Reminder %(names)s is delivered or cancelled: it is kept as it was (DUN-01).",
                 names=", ".join(self.mapped("name")))

    def action_print(self):
        return self.env.ref("property_billing.action_report_dunning").report_action(self)

    # ------------------------------------------------------------------ cron
    @api.model
    def _households_to_remind(self, estate, today):
        """Households of the estate owing overdue bills whose notice is older
        than the first delay, that got fewer reminders than the rule and none
        lately. Overdue: the notice is delivered by the 1st (BIL-03) and due on
        the 15th (BIL-04), so 15 days after it (DUN-01) is past the due date."""
        first = today - timedelta(days=estate.dunning_first_days)
        bills = self.env["account.move"].search([
            ("property_estate_id", "=", estate.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")), ("invoice_date", "<=", first),
            ("invoice_date_due", "<", today),
        ])
        by_unit = bills.grouped("property_unit_id")
        if not by_unit:
            return {}
        last = {unit: (count, latest) for unit, count, latest in self._read_group(
            [("unit_id", "in", [u.id for u in by_unit]), ("state", "!=", "cancelled"),
             ("move_ids", "in", bills.ids)],
            ["unit_id"], ["__count", "date:max"],
        )}
        due = {}
        for unit, unit_bills in by_unit.items():
            count, latest = last.get(unit, (0, None))
            if count >= estate.dunning_count:
                continue
            if latest and latest + timedelta(days=estate.dunning_interval_days) > today:
                continue
            due[unit] = (count + 1, unit_bills)
        return due

    @api.model
    def _cron_make_reminders(self):
        """DUN-01/02 daily: the next reminder of each household due for one,
        with an activity for the estate's service supervisor to have it
        delivered. One batch per call; a second run the same day finds the
        reminders it made and does nothing. Days on each estate's clock (the
        job runs as the server, in UTC)."""
        todo = []
        for estate in self.env["property.estate"].search([("active", "=", True)]):
            today = estate._local_today()
            todo += [(unit, level, bills, today)
                     for unit, (level, bills) in self._households_to_remind(estate, today).items()]
        batch = todo[:self._cron_batch_size()]
        units = self._lock_records(self.env["property.unit"].browse([unit.id for unit, *_rest in batch]))
        vals_list = [{
            "unit_id": unit.id, "partner_id": bills[:1].partner_id.id, "level": level, "date": today,
            "move_ids": [Command.set(bills.ids)], "amount_due": sum(bills.mapped("amount_residual")),
            # Late fees not charged on a bill yet (those are in the amount due already).
            "penalty_due": bills[:1].currency_id.round(sum(max(b.property_penalty_due, 0.0) for b in bills)),
        } for unit, level, bills, today in batch if unit in units]
        reminders = self._workflow_create(vals_list)
        for reminder in reminders:
            if reminder.estate_id.supervisor_id:
                reminder._property_activity(
                    "mail.mail_activity_data_todo", reminder.estate_id.supervisor_id,
                    lambda worded: worded.env._("Deliver reminder %(name)s", name=worded.name))
        # DUN-02: the second reminder comes with a visit, planned for the whole batch at once.
        second = reminders.filtered(lambda reminder: reminder.level == 2)
        if second:
            self.env["property.unit"]._on_fee_collection_visits([(r.unit_id, r.partner_id) for r in second])
        escalated = self._escalate_after_last()
        self.env["ir.cron"]._notify_progress(done=len(reminders) + len(escalated), remaining=len(todo) - len(batch))
        return reminders

    @api.model
    def _escalation_domain(self, estate, today):
        # DUN-02: the week the last reminder gives to pay counts from its delivery, not from its making.
        return [
            ("estate_id", "=", estate.id), ("level", ">=", estate.dunning_count), ("state", "=", "delivered"),
            ("escalated", "=", False), ("delivered_on", "<=", today - timedelta(days=estate.dunning_interval_days)),
            ("move_ids.payment_state", "in", ("not_paid", "partial")),
        ]

    @api.model
    def _escalate_after_last(self):
        """DUN-02: a week after the last reminder (the time it gave to pay),
        a household still owing goes to the estate manager, once: the company
        decides what to do (DUN-04: posting, legal action). Days on each
        estate's clock (the job runs as the server, in UTC)."""
        found = self.browse()
        for estate in self.env["property.estate"].search([("active", "=", True), ("manager_id", "!=", False)]):
            found |= self.search(self._escalation_domain(estate, estate._local_today()),
                                 limit=self._cron_batch_size())
        reminders = self._lock_records(found)
        for reminder in reminders:
            amount = sum(reminder.move_ids.mapped("amount_residual"))
            reminder._property_activity(
                "mail.mail_activity_data_todo", reminder.estate_id.manager_id,
                lambda worded, amount=amount: worded.env._(
                    "%(unit)s still owes %(amount)s after the last reminder %(name)s: decide the company's action",
                    unit=worded.unit_id.display_name, amount=worded.currency_id.format(amount), name=worded.name),
                lambda worded: worded.env._("Three reminders is the rule; then the company acts (DUN-02): public "
                                            "posting, the lawyer's letter, legal action (DUN-04, DUN-05)."),
            )
        reminders._workflow_write({"escalated": True})
        return reminders

    def _amount_in_words(self, amount, lang=None):
        """Figures, Chinese capitals (cn2an) and words (num2words) — DUN, BIL-03."""
        currency = self.currency_id or self.env.company.currency_id
        return {
            "capitals": currency._amount_to_cn_capitals(amount),
            "words": currency.with_context(lang=lang or self.env.lang or "en_US").amount_to_text(amount),
        }
