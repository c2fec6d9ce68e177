from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class PropertyPenaltyWaiver(models.Model):
    """A reduction or waiver of a bill's late-payment penalty (PEN-05): asked
    with a reason, approved by a manager only, kept and reported."""

    _name = "property.penalty.waiver"
    _description = "Penalty waiver"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    _order = "id desc"
    # PEN-05: only a manager's button decides; the decision is kept as decided.
    _workflow_fields = frozenset({"state", "requested_by_id", "approved_by_id", "approved_on"})

    move_id = fields.Many2one("account.move", string="Bill", required=True, index=True, ondelete="restrict",
                              domain="[('move_type', '=', 'out_invoice'), ('property_unit_id', '!=', False)]")
    unit_id = fields.Many2one(related="move_id.property_unit_id", store=True)
    estate_id = fields.Many2one(related="move_id.property_estate_id", store=True, index=True)
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="move_id.partner_id", store=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    penalty_accrued = fields.Monetary(related="move_id.property_penalty_accrued")
    amount = fields.Monetary(string="Amount waived", required=True, tracking=True)
    reason = fields.Text(required=True, help="PEN-05: hardship, dispute, service failure ...")
    hardship = fields.Boolean(
        string="Hardship household", tracking=True,
        help="PEN-05 (004 §8D): a reduction for a household in hardship, counted apart in the waivers' reports.")
    state = fields.Selection([("draft", "To approve"), ("approved", "Approved"), ("refused", "Refused")],
                             default="draft", required=True, tracking=True, readonly=True)
    requested_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    approved_on = fields.Datetime(readonly=True, tracking=True)

    @api.constrains("amount", "reason")
    def _check_amount(self):
        for waiver in self:
            if waiver.currency_id.compare_amounts(waiver.amount, 0) <= 0:
                raise ValidationError(self.env._("A waiver needs a positive amount."))
            if not (waiver.reason or "").strip():
                raise ValidationError(self.env._("A waiver needs its reason (PEN-05)."))

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda w: w.state != "draft")

    def _workflow_lock_message(self):
        return self.env._("A decided waiver is kept as decided (PEN-05).")

    def action_approve(self):
        if not self.env.user.has_group("property_service.group_property_manager"):
            raise AccessError(self.env._("Only a manager can approve a penalty waiver (PEN-05)."))
        for waiver in self:
            if waiver.state != "draft":
                raise UserError(self.env._("This waiver is already decided."))
            room = waiver.move_id.property_penalty_accrued - waiver.move_id.property_penalty_waived
            if waiver.currency_id.compare_amounts(waiver.amount, room) > 0:
                raise UserError(self.env._("Only %(amount)s of penalty is left to waive on %(bill)s.",
                                  amount=waiver.currency_id.format(room), bill=waiver.move_id.name))
        self._workflow_write(
            {"state": "approved", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()}
        )
        # A waiver can leave more charged than owed: the next refresh reverses it.
        self.move_id._property_penalty_reset()

    def action_refuse(self):
        if not self.env.user.has_group("property_service.group_property_manager"):
            raise AccessError(self.env._("Only a manager can decide on a penalty waiver (PEN-05)."))
        self.filtered(lambda w: w.state == "draft")._workflow_write(
            {"state": "refused", "approved_by_id": self.env.user.id, "approved_on": fields.Datetime.now()})
