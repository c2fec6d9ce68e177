from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_request import CATEGORIES, CHANNELS, STEPS, TIERS


class PropertyResponseTarget(models.Model):
    """A response-time target: how soon a step of a request must be reached.

    The seeds' tiers (SVC-02/03/04/07/08/09/12) are shipped as data and can be
    changed here: per category (or any), optionally per urgency tier and
    channel, and for the items not on the price list only (SVC-04).
    """

    _name = "property.response.target"
    _description = "Response-time target"
    _inherit = ["property.workflow.mixin"]
    _order = "category, tier, step, sequence"
    _workflow_user_fields = {"apply_on": "Configuration: what the target applies to (the manager's setting)."}

    name = fields.Char(required=True, translate=True)
    rule = fields.Char(help="Rulebook reference, e.g. SVC-03.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: for every company.")
    category = fields.Selection(CATEGORIES, help="Empty: any category (e.g. every mail-box letter, SVC-12).")
    tier = fields.Selection(TIERS, string="Urgency", help="Empty: any urgency.")
    channel = fields.Selection(CHANNELS, help="Empty: any channel.")
    step = fields.Selection(STEPS, required=True)
    reference = fields.Selection(
        [
            ("received", "After the request is received"),
            ("slip", "After the slip is written"),
            ("appointment", "Relative to the appointment"),
            ("same_day", "Same day, by a time of day"),
            ("received_day", "The day it is received, by a time of day (no later day)"),
        ],
        required=True,
        default="received",
    )
    delay = fields.Float(help="Negative before an appointment, e.g. -5 minutes.")
    delay_unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")], required=True, default="minutes"
    )
    day_time = fields.Float(string="By (time of day)", help="For same-day targets, local time of the estate.")
    quote_only = fields.Boolean(
        string="Items not on the price list only",
        help="SVC-04: only for requests whose slip has items not on the paid-repair price list.")
    apply_on = fields.Selection(
        [("always", "Always"), ("asap", "Without appointment"), ("appointment", "With an appointment")],
        required=True,
        default="always",
    )

    @api.constrains("reference", "day_time", "delay", "delay_unit")
    def _check_values(self):
        for target in self:
            if target.reference in ("same_day", "received_day") and not 0 <= target.day_time < 24:
                raise ValidationError(
                    self.env._("The time of day of target %(name)s must be between 00:00 and 23:59.", name=target.name)
                )
            if target.reference != "appointment" and target.delay < 0:
                raise ValidationError(
                    self.env._("Only appointment targets may have a negative delay (%(name)s).", name=target.name)
                )
            if target.reference == "appointment" and target.apply_on != "appointment":
                raise ValidationError(
                    self.env._(
                        "Target %(name)s is relative to the appointment: apply it with an appointment only.",
                        name=target.name,
                    )
                )

    @api.model
    def _match(self, request):
        """The most specific active target per step for this request."""
        candidates = self.search([
            ("category", "in", [False, request.category]),
            ("quote_only", "in", [False, True] if request.id and request._needs_assessment() else [False]),
            ("company_id", "in", [False, request.company_id.id]),
            ("tier", "in", [False, request.tier]),
            ("channel", "in", [False, request.channel]),
            ("apply_on", "in", ["always", "appointment" if request.appointment else "asap"]),
        ])
        best = {}
        ranked = candidates.sorted(
            lambda t: (bool(t.company_id), bool(t.category), bool(t.channel), bool(t.tier), t.apply_on != "always",
                       -t.sequence),
            reverse=True,
        )
        for target in ranked:
            best.setdefault(target.step, target)
        return best

    def _deadline_for(self, request):
        """The deadline (UTC, naive) of this target for the request."""
        self.ensure_one()
        if self.reference == "same_day":
            return self._same_day_deadline(request)
        if self.reference == "received_day":
            return self._received_day_deadline(request)
        base = {
            "received": request.date_received,
            "slip": request.date_slip or request.date_received,
            "appointment": request.appointment,
        }[self.reference]
        if not base:
            return False
        return base + timedelta(**{self.delay_unit: self.delay})

    def _same_day_deadline(self, request):
        """By a time of the day the request came in: a letter's day is that of
        its collection from the mail box, not of its recording (SVC-12)."""
        received = request._received_at()
        if not received:
            return False
        estate = request.estate_id
        day = estate._local_date(received)
        due = estate._utc(day, self.day_time)
        if due < received:
            # Received after the day's limit: due by the same time the next day.
            due = estate._utc(day + timedelta(days=1), self.day_time)
        return due

    def _received_day_deadline(self, request):
        """SVC-12: by a time of the (local) day the request was received, with
        no later day: a letter brought to the desk after the 15:00 collection
        and its half hour was collected late. A letter's day is that of its
        collection, which the desk may record the next morning."""
        received = request._received_at()
        if not received:
            return False
        estate = request.estate_id
        return estate._utc(estate._local_date(received), self.day_time)
