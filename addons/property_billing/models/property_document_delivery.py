from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.property_service.models.property_workflow_mixin import PropertyWorkflowError, _grant

CHANNELS = [
    ("hand", "By hand, at the door"),
    ("butler", "In person by the butler"),
    ("mailbox", "Letter box"),
    ("post", "By post"),
]
# A document left in the letter box or posted is not yet in the resident's
# hands: it is collected, or he is phoned (BIL-10). In person it is collected at once.
COLLECTED_LATER = ("mailbox", "post")


class PropertyDocumentDelivery(models.Model):
    """A document delivered to a household (对客文件的发放, BIL-10): a payment
    notice or statement (BIL-03), a reminder, an outage notice, a price list.
    It goes out in the company envelope by the channel recorded: by hand, in
    person by the butler for important customers, in the letter box, or by
    post to owners who do not live there. Not collected within the estate's
    days ([default] two weeks), the fees clerk phones the resident."""

    _name = "property.document.delivery"
    _description = "Document delivery"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "deadline desc, building_id, unit_id, id"
    # BIL-10: delivered and collected through the buttons; the phone call and the
    # late delivery are the daily job's marks. BIL-03: finance's planning of the
    # month's notices names the bill, the period and the day they are due by.
    _workflow_fields = frozenset({
        "state", "delivered_on", "delivered_by_id", "collected_on", "phone_planned", "late_notified",
        "move_id", "period_id",
    })
    _workflow_user_fields = {
        "deadline": "BIL-10: the day a document the desk sends out (an outage notice, a price list) must be "
                    "delivered by; the month's payment notices get theirs (the 1st, BIL-03) from finance's planning "
                    "and keep it.",
    }

    name = fields.Char(string="Document", required=True)
    kind = fields.Selection(
        [("notice", "Payment notice / statement"), ("reminder", "Payment reminder"), ("outage", "Outage notice"),
         ("price_list", "Price list"), ("other", "Other document")],
        required=True, default="notice",
    )
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True)
    move_id = fields.Many2one("account.move", string="Bill", index="btree_not_null", readonly=True, tracking=True,
                              groups="property_billing.group_property_finance")
    period_id = fields.Many2one("property.billing.period", string="Billing period", index="btree_not_null",
                                readonly=True, tracking=True)
    channel = fields.Selection(
        CHANNELS, required=True, compute="_compute_channel", store=True, readonly=False, precompute=True,
        tracking=True,
        help="BIL-10: important customers get it from their butler in person; owners who do not live there by "
             "post; the others in their letter box or by hand.",
    )
    deliverer_id = fields.Many2one("res.users", string="Delivered by (person)", tracking=True,
                                   help="Who takes it to the resident: the zone's butler for important customers.")
    deadline = fields.Date(string="Deliver by", tracking=True)
    state = fields.Selection(
        [("to_deliver", "To deliver"), ("delivered", "Delivered, not collected"),
         ("collected", "Collected by the resident"), ("cancelled", "Cancelled")],
        default="to_deliver", required=True, readonly=True, tracking=True, index=True,
    )
    delivered_on = fields.Date(readonly=True, tracking=True)
    delivered_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True, tracking=True)
    collected_on = fields.Date(readonly=True, tracking=True)
    collect_due = fields.Date(
        string="To be collected by", compute="_compute_collect_due", store=True, index=True,
        help="BIL-10: not collected by this day, the resident is phoned.",
    )
    delivered_late = fields.Boolean(compute="_compute_collect_due", store=True,
                                    help="BIL-03: delivered after the day it was due.")
    phone_planned = fields.Boolean(readonly=True, tracking=True,
                                   help="BIL-10: not collected in time, the fees clerk was given a phone call.")
    late_notified = fields.Boolean(readonly=True, tracking=True,
                                   help="BIL-03: not delivered by its day, the fees clerk was told.")

    @api.depends("unit_id", "partner_id")
    def _compute_channel(self):
        channels = self._default_channels([(d.unit_id, d.partner_id) for d in self])
        for delivery in self:
            delivery.channel = channels.get((delivery.unit_id, delivery.partner_id)) or delivery.channel or "mailbox"

    @api.model
    def _default_channels(self, households):
        """{(unit, partner): channel} by the rule of BIL-10, for many
        households in one search: an important customer gets it from his
        butler, an owner who does not live there by post, the others in the
        letter box."""
        households = [(unit, partner) for unit, partner in households if unit and partner]
        if not households:
            return {}
        units = self.env["property.unit"].browse({unit.id for unit, _partner in households})
        partners = self.env["res.partner"].browse({partner.id for _unit, partner in households})
        # Who owns a unit today, on its estate's clock.
        today = {estate: estate._local_today() for estate in units.estate_id}
        away = {
            (occupancy.unit_id, occupancy.partner_id)
            for occupancy in self.env["property.occupancy"].search([
                ("unit_id", "in", units.ids), ("partner_id", "in", partners.ids), ("role", "=", "owner"),
                ("lives_in", "=", False),
            ]) if occupancy._is_current(today[occupancy.unit_id.estate_id])
        }
        return {
            (unit, partner): "butler" if partner.property_important_customer
            else "post" if (unit, partner) in away else "mailbox"
            for unit, partner in households
        }

    @api.depends("delivered_on", "channel", "deadline", "estate_id.delivery_collect_days")
    def _compute_collect_due(self):
        for delivery in self:
            later = delivery.delivered_on and delivery.channel in COLLECTED_LATER
            delivery.collect_due = later and delivery.delivered_on + timedelta(
                days=delivery.estate_id.delivery_collect_days)
            delivery.delivered_late = bool(
                delivery.delivered_on and delivery.deadline and delivery.delivered_on > delivery.deadline)

    def _workflow_locked(self):
        """BIL-10: once out, a delivery is kept as recorded — its channel, who
        took it and when decide whether the resident is phoned (collect_due)."""
        return super()._workflow_locked() | self.filtered(lambda d: d.state != "to_deliver")

    def _workflow_lock_message(self):
        return self.env._("Delivery of %(names)s is out: it is kept as recorded (BIL-10).",
                          names=", ".join(self.mapped("name")))

    def write(self, vals):
        """BIL-03: the day a planned payment notice is due by is finance's
        planning: the desk delivers it, it does not move it."""
        if "deadline" in vals and not self._workflow_is_granted({"deadline"}):
            day = fields.Date.to_date(vals["deadline"])
            # (Out already, a delivery is locked as a whole: the lock says so.)
            planned = self.filtered(lambda d: d.state == "to_deliver" and d.period_id and d.deadline != day)
            if planned:
                raise PropertyWorkflowError(self.env._(
                    "The payment notices of %(period)s are due by %(date)s (BIL-03): finance planned it, the day "
                    "cannot be moved.", period=planned[0].period_id.name, date=planned[0].deadline))
        return super().write(vals)

    # ------------------------------------------------------------------ buttons
    def action_delivered(self):
        """BIL-10: the document went out by its channel today; handed over in
        person (by hand, by the butler) it is in the resident's hands."""
        if self.filtered(lambda d: d.state != "to_deliver"):
            raise UserError(self.env._("Only a document waiting for delivery can be marked delivered."))
        for delivery in self:
            # The estate's day, not the server's (UTC): an evening in China is the next day.
            today = delivery.estate_id._local_today()
            values = {"state": "delivered", "delivered_on": today, "delivered_by_id": self.env.uid,
                      "deliverer_id": delivery.deliverer_id.id or self.env.uid}
            if delivery.channel not in COLLECTED_LATER:
                values.update(state="collected", collected_on=today)
            delivery._workflow_write(values)
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_collected(self):
        """BIL-10: the resident has the document (he took it from the letter
        box, confirmed the letter, or answered the call)."""
        if self.filtered(lambda d: d.state != "delivered"):
            raise UserError(self.env._("Only a delivered document can be marked collected."))
        for delivery in self:
            delivery._workflow_write({"state": "collected", "collected_on": delivery.estate_id._local_today()})
        self.activity_feedback(["mail.mail_activity_data_call"])

    def action_cancel(self):
        """A document not delivered yet is cancelled; a payment notice finance
        planned for a period only by finance (BIL-03: every household gets
        its notice)."""
        if self.filtered(lambda d: d.state != "to_deliver"):
            raise UserError(self.env._("Only a document not delivered yet can be cancelled."))
        if self.filtered("period_id"):
            self._property_require_group("property_billing.group_property_finance", self.env._(
                "Only finance cancels the delivery of a payment notice it planned (BIL-03)."))
        self._workflow_write({"state": "cancelled"})

    # --------------------------------------------------------------- planning
    @api.model
    def _plan_notices(self, vals_list):
        """BIL-03: finance's planning of the month's payment notices: the
        bill, the period and the day they are due by are the planning's
        (workflow fields no client sets)."""
        with _grant(self._name, None, {"move_id", "period_id", "deadline"}):
            return self._plan(vals_list)

    @api.model
    def _plan(self, vals_list):
        """Plan deliveries (BIL-03/10); a document for an important customer
        plans his butler's visit through the unit's hook (VIS-03), which
        property_butler fills in for the zone's butler."""
        deliveries = self.create(vals_list)
        self.env["property.unit"]._on_fee_collection_visits(
            [(delivery.unit_id, delivery.partner_id) for delivery in deliveries if delivery.channel == "butler"])
        return deliveries

    # -------------------------------------------------------------------- cron
    @api.model
    def _uncollected_domain(self):
        return [("state", "=", "delivered"), ("phone_planned", "=", False),
                *self.env["property.estate"]._local_today_domain(lambda today: [("collect_due", "<", today)])]

    @api.model
    def _late_domain(self):
        return [("state", "=", "to_deliver"), ("late_notified", "=", False),
                *self.env["property.estate"]._local_today_domain(lambda today: [("deadline", "<", today)])]

    @api.model
    def _cron_follow_up(self):
        """BIL-10 daily: a document not collected within the estate's days
        gives the fees clerk a phone call; one not delivered by its day gives
        him a reminder (BIL-03); and finance is told of a month whose payment
        notices are not printed by their day. Marked, so a rerun does
        nothing; one batch per call."""
        batch = self._cron_batch_size()
        uncollected = self._lock_records(self.search(self._uncollected_domain(), limit=batch, order="id"))
        for delivery in uncollected:
            clerk = delivery.estate_id._fees_clerk()
            if clerk:
                delivery._property_activity(
                    "mail.mail_activity_data_call", clerk,
                    lambda worded: worded.env._("Phone %(resident)s: %(document)s not collected since %(date)s",
                                                resident=worded.partner_id.name, document=worded.name,
                                                date=worded.delivered_on),
                    lambda worded: worded.env._("Ask whether the document reached the resident (BIL-10) and "
                                                "mark it collected."),
                )
        uncollected._workflow_write({"phone_planned": True})
        late = self._lock_records(self.search(self._late_domain(), limit=batch, order="id"))
        for delivery in late:
            user = delivery.deliverer_id or delivery.estate_id._fees_clerk()
            if user:
                delivery._property_activity(
                    "mail.mail_activity_data_todo", user,
                    lambda worded: worded.env._("Deliver %(document)s to %(unit)s: it was due by %(date)s",
                                                document=worded.name, unit=worded.unit_id.display_name,
                                                date=worded.deadline),
                )
        late._workflow_write({"late_notified": True})
        periods = self.env["property.billing.period"]._notices_overdue()
        remaining = self.search_count(self._uncollected_domain()) + self.search_count(self._late_domain())
        self.env["ir.cron"]._notify_progress(done=len(uncollected) + len(late), remaining=remaining)
        return uncollected, late, periods
