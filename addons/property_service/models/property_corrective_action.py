from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEPARTMENTS = [
    ("cleaning", "Cleaning"),
    ("engineering", "Engineering"),
    ("service", "Customer service"),
    ("security", "Security"),
    ("greenery", "Greenery"),
    ("finance", "Finance"),
]


class PropertyCorrectiveAction(models.Model):
    """A corrective action (纠正措施, CLN-02, SAT-02): what must be put right,
    by whom and by when, and the check that it was — for a failed cleaning
    check, the next inspection of its area (the re-inspection); for a
    survey's dissatisfied item, the supervisor's check."""

    _name = "property.corrective.action"
    _description = "Corrective action"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "state, deadline, id"
    # What raised it, that it was done and that it was checked are the system's.
    _workflow_fields = frozenset({"reference", "state", "source", "inspection_id", "check_id", "satisfaction_survey_id",
                                  "date_done",
                                  "done_by_id", "verify_inspection_id", "date_verified", "verified_by_id"})
    _workflow_user_fields = {
        "deadline": "CLN-02: by when, set by whoever assigns the action (the office's default to start with).",
        "photo": "CLN-02: the responsible person's photo of the work done.",
    }
    _workflow_open_fields = frozenset({"result_note"})

    reference = fields.Char(readonly=True, copy=False, default="/", tracking=True)
    name = fields.Char(string="To put right", required=True, tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    source = fields.Selection([("cleaning", "Cleaning inspection"), ("survey", "Satisfaction survey"),
                               ("other", "Other")], default="other",
                              required=True, readonly=True, tracking=True)
    department = fields.Selection(DEPARTMENTS, default="cleaning", required=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Responsible", required=True, index=True, tracking=True,
                              default=lambda self: self.env.user)
    deadline = fields.Date(string="By", required=True, tracking=True,
                           default=lambda self: self._default_deadline(self.env.user.property_estate_ids[:1]))
    state = fields.Selection([("open", "To do"), ("done", "Done, to check"), ("verified", "Checked")],
                             default="open", required=True, readonly=True, tracking=True, index=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    inspection_id = fields.Many2one("property.cleaning.inspection", readonly=True, index=True,
                                    tracking=True, ondelete="restrict")
    area_id = fields.Many2one(related="inspection_id.area_id", store=True)
    check_id = fields.Many2one("property.cleaning.check", readonly=True, index=True, tracking=True)
    satisfaction_survey_id = fields.Many2one("property.satisfaction.survey", string="Satisfaction survey",
                                             readonly=True, index=True, tracking=True, ondelete="restrict")
    result_note = fields.Text(string="What was done")
    photo = fields.Image(max_width=1600, max_height=1600)
    date_done = fields.Datetime(string="Done at", readonly=True, tracking=True)
    done_by_id = fields.Many2one("res.users", string="Done by", readonly=True, tracking=True)
    verify_inspection_id = fields.Many2one("property.cleaning.inspection", string="Re-inspection", readonly=True,
                                           tracking=True)
    date_verified = fields.Datetime(string="Checked at", readonly=True, tracking=True)
    verified_by_id = fields.Many2one("res.users", string="Checked by", readonly=True, tracking=True)

    @api.model
    def _default_deadline(self, estate):
        today = estate._local_today() if estate else fields.Date.context_today(self)
        return today + timedelta(days=self.env.company.property_corrective_days)

    def _compute_overdue(self):
        for action in self:
            today = action.estate_id._local_today() if action.estate_id else fields.Date.context_today(action)
            action.overdue = action.state == "open" and bool(action.deadline) and action.deadline < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue actions with 'is set' or 'is not set'."))
        domain = [("state", "=", "open"), ("deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _workflow_prepare_create(self, vals_list):
        for vals in vals_list:
            vals["reference"] = self.env["ir.sequence"].sudo().next_by_code("property.corrective.action") or "/"
        return super()._workflow_prepare_create(vals_list) | {"reference"}

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions._remind_responsible()
        return actions

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals or "deadline" in vals:
            # The responsible person's to-do follows whom and by when.
            self.activity_unlink(["mail.mail_activity_data_todo"])
            self.filtered(lambda action: action.state == "open")._remind_responsible()
        return result

    def _workflow_locked(self):
        # Done and checked actions stand; a failed re-inspection reopens one.
        return super()._workflow_locked() | self.filtered(lambda action: action.state != "open")

    def _workflow_lock_message(self):
        return self.env._("This corrective action is done: only its check changes it now (CLN-02).")

    def _remind_responsible(self):
        for action in self:
            action._property_activity(
                "mail.mail_activity_data_todo", action.user_id,
                lambda a: a.env._("Put right: %(name)s", name=a.name),
                lambda a: a.env._("Corrective action %(ref)s, by %(deadline)s.", ref=a.reference,
                                  deadline=a.deadline),
                date_deadline=action.deadline)

    # ----------------------------------------------------------------- buttons
    def action_done(self):
        """The responsible person says what he did; the check follows."""
        for action in self:
            if action.state != "open":
                raise UserError(self.env._("Corrective action %(ref)s is not open.", ref=action.reference))
            if not (action.result_note or "").strip():
                raise ValidationError(self.env._("Say what was done for %(ref)s.", ref=action.reference))
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now(), "done_by_id": self.env.uid})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_verify(self):
        """The supervisor checks an action done (SAT-02); a cleaning action is
        checked by re-inspecting its area instead (CLN-02)."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor checks corrective actions."))
        for action in self:
            if action.source == "cleaning":
                raise UserError(self.env._("%(ref)s is checked by re-inspecting %(area)s.",
                                           ref=action.reference, area=action.area_id.display_name))
            if action.state != "done":
                raise UserError(self.env._("Corrective action %(ref)s is not done yet.", ref=action.reference))
        self._workflow_write({"state": "verified", "date_verified": fields.Datetime.now(),
                              "verified_by_id": self.env.uid})

    def action_reinspect(self):
        self.ensure_one()
        if self.source != "cleaning":
            raise UserError(self.env._("Only a cleaning action is re-inspected."))
        return self.inspection_id.action_reinspect()

    # ---------------------------------------------------------- from inspections
    @api.model
    def _follow_inspections(self, inspections):
        """CLN-02 after an inspection is recorded: each failed check gets a
        corrective action (the open one of that check if there is one; a
        done one is reopened), and the area's actions whose check now passes
        are checked by this inspection, their re-inspection."""
        for inspection in inspections:
            pending = self.search([("estate_id", "=", inspection.estate_id.id), ("source", "=", "cleaning"),
                                   ("check_id", "in", inspection.line_ids.check_id.ids),
                                   ("state", "in", ("open", "done"))])
            failed = inspection.line_ids.filtered(lambda line: line.result == "fail")
            fixed = pending.filtered(lambda action: action.check_id not in failed.check_id)
            fixed._workflow_write({"state": "verified", "verify_inspection_id": inspection.id,
                                   "date_verified": inspection.date_inspected, "verified_by_id": inspection.user_id.id})
            fixed.activity_feedback(["mail.mail_activity_data_todo"])
            again = pending - fixed
            reopened = again.filtered(lambda action: action.state == "done")
            reopened._workflow_write({"state": "open"})
            reopened._remind_responsible()
            again._property_note(lambda a, i=inspection: a.env._(
                "Still not right at inspection %(name)s.", name=i.name))
            new = failed.filtered(lambda line: line.check_id not in again.check_id)
            if new:
                self._workflow_create([inspection._corrective_action_vals(line) for line in new])

