from datetime import timedelta

from odoo import models


class PropertySatisfactionSurvey(models.Model):
    _inherit = "property.satisfaction.survey"

    def action_send(self):
        """VIS-03: the survey goes out by e-mail; the households that no
        e-mail reaches get a visit of their zone's butler, who brings the
        questionnaire on paper and collects the answers (SAT-01)."""
        result = super().action_send()
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visits for the butlers
        for survey in self.filtered(lambda survey: survey.state == "open"):
            estate = survey.estate_id
            occupancies = self.env["property.occupancy"].sudo().search(
                [("unit_id.estate_id", "=", estate.id), ("is_current", "=", True)])
            reached = occupancies.filtered(lambda occupancy: occupancy.partner_id.email).unit_id
            when = estate._property_visit_time(estate._local_today() + timedelta(days=1))
            households = Visit._households([("unit_id.estate_id", "=", estate.id)])
            Visit._plan_events("survey", [(unit, partner, when, f"survey-{survey.id}") for unit, partner in households
                                          if unit not in reached])
        return result
