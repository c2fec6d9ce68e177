from datetime import timedelta

from odoo import models


class PropertyUnit(models.Model):
    _inherit = "property.unit"

    def _on_fee_collection_visit(self, partner):
        """VIS-03: the zone's butler visits to collect fees, within two days, at the visit hour."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visit for the butler
        for unit in self:
            estate = unit.estate_id
            today = estate._local_today()
            Visit._plan_event("fee", unit, partner, estate._property_visit_time(today + timedelta(days=2)),
                              period=f"fee-{unit.id}-{today}")
        return super()._on_fee_collection_visit(partner)
