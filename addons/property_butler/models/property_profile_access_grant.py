from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyProfileAccessGrant(models.Model):
    """Access to a profile outside one's zone (PRF-02): asked with a reason,
    approved by the chief butler, valid for a limited time."""

    _name = "property.profile.access.grant"
    _description = "Profile access approval"
    _inherit = ["property.cron.mixin", "property.action.fields.mixin"]
    _action_fields = frozenset({"state", "approved_by_id", "expires_at"})
    _order = "id desc"

    partner_id = fields.Many2one("res.partner", string="Resident", required=True)
    profile_id = fields.Many2one("property.resident.profile", required=True, index=True, ondelete="cascade", readonly=True)
    estate_id = fields.Many2one(related="profile_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="For", required=True, index=True, default=lambda self: self.env.user)
    reason = fields.Char(required=True)
    state = fields.Selection(
        [("requested", "Requested"), ("active", "Approved"), ("refused", "Refused"), ("expired", "Expired")],
        default="requested", required=True, index=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    expires_at = fields.Datetime(readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("profile_id") and vals.get("partner_id"):
                # sudo: the requester cannot see the profile yet; that is the point of the request.
                profile = self.env["property.resident.profile"].sudo().search([("partner_id", "=", vals["partner_id"])], limit=1)
                if not profile:
                    raise UserError(_("This resident has no profile."))
                vals["profile_id"] = profile.id
        return super().create(vals_list)

    def action_approve(self):
        if not self.env.user.has_group("property_butler.group_property_chief_butler"):
            raise AccessError(_("Only the chief butler approves access to a profile outside one's zone (PRF-02)."))
        for grant in self:
            if grant.state != "requested":
                raise UserError(_("This request is already decided."))
            grant._action_write({
                "state": "active", "approved_by_id": self.env.user.id,
                "expires_at": fields.Datetime.now() + timedelta(hours=grant.company_id.property_profile_grant_hours),
            })

    def action_refuse(self):
        if not self.env.user.has_group("property_butler.group_property_chief_butler"):
            raise AccessError(_("Only the chief butler decides on profile access (PRF-02)."))
        self.filtered(lambda g: g.state == "requested")._action_write({"state": "refused", "approved_by_id": self.env.user.id})

    @api.model
    def _cron_expire(self):
        """Approvals end when they expire; the record rules read the state."""
        domain = [("state", "=", "active"), ("expires_at", "<=", fields.Datetime.now())]
        grants = self.search(domain, limit=self._cron_batch_size())._lock_for_cron()
        grants._action_write({"state": "expired"})
        self.env["ir.cron"]._notify_progress(done=len(grants), remaining=self.search_count(domain))
        return grants
