from datetime import timedelta

from odoo import fields, models


class PropertyRequest(models.Model):
    _inherit = "property.request"

    property_confidential_service = fields.Boolean(
        string="Confidential service", compute="_compute_property_confidential_service",
        help="PRF-03: the resident, or a resident of the unit asked about, asked for confidential service — give "
             "callers no unit, name, plate or phone.",
    )

    def _compute_property_confidential_service(self):
        """PRF-03: whoever takes a call is told that the resident asked for
        confidential service — the caller's own, or any current resident of
        the unit he asks about — without reading the profile (PRF-02)."""
        # sudo: the desk learns that a resident asked for confidentiality, not what his profile says.
        profiles = self.env["property.resident.profile"].sudo().search([
            ("confidential_service", "=", True),
            "|", ("partner_id", "in", self.partner_id.ids), ("unit_id", "in", self.unit_id.ids),
        ])
        partners = set(profiles.partner_id.ids)
        # sudo: who lives in the unit now, not the occupancy records the desk reads.
        current = self.env["property.occupancy"].sudo().search(
            [("unit_id", "in", profiles.unit_id.ids), ("is_current", "=", True)])
        units = {occupancy.unit_id.id for occupancy in current
                 if profiles.filtered(lambda profile, occupancy=occupancy: profile.unit_id == occupancy.unit_id
                                      and profile.partner_id == occupancy.partner_id)}
        for request in self:
            request.property_confidential_service = request.partner_id.id in partners or request.unit_id.id in units

    def action_done(self):
        """VIS-03: the zone's butler visits after an emergency repair (within
        24 hours) and after a commissioned task is done."""
        result = super().action_done()
        self._plan_butler_visits()
        return result

    def _plan_butler_visits(self):
        """VIS-03: an emergency repair is what the follow-ups call one (FUP-02,
        property.followup._kind_for): a very urgent leak repair is a leak
        repair, visited after the first rain, not within 24 hours."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visits for the butlers
        Followup = self.env["property.followup"]
        done = self.filtered(lambda r: r.state == "done" and r.unit_id and r.partner_id)
        Visit._plan_events("emergency_repair", [
            (request.unit_id, request.partner_id, request.estate_id._property_next_visit_time(request.date_done),
             f"emergency_repair-{request.id}")
            for request in done if Followup._kind_for(request) == "emergency_repair"])
        Visit._plan_events("task", [
            (request.unit_id, request.partner_id,
             request.estate_id._property_next_visit_time(request.date_done + timedelta(hours=1)), f"task-{request.id}")
            for request in done if request.request_type_id.visit_after_done])

    def _on_complaint_closed(self):
        """VIS-03: after a complaint is closed the zone's butler visits, the next day."""
        # sudo: the system plans the visits for the butlers
        self.env["property.visit"].sudo()._plan_events("complaint", [
            (request.unit_id, request.partner_id,
             request.estate_id._property_visit_time(request.estate_id._local_today() + timedelta(days=1)),
             f"complaint-{request.id}") for request in self if request.unit_id and request.partner_id])
        return super()._on_complaint_closed()
