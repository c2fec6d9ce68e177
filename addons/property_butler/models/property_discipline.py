from odoo import api, fields, models
from odoo.exceptions import UserError

PROPOSALS = {
    "unreturned": "penalty",
    "no_keys": "work_error",
    "lost_reported": "penalty",
    "lost_unreported": "dismissal",
    "other": "warning",
}


class PropertyDiscipline(models.Model):
    """A discipline record on an employee (KEY-03): keys not returned at the
    end of a shift, coming to work without the keys, a lost key reported or
    not. HR approves or rejects it; approved records stay on the employee's
    file, seen by HR and the employee's managers only (record rules)."""

    _name = "property.discipline"
    _description = "Discipline record"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    # KEY-03: HR's decision, by its buttons only; a decided record stays as
    # decided but for its note and the lock-change cost.
    _workflow_fields = frozenset({"state", "decided_by_id", "decided_on"})
    _workflow_open_fields = frozenset({"decision_note", "lock_change_cost"})
    _order = "date desc, id desc"

    name = fields.Char(readonly=True, copy=False, default="/")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, tracking=True)
    manager_user_id = fields.Many2one(related="employee_id.parent_id.user_id", store=True, index=True, string="Manager")
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [("unreturned", "Keys not returned at the end of the shift"), ("no_keys", "Came to work without the keys"),
         ("lost_reported", "Key lost, reported promptly"), ("lost_unreported", "Key lost and not reported"),
         ("other", "Other")],
        required=True, tracking=True,
    )
    proposal = fields.Selection(
        [("warning", "Warning"), ("work_error", "Work error"), ("penalty", "Penalty"), ("dismissal", "Dismissal")],
        required=True, tracking=True,
    )
    description = fields.Text()
    key_id = fields.Many2one("property.key", index=True)
    movement_id = fields.Many2one("property.key.movement")
    currency_id = fields.Many2one(related="company_id.currency_id")
    lock_change_cost = fields.Monetary(help="What changing the locks cost, when a key was lost.")
    state = fields.Selection([("proposed", "Proposed"), ("approved", "Approved"), ("rejected", "Rejected")],
                             default="proposed", required=True, tracking=True, index=True, readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    decided_on = fields.Datetime(readonly=True, tracking=True)
    decision_note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.discipline") or "/"
        return super().create(vals_list)

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda r: r.state != "proposed")

    def _workflow_lock_message(self):
        return self.env._("A decided discipline record is not changed; add to its note instead.")

    @api.model
    def _propose(self, employee, kind, key=None, movement=None, description=None):
        """Record a proposal for HR (KEY-03). sudo: the system raises it from
        the key log; the staff involved do not see discipline records."""
        record = self.sudo().create({
            "employee_id": employee.id,
            "kind": kind,
            "proposal": PROPOSALS[kind],
            "key_id": (key or (movement and movement.key_id) or self.env["property.key"]).id,
            "movement_id": movement.id if movement else False,
            "description": description,
        })
        hr_user = record.company_id.property_discipline_hr_user_id or self.env.ref("base.user_admin")
        record._property_activity(
            "property_butler.mail_activity_type_discipline", hr_user,
            lambda worded: worded.env._("Decide on %(record)s for %(employee)s", record=worded.name,
                                        employee=employee.name),
        )
        return record

    def _decide(self, state):
        self._property_require_group("hr.group_hr_user", self.env._("Only HR decides on discipline records (KEY-03)."))
        for record in self:
            if record.state != "proposed":
                raise UserError(self.env._("%(record)s is already decided.", record=record.name))
        self._workflow_write({"state": state, "decided_by_id": self.env.user.id, "decided_on": fields.Datetime.now()})
        self.activity_feedback(["property_butler.mail_activity_type_discipline"])

    def action_approve(self):
        self._decide("approved")

    def action_reject(self):
        self._decide("rejected")
