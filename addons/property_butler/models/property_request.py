from datetime import timedelta

from odoo import fields, models


class PropertyRequest(models.Model):
    _inherit = "property.request"

    property_confidential_service = fields.Boolean(related="partner_id.property_confidential_service")

    def _on_complaint_closed(self):
        """VIS-03: after a complaint is closed the zone's butler visits."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visit for the butler
        for request in self.filtered(lambda r: r.unit_id and r.partner_id):
            Visit._plan_event("complaint", request.unit_id, request.partner_id,
                              fields.Datetime.now() + timedelta(days=1), period=f"complaint-{request.id}")
        return super()._on_complaint_closed()
