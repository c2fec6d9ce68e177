from odoo import api, fields, models
from odoo.exceptions import UserError

from .property_workflow_mixin import PropertyWorkflowError


class PropertyPatrolRound(models.Model):
    """A patrol round (巡查记录): one walk of a plan by one patroller, signed
    in point by point by scanning the points' QR codes (PAT-01)."""

    _name = "property.patrol.round"
    _description = "Patrol round"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_start desc, id desc"
    # Who walked which plan and when are the scans' own: no one writes them.
    _workflow_fields = frozenset({"name", "plan_id", "state", "user_id", "date_start", "date_end"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", tracking=True)
    plan_id = fields.Many2one("property.patrol.plan", required=True, index=True, ondelete="restrict",
                              readonly=True, tracking=True)
    estate_id = fields.Many2one(related="plan_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Patroller", required=True, readonly=True, index=True,
                              tracking=True)
    state = fields.Selection([("open", "Walking"), ("done", "Finished")], default="open", required=True,
                             readonly=True, tracking=True, index=True)
    date_start = fields.Datetime(string="Started at", required=True, readonly=True, tracking=True)
    date_end = fields.Datetime(string="Finished at", readonly=True, tracking=True)
    checkin_ids = fields.One2many("property.patrol.checkin", "round_id", string="Check-ins")
    checkin_count = fields.Integer(compute="_compute_progress", string="Points checked")
    point_count = fields.Integer(compute="_compute_progress", string="Points of the plan")
    finding_count = fields.Integer(compute="_compute_progress", string="Findings")
    repair_count = fields.Integer(compute="_compute_progress", string="Reported to engineering")
    repair_open_count = fields.Integer(compute="_compute_progress", string="Not repaired yet",
                                       help="SVC-07: findings reported to engineering and not repaired yet.")
    missing_point_ids = fields.Many2many("property.patrol.point", compute="_compute_progress",
                                         string="Points not checked yet")

    @api.depends("checkin_ids.finding", "plan_id.point_ids", "checkin_ids.request_id.state")
    def _compute_progress(self):
        for round_ in self:
            checked = round_.checkin_ids.point_id
            round_.checkin_count = len(checked)
            round_.point_count = len(round_.plan_id.point_ids)
            round_.finding_count = len(round_.checkin_ids.filtered(lambda c: c.finding != "ok"))
            round_.missing_point_ids = round_.plan_id.point_ids - checked
            repairs = round_.checkin_ids.request_id
            round_.repair_count = len(repairs)
            round_.repair_open_count = len(repairs.filtered(lambda r: r.state not in ("done", "closed", "cancelled")))

    @api.model
    def _workflow_prepare_create(self, vals_list):
        # A round exists only from a scan or its plan's button (_start).
        if any(not vals.get("user_id") or not vals.get("date_start") for vals in vals_list):
            raise PropertyWorkflowError(self.env._("A patrol round starts when its patroller scans a point (PAT-01)."))
        return super()._workflow_prepare_create(vals_list)

    def _workflow_locked(self):
        # A finished round is kept as walked.
        return super()._workflow_locked() | self.filtered(lambda round_: round_.state == "done")

    def _workflow_lock_message(self):
        return self.env._("A finished patrol round is kept as walked (PAT-01).")

    @api.model
    def _start(self, plan):
        """A round of ``plan`` for the current user, started now; his open
        round of the plan started today if he has one (a phone that scans
        again resumes it). A round left open on an earlier day is finished at
        its last scan: today's scans are a new round."""
        estate = plan.estate_id
        today = estate._local_today()
        mine = self.search([("plan_id", "=", plan.id), ("user_id", "=", self.env.uid), ("state", "=", "open")])
        for stale in mine.filtered(lambda r: estate._local_date(r.date_start) != today):
            stale._workflow_write({"state": "done",
                                   "date_end": max(stale.checkin_ids.mapped("date"), default=stale.date_start)})
        current = mine.filtered(lambda r: r.state == "open")[:1]
        if current:
            return current
        # sudo: the reference is the system's, patrollers have no access to sequences.
        name = self.env["ir.sequence"].sudo().next_by_code("property.patrol.round") or "/"
        return self._workflow_create([{"name": name, "plan_id": plan.id, "user_id": self.env.uid,
                                       "date_start": fields.Datetime.now()}])

    def action_finish(self):
        """The patroller ends the round; the points not checked stay listed."""
        for round_ in self:
            if round_.state != "open":
                raise UserError(self.env._("Round %(name)s is already finished.", name=round_.name))
            if round_.user_id != self.env.user:
                raise UserError(self.env._("Only %(user)s, who walks round %(name)s, can finish it.",
                                           user=round_.user_id.name, name=round_.name))
        self._workflow_write({"state": "done", "date_end": fields.Datetime.now()})
