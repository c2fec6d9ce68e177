from datetime import timedelta

from odoo import fields, models


class PropertyNotice(models.Model):
    _inherit = "property.notice"

    def action_publish(self):
        """VIS-03: before a community event announced to the residents, the
        zone's butlers visit the households concerned."""
        result = super().action_publish()
        self.filtered(lambda notice: notice.kind == "event" and notice.date_start)._plan_event_visits()
        return result

    def _plan_event_visits(self):
        """The visit is on the day before the event at the visit hour, or at
        the next visit hour when that has passed, never after it begins."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visits for the butlers
        now = fields.Datetime.now()
        for notice in self:
            estate = notice.estate_id
            when = estate._property_visit_time(estate._local_date(notice.date_start) - timedelta(days=1))
            if when < now:
                when = estate._property_next_visit_time(now)
            if when >= notice.date_start:
                continue
            domain = [("unit_id.estate_id", "=", estate.id)]
            if notice.building_ids:
                domain.append(("unit_id.building_id", "in", notice.building_ids.ids))
            for unit, partner in Visit._households(domain):
                Visit._plan_event("event", unit, partner, when, period=f"event-{notice.id}")
