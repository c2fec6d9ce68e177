from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyBillDispute(models.Model):
    """A resident disputes a line of his bill (BIL-05): raised at least five
    days before the due date; finance decides. While it is open with the
    company's consent, the disputed amount bears no late fee."""

    _name = "property.bill.dispute"
    _description = "Bill dispute"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_raised desc, id desc"
    # Raised by the resident (or recorded by finance); consent and decision by
    # finance's buttons only.
    _workflow_fields = frozenset({"state", "date_raised", "consent", "date_consent", "date_decided",
                                  "decided_by_id"})

    line_id = fields.Many2one(
        "account.move.line", string="Bill line", required=True, index=True, ondelete="cascade",
        domain="[('move_id', '=', move_id), ('display_type', '=', 'product')]")
    move_id = fields.Many2one("account.move", string="Bill", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    estate_id = fields.Many2one(related="move_id.property_estate_id", store=True, index=True)
    partner_id = fields.Many2one(related="move_id.partner_id", store=True, string="Resident")
    amount = fields.Monetary(string="Disputed amount", compute="_compute_amount", store=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("open", "Open"), ("upheld", "Upheld"), ("rejected", "Rejected")],
        default="open", required=True, readonly=True, tracking=True, index=True,
    )
    date_raised = fields.Datetime(string="Raised at", default=fields.Datetime.now, required=True, readonly=True,
                                  tracking=True)
    consent = fields.Boolean(string="Payment may wait", readonly=True, tracking=True,
                             help="BIL-05: the company's consent to wait for the disputed amount until the decision.")
    date_consent = fields.Datetime(string="Consent given at", readonly=True, tracking=True)
    date_decided = fields.Datetime(string="Decided at", readonly=True, tracking=True)
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True, tracking=True)
    decision = fields.Text(help="What finance answered the resident.")

    @api.depends("line_id.price_total")
    def _compute_amount(self):
        for dispute in self:
            dispute.amount = dispute.line_id.price_total

    @api.constrains("line_id", "move_id", "date_raised")
    def _check_in_time(self):
        """BIL-05: at least N days (company setting, 5) before the due date."""
        for dispute in self:
            move = dispute.move_id
            if dispute.line_id.move_id != move:
                raise ValidationError(self.env._("The disputed line must be a line of bill %(bill)s.", bill=move.name))
            days = dispute.company_id.property_dispute_days
            raised = move.property_estate_id._local_date(dispute.date_raised)
            if move.invoice_date_due and raised > move.invoice_date_due - timedelta(days=days):
                raise ValidationError(self.env._(
                    "A bill is disputed at least %(days)s days before its due date (BIL-05): bill %(bill)s is due "
                    "on %(due)s. Pay it, and ask the service desk to correct it on the next bill.",
                    days=days, bill=move.name, due=fields.Date.to_string(move.invoice_date_due)))
            if self.search_count([("line_id", "=", dispute.line_id.id), ("state", "=", "open"),
                                  ("id", "!=", dispute.id)], limit=1):
                raise ValidationError(self.env._("This line of bill %(bill)s is disputed already.", bill=move.name))

    @api.model_create_multi
    def create(self, vals_list):
        disputes = super().create(vals_list)
        for dispute in disputes:
            responsible = dispute.move_id.invoice_user_id or dispute.estate_id.manager_id
            if responsible:
                dispute.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=responsible.id,
                    date_deadline=dispute.move_id.invoice_date_due,
                    summary=self.env._("Decide the dispute of bill %(bill)s (BIL-05)", bill=dispute.move_id.name))
            dispute.move_id.message_post(body=self.env._(
                "%(resident)s disputes %(line)s (%(amount)s): %(reason)s", resident=dispute.partner_id.name,
                line=dispute.line_id.name, amount=dispute.amount, reason=dispute.reason))
        return disputes

    # ------------------------------------------------------------------ portal
    @api.model
    def _portal_raise(self, bill, line_id, reason):
        """The resident disputes a line of a bill he may read (checked by the
        caller as him): raised for him by the system."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(self.env._("Say what is wrong with this line."))
        line = bill.invoice_line_ids.filtered(lambda line: line.id == line_id and line.display_type == "product")
        if not line:
            raise ValidationError(self.env._("Choose a line of this bill."))
        # sudo: residents read their bills, never write finance's records.
        return self.sudo().create({"move_id": bill.id, "line_id": line.id, "reason": reason})

    # ----------------------------------------------------------------- actions
    def _check_open(self):
        if self.filtered(lambda dispute: dispute.state != "open"):
            raise UserError(self.env._("This dispute is decided already."))

    def action_consent(self):
        """BIL-05: the company agrees to wait for the disputed amount."""
        self._check_open()
        self._workflow_write({"consent": True, "date_consent": fields.Datetime.now()})
        self.move_id._property_penalty_reset()

    def action_uphold(self):
        """The resident is right: finance corrects the bill by a credit note."""
        self._decide("upheld")

    def action_reject(self):
        self._decide("rejected")

    def _decide(self, state):
        self._check_open()
        if not all(dispute.decision for dispute in self):
            raise UserError(self.env._("Write the decision the resident will read."))
        self._workflow_write({"state": state, "date_decided": fields.Datetime.now(), "decided_by_id": self.env.uid})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self.move_id._property_penalty_reset()
        for dispute in self:
            dispute.move_id.message_post(
                body=self.env._("Dispute of %(line)s %(state)s: %(decision)s", line=dispute.line_id.name,
                                state=dict(self._fields["state"]._description_selection(self.env))[state],
                                decision=dispute.decision),
                message_type="comment", subtype_xmlid="mail.mt_comment")
