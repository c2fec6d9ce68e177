from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    """What a suggested answer of a satisfaction item counts as (SAT-01)."""

    _inherit = "survey.question.answer"

    property_satisfaction = fields.Selection(
        [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("dissatisfied", "Dissatisfied")],
        string="Counts as",
        help="SAT-01: the satisfaction rate is the share of satisfied answers; a dissatisfied one calls for a "
        "corrective action (SAT-02).")
