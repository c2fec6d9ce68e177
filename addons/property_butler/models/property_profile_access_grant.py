from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyProfileAccessGrant(models.Model):
    """Access to a profile outside one's zone (PRF-02): asked with a reason,
    approved by the chief butler, valid for a limited time."""

    _name = "property.profile.access.grant"
    _description = "Profile access approval"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    # PRF-02: the chief butler's decision and its expiry, by buttons and the job only.
    _workflow_fields = frozenset({"state", "approved_by_id", "expires_at", "profile_id", "user_id"})
    _order = "id desc"

    partner_id = fields.Many2one("res.partner", string="Resident", required=True)
    profile_id = fields.Many2one(
        "property.resident.profile", required=True, index=True, ondelete="cascade", readonly=True, tracking=True
    )
    estate_id = fields.Many2one(related="profile_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    unit_id = fields.Many2one("property.unit",
                              help="The unit whose profile is asked for, when the resident has several.")
    user_id = fields.Many2one("res.users", string="For", required=True, index=True, default=lambda self: self.env.user,
                              readonly=True, tracking=True)
    reason = fields.Char(required=True)
    state = fields.Selection(
        [("requested", "Requested"), ("active", "Approved"), ("refused", "Refused"), ("expired", "Expired")],
        default="requested", required=True, index=True, readonly=True, tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    expires_at = fields.Datetime(readonly=True, index=True, tracking=True)

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """The profile asked for: the resident's, of the unit asked for."""
        for vals in vals_list:
            if vals.get("profile_id"):
                continue
            domain = [("partner_id", "=", vals.get("partner_id") or 0)]
            if vals.get("unit_id"):
                domain.append(("unit_id", "=", vals["unit_id"]))
            # sudo: the requester cannot see the profile yet; that is the point of the request.
            profiles = self.env["property.resident.profile"].sudo().search(domain)
            if not profiles:
                raise UserError(self.env._("This resident has no profile for that unit."))
            if len(profiles) > 1:
                raise UserError(
                    self.env._(
                        "%(resident)s has a profile for several units (%(units)s): choose the unit.",
                        resident=profiles[0].partner_id.name,
                        units=", ".join(profiles.unit_id.mapped("display_name")),
                    )
                )
            vals["profile_id"] = profiles.id
        return {"profile_id"}

    def action_approve(self):
        if not self.env.user.has_group("property_butler.group_property_chief_butler"):
            raise AccessError(
                self.env._("Only the chief butler approves access to a profile outside one's zone (PRF-02).")
            )
        for grant in self:
            if grant.state != "requested":
                raise UserError(self.env._("This request is already decided."))
            grant._workflow_write({
                "state": "active", "approved_by_id": self.env.user.id,
                "expires_at": fields.Datetime.now() + timedelta(hours=grant.company_id.property_profile_grant_hours),
            })

    def action_refuse(self):
        if not self.env.user.has_group("property_butler.group_property_chief_butler"):
            raise AccessError(self.env._("Only the chief butler decides on profile access (PRF-02)."))
        self.filtered(lambda g: g.state == "requested")._workflow_write(
            {"state": "refused", "approved_by_id": self.env.user.id}
        )

    @api.model
    def _cron_expire(self):
        """Approvals end when they expire; the record rules read the state."""
        domain = [("state", "=", "active"), ("expires_at", "<=", fields.Datetime.now())]
        grants = self.search(domain, limit=self._cron_batch_size())._lock_for_cron()
        grants._workflow_write({"state": "expired"})
        self.env["ir.cron"]._notify_progress(done=len(grants), remaining=self.search_count(domain))
        return grants
