from datetime import timedelta

from odoo import fields, models


class PropertyUnit(models.Model):
    _inherit = "property.unit"

    def _on_fee_collection_visit(self, partner):
        """VIS-03: the zone's butler visits to collect fees, within two days."""
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visit for the butler
        when = fields.Datetime.now() + timedelta(days=2)
        for unit in self:
            Visit._plan_event("fee", unit, partner, when, period=f"fee-{unit.id}-{fields.Date.context_today(self)}")
        return super()._on_fee_collection_visit(partner)
