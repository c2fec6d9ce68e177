from odoo import api, fields, models


class PropertyProfileAccessLog(models.Model):
    """Who read a resident's preferences, when and why (PRF-02). Written by
    the system only, never changed or deleted."""

    _name = "property.profile.access.log"
    _description = "Profile access log"
    _inherit = ["property.workflow.mixin"]
    _order = "date desc, id desc"
    # PRF-02: written by the system at every reading, never changed or deleted.
    _workflow_fields = frozenset({"profile_id", "user_id", "date", "reason", "via_grant"})
    _workflow_untracked = {name: "the log is itself the record of who read what, when and why"
                           for name in ("profile_id", "user_id", "date", "reason", "via_grant")}

    profile_id = fields.Many2one("property.resident.profile", required=True, index=True, ondelete="restrict")
    estate_id = fields.Many2one(related="profile_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", required=True, index=True)
    date = fields.Datetime(required=True)
    reason = fields.Char()
    via_grant = fields.Boolean(string="Outside the zone, with approval")

    @api.model
    def _record(self, profiles, reason):
        # sudo: the log is the system's; readers cannot write it.
        user = self.env.user
        zone = user.sudo().employee_ids.property_zone_building_ids  # sudo: the zone is an HR record
        return self.sudo()._workflow_create(
            [
                {
                    "profile_id": profile.id,
                    "user_id": user.id,
                    "date": fields.Datetime.now(),
                    "reason": reason or self.env._("Consulted"),
                    "via_grant": profile.building_id not in zone
                    and not user.has_group("property_butler.group_property_chief_butler"),
                }
                for profile in profiles
            ]
        )

    def _workflow_locked(self):
        return self

    def _workflow_lock_message(self):
        return self.env._("The profile access log cannot be changed or deleted (PRF-02).")
