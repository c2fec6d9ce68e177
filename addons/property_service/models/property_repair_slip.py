from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyRepairSlip(models.Model):
    """A repair slip (维修单): what the technician does, what it costs, and the
    resident's signature. A confirmed slip with an amount is billable; finance
    charges it with the monthly bill, once (SVC-06, BIL-07)."""

    _name = "property.repair.slip"
    _description = "Repair slip"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_slip desc, id desc"
    # Set by the slip's buttons and jobs only (property.workflow.mixin): steps,
    # the assessment of items not on the price list and the resident's
    # acceptance and signature (SVC-04/06), the refusal signed by technician
    # and head (SVC-04), its return to engineering (SVC-06), and the amounts
    # finance charges from (BIL-07).
    _workflow_fields = frozenset({
        "state", "date_slip", "date_started", "date_done", "completion_date",
        "date_assessed", "assessed_by_id", "quote_accepted", "quote_accepted_on",
        "signature", "signed_by", "signed_on",
        "refuse_reason", "technician_signature", "technician_signed_on",
        "head_signature", "refuse_approved_by_id", "refuse_signed_on",
        "date_returned", "returned_to_id", "return_late",
        "amount_total", "has_quote_items", "billable", "billed",
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
    # SVC-04: items not on the price list are assessed by engineering within
    # 15 minutes of the slip, then need the resident's acceptance.
    date_assessed = fields.Datetime(string="Price assessed at", readonly=True, copy=False, tracking=True)
    assessed_by_id = fields.Many2one("res.users", string="Price assessed by", readonly=True, copy=False,
                                     tracking=True)
    quote_accepted = fields.Boolean(readonly=True, copy=False, tracking=True)
    quote_accepted_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    quote_state = fields.Selection(
        [("none", "No quote needed"), ("to_assess", "Engineering assesses the price"),
         ("pending", "Waiting for the resident"), ("accepted", "Accepted")],
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
    # SVC-04: a refused quote closes the slip with the reason, signed by the
    # technician, then by the engineering head.
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    technician_signature = fields.Binary(string="Technician's signature", copy=False, attachment=True,
                                         readonly=True)
    technician_signed_on = fields.Datetime(string="Refusal signed by the technician at", readonly=True, copy=False,
                                           tracking=True)
    head_signature = fields.Binary(string="Engineering head's signature", copy=False, attachment=True,
                                   readonly=True)
    refuse_approved_by_id = fields.Many2one("res.users", string="Refusal signed by", readonly=True, copy=False,
                                            tracking=True)
    refuse_signed_on = fields.Datetime(string="Refusal signed by the head at", readonly=True, copy=False,
                                       tracking=True)
    refusal_pending = fields.Boolean(compute="_compute_refusal_pending",
                                     help="The technician signed the resident's refusal; the head has not yet.")
    # SVC-06: the slip goes back to engineering by 17:00 (a setting) the day the work is done.
    return_due = fields.Datetime(
        string="To return by", compute="_compute_return_due", store=True, index=True,
        help="SVC-06: the slip is back at engineering by this time (the day's return hour, "
        "the next day's when the work ended after it).")
    date_returned = fields.Datetime(string="Returned to engineering at", readonly=True, copy=False, tracking=True)
    returned_to_id = fields.Many2one("res.users", string="Received at engineering by", readonly=True, copy=False,
                                     tracking=True)
    return_late = fields.Boolean(string="Not returned in time", readonly=True, copy=False, index=True, tracking=True,
                                 help="SVC-06: flagged by the daily check when the slip was not back by its time.")
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

    @api.depends("date_done", "estate_id.tz", "company_id.property_slip_return_hour")
    def _compute_return_due(self):
        """SVC-06: by the return hour of the (local) day the work was done; work
        finished after it returns by the same hour the next day."""
        for slip in self:
            if not slip.date_done:
                slip.return_due = False
                continue
            estate, hour = slip.estate_id, slip.company_id.property_slip_return_hour
            day = estate._local_date(slip.date_done)
            due = estate._utc(day, hour)
            slip.return_due = due if due >= slip.date_done else estate._utc(day + timedelta(days=1), hour)

    @api.depends("state", "technician_signed_on")
    def _compute_refusal_pending(self):
        for slip in self:
            slip.refusal_pending = bool(slip.technician_signed_on) and slip.state in ("draft", "in_progress")

    @api.depends("line_ids.price_subtotal", "line_ids.line_type")
    def _compute_amounts(self):
        for slip in self:
            slip.amount_total = sum(slip.line_ids.mapped("price_subtotal"))
            slip.has_quote_items = any(line.line_type == "quote" for line in slip.line_ids)

    @api.depends("has_quote_items", "quote_accepted", "date_assessed")
    def _compute_quote_state(self):
        for slip in self:
            if not slip.has_quote_items:
                slip.quote_state = "none"
            elif slip.quote_accepted:
                slip.quote_state = "accepted"
            else:
                slip.quote_state = "pending" if slip.date_assessed else "to_assess"

    @api.depends("state", "amount_total")
    def _compute_billable(self):
        for slip in self:
            slip.billable = slip.state == "confirmed" and slip.currency_id.compare_amounts(slip.amount_total, 0) > 0

    # ----------------------------------------------------------------- actions
    def _check_state(self, allowed, message):
        """Refuse the action unless every slip is in an ``allowed`` state.
        ``message``: the action's own whole sentence, translated, with
        %(name)s and %(state)s — a verb slotted into a shared sentence reads
        wrong in Chinese."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for slip in self:
            if slip.state not in allowed:
                raise UserError(message % {"name": slip.name, "state": states[slip.state]})

    def action_assess(self):
        """SVC-04: engineering assessed the items not on the price list
        (feasible, at the price quoted), within 15 minutes of the slip: the
        resident is asked to accept the price next."""
        self._property_require_group("property_service.group_property_engineer",
                                     self.env._("Only engineering assesses the price of a repair."))
        self._check_state(("draft", "in_progress"), self.env._(
            "Slip %(name)s is %(state)s: the price is assessed before the work is finished."))
        for slip in self:
            quoted = slip.line_ids.filtered(lambda line: line.line_type == "quote")
            if not quoted:
                raise UserError(self.env._("Slip %(name)s has no item outside the price list to assess.",
                                           name=slip.name))
            if slip.date_assessed:
                raise UserError(self.env._("The price of slip %(name)s is already assessed.", name=slip.name))
            unpriced = quoted.filtered(lambda line: slip.currency_id.compare_amounts(line.price_unit, 0) <= 0)
            if unpriced:
                raise UserError(self.env._(
                    "Give the price of %(items)s before the assessment (SVC-04); an item that cannot be done "
                    "is taken off the slip.", items=", ".join(unpriced.mapped("name"))))
        self._workflow_write({"date_assessed": fields.Datetime.now(), "assessed_by_id": self.env.uid})
        self.request_id._stamp("date_assessed")

    def action_accept_quote(self):
        """SVC-04: the resident accepted the price of the items not on the list."""
        self._check_state(("draft", "in_progress"), self.env._(
            "Slip %(name)s is %(state)s: the quote is accepted before the work is finished."))
        for slip in self:
            if not slip.has_quote_items:
                raise UserError(self.env._("Slip %(name)s has no quoted item.", name=slip.name))
            if not slip.date_assessed:
                raise UserError(self.env._(
                    "Engineering assesses the items of slip %(name)s that are not on the price list first "
                    "(feasible? price?) (SVC-04).", name=slip.name))
            if slip.refusal_pending:
                raise UserError(self.env._(
                    "The resident refused the price of slip %(name)s: the engineering head signs the refusal.",
                    name=slip.name))
        self._workflow_write({"quote_accepted": True, "quote_accepted_on": fields.Datetime.now()})

    def _portal_answer_quote(self, partner, accept, reason=None):
        """SVC-04 from the resident's portal: he accepts the quoted price, or
        refuses it with his reason — the technician and the engineering head
        then sign the refusal, as when he says it on site."""
        self.ensure_one()
        if self.quote_state != "pending" or self.state not in ("draft", "in_progress") or self.refusal_pending:
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
        technician = slip.technician_id or slip.estate_id.engineering_head_id
        if technician:
            slip._property_activity(
                "mail.mail_activity_data_todo", technician,
                lambda worded: worded.env._("The resident refused the quote: record and sign the refusal (SVC-04)"),
                note=lambda worded: reason)

    def _reset_quote(self):
        """The real item or price differs from the accepted quote: ask again.
        Items off the price list appearing or going change the request's
        assessment deadline (SVC-04)."""
        accepted = self.filtered("quote_accepted")
        if accepted:
            accepted._workflow_write({"quote_accepted": False, "quote_accepted_on": False})
            for slip in accepted:
                slip.message_post(body=self.env._("The quoted items changed: the resident must accept the new price."))
        self.request_id._sync_deadlines()

    def _check_no_refusal_pending(self):
        for slip in self.filtered("refusal_pending"):
            raise UserError(self.env._(
                "The resident refused the price of slip %(name)s: the engineering head signs the refusal (SVC-04).",
                name=slip.name))

    def action_start(self):
        self._check_state(("draft",), self.env._("Slip %(name)s is %(state)s: only a written slip is started."))
        self._check_no_refusal_pending()
        for slip in self:
            if slip.quote_state in ("to_assess", "pending"):
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
        self._check_state(("in_progress",), self.env._(
            "Slip %(name)s is %(state)s: only a slip in progress is finished."))
        self._check_no_refusal_pending()
        for slip in self:
            if not slip.line_ids:
                raise UserError(
                    self.env._("List the items of slip %(name)s (a free item when nothing is charged).", name=slip.name)
                )
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})

    def action_sign(self):
        """SVC-06: the resident tests the work and signs the slip."""
        self.ensure_one()
        self._check_state(("done",), self.env._(
            "Slip %(name)s is %(state)s: the resident signs it once the work is done, and only once."))
        return self._property_sign_wizard(
            "resident", self.env._("Resident signs slip %(name)s", name=self.name), ask_name=True
        )

    def _property_sign(self, role, signature, name):
        """SVC-06: the resident's signature confirms the slip and its amount;
        SVC-04: the engineering head's signs the refusal the technician signed."""
        self.ensure_one()
        if role == "engineering_head":
            return self._head_signs_refusal(signature)
        if role != "resident":
            return super()._property_sign(role, signature, name)
        self._check_state(("done",), self.env._(
            "Slip %(name)s is %(state)s: the resident signs it once the work is done, and only once."))
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
        """SVC-04: the resident refuses the price; the technician records why and signs."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resident refuses"),
            "res_model": "property.slip.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_slip_id": self.id},
        }

    def _technician_refuses(self, reason, signature):
        """SVC-04: the resident refused the price: the slip's technician
        records the reason and signs first; the engineering head then signs
        and the slip is closed (_head_signs_refusal)."""
        self.ensure_one()
        self._check_state(("draft", "in_progress"), self.env._(
            "Slip %(name)s is %(state)s: the resident's refusal of the price is recorded before the work is "
            "finished."))
        if not self.technician_id:
            raise UserError(self.env._("Slip %(name)s has no technician to sign the refusal.", name=self.name))
        if self.technician_id != self.env.user:
            raise UserError(self.env._("%(technician)s, the technician of slip %(name)s, signs the refusal first.",
                                       technician=self.technician_id.name, name=self.name))
        if self.technician_signed_on:
            raise UserError(self.env._("The refusal of slip %(name)s is already signed by the technician.",
                                       name=self.name))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the refusal."))
        if not signature:
            raise UserError(self.env._("Draw the signature first."))
        self._workflow_write({"refuse_reason": reason.strip(), "technician_signature": signature,
                              "technician_signed_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        head = self.estate_id.engineering_head_id
        if head:
            self._property_activity(
                "mail.mail_activity_data_todo", head,
                lambda worded: worded.env._("Sign the refusal of slip %(name)s (SVC-04)", name=worded.name),
                note=lambda worded: worded.refuse_reason)

    def action_sign_refusal(self):
        """SVC-04: the engineering head signs the refusal after the technician."""
        self.ensure_one()
        return self._property_sign_wizard(
            "engineering_head", self.env._("Engineering head signs the refusal of slip %(name)s", name=self.name))

    def _head_signs_refusal(self, signature):
        self._property_require_group("property_service.group_property_engineering_head",
                                     self.env._("Only the engineering head can sign the refusal of a repair slip."))
        self._check_state(("draft", "in_progress"), self.env._(
            "Slip %(name)s is %(state)s: the resident's refusal of the price is recorded before the work is "
            "finished."))
        if not self.technician_signed_on:
            raise UserError(self.env._("The technician records and signs the refusal of slip %(name)s first (SVC-04).",
                                       name=self.name))
        self._workflow_write({"head_signature": signature, "refuse_approved_by_id": self.env.uid,
                              "refuse_signed_on": fields.Datetime.now(), "state": "refused"})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self._update_request_confirmation()

    # ------------------------------------------------------------ return (SVC-06)
    def action_return(self):
        """SVC-06: the slip is back at engineering (by 17:00 the day of the work)."""
        self._property_require_group("property_service.group_property_engineer",
                                     self.env._("Engineering records the slips returned to it."))
        for slip in self:
            if slip.state not in ("done", "confirmed"):
                raise UserError(self.env._("Slip %(name)s is returned once the work is done.", name=slip.name))
            if slip.date_returned:
                raise UserError(self.env._("Slip %(name)s is already back at engineering.", name=slip.name))
        self._workflow_write({"date_returned": fields.Datetime.now(), "returned_to_id": self.env.uid})

    @api.model
    def _unreturned_domain(self):
        return [("state", "in", ("done", "confirmed")), ("date_returned", "=", False), ("return_late", "=", False),
                ("return_due", "<", fields.Datetime.now())]

    @api.model
    def _cron_flag_unreturned(self):
        """SVC-06: every day after the return hour, the slips not back at
        engineering are flagged and listed to each estate's engineering head
        (an activity on the estate, with the list). Flagged in the same
        transaction, one batch per call: a rerun lists nothing twice."""
        slips = self.search(self._unreturned_domain(), limit=self._cron_batch_size(), order="return_due")
        slips = slips._lock_for_cron()
        slips._workflow_write({"return_late": True})
        for estate, late in slips.grouped("estate_id").items():
            head = estate.engineering_head_id or estate.supervisor_id
            if not head:
                continue
            worded = estate.with_context(lang=head.lang or self.env.lang)
            estate.activity_schedule(
                "property_service.mail_activity_type_slip_return", user_id=head.id,
                summary=worded.env._("%(count)s repair slips not returned to engineering", count=len(late)),
                note=worded.env._("Not back by their time (SVC-06): %(slips)s.",
                                  slips=", ".join(late.sorted("name").mapped("name"))))
        self.env["ir.cron"]._notify_progress(done=len(slips), remaining=self.search_count(self._unreturned_domain()))
        return slips

    def action_cancel(self):
        self._check_state(("draft", "in_progress"), self.env._(
            "Slip %(name)s is %(state)s: it can no longer be cancelled."))
        self._workflow_write({"state": "cancelled"})
        self.request_id._sync_deadlines()

    def action_print(self):
        return self.env.ref("property_service.action_report_repair_slip").report_action(self)
