from odoo import Command, api, fields, models
from odoo.exceptions import UserError


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

    # ------------------------------------------------------------------ portal
    def action_property_portal_invite(self):
        """The resident portal in one click from the resident form: the
        reason when he cannot be invited."""
        invited, already, skipped = self._property_portal_invite()
        if skipped and not invited:
            raise UserError("\n".join(skipped.values()))
        if already and not invited:
            raise UserError(self.env._("%(name)s already has access to the resident portal.",
                                       name=already[:1].display_name))
        return self._property_portal_notification(invited, already, skipped)

    def _property_portal_invite(self):
        """Portal access (and Odoo's invitation e-mail, in the resident's
        language) for those with a current occupancy — owner, tenant or
        family; returns those invited, those who had access, and the others
        with the reason."""
        today = fields.Date.context_today(self)
        skipped = {}
        residents = self.browse()
        for partner in self:
            if not partner.property_occupancy_ids.filtered(lambda occupancy: occupancy._is_current(today)):
                skipped[partner] = self.env._("%(name)s lives in or owns no unit today: record the occupancy first.",
                                              name=partner.display_name)
            else:
                residents |= partner
        if not residents:
            return residents, residents, skipped
        wizard = self.env["portal.wizard"].create({"partner_ids": [Command.set(residents.ids)]})
        invited = already = self.browse()
        for wizard_user in wizard.user_ids:
            partner = wizard_user.partner_id
            if wizard_user.is_portal or wizard_user.is_internal:
                already |= partner
            elif wizard_user.email_state == "ko":
                skipped[partner] = self.env._("%(name)s has no valid e-mail address: add one to invite him.",
                                              name=partner.display_name)
            elif wizard_user.email_state == "exist":
                skipped[partner] = self.env._(
                    "The e-mail address of %(name)s is already used by another user: correct it to invite him.",
                    name=partner.display_name)
            else:
                wizard_user.action_grant_access()
                invited |= partner
        return invited, already, skipped

    def _property_portal_notification(self, invited, already, skipped):
        message = self.env._("%(count)s residents invited to the portal, %(already)s had access already.",
                             count=len(invited), already=len(already))
        if skipped:
            message += "\n" + "\n".join(skipped.values())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.env._("Resident portal"), "message": message, "sticky": bool(skipped),
                       "type": "warning" if skipped else "success"},
        }
