from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyRenovationInspection(models.Model):
    """An inspection of a renovation (REN-03): hidden works before closing,
    the initial inspection when work ends, the formal inspection, and
    re-inspections until the defects are fixed."""

    _name = "property.renovation.inspection"
    _description = "Renovation inspection"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    _order = "date_planned, id"
    _workflow_parent = "renovation_id"
    # REN-03: the result is recorded by its buttons; a later pass marks earlier defects fixed.
    _workflow_fields = frozenset({"result", "date_done", "fixed", "fix_deadline"})
    _workflow_user_fields = {
        "date_requested": "REN-03: when the owner asked for the inspection; "
        "the formal one needs 2 working days' notice.",
        "date_planned": "REN-03: the day engineering will come, checked against the notice.",
    }

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("hidden_works", "Hidden works"),
            ("initial", "Initial inspection"),
            ("formal", "Formal inspection"),
            ("re_inspection", "Re-inspection"),
        ],
        required=True,
        default="initial",
        tracking=True,
    )
    date_requested = fields.Date(required=True, default=fields.Date.context_today)
    date_planned = fields.Date(required=True)
    date_done = fields.Date(readonly=True, tracking=True)
    inspector_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    result = fields.Selection(
        [("pending", "To do"), ("pass", "Passed"), ("fail", "Failed")], default="pending", required=True, tracking=True,
        readonly=True,
    )
    defects = fields.Text()
    fix_deadline = fields.Date(
        compute="_compute_fix_deadline", store=True,
        help="REN-03: defects are fixed within 2 weeks of the inspection.", tracking=True,
    )
    fixed = fields.Boolean(readonly=True, tracking=True, help="A later inspection passed.")

    @api.depends("result", "date_done", "company_id.property_renovation_fix_days")
    def _compute_fix_deadline(self):
        for inspection in self:
            if inspection.result == "fail" and inspection.date_done:
                inspection.fix_deadline = inspection.date_done + timedelta(
                    days=inspection.company_id.property_renovation_fix_days
                )
            else:
                inspection.fix_deadline = False

    @api.constrains("kind", "date_requested", "date_planned")
    def _check_formal_notice(self):
        """REN-03: the formal inspection is at least 2 working days after notice."""
        for inspection in self.filtered(lambda i: i.kind == "formal"):
            calendar = inspection.company_id.resource_calendar_id
            earliest = (
                calendar.plan_days(3, fields.Datetime.to_datetime(inspection.date_requested)) if calendar else False
            )
            earliest = earliest.date() if earliest else inspection.date_requested + timedelta(days=2)
            if inspection.date_planned < earliest:
                raise ValidationError(
                    self.env._(
                        "The formal inspection needs 2 working days' notice: not before %(date)s (REN-03).",
                        date=earliest,
                    )
                )

    def _record(self, result, defects=None):
        for inspection in self:
            if inspection.result != "pending":
                raise UserError(self.env._("This inspection already has its result."))
            if result == "fail" and not (defects or inspection.defects):
                raise UserError(self.env._("List the defects found."))
        values = {"result": result, "date_done": fields.Date.context_today(self)}
        if defects:
            values["defects"] = defects
        if result == "pass" and self.filtered(lambda i: i.kind == "formal"):
            self.renovation_id._check_acceptable()
        self._workflow_write(values)
        if result == "pass":
            self._mark_earlier_fixed()
            self.filtered(lambda i: i.kind == "formal").renovation_id._accept(
                self.filtered(lambda i: i.kind == "formal")[:1].date_done
            )

    def _mark_earlier_fixed(self):
        for inspection in self:
            earlier = inspection.renovation_id.inspection_ids.filtered(
                lambda i: i.result == "fail" and not i.fixed and i.id != inspection.id
            )
            earlier._workflow_write({"fixed": True})

    def _workflow_locked(self):
        """REN-03: a recorded result stands; a re-inspection is a new one."""
        return super()._workflow_locked() | self.filtered(lambda i: i.result != "pending")

    def _workflow_lock_message(self):
        return self.env._("The result of this inspection is recorded: plan a re-inspection instead (REN-03).")

    def action_pass(self):
        self._record("pass")

    def action_fail(self):
        self._record("fail")
