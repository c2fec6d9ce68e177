from datetime import timedelta

from odoo import fields, models


class PropertyCommunityEvent(models.Model):
    _inherit = "property.community.event"

    def _on_event_planned(self):
        """VIS-03: before a community activity the zone's butlers visit the
        estate's households: on the day before at the visit hour, or at the
        next visit hour when that has passed, never after it begins."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visits for the butlers
        now = fields.Datetime.now()
        for event in self:
            estate = event.estate_id
            when = estate._property_visit_time(estate._local_date(event.date_start) - timedelta(days=1))
            if when < now:
                when = estate._property_next_visit_time(now)
            if when >= event.date_start:
                continue
            households = Visit._households([("unit_id.estate_id", "=", estate.id)])
            Visit._plan_events("event", [(unit, partner, when, f"event-{event.id}") for unit, partner in households])
        return super()._on_event_planned()
