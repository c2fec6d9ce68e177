from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyRepairSlip(models.Model):
    """A repair slip (维修单): what the technician does, what it costs, and the
    resident's signature. A confirmed slip with an amount is billable; finance
    charges it with the monthly bill, once (SVC-06, BIL-07)."""

    _name = "property.repair.slip"
    _description = "Repair slip"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_slip desc, id desc"
    # Set by the slip's buttons only (property.workflow.mixin): steps, the
    # resident's acceptance and signature (SVC-04/06), the head's refusal, and
    # the amounts finance charges from (BIL-07).
    _workflow_fields = frozenset({
        "state", "date_slip", "date_started", "date_done", "completion_date",
        "quote_accepted", "quote_accepted_on", "signature", "signed_by", "signed_on",
        "refuse_reason", "refuse_approved_by_id", "amount_total", "has_quote_items", "billable", "billed",
    })
    _workflow_user_fields = {
        "material_check": "SVC-05: the technician records the result of his check of the resident's material.",
    }

    name = fields.Char(string="Slip number", readonly=True, copy=False, default="/", index="trigram")
    request_id = fields.Many2one(
        "property.request",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('category', 'in', ('in_unit_repair', 'public_repair', 'help')),"
        " ('state', 'in', ('new', 'dispatched', 'in_progress'))]",
    )
    estate_id = fields.Many2one(related="request_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    unit_id = fields.Many2one(related="request_id.unit_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Resident", compute="_compute_partner_id", store=True, readonly=False, index=True
    )
    technician_id = fields.Many2one(
        "res.users", compute="_compute_technician_id", store=True, readonly=False, tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("property_service.group_property_engineer").id)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "Written"),
            ("in_progress", "In progress"),
            ("done", "Work done"),
            ("confirmed", "Signed by resident"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_slip = fields.Datetime(string="Written at", default=fields.Datetime.now, required=True, copy=False,
                                readonly=True, tracking=True)
    date_started = fields.Datetime(string="Work started", readonly=True, copy=False, tracking=True)
    date_done = fields.Datetime(string="Work finished", readonly=True, copy=False, tracking=True)
    completion_date = fields.Date(
        compute="_compute_completion_date", store=True, index=True,
        help="Local date the work was finished: the bill run compares it with the cut-off day.",
    )
    fault = fields.Text(string="Fault found")
    work_done = fields.Text()
    line_ids = fields.One2many("property.repair.slip.line", "slip_id", string="Items", copy=True)
    amount_total = fields.Monetary(compute="_compute_amounts", store=True, tracking=True, string="Amount due")
    has_quote_items = fields.Boolean(compute="_compute_amounts", store=True)
    # SVC-04: items not on the price list need the resident's acceptance first.
    quote_accepted = fields.Boolean(readonly=True, copy=False, tracking=True)
    quote_accepted_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    quote_state = fields.Selection(
        [("none", "No quote needed"), ("pending", "Waiting for the resident"), ("accepted", "Accepted")],
        compute="_compute_quote_state",
    )
    # SVC-05: materials supplied by the resident.
    resident_material = fields.Boolean(string="Resident supplies material")
    material_check = fields.Selection(
        [("pass", "Pass"), ("fail", "Fail"), ("poor", "Poor quality")], tracking=True
    )
    material_decision = fields.Selection(
        [("use", "Resident chose to use it"), ("replace", "Resident will replace it")],
        help="SVC-05: the resident's choice is respected and recorded.",
    )
    # SVC-06: the resident tests the result and signs.
    signature = fields.Binary(string="Resident signature", copy=False, attachment=True, readonly=True)
    signed_by = fields.Char(copy=False, readonly=True, tracking=True)
    signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    # SVC-04: a refused quote closes the slip, signed by technician and head.
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    refuse_approved_by_id = fields.Many2one("res.users", string="Refusal signed by", readonly=True, copy=False,
                                            tracking=True)
    billable = fields.Boolean(
        compute="_compute_billable", store=True, index=True, tracking=True,
        help="Signed by the resident with an amount due: to be charged on the monthly bill.",
    )
    billed = fields.Boolean(readonly=True, copy=False, index=True, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.repair.slip") or "/"
        slips = super().create(vals_list)
        for slip in slips:
            request = slip.request_id
            if request.state not in ("new", "dispatched", "in_progress"):
                raise UserError(self.env._("Request %(name)s is finished: it takes no new slip.", name=request.name))
            if not request.date_slip:
                request._workflow_write({"date_slip": slip.date_slip})
        return slips

    @api.ondelete(at_uninstall=False)
    def _unlink_only_written_or_cancelled(self):
        # The lock (signed, billed) is checked by the workflow mixin's unlink.
        if self.filtered(lambda s: s.state not in ("draft", "cancelled")):
            raise UserError(self.env._("Only written or cancelled slips can be deleted; cancel the others."))

    def _workflow_locked(self):
        """SVC-06: a slip signed by the resident, refused or cancelled keeps
        what it says, and so do its items; BIL-07: a billed slip is part of a
        bill."""
        return super()._workflow_locked() | self.filtered(
            lambda s: s.billed or s.state in ("confirmed", "refused", "cancelled"))

    def _workflow_lock_message(self):
        billed = self.filtered("billed")
        if billed:
            return self.env._("Repair slip %(slips)s has been billed and can no longer be changed.",
                     slips=", ".join(billed.mapped("name")))
        return self.env._("Repair slip %(slips)s is signed, refused or cancelled: it can no longer change.",
                 slips=", ".join(self.mapped("name")))

    @api.depends("request_id")
    def _compute_partner_id(self):
        for slip in self:
            slip.partner_id = slip.request_id.partner_id

    @api.depends("request_id")
    def _compute_technician_id(self):
        for slip in self:
            slip.technician_id = slip.request_id.technician_id or slip.technician_id

    @api.depends("date_done", "estate_id.tz")
    def _compute_completion_date(self):
        for slip in self:
            if not slip.date_done:
                slip.completion_date = False
                continue
            slip.completion_date = slip.estate_id._local_date(slip.date_done)

    @api.depends("line_ids.price_subtotal", "line_ids.line_type")
    def _compute_amounts(self):
        for slip in self:
            slip.amount_total = sum(slip.line_ids.mapped("price_subtotal"))
            slip.has_quote_items = any(line.line_type == "quote" for line in slip.line_ids)

    @api.depends("has_quote_items", "quote_accepted")
    def _compute_quote_state(self):
        for slip in self:
            if not slip.has_quote_items:
                slip.quote_state = "none"
            else:
                slip.quote_state = "accepted" if slip.quote_accepted else "pending"

    @api.depends("state", "amount_total")
    def _compute_billable(self):
        for slip in self:
            slip.billable = slip.state == "confirmed" and slip.currency_id.compare_amounts(slip.amount_total, 0) > 0

    # ----------------------------------------------------------------- actions
    def _check_state(self, allowed, action):
        states = dict(self._fields["state"]._description_selection(self.env))
        for slip in self:
            if slip.state not in allowed:
                raise UserError(
                    self.env._("Slip %(name)s is %(state)s: you cannot %(action)s it.",
                      name=slip.name, state=states[slip.state], action=action)
                )

    def action_accept_quote(self):
        """SVC-04: the resident accepted the price of the items not on the list."""
        self._check_state(("draft", "in_progress"), self.env._("accept the quote of"))
        for slip in self:
            if not slip.has_quote_items:
                raise UserError(self.env._("Slip %(name)s has no quoted item.", name=slip.name))
        self._workflow_write({"quote_accepted": True, "quote_accepted_on": fields.Datetime.now()})

    def _portal_answer_quote(self, partner, accept, reason=None):
        """SVC-04 from the resident's portal: he accepts the quoted price, or
        refuses it with his reason — the technician and the engineering head
        then sign the refusal, as when he says it on site."""
        self.ensure_one()
        if self.quote_state != "pending" or self.state not in ("draft", "in_progress"):
            raise UserError(self.env._("Slip %(name)s waits for no answer to a quote.", name=self.name))
        if accept:
            # sudo: the resident accepts what the technician quoted; the slip stays the office's.
            self.sudo().action_accept_quote()
            self.sudo().message_post(body=self.env._("%(resident)s accepted the quote online.", resident=partner.name),
                                     author_id=partner.id, message_type="comment", subtype_xmlid="mail.mt_comment")
            return
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why you refuse the quote."))
        slip = self.sudo()
        slip.message_post(body=self.env._("%(resident)s refused the quote online: %(reason)s",
                                          resident=partner.name, reason=reason),
                          author_id=partner.id, message_type="comment", subtype_xmlid="mail.mt_comment")
        head = slip.estate_id.engineering_head_id or slip.technician_id
        if head:
            slip.activity_schedule(
                "mail.mail_activity_data_todo", user_id=head.id,
                summary=self.env._("The resident refused the quote: sign the refusal (SVC-04)"), note=reason)

    def _reset_quote(self):
        """The real item or price differs from the accepted quote: ask again."""
        accepted = self.filtered("quote_accepted")
        if accepted:
            accepted._workflow_write({"quote_accepted": False, "quote_accepted_on": False})
            for slip in accepted:
                slip.message_post(body=self.env._("The quoted items changed: the resident must accept the new price."))

    def action_start(self):
        self._check_state(("draft",), self.env._("start"))
        for slip in self:
            if slip.quote_state == "pending":
                raise UserError(
                    self.env._(
                        "Slip %(name)s has items not on the price list: "
                        "the resident must accept the price before work starts (SVC-04).",
                        name=slip.name,
                    )
                )
            if slip.resident_material and not slip.material_check:
                raise UserError(
                    self.env._(
                        "Check the material supplied by the resident and record the result "
                        "before starting slip %(name)s (SVC-05).",
                        name=slip.name,
                    )
                )
            if slip.material_check in ("fail", "poor") and not slip.material_decision:
                raise UserError(
                    self.env._(
                        "Record the resident's decision about the failed material of slip %(name)s (SVC-05).",
                        name=slip.name,
                    )
                )
        self._workflow_write({"state": "in_progress", "date_started": fields.Datetime.now()})
        self.request_id.filtered(lambda r: r.state in ("new", "dispatched")).action_on_site()

    def action_done(self):
        self._check_state(("in_progress",), self.env._("finish"))
        for slip in self:
            if not slip.line_ids:
                raise UserError(
                    self.env._("List the items of slip %(name)s (a free item when nothing is charged).", name=slip.name)
                )
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})

    def action_sign(self):
        """SVC-06: the resident tests the work and signs the slip."""
        self.ensure_one()
        self._check_state(("done",), self.env._("sign"))
        return self._property_sign_wizard(
            "resident", self.env._("Resident signs slip %(name)s", name=self.name), ask_name=True
        )

    def _property_sign(self, role, signature, name):
        """SVC-06: the resident's signature confirms the slip and its amount."""
        self.ensure_one()
        if role != "resident":
            return super()._property_sign(role, signature, name)
        self._check_state(("done",), self.env._("sign"))
        self._workflow_write({
            "signature": signature, "signed_by": name or self.partner_id.name,
            "signed_on": fields.Datetime.now(), "state": "confirmed",
        })
        self._update_request_confirmation()

    def _update_request_confirmation(self):
        for request in self.request_id:
            if all(s.state in ("confirmed", "refused", "cancelled") for s in request.slip_ids):
                request._stamp("date_confirmed")

    def action_refuse(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.slip.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_slip_id": self.id},
        }

    def _refuse(self, reason):
        """SVC-04: the resident refused the price; the slip is closed with the
        reason, signed by the technician and the engineering head."""
        self._check_state(("draft", "in_progress"), self.env._("refuse"))
        if not self.env.user.has_group("property_service.group_property_engineering_head"):
            raise UserError(self.env._("Only the engineering head can sign the refusal of a repair slip."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the refusal."))
        for slip in self:
            if not slip.technician_id:
                raise UserError(self.env._("Slip %(name)s has no technician to sign the refusal.", name=slip.name))
        self._workflow_write({"state": "refused", "refuse_reason": reason, "refuse_approved_by_id": self.env.user.id})
        self._update_request_confirmation()

    def action_cancel(self):
        self._check_state(("draft", "in_progress"), self.env._("cancel"))
        self._workflow_write({"state": "cancelled"})

    def action_print(self):
        return self.env.ref("property_service.action_report_repair_slip").report_action(self)
