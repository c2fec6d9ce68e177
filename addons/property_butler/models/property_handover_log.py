from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

RETENTION_YEARS = 3  # HND-03: duty logs are kept three years (the rulebook's rule, not a default)


class PropertyHandoverLog(models.Model):
    """A handover log (交接班本) of a post and shift (HND-01..03): what is
    handed over, the residents' situations, the open items and who follows
    them. Both staff sign; once signed it is never altered or deleted, by
    anyone: a correction is a new signed entry referring to it."""

    _name = "property.handover.log"
    _description = "Handover log"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    # HND-02/03: the signatures and the lock are the signing step's; a
    # correction refers to its log through "Write a correction" only.
    _workflow_fields = frozenset({
        "state", "outgoing_signature", "outgoing_signed_on", "incoming_signature", "incoming_signed_on",
        "signed_late", "correction_of_id",
    })
    _workflow_user_fields = {"date": "HND-01: the date and time the entry is about, written by the outgoing staff."}
    _order = "date desc, id desc"

    name = fields.Char(readonly=True, copy=False, default="/")
    post_id = fields.Many2one("property.post", required=True, index=True)
    estate_id = fields.Many2one(related="post_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="post_id.company_id", store=True, index=True)
    shift_id = fields.Many2one("property.shift", index=True, ondelete="restrict", domain="[('post_id', '=', post_id)]")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    outgoing_employee_id = fields.Many2one("hr.employee", string="Outgoing", required=True, index=True)
    incoming_employee_id = fields.Many2one("hr.employee", string="Incoming", required=True, index=True)
    item_ids = fields.One2many("property.handover.item", "log_id", string="Handed over")
    resident_situations = fields.Text(help="HND-01: what residents need, what happened.")
    open_item_ids = fields.One2many("property.handover.open.item", "log_id", string="Open items raised")
    carried_item_ids = fields.Many2many("property.handover.open.item", compute="_compute_carried_item_ids",
                                        string="Open items carried forward")
    outgoing_signature = fields.Binary(attachment=True, copy=False, readonly=True)
    outgoing_signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    incoming_signature = fields.Binary(attachment=True, copy=False, readonly=True)
    incoming_signed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    signed_late = fields.Boolean(readonly=True, copy=False, tracking=True,
                                 help="Signed after the outgoing shift ended (HND-02).")
    state = fields.Selection([("draft", "Draft"), ("signed", "Signed")], default="draft", required=True, readonly=True,
                             index=True, tracking=True)
    correction_of_id = fields.Many2one(
        "property.handover.log", string="Corrects", readonly=True, copy=False, index=True, tracking=True
    )
    correction_ids = fields.One2many("property.handover.log", "correction_of_id", string="Corrections")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.handover.log") or "/"
            if not vals.get("shift_id") and vals.get("post_id"):
                vals["shift_id"] = self._shift_at(vals["post_id"], vals.get("date")).id
        logs = super().create(vals_list)
        if logs.correction_of_id.filtered(lambda log: log.state != "signed"):
            raise UserError(self.env._("Only a signed log is corrected by a new entry; a draft is simply edited."))
        # HND-04: contacts the outgoing staff carried to handover join the new log.
        self.env["property.work.ledger.line"].search([
            ("ledger_id.employee_id", "in", logs.outgoing_employee_id.ids),
            ("status", "=", "carried"), ("open_item_id", "=", False),
        ])._carry_to_handover()
        return logs

    @api.model
    def _shift_at(self, post_id, date):
        """HND-01: the shift a log entry is about — the post's shift under way
        at its date (now, for a new entry), else the next one to start."""
        moment = fields.Datetime.to_datetime(date) or fields.Datetime.now()
        Shift = self.env["property.shift"]
        under_way = Shift.search([("post_id", "=", post_id), ("date_start", "<=", moment), ("date_end", ">", moment)],
                                 order="date_start desc", limit=1)
        return under_way or Shift.search([("post_id", "=", post_id), ("date_start", ">", moment),
                                          ("date_start", "<", moment + relativedelta(hours=12))],
                                         order="date_start", limit=1)

    def _workflow_locked(self):
        """HND-03: a signed log is never altered — by the interface, RPC, an
        import or sudo alike; only its chatter stays open. It is kept at
        least three years and never deleted."""
        return super()._workflow_locked() | self.filtered(lambda log: log.state == "signed")

    def _workflow_lock_message(self):
        return self.env._(
            "A signed handover log cannot be changed or deleted (kept %(years)s years): "
            "write a correction instead (HND-03).",
            years=RETENTION_YEARS,
        )

    @api.depends("post_id", "date")
    def _compute_carried_item_ids(self):
        Item = self.env["property.handover.open.item"]
        for log in self:
            log.carried_item_ids = Item.search([
                ("post_id", "=", log.post_id.id), ("state", "=", "open"), ("log_id", "!=", log._origin.id or 0),
                ("raised_on", "<=", log.date or fields.Datetime.now()),
            ])

    def _property_sign(self, who, signature, name):
        """Both sign (HND-02); the log locks when the second signature lands."""
        self.ensure_one()
        if who not in ("outgoing", "incoming"):
            return super()._property_sign(who, signature, name)
        if self.state != "draft":
            raise UserError(self.env._("This handover log is already signed."))
        if self[f"{who}_signed_on"]:
            raise UserError(self.env._("This staff member has already signed the log."))
        self._check_entry_complete()
        now = fields.Datetime.now()
        values = {f"{who}_signature": signature, f"{who}_signed_on": now}
        if who == "outgoing" and self.shift_id and now > self._outgoing_shift_end():
            values["signed_late"] = True
        other = "incoming" if who == "outgoing" else "outgoing"
        if self[f"{other}_signed_on"]:
            values["state"] = "signed"
        # The last write of a draft: the lock applies from the next one on.
        self._workflow_write(values)
        if values.get("signed_late"):
            self.message_post(body=self.env._("Signed after the outgoing shift ended (HND-02)."))

    def _check_entry_complete(self):
        """HND-01: an entry starts with its date, shift and staff, and its
        unfinished work says who follows it (the form requires the rest)."""
        if not self.shift_id:
            raise UserError(self.env._("Name the shift the log %(log)s hands over before signing it (HND-01).",
                                       log=self.name))
        if not (self.item_ids or self.resident_situations or self.open_item_ids or self.carried_item_ids):
            raise UserError(self.env._(
                "The log %(log)s is empty: list what is handed over (keys, radios, documents), the residents' "
                "situations or the unfinished work before signing (HND-01).", log=self.name))

    def _outgoing_shift_end(self):
        """The log hands over to its shift: the outgoing staff's shift is the
        post's previous one (yesterday's, for a day post), else the handover
        is at the start of this one (the desk's round-the-clock duty)."""
        previous = self.env["property.shift"].search(
            [
                ("post_id", "=", self.post_id.id),
                ("date_end", "<=", self.shift_id.date_start),
                ("id", "!=", self.shift_id.id),
            ],
            order="date_end desc",
            limit=1,
        )
        return previous.date_end or self.shift_id.date_start

    def action_sign_outgoing(self):
        return self._signature_wizard("outgoing")

    def action_sign_incoming(self):
        return self._signature_wizard("incoming")

    def _signature_wizard(self, who):
        self.ensure_one()
        if who == "outgoing":
            return self._property_sign_wizard(who, self.env._("Outgoing staff signs %(log)s", log=self.name))
        return self._property_sign_wizard(who, self.env._("Incoming staff signs %(log)s", log=self.name))

    def action_correct(self):
        """HND-03: a correction is a new entry that refers to the signed one."""
        self.ensure_one()
        if self.state != "signed":
            raise UserError(self.env._("Only a signed log is corrected by a new entry; a draft is simply edited."))
        correction = self._workflow_create({
            "post_id": self.post_id.id, "shift_id": self.shift_id.id,
            "outgoing_employee_id": self.outgoing_employee_id.id, "incoming_employee_id": self.incoming_employee_id.id,
            "correction_of_id": self.id,
            "resident_situations": self.env._("Correction of %(log)s: ", log=self.name),
        })
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": correction.id, "view_mode": "form"}

    @api.model
    def _retention_limit(self):
        return fields.Datetime.now() - relativedelta(years=RETENTION_YEARS)
