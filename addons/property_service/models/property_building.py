from odoo import fields, models
from odoo.exceptions import UserError


class PropertyBuilding(models.Model):
    """A building (楼栋) of an estate."""

    _name = "property.building"
    _description = "Building"
    _order = "estate_id, sequence, name"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="Used as the first part of unit references, e.g. 1 in 1-0201.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    floor_count = fields.Integer(string="Floors")
    unit_ids = fields.One2many("property.unit", "building_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")

    _sql_constraints = [
        ("code_estate_uniq", "unique(code, estate_id)", "The building code must be unique in its estate."),
        ("floor_count_positive", "CHECK(floor_count >= 0)", "The number of floors cannot be negative."),
    ]

    def _compute_unit_count(self):
        counts = dict(
            self.env["property.unit"]._read_group([("building_id", "in", self.ids)], ["building_id"], ["__count"])
        )
        for building in self:
            building.unit_count = counts.get(building, 0)

    def action_handover_day(self):
        """MOV-07: create the building's move-in cases and print their packets."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Handover day"),
            "res_model": "property.movein.batch",
            "view_mode": "form",
            "target": "new",
            "context": {"default_building_id": self.id},
        }

    def action_print_packets(self):
        """Reprint the packets of every open move-in of the building."""
        self.ensure_one()
        cases = self.env["property.movein"].search(
            [("building_id", "=", self.id), ("state", "in", ("notified", "in_progress"))]
        )
        if not cases:
            raise UserError(self.env._("No open move-in in %(building)s.", building=self.name))
        return self.env.ref("property_service.action_report_movein_packet").report_action(cases)

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_unit_action")
        return dict(action, domain=[("building_id", "=", self.id)], context={"default_building_id": self.id})

    def action_property_portal_invite(self):
        """Every current resident (owner, tenant, family) invited to the portal at once."""
        partners = self.env["property.occupancy"].search(
            [("unit_id.building_id", "in", self.ids), ("is_current", "=", True)]).partner_id
        return partners._property_portal_notification(*partners._property_portal_invite())
