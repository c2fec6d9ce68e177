from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyWorkLedger(models.Model):
    """The work ledger (工作台帐) of a staff member's shift (HND-04): every
    resident contact, its follow-up and status; the supervisor reviews and
    signs it daily; filed by month."""

    _name = "property.work.ledger"
    _description = "Work ledger"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    # HND-04: the supervisor's review and signature, by its button only; a
    # reviewed ledger is locked.
    _workflow_fields = frozenset({"state", "reviewed_by_id", "reviewed_on", "review_signature"})
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, default=lambda self: self.env.user.employee_id
    )
    estate_id = fields.Many2one("property.estate", required=True, index=True,
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    shift_id = fields.Many2one("property.shift")
    line_ids = fields.One2many("property.work.ledger.line", "ledger_id", string="Resident contacts")
    reviewed_by_id = fields.Many2one("res.users", string="Reviewed by", readonly=True, tracking=True)
    reviewed_on = fields.Datetime(readonly=True, tracking=True)
    review_signature = fields.Binary(attachment=True, copy=False, readonly=True)
    state = fields.Selection([("open", "Open"), ("reviewed", "Reviewed")], default="open", required=True, tracking=True,
                             readonly=True)

    _sql_constraints = [
        ("employee_date_shift_uniq", "unique(employee_id, date, shift_id)", "One ledger per employee and shift."),
    ]

    @api.depends("employee_id", "date")
    def _compute_name(self):
        for ledger in self:
            ledger.name = f"{ledger.employee_id.name or ''} {ledger.date or ''}"

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda ledger: ledger.state == "reviewed")

    def _workflow_lock_message(self):
        return self.env._("A reviewed ledger cannot be changed (HND-04).")

    def action_review(self):
        """HND-04: the supervisor reviews and signs the day's ledger."""
        self.ensure_one()
        self._check_reviewable()
        return self._property_sign_wizard("review", self.env._("Review and sign %(ledger)s", ledger=self.name))

    def _check_reviewable(self):
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor reviews the work ledgers (HND-04)."))
        for ledger in self:
            if ledger.state != "open":
                raise UserError(self.env._("%(ledger)s is already reviewed.", ledger=ledger.name))

    def _property_sign(self, role, signature, name):
        self.ensure_one()
        if role != "review":
            return super()._property_sign(role, signature, name)
        self._check_reviewable()
        self._workflow_write({
            "state": "reviewed", "reviewed_by_id": self.env.user.id, "reviewed_on": fields.Datetime.now(),
            "review_signature": signature,
        })
