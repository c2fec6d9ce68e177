from odoo import api, fields, models


class ResPartner(models.Model):
    """Residents are plain partners: owners, tenants and their families."""

    _inherit = "res.partner"

    property_occupancy_ids = fields.One2many("property.occupancy", "partner_id", string="Occupancies")
    # MOV-03: the household form (业户基本情况表).
    property_household_size = fields.Integer(string="People in the household")
    property_emergency_contact = fields.Char(string="Emergency contact")
    property_emergency_phone = fields.Char(string="Emergency phone")
    property_vehicle_plates = fields.Char(string="Vehicle plates")
    property_unit_count = fields.Integer(compute="_compute_property_counts", string="Units")
    property_request_count = fields.Integer(compute="_compute_property_counts", string="Service requests")
    is_property_resident = fields.Boolean(
        compute="_compute_is_property_resident", search="_search_is_property_resident", string="Resident"
    )

    @api.depends("property_occupancy_ids")
    def _compute_is_property_resident(self):
        for partner in self:
            partner.is_property_resident = bool(partner.property_occupancy_ids)

    def _search_is_property_resident(self, operator, value):
        positive = (operator == "=") == bool(value)
        return [("property_occupancy_ids", "!=" if positive else "=", False)]

    def _compute_property_counts(self):
        units = dict(
            self.env["property.occupancy"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["unit_id:count_distinct"]
            )
        )
        request_counts = dict(
            self.env["property.request"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.property_unit_count = units.get(partner, 0)
            partner.property_request_count = request_counts.get(partner, 0)

    def action_view_property_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_unit_action")
        return dict(action, domain=[("occupancy_ids.partner_id", "=", self.id)], context={})

    def action_view_property_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_request_action")
        return dict(action, domain=[("partner_id", "=", self.id)], context={"default_partner_id": self.id})
