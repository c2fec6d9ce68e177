from odoo import fields, models
from odoo.exceptions import UserError


class PropertyHandoverOpenItem(models.Model):
    """Unfinished work raised in a handover log (HND-01/02): it carries
    forward to every next log of the post until someone closes it, and says
    who did and when. What was written in the signed log does not change."""

    _name = "property.handover.open.item"
    _description = "Open handover item"
    _inherit = ["property.workflow.mixin"]
    _order = "raised_on desc, id desc"
    # HND-02: raised in a log (and locked with it, but for how it was
    # finished), closed by its button only, then kept as closed. HND-06: the
    # supervisor arranges an important item himself, by his buttons.
    _workflow_parent = "log_id"
    _workflow_fields = frozenset({"state", "closed_by_id", "closed_on", "arranged_by_id", "arranged_on"})
    _workflow_open_fields = frozenset({"closing_note"})
    _workflow_audit_field = "log_id"

    log_id = fields.Many2one(
        "property.handover.log", string="Raised in", required=True, index=True, ondelete="restrict"
    )
    post_id = fields.Many2one(related="log_id.post_id", store=True, index=True)
    estate_id = fields.Many2one(related="log_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="log_id.company_id", store=True, index=True)
    raised_on = fields.Datetime(related="log_id.date", store=True)
    name = fields.Char(string="Unfinished work", required=True)
    follower_id = fields.Many2one("hr.employee", string="Followed by", required=True,
                                  help="HND-01: unfinished work says who follows it.")
    priority = fields.Selection([("0", "Normal"), ("1", "Important")], default="0",
                                help="HND-06: important items are arranged by the supervisor himself.")
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open", required=True, index=True)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True)
    closed_on = fields.Datetime(readonly=True)
    closing_note = fields.Char(string="How it was finished")
    arranged_by_id = fields.Many2one("res.users", string="Arranged by", readonly=True,
                                     help="HND-06: the supervisor who took the item over or gave it to someone.")
    arranged_on = fields.Datetime(readonly=True)

    def _workflow_check_write(self, vals):
        """A closed item is kept as it was closed, its note included."""
        result = super()._workflow_check_write(vals)
        names = {name for name in vals if not name.startswith(("message_", "activity_"))}
        if names and self.filtered(lambda item: item.state == "closed") and not self._workflow_is_granted(names):
            raise UserError(self.env._("A closed item is kept as it was closed."))
        return result

    def action_close(self):
        """HND-02: a carried item records when, by whom and how it was finished."""
        for item in self:
            if item.state == "closed":
                raise UserError(self.env._("This item is already closed."))
            if not item.closing_note:
                raise UserError(self.env._("Say how %(item)s was finished before closing it (HND-02).", item=item.name))
        self._workflow_write({"state": "closed", "closed_by_id": self.env.user.id, "closed_on": fields.Datetime.now()})

    def action_take_over(self):
        """HND-06: the supervisor follows an important item himself."""
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(self.env._("You have no employee record to follow the item with: ask HR."))
        return self._arrange(employee)

    def _arrange(self, employee):
        """HND-06: the supervisor gives an open item to who follows it now."""
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only a supervisor arranges open handover items (HND-06)."))
        for item in self:
            if item.state != "open":
                raise UserError(self.env._("This item is already closed."))
        self._workflow_write({"follower_id": employee.id, "arranged_by_id": self.env.uid,
                              "arranged_on": fields.Datetime.now()})

    def action_assign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "res_model": "property.open.item.assign", "view_mode": "form",
            "target": "new", "name": self.env._("Give %(item)s to", item=self.name),
            "context": {"default_item_id": self.id},
        }
