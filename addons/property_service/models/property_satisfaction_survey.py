from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

HALVES = [("1", "January to June"), ("2", "July to December")]


class PropertySatisfactionSurvey(models.Model):
    """The owners' satisfaction survey of an estate for a half-year
    (业主意见征询, SAT-01) on Odoo's survey: the company's questionnaire copied
    for the estate, sent by e-mail to every resident and answered on the
    portal; closed, it gives the satisfaction rate against the target, and
    every item with dissatisfied owners or below target becomes a corrective
    action for its department, with a deadline and a check (SAT-02)."""

    _name = "property.satisfaction.survey"
    _description = "Satisfaction survey"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "year desc, half desc, estate_id"
    _workflow_fields = frozenset({"name", "state", "survey_id", "date_sent", "sent_count", "date_closed",
                                  "answer_count", "satisfaction_rate", "target"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1], tracking=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True)
    half = fields.Selection(HALVES, string="Half-year", required=True, tracking=True,
                            default=lambda self: "1" if fields.Date.context_today(self).month <= 6 else "2")
    template_id = fields.Many2one("survey.survey", string="Questionnaire", required=True,
                                  default=lambda self: self.env.ref("property_service.survey_satisfaction_template",
                                                                    raise_if_not_found=False),
                                  domain=[("survey_type", "=", "survey")])
    survey_id = fields.Many2one("survey.survey", string="Survey sent", readonly=True, copy=False, tracking=True)
    state = fields.Selection([("draft", "To send"), ("open", "Answering"), ("closed", "Closed")], default="draft",
                             required=True, readonly=True, tracking=True, index=True)
    date_sent = fields.Datetime(string="Sent at", readonly=True, tracking=True)
    sent_count = fields.Integer(string="Residents asked", readonly=True, tracking=True)
    date_closed = fields.Datetime(string="Closed at", readonly=True, tracking=True)
    answer_count = fields.Integer(string="Answers", readonly=True, tracking=True)
    satisfaction_rate = fields.Float(string="Satisfaction (%)", readonly=True, digits=(16, 1), tracking=True,
                                     aggregator="avg")
    target = fields.Float(string="Target (%)", readonly=True, tracking=True)
    below_target = fields.Boolean(compute="_compute_below_target", store=True)
    item_ids = fields.One2many("property.satisfaction.item", "survey_id", string="Items")
    action_ids = fields.One2many("property.corrective.action", "satisfaction_survey_id", string="Corrective actions")
    action_count = fields.Integer(compute="_compute_action_count")

    _sql_constraints = [("half_uniq", "unique(estate_id, year, half)", "An estate has one survey per half-year.")]

    @api.depends("state", "satisfaction_rate", "target")
    def _compute_below_target(self):
        for survey in self:
            survey.below_target = survey.state == "closed" and survey.satisfaction_rate < survey.target

    def _compute_action_count(self):
        for survey in self:
            survey.action_count = len(survey.action_ids)

    @api.model
    def _workflow_prepare_create(self, vals_list):
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.satisfaction.survey") or "/"
        return super()._workflow_prepare_create(vals_list) | {"name"}

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda survey: survey.state != "draft")

    def _workflow_lock_message(self):
        return self.env._("A survey sent to the residents keeps its questionnaire and half-year (SAT-01).")

    def _half_label(self):
        return dict(self._fields["half"]._description_selection(self.env))[self.half]

    # ----------------------------------------------------------------- buttons
    def action_send(self):
        """SAT-01: the questionnaire, copied for the estate, e-mailed to every
        current resident with an address; each answers by his own link, also
        listed on his portal."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor sends satisfaction surveys."))
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Survey %(name)s is already sent.", name=self.name))
        partners = self._residents()
        if not partners:
            raise UserError(self.env._("No resident of %(estate)s has an e-mail address: add them on the residents' "
                                       "forms first.", estate=self.estate_id.name))
        # sudo: the estate's copy of the company's questionnaire is the system's; supervisors answer for it.
        survey = self.template_id.sudo().copy()
        survey.write({"access_mode": "token", "users_login_required": False, "is_attempts_limited": True,
                      "attempts_limit": 1})
        # Its title in every language of the database (Odoo's copy names it "... (copy)" whatever it is given).
        for code, _name in self.env["res.lang"].get_installed():
            worded = self.with_context(lang=code)
            survey.with_context(lang=code).title = worded.env._(
                "%(estate)s owners' satisfaction survey, %(year)s %(half)s", estate=self.estate_id.name,
                year=self.year, half=worded._half_label())
        invite = self.env["survey.invite"].sudo().with_context(
            default_email_layout_xmlid="mail.mail_notification_light").create({
                "survey_id": survey.id, "partner_ids": [fields.Command.set(partners.ids)],
                "template_id": self.env.ref("survey.mail_template_user_input_invite").id,
                "deadline": fields.Datetime.now() + timedelta(days=30),
            })
        invite.action_invite()
        self._workflow_write({"state": "open", "survey_id": survey.id, "date_sent": fields.Datetime.now(),
                              "sent_count": len(partners)})

    def _residents(self):
        """The estate's current residents (owners and occupants) with an e-mail address."""
        occupancies = self.env["property.occupancy"].sudo().search([("unit_id.estate_id", "=", self.estate_id.id),
                                                                    ("is_current", "=", True)])
        return occupancies.partner_id.filtered("email")

    def action_close(self):
        """SAT-01/02: the answers counted per item; the satisfaction rate
        against the target; items with dissatisfied owners or below target
        become corrective actions for their department."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor closes satisfaction surveys."))
        for survey in self:
            if survey.state != "open":
                raise UserError(self.env._("Survey %(name)s is not open.", name=survey.name))
            survey._count_answers()

    def _count_answers(self):
        self.ensure_one()
        target = self.company_id.property_satisfaction_target
        inputs = self.survey_id.sudo().user_input_ids.filtered(lambda answer: answer.state == "done"
                                                               and not answer.test_entry)
        lines = inputs.user_input_line_ids.filtered("suggested_answer_id")
        items = []
        for question in self.survey_id.sudo().question_ids.filtered("property_department"):
            # One count per answer line: two owners choosing the same answer are two.
            counted = [line.suggested_answer_id.property_satisfaction for line in lines
                       if line.question_id == question and line.suggested_answer_id.property_satisfaction]
            items.append({
                "survey_id": self.id, "question_id": question.id, "sequence": question.sequence,
                "name": question.title, "department": question.property_department, "answered": len(counted),
                "satisfied": counted.count("satisfied"), "dissatisfied": counted.count("dissatisfied"),
                "target": target,
            })
        # sudo: the items are the count of the system, which no role writes (supervisors read them).
        items = self.env["property.satisfaction.item"].sudo()._workflow_create(items)
        answered = sum(items.mapped("answered"))
        rate = 100.0 * sum(items.mapped("satisfied")) / answered if answered else 0.0
        self._workflow_write({"state": "closed", "date_closed": fields.Datetime.now(), "answer_count": len(inputs),
                              "satisfaction_rate": rate, "target": target})
        for item in items.filtered(lambda item: item.dissatisfied or item.below_target):
            item._workflow_write({"action_id": self._corrective_action(item).id})
        items = items.with_env(self.env)
        self._property_note(lambda survey: survey.env._(
            "SAT-01: satisfaction %(rate).1f%% from %(count)s answers (target %(target).0f%%); %(actions)s "
            "corrective actions.", rate=rate, count=len(inputs), target=target, actions=len(survey.action_ids)))

    def _corrective_action(self, item):
        """SAT-02: the corrective-action notice (纠正措施通知单) of an item, to
        its department's head at the estate, by the office's default delay."""
        estate = self.estate_id
        heads = {"cleaning": estate.cleaning_user_id, "engineering": estate.engineering_head_id,
                 "service": estate.supervisor_id}
        responsible = heads.get(item.department) or estate._supervisor() or self.env.user
        worded = self.with_context(lang=self._property_office_lang())
        Action = self.env["property.corrective.action"]
        return Action._workflow_create([{
            "name": worded.env._("%(item)s: %(rate).1f%% satisfied (target %(target).0f%%), %(count)s dissatisfied",
                                 item=item.name, rate=item.rate, target=item.target, count=item.dissatisfied),
            "estate_id": estate.id, "source": "survey", "department": item.department,
            "satisfaction_survey_id": self.id, "user_id": responsible.id,
            "deadline": estate._local_today() + timedelta(days=self.company_id.property_survey_action_days),
        }])

    def action_view_actions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_corrective_action_action")
        action["domain"] = [("satisfaction_survey_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_view_answers(self):
        self.ensure_one()
        return self.survey_id.action_survey_user_input_completed()

    # --------------------------------------------------------------------- job
    @api.model
    def _cron_remind_half_year(self):
        """SAT-01: owners are surveyed at least twice a year. A month before a
        half-year ends, the manager of an estate not yet surveyed in it gets a
        task (once: a rerun sees it)."""
        estates = self.env["property.estate"].search([("active", "=", True)])
        done = 0
        for estate in estates:
            today = estate._local_today()
            half = "1" if today.month <= 6 else "2"
            end = date(today.year, 6, 30) if half == "1" else date(today.year, 12, 31)
            if today < end - timedelta(days=30) or self.search_count(
                    [("estate_id", "=", estate.id), ("year", "=", today.year), ("half", "=", half),
                     ("state", "!=", "draft")], limit=1):
                continue
            manager = estate.manager_id or estate.supervisor_id
            worded = self.with_context(lang=manager.lang or self.env.lang)
            summary = worded.env._("Satisfaction survey due by %(date)s", date=end)
            if not manager or estate.activity_ids.filtered(lambda activity, s=summary: activity.summary == s):
                continue
            estate.activity_schedule("mail.mail_activity_data_todo", date_deadline=end, user_id=manager.id,
                                     summary=summary, note=Markup("<p>%s</p>") % worded.env._(
                                         "SAT-01: owners are surveyed at least twice a year; %(estate)s has not been "
                                         "in this half-year.", estate=estate.name))
            done += 1
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
