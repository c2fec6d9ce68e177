from datetime import timedelta

from odoo import models


class PropertyFollowup(models.Model):
    _inherit = "property.followup"

    def _start_after_rain(self):
        """VIS-03: after the first rain the zone's butler visits the leak
        repairs waiting for it, the next day (FUP-02 follows them up too)."""
        waiting = self.filtered(lambda followup: followup.state == "waiting_rain" and followup.unit_id
                                and followup.partner_id)
        result = super()._start_after_rain()
        # sudo: the system plans the visits for the butlers
        self.env["property.visit"].sudo()._plan_events("leak_repair", [
            (followup.unit_id, followup.partner_id,
             followup.estate_id._property_visit_time(followup.estate_id._local_today() + timedelta(days=1)),
             f"leak_repair-{followup.id}") for followup in waiting])
        return result
