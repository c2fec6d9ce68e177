from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyRenovationPass(models.Model):
    """A worker's pass (出入证): issued against an ID copy and a deposit;
    a lost pass forfeits its deposit (REN-01, REN-04)."""

    _name = "property.renovation.pass"
    _description = "Worker pass"
    _inherit = ["property.workflow.mixin"]
    _order = "renovation_id, id"
    _workflow_parent = "renovation_id"
    # REN-04: returned or lost is recorded by its button; a lost pass forfeits its deposit.
    _workflow_fields = frozenset({"state"})
    _workflow_audit_field = "renovation_id"

    renovation_id = fields.Many2one("property.renovation", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="renovation_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="renovation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="renovation_id.currency_id")
    name = fields.Char(string="Pass number", required=True)
    worker_name = fields.Char(required=True)
    worker_id_number = fields.Char(string="ID number", required=True)
    id_copy_received = fields.Boolean(string="ID copy received")
    deposit = fields.Monetary(
        compute="_compute_deposit", store=True, readonly=False, precompute=True,
        help="Taken from the estate's deposit rate for the unit.",
    )
    state = fields.Selection(
        [("issued", "Issued"), ("returned", "Returned"), ("lost", "Lost")], default="issued", required=True
    )

    @api.depends("renovation_id")
    def _compute_deposit(self):
        for worker_pass in self:
            worker_pass.deposit = worker_pass.renovation_id._deposit_rate().pass_deposit

    @api.constrains("id_copy_received", "deposit")
    def _check_pass(self):
        for worker_pass in self:
            if not worker_pass.id_copy_received:
                raise ValidationError(
                    self.env._("Pass %(name)s needs a copy of the worker's ID (REN-01).", name=worker_pass.name)
                )
            if worker_pass.deposit < 0:
                raise ValidationError(self.env._("A pass deposit cannot be negative."))

    def _check_issued(self):
        for worker_pass in self:
            if worker_pass.state != "issued":
                raise UserError(self.env._("Pass %(name)s is already returned or lost.", name=worker_pass.name))

    def action_returned(self):
        self._check_issued()
        self._workflow_write({"state": "returned"})

    def action_lost(self):
        self._check_issued()
        self._workflow_write({"state": "lost"})
