from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyRenovationViolation(models.Model):
    """A violation, damage or structural/safety problem seen on a visit
    (REN-06). Open ones block acceptance (REN-03); an open structural or
    safety problem blocks the refund (REN-05); deductions reduce it."""

    _name = "property.renovation.violation"
    _description = "Renovation violation"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    _order = "date desc, id desc"
    _workflow_parent = "renovation_id"
    _workflow_fields = frozenset({"state", "resolved_on", "reported_by_id", "visit_id"})

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="renovation_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    visit = fields.Selection(
        [("office", "Renovation office (daily)"), ("guard", "Guard patrol (every 2 days)"),
         ("exit", "Worker exit check (19:00)"), ("other", "Other")],
        required=True, default="office",
    )
    visit_id = fields.Many2one("property.renovation.visit", string="Recorded on visit", readonly=True, index=True,
                               ondelete="set null", tracking=True, help="REN-06: the visit that found it.")
    reported_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True, tracking=True)
    category = fields.Selection(
        [("violation", "Rule violation"), ("damage", "Damage"), ("structural", "Structural or safety problem")],
        required=True, default="violation", tracking=True,
    )
    name = fields.Char(string="What was seen", required=True)
    deduction = fields.Monetary(help="Deducted from the deposit refund (REN-05).", tracking=True)
    state = fields.Selection([("open", "Open"), ("resolved", "Resolved")], default="open", required=True, tracking=True)
    resolved_on = fields.Date(readonly=True, tracking=True)

    @api.constrains("deduction")
    def _check_deduction(self):
        for violation in self:
            if violation.deduction < 0:
                raise ValidationError(self.env._("A deduction cannot be negative."))

    def action_resolve(self):
        for violation in self:
            if violation.state != "open":
                raise UserError(self.env._("This violation is already resolved."))
        self._workflow_write({"state": "resolved", "resolved_on": fields.Date.context_today(self)})
