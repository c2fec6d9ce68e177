from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyPestControl(models.Model):
    """A pest-control visit (消杀) followed on site (PAT-07): missed spots are
    sent back for rework until the work passes, and only then is the
    record card (消杀记录卡) signed."""

    _name = "property.pest.control"
    _description = "Pest-control visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_planned desc, id desc"
    _workflow_fields = frozenset({"state", "rework_count", "date_checked", "checked_by_id", "signature",
                                  "signed_by_id", "date_signed"})
    _workflow_user_fields = {"date_planned": "PAT-07: the day the contractor is booked, agreed with him."}
    _workflow_open_fields = frozenset({"check_note"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    contractor_id = fields.Many2one("res.partner", string="Pest-control company", required=True, tracking=True)
    kind = fields.Selection(
        [("rodents", "Rodents"), ("cockroaches", "Cockroaches"), ("mosquitoes", "Mosquitoes and flies"),
         ("termites", "Termites"), ("general", "General disinfection")],
        required=True, default="general", tracking=True)
    date_planned = fields.Date(string="Visit on", required=True, tracking=True, default=fields.Date.context_today)
    scope = fields.Text(string="Treated areas", required=True,
                        help="The buildings, basements, drains and bins treated.")
    state = fields.Selection(
        [("planned", "Booked"), ("rework", "Rework ordered"), ("passed", "Passed"), ("signed", "Signed")],
        default="planned", required=True, readonly=True, tracking=True, index=True)
    check_note = fields.Text(string="Found on the check", help="PAT-07: spots missed or not done well.")
    rework_count = fields.Integer(string="Reworks", readonly=True, tracking=True)
    date_checked = fields.Datetime(string="Checked at", readonly=True, tracking=True)
    checked_by_id = fields.Many2one("res.users", string="Checked by", readonly=True, tracking=True)
    signature = fields.Binary(readonly=True, copy=False, attachment=True)
    signed_by_id = fields.Many2one("res.users", string="Signed by", readonly=True, tracking=True)
    date_signed = fields.Datetime(string="Signed at", readonly=True, tracking=True)

    @api.model
    def _workflow_prepare_create(self, vals_list):
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.pest.control") or "/"
        return super()._workflow_prepare_create(vals_list) | {"name"}

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda visit: visit.state == "signed")

    def _workflow_lock_message(self):
        return self.env._("A signed pest-control record card is kept as signed (PAT-07).")

    def _check_followed(self):
        self._property_require_group("property_service.group_property_clerk",
                                     self.env._("Only the property office follows pest-control visits."))
        for visit in self:
            if visit.state not in ("planned", "rework"):
                raise UserError(self.env._("Visit %(name)s is already passed.", name=visit.name))

    def action_rework(self):
        """PAT-07: spots missed or not done well: the contractor does them again."""
        self._check_followed()
        for visit in self:
            if not (visit.check_note or "").strip():
                raise ValidationError(self.env._("Say what must be done again on visit %(name)s.", name=visit.name))
            visit._workflow_write({"state": "rework", "rework_count": visit.rework_count + 1,
                                   "date_checked": fields.Datetime.now(), "checked_by_id": self.env.uid})
            visit._property_note(lambda v: v.env._("Rework ordered: %(note)s", note=v.check_note))

    def action_pass(self):
        """PAT-07: the work (and its rework) passes the check."""
        self._check_followed()
        self._workflow_write({"state": "passed", "date_checked": fields.Datetime.now(),
                              "checked_by_id": self.env.uid})

    def action_sign(self):
        self.ensure_one()
        return self._property_sign_wizard("office", self.env._("Sign the record card of %(name)s", name=self.name))

    def _property_sign(self, role, signature, name):
        """PAT-07: the record card is signed only once the work has passed."""
        self.ensure_one()
        if role != "office":
            return super()._property_sign(role, signature, name)
        if self.state != "passed":
            raise UserError(self.env._("Visit %(name)s has not passed its check: it cannot be signed yet (PAT-07).",
                                       name=self.name))
        self._workflow_write({"state": "signed", "signature": signature, "signed_by_id": self.env.uid,
                              "date_signed": fields.Datetime.now()})
