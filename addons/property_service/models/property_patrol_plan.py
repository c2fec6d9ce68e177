from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyPatrolPlan(models.Model):
    """A patrol plan (巡查路线, PAT-01): the estate's points in the fixed order
    a round walks them. Each point carries a QR code the patroller scans."""

    _name = "property.patrol.plan"
    _description = "Patrol plan"
    _inherit = ["mail.thread"]
    _order = "estate_id, name"

    name = fields.Char(required=True, tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict", tracking=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    point_ids = fields.One2many("property.patrol.point", "plan_id", string="Points", copy=True)
    point_count = fields.Integer(compute="_compute_counts")
    round_ids = fields.One2many("property.patrol.round", "plan_id", string="Rounds")
    round_count = fields.Integer(compute="_compute_counts")
    note = fields.Html(string="Instructions")

    def write(self, vals):
        # The rounds walked and their check-ins stay in the estate they were walked in.
        if "estate_id" in vals:
            walked = self.filtered(lambda plan: plan.round_ids and plan.estate_id.id != vals["estate_id"])
            if walked:
                raise ValidationError(self.env._(
                    "Plan %(plan)s has been walked: make a new plan for another estate.", plan=walked[0].name))
        return super().write(vals)

    @api.depends("point_ids", "round_ids")
    def _compute_counts(self):
        for plan in self:
            plan.point_count = len(plan.point_ids)
            plan.round_count = len(plan.round_ids)

    def action_start_round(self):
        """The patroller starts a round of this plan (PAT-01)."""
        self.ensure_one()
        round_ = self.env["property.patrol.round"]._start(self)
        return {
            "type": "ir.actions.act_window", "res_model": "property.patrol.round", "res_id": round_.id,
            "view_mode": "form", "target": "current",
        }

    def action_view_rounds(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_patrol_round_action")
        action["domain"] = [("plan_id", "in", self.ids)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_print_labels(self):
        """PAT-01: the sheet of QR labels to stick at the points."""
        return self.env.ref("property_service.action_report_patrol_labels").report_action(self.point_ids)
