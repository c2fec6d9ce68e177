from odoo import fields, models


class PropertyProfileOpen(models.TransientModel):
    """Why a profile is opened (PRF-02): the reason goes to the access log."""

    _name = "property.profile.open"
    _description = "Open a resident profile"

    profile_id = fields.Many2one("property.resident.profile", required=True)
    reason = fields.Char(required=True)

    def action_open(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.resident.profile",
            "res_id": self.profile_id.id,
            "view_mode": "form",
            "views": [(self.env.ref("property_butler.property_resident_profile_view_form").id, "form")],
            "context": {"profile_access_reason": self.reason},
            "target": "current",
        }
