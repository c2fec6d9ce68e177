from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyShiftPlan(models.TransientModel):
    """The supervisor plans a post's shifts for some days (HND-05)."""

    _name = "property.shift.plan"
    _description = "Plan shifts"

    post_id = fields.Many2one("property.post", required=True)
    date_from = fields.Date(string="First day", required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        string="Last day", required=True, default=lambda self: fields.Date.add(fields.Date.context_today(self), days=6)
    )
    employee_ids = fields.Many2many(
        "hr.employee", string="On duty", compute="_compute_employee_ids", store=True, readonly=False
    )

    @api.depends("post_id")
    def _compute_employee_ids(self):
        for plan in self:
            plan.employee_ids = plan.post_id.employee_ids

    def action_plan(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The last day cannot come before the first."))
        shifts = self.env["property.shift"]._plan_days(self.post_id, self.date_from, self.date_to, self.employee_ids)
        if not shifts:
            raise UserError(
                self.env._(
                    "These days of %(post)s are planned already, or none is a working day.", post=self.post_id.name
                )
            )
        return {
            "type": "ir.actions.act_window", "name": self.env._("Planned shifts"), "res_model": "property.shift",
            "view_mode": "list,form", "domain": [("id", "in", shifts.ids)],
        }
