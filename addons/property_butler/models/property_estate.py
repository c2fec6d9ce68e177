from datetime import timedelta

from odoo import fields, models


class PropertyEstate(models.Model):
    _inherit = "property.estate"

    owners_committee_head_id = fields.Many2one(
        "res.partner", string="Owners' committee head",
        help="VIS-01: the estate manager meets him once a month (业主委员会主任).",
    )
    # VAC-02: the butlers' figures (the inspections are theirs to read).
    property_vacant_rate = fields.Float(
        string="Vacant units in good order this month (%)", compute="_compute_property_vacant_rate", digits=(16, 1),
        help="VAC-02: the share of this month's inspected vacant units found in good order.",
        groups="property_butler.group_property_butler",
    )
    property_vacant_target = fields.Float(related="company_id.property_vacant_target",
                                          groups="property_butler.group_property_butler")
    property_vacant_below_target = fields.Boolean(compute="_compute_property_vacant_rate",
                                                  groups="property_butler.group_property_butler")

    def _compute_property_vacant_rate(self):
        months = {estate.id: today.strftime("%Y-%m") for estate, today in self._local_todays().items()}
        rates = self.env["property.vacant.inspection"]._good_order_rates(self, set(months.values()))
        for estate in self:
            rate = rates.get((estate.id, months[estate.id]))
            estate.property_vacant_rate = rate or 0.0
            estate.property_vacant_below_target = rate is not None and rate < estate.property_vacant_target

    def action_view_property_vacant(self):
        """VAC-02: this month's inspections of the estate's vacant units, beside the target."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_butler.property_vacant_inspection_action")
        return dict(action, domain=[("estate_id", "=", self.id), ("month", "=", self._local_today().strftime("%Y-%m"))])

    def _property_visit_time(self, day):
        """VIS-01/03: a visit on a local day is planned at the company's visit hour, in the estate's time."""
        return self._utc(day, self.company_id.property_visit_hour)

    def _property_next_visit_time(self, after):
        """VIS-03: the first visit hour of the estate at or after ``after`` (UTC): within 24 hours."""
        self.ensure_one()
        day = self._local_date(after)
        moment = self._property_visit_time(day)
        return moment if moment >= after else self._property_visit_time(day + timedelta(days=1))

