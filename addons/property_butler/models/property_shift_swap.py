from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class PropertyShiftSwap(models.Model):
    """A shift swap (调班) asked for by a member of staff and decided by the
    supervisor (HND-07: no one swaps a shift without approval). The shift's
    staff change only when the supervisor approves: a colleague takes the
    shift and, for an exchange, gives his own shift in return."""

    _name = "property.shift.swap"
    _description = "Shift swap request"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "id desc"
    # HND-07: who asked is the system's record; the decision is the supervisor's buttons'.
    _workflow_fields = frozenset({"state", "requested_by_id", "decided_by_id", "decided_on"})
    _workflow_open_fields = frozenset({"decision_note"})

    name = fields.Char(compute="_compute_name", store=True)
    shift_id = fields.Many2one("property.shift", string="Shift given away", required=True, index=True,
                               ondelete="restrict")
    estate_id = fields.Many2one(related="shift_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="shift_id.company_id", store=True, index=True)
    roster_id = fields.Many2one(related="shift_id.roster_id", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", string="On duty", required=True, index=True,
                                  default=lambda self: self.env.user.employee_id,
                                  help="Who gives the shift away.")
    substitute_id = fields.Many2one("hr.employee", string="Replaced by", required=True, index=True,
                                    help="The colleague who works the shift instead.")
    return_shift_id = fields.Many2one(
        "property.shift", string="Shift taken in return", index=True, ondelete="restrict",
        help="For an exchange: the colleague's shift that the one giving his away works instead.",
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused"), ("cancelled", "Cancelled")],
        default="requested", required=True, readonly=True, index=True, tracking=True,
    )
    requested_by_id = fields.Many2one("res.users", string="Requested by", readonly=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True, tracking=True)
    decided_on = fields.Datetime(readonly=True, tracking=True)
    decision_note = fields.Char()

    @api.depends("shift_id", "employee_id", "substitute_id")
    def _compute_name(self):
        for swap in self:
            swap.name = f"{swap.shift_id.name or ''}: {swap.employee_id.name or ''} → {swap.substitute_id.name or ''}"

    @api.model
    def _workflow_prepare_create(self, vals_list):
        for vals in vals_list:
            vals["requested_by_id"] = self.env.uid
        return super()._workflow_prepare_create(vals_list) | {"requested_by_id"}

    @api.model_create_multi
    def create(self, vals_list):
        swaps = super().create(vals_list)
        for swap in swaps:
            swap._check_requester()
            swap._check_still_possible()
            supervisor = swap.estate_id._supervisor()
            if supervisor:
                swap._property_activity(
                    "property_butler.mail_activity_type_swap", supervisor,
                    lambda worded: worded.env._("Approve or refuse the swap %(swap)s", swap=worded.name),
                    date_deadline=swap.estate_id._local_date(swap.shift_id.date_start),
                )
        return swaps

    def write(self, vals):
        """HND-07: a request names its shifts and staff once, when it is made
        (and checked: the requester's own shift, a feasible swap); another
        swap is another request, for the supervisor to decide."""
        fixed = {"shift_id", "employee_id", "substitute_id", "return_shift_id"} & set(vals)
        changed = self.filtered(lambda swap: any(
            swap._fields[name].convert_to_cache(vals[name], swap) != swap._fields[name].convert_to_cache(
                swap[name], swap) for name in fixed))
        if changed:
            raise UserError(self.env._(
                "The shifts and the staff of the swap request %(swap)s are fixed when it is made: cancel it and ask "
                "for another swap (HND-07).", swap=changed[0].name))
        return super().write(vals)

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda swap: swap.state != "requested")

    def _workflow_lock_message(self):
        return self.env._("A decided swap request is kept as decided (HND-07).")

    def _check_requester(self):
        """The member of staff asks for himself; a supervisor may ask for him."""
        if self.env.su or self.env.user.has_group("property_service.group_property_supervisor"):
            return
        if self.employee_id.user_id != self.env.user:
            raise AccessError(self.env._(
                "%(employee)s asks for his own swaps; a supervisor may ask for him (HND-07).",
                employee=self.employee_id.name))

    def _check_still_possible(self):
        """Who gives a shift away is on it, who takes it is not, and neither
        shift has begun; the same for the shift taken in return."""
        self.ensure_one()
        now = fields.Datetime.now()
        for shift, giver, taker in ((self.shift_id, self.employee_id, self.substitute_id),
                                    (self.return_shift_id, self.substitute_id, self.employee_id)):
            if not shift:
                continue
            if shift.date_start <= now:
                raise UserError(self.env._("The shift %(shift)s has begun: it can no longer be swapped.",
                                           shift=shift.name))
            if giver not in shift.employee_ids:
                raise UserError(self.env._("%(employee)s is not on the shift %(shift)s.", employee=giver.name,
                                           shift=shift.name))
            if taker in shift.employee_ids:
                raise UserError(self.env._("%(employee)s is on the shift %(shift)s already.", employee=taker.name,
                                           shift=shift.name))
        if self.employee_id == self.substitute_id:
            raise UserError(self.env._("Choose the colleague who replaces %(employee)s.",
                                       employee=self.employee_id.name))

    def _check_decidable(self):
        self._property_require_group("property_service.group_property_supervisor",
                                     self.env._("Only the supervisor approves or refuses a shift swap (HND-07)."))
        for swap in self:
            if swap.state != "requested":
                raise UserError(self.env._("The swap %(swap)s is decided already.", swap=swap.name))

    def action_approve(self):
        """HND-07: approved by the supervisor, the swap changes the shifts' staff."""
        self._check_decidable()
        for swap in self:
            swap._check_still_possible()
            swap.shift_id._workflow_write({"employee_ids": [Command.unlink(swap.employee_id.id),
                                                            Command.link(swap.substitute_id.id)]})
            if swap.return_shift_id:
                swap.return_shift_id._workflow_write({"employee_ids": [Command.unlink(swap.substitute_id.id),
                                                                       Command.link(swap.employee_id.id)]})
            for shift in swap.shift_id | swap.return_shift_id:
                shift._property_note(lambda worded, swap=swap: worded.env._(
                    "Swap %(swap)s approved by %(user)s: %(reason)s", swap=swap.name, user=worded.env.user.name,
                    reason=swap.reason))
        self._decide("approved")

    def action_refuse(self):
        self._check_decidable()
        self._decide("refused")

    def _decide(self, state):
        self._workflow_write({"state": state, "decided_by_id": self.env.uid, "decided_on": fields.Datetime.now()})
        self.activity_feedback(["property_butler.mail_activity_type_swap"])
        for swap in self:
            requester = swap.requested_by_id.partner_id | swap.employee_id.user_id.partner_id
            swap.message_subscribe(partner_ids=requester.ids)

    def action_cancel(self):
        """The one who asked withdraws the request before it is decided."""
        for swap in self:
            if swap.state != "requested":
                raise UserError(self.env._("The swap %(swap)s is decided already.", swap=swap.name))
            swap._check_requester()
        self._workflow_write({"state": "cancelled"})
        self.activity_unlink(["property_butler.mail_activity_type_swap"])
