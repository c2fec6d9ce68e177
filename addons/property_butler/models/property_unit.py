from datetime import timedelta

from odoo import api, models


class PropertyUnit(models.Model):
    _inherit = "property.unit"

    @api.model
    def _on_fee_collection_visits(self, households):
        """VIS-03: the zone's butler visits each household to collect fees,
        within two days, at the visit hour — once a day per unit; all the
        households planned in one batch."""
        units = self.env["property.unit"].union(*(unit for unit, _partner in households))
        today = units.estate_id._local_todays()
        # sudo: the system plans the visits for the butlers
        self.env["property.visit"].sudo()._plan_events("fee", [
            (unit, partner, unit.estate_id._property_visit_time(today[unit.estate_id] + timedelta(days=2)),
             f"fee-{unit.id}-{today[unit.estate_id]}") for unit, partner in households])
        return super()._on_fee_collection_visits(households)
