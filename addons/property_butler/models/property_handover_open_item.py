from odoo import _, fields, models
from odoo.exceptions import UserError

CLOSING_FIELDS = {"state", "closed_by_id", "closed_on", "closing_note"}


class PropertyHandoverOpenItem(models.Model):
    """Unfinished work raised in a handover log (HND-01/02): it carries
    forward to every next log of the post until someone closes it, and says
    who did and when. What was written in the signed log does not change."""

    _name = "property.handover.open.item"
    _description = "Open handover item"
    _inherit = ["property.locked.line.mixin", "property.action.fields.mixin"]
    _action_fields = frozenset({"state", "closed_by_id", "closed_on"})
    _order = "raised_on desc, id desc"

    log_id = fields.Many2one("property.handover.log", string="Raised in", required=True, index=True, ondelete="restrict")
    post_id = fields.Many2one(related="log_id.post_id", store=True, index=True)
    estate_id = fields.Many2one(related="log_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    raised_on = fields.Datetime(related="log_id.date", store=True)
    name = fields.Char(string="Unfinished work", required=True)
    follower_id = fields.Many2one("hr.employee", string="Followed by")
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open", required=True, index=True)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True)
    closed_on = fields.Datetime(readonly=True)
    closing_note = fields.Char(string="How it was finished")

    def _parent_locked(self):
        return self.filtered(lambda item: item.log_id.state == "signed")

    def _fields_open_when_locked(self):
        return CLOSING_FIELDS

    def _locked_message(self):
        return _("A signed handover log cannot be changed: write a correction instead (HND-03).")

    def write(self, vals):
        if self.filtered(lambda item: item.state == "closed") and not self.env.context.get("property_action_write"):
            raise UserError(_("A closed item is kept as it was closed."))
        return super().write(vals)

    def action_close(self):
        """HND-02: a carried item records when, by whom and how it was finished."""
        for item in self:
            if item.state == "closed":
                raise UserError(_("This item is already closed."))
            if not item.closing_note:
                raise UserError(_("Say how %(item)s was finished before closing it (HND-02).", item=item.name))
        self._action_write({"state": "closed", "closed_by_id": self.env.user.id, "closed_on": fields.Datetime.now()})
