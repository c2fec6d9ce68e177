from odoo import fields, models

from .property_corrective_action import DEPARTMENTS


class SurveyQuestion(models.Model):
    """An item of the owners' questionnaire (征询表, SAT-01) and the
    department that answers for it (SAT-02)."""

    _inherit = "survey.question"

    property_department = fields.Selection(
        DEPARTMENTS, string="Responsible department",
        help="SAT-02: the department that gets the corrective action when owners are not satisfied with this item.")
