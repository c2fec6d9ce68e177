from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyMoveout(models.Model):
    """A move-out (搬出) or a goods release (物品放行) of a household. The unit's
    history stays: the occupancy is ended, never deleted."""

    _name = "property.moveout"
    _description = "Move-out / goods release"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date desc, id desc"
    # DUN-04: a release refused for arrears cannot be pushed through by hand.
    _workflow_fields = frozenset({"state"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    kind = fields.Selection(
        [("move_out", "Move-out"), ("goods_release", "Goods release")], required=True, default="move_out", tracking=True
    )
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    goods = fields.Text(string="Goods taken out")
    note = fields.Text()
    state = fields.Selection([("draft", "Draft"), ("done", "Done"), ("cancelled", "Cancelled")], default="draft",
                             required=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Clerk", default=lambda self: self.env.user)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.moveout") or "/"
        return super().create(vals_list)

    def _check_household_may_leave(self):
        """Hook: property_billing refuses households in arrears (DUN-04)."""
        return True

    def action_done(self):
        for record in self:
            if record.state != "draft":
                raise UserError(self.env._("%(name)s is already processed.", name=record.name))
        self._check_household_may_leave()
        for record in self.filtered(lambda r: r.kind == "move_out"):
            occupancies = record.unit_id.occupancy_ids.filtered(
                lambda o: o.is_current and (o.partner_id == record.partner_id or o.role == "family")
            )
            if not occupancies:
                raise UserError(self.env._("%(resident)s does not live in %(unit)s.",
                                  resident=record.partner_id.name, unit=record.unit_id.display_name))
            occupancies.write({"date_end": record.date})
        self._workflow_write({"state": "done"})

    def action_cancel(self):
        self.filtered(lambda r: r.state == "draft")._workflow_write({"state": "cancelled"})

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda r: r.state != "draft")

    def _workflow_lock_message(self):
        return self.env._("%(names)s is processed: it can no longer change.", names=", ".join(self.mapped("name")))
