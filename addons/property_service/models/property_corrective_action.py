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
    """A corrective action (纠正措施, CLN-02, SAT-02, SVC-11): what must be put
    right, by whom and by when, and the check that it was — for a failed
    cleaning check, the next inspection of its area (the re-inspection); for a
    survey's dissatisfied item or a row of the quarterly analysis (a repeat, a
    failed follow-up), the supervisor's check."""

    _name = "property.corrective.action"
    _description = "Corrective action"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "state, deadline, id"
    # What raised it, that it was done and that it was checked are the system's.
    _workflow_fields = frozenset({"reference", "state", "source", "inspection_id", "check_id", "satisfaction_survey_id",
                                  "analysis_key", "analysis_quarter", "unit_id", "request_type_id", "request_id",
                                  "followup_id", "date_done",
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
                               ("analysis", "Quarterly analysis"), ("other", "Other")], default="other",
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
    # SVC-11: the row of the quarterly analysis it corrects.
    analysis_key = fields.Char(readonly=True, index=True, copy=False, tracking=True)
    analysis_quarter = fields.Char(string="Quarter", readonly=True, tracking=True)
    unit_id = fields.Many2one("property.unit", readonly=True, index=True, tracking=True)
    request_type_id = fields.Many2one("property.request.type", string="Issue", readonly=True, tracking=True)
    request_id = fields.Many2one("property.request", readonly=True, index=True, tracking=True)
    followup_id = fields.Many2one("property.followup", string="Failed follow-up", readonly=True, index=True,
                                  tracking=True)
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

    # ------------------------------------------------------- from the analysis
    @api.model
    def _from_analysis(self, row):
        """SVC-11: the corrective action of a row of the quarterly analysis —
        a repair to the engineering head, anything else to the service
        supervisor — by the office's delay for a department's correction."""
        estate = row.estate_id
        repair = row.category in ("in_unit_repair", "public_repair")
        responsible = (estate.engineering_head_id if repair else estate.supervisor_id) \
            or estate._supervisor() or self.env.user
        categories = dict(row._fields["category"]._description_selection(self.env))
        if row.kind == "failed_followup":
            followup = row.followup_id
            name = self.env._("Follow-up %(name)s: the resident was dissatisfied — %(outcome)s",
                              name=followup.name, outcome=followup.outcome or followup.request_id.description or "")
        else:
            name = self.env._("%(category)s at %(unit)s: %(issue)s, %(count)s times in %(quarter)s",
                              category=categories.get(row.category, ""), unit=row.unit_id.display_name,
                              issue=row.request_type_id.name, count=row.request_count, quarter=row.quarter)
        return self._workflow_create([{
            "name": name, "estate_id": estate.id, "source": "analysis",
            "department": "engineering" if repair else "service", "user_id": responsible.id,
            "deadline": estate._local_today() + timedelta(days=estate.company_id.property_survey_action_days),
            "analysis_key": row._analysis_key(), "analysis_quarter": row.quarter, "unit_id": row.unit_id.id,
            "request_type_id": row.request_type_id.id, "request_id": row.request_id.id,
            "followup_id": row.followup_id.id,
        }])

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

