from odoo import api, fields, models

from .property_corrective_action import DEPARTMENTS


class PropertySatisfactionItem(models.Model):
    """One item of a closed satisfaction survey (SAT-01/02): how many owners
    answered it, how many were satisfied, and the corrective action when
    some were not or the item is below target. Kept as counted."""

    _name = "property.satisfaction.item"
    _description = "Satisfaction survey item"
    _inherit = ["property.workflow.mixin"]
    _order = "survey_id, sequence, id"
    _workflow_fields = frozenset({"survey_id", "question_id", "sequence", "name", "department", "answered",
                                  "satisfied", "dissatisfied", "target", "action_id"})
    _workflow_audit_field = "survey_id"

    survey_id = fields.Many2one("property.satisfaction.survey", required=True, index=True, ondelete="cascade",
                                readonly=True)
    estate_id = fields.Many2one(related="survey_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="survey_id.company_id", store=True, index=True)
    question_id = fields.Many2one("survey.question", readonly=True, ondelete="set null")
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Item", readonly=True)
    department = fields.Selection(DEPARTMENTS, readonly=True)
    answered = fields.Integer(readonly=True)
    satisfied = fields.Integer(readonly=True)
    dissatisfied = fields.Integer(readonly=True)
    target = fields.Float(string="Target (%)", readonly=True)
    rate = fields.Float(string="Satisfaction (%)", compute="_compute_rate", store=True, digits=(16, 1),
                        aggregator="avg")
    below_target = fields.Boolean(compute="_compute_rate", store=True)
    action_id = fields.Many2one("property.corrective.action", string="Corrective action", readonly=True)

    @api.depends("answered", "satisfied", "target")
    def _compute_rate(self):
        for item in self:
            item.rate = 100.0 * item.satisfied / item.answered if item.answered else 0.0
            item.below_target = bool(item.answered) and item.rate < item.target

    def _workflow_locked(self):
        return self

    def _workflow_lock_message(self):
        return self.env._("The answers of a closed survey are kept as counted (SAT-01).")
