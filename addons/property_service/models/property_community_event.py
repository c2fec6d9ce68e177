from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyCommunityEvent(models.Model):
    """A community activity (社区活动, 文体活动) the office organises for
    residents: planned, held, then followed up within a month with a share of
    its participants (FUP-04). Other addons hear when one is planned
    (``_on_event_planned``: property_butler visits residents before it, VIS-03)."""

    _name = "property.community.event"
    _description = "Community activity"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_start desc, id desc"
    # Planned, held and followed up by its buttons only (FUP-04).
    _workflow_fields = frozenset({"state", "date_done"})
    _workflow_user_fields = {
        "date_start": "FUP-04: when the activity takes place, set by its organiser.",
        "date_end": "FUP-04: when the activity ends, set by its organiser.",
    }

    name = fields.Char(string="Activity", required=True, tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, tracking=True,
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Organiser", default=lambda self: self.env.user, tracking=True)
    date_start = fields.Datetime(string="Starts at", required=True, tracking=True)
    date_end = fields.Datetime(string="Ends at", tracking=True)
    location = fields.Char()
    description = fields.Html()
    participant_ids = fields.Many2many("res.partner", string="Participants",
                                       help="The residents who took part: FUP-04 follows up a share of them.")
    participant_count = fields.Integer(compute="_compute_counts", string="Participants (number)")
    state = fields.Selection(
        [("draft", "Draft"), ("planned", "Announced"), ("done", "Took place"), ("cancelled", "Cancelled")],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    date_done = fields.Datetime(string="Took place on", readonly=True, copy=False, tracking=True)
    followup_ids = fields.One2many("property.followup", "event_id", string="Follow-ups")
    followup_count = fields.Integer(compute="_compute_counts")

    @api.depends("participant_ids", "followup_ids")
    def _compute_counts(self):
        for event in self:
            event.participant_count = len(event.participant_ids)
            event.followup_count = len(event.followup_ids)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for event in self:
            if event.date_end and event.date_end < event.date_start:
                raise ValidationError(self.env._("Activity %(name)s cannot end before it starts.", name=event.name))

    def _workflow_locked(self):
        """FUP-04: a held or cancelled activity keeps who took part."""
        return super()._workflow_locked() | self.filtered(lambda event: event.state in ("done", "cancelled"))

    def _workflow_lock_message(self):
        return self.env._("Activity %(names)s was held or cancelled: it can no longer change.",
                          names=", ".join(self.mapped("name")))

    def _check_state(self, allowed, message):
        """Refuse the action unless every activity is in an ``allowed`` state.
        ``message``: the action's own whole sentence, translated, with
        %(name)s and %(state)s — a verb slotted into a shared sentence reads
        wrong in Chinese ("不能关闭" for an activity that is to be recorded as held)."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for event in self:
            if event.state not in allowed:
                raise UserError(message % {"name": event.name, "state": states[event.state]})

    def action_plan(self):
        """The activity is announced: other addons plan their part."""
        self._check_state(("draft",), self.env._(
            "Activity %(name)s is %(state)s: only a draft activity is announced."))
        self._workflow_write({"state": "planned"})
        self._on_event_planned()

    def _on_event_planned(self):
        """Hook: property_butler plans the visits before a community activity (VIS-03)."""
        return True

    def action_done(self):
        """FUP-04: the activity was held with its participants; a share of
        them is followed up within a month."""
        self._check_state(("planned",), self.env._(
            "Activity %(name)s is %(state)s: only an announced activity is recorded as held."))
        for event in self:
            if not event.participant_ids:
                raise UserError(self.env._("Record who took part in %(name)s first: they are followed up (FUP-04).",
                                           name=event.name))
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})
        Followup = self.env["property.followup"]
        for event in self:
            Followup._plan_for_event(event)

    def action_cancel(self):
        self._check_state(("draft", "planned"), self.env._(
            "Activity %(name)s is %(state)s: it can no longer be cancelled."))
        self._workflow_write({"state": "cancelled"})

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_followup_action")
        return dict(action, domain=[("event_id", "=", self.id)], context={})
