from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyKey(models.Model):
    """The key register (钥匙): work keys of each post, vacant-unit keys
    (numbered, classified), residents' sealed spare keys, and the keys
    handed to residents at move-in (KEY-01..04, MOV-05)."""

    _name = "property.key"
    _description = "Key"
    _inherit = ["mail.thread", "property.workflow.mixin"]
    _order = "estate_id, key_type, name"
    # KEY-01..04: where a key is follows its movements and reports only; a
    # spare key's seal is broken by a logged movement and restored on its return.
    _workflow_fields = frozenset({"state", "holder_id", "movein_key_id", "sealed"})

    name = fields.Char(string="Key number", required=True)
    key_type = fields.Selection(
        [("work", "Work key of a post"), ("vacant", "Vacant unit"), ("spare", "Resident's sealed spare"),
         ("resident", "Handed to the resident")],
        required=True, default="work",
    )
    classification = fields.Char(help="KEY-04: e.g. entrance, room, mailbox, plant room.")
    estate_id = fields.Many2one("property.estate", required=True, index=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    post_id = fields.Many2one("property.post", index=True, help="Work keys: the post that uses them.")
    unit_id = fields.Many2one("property.unit", index=True)
    partner_id = fields.Many2one("res.partner", string="Resident")
    movein_key_id = fields.Many2one("property.movein.key", string="Move-in key line", index=True, readonly=True,
                                    tracking=True)
    sealed = fields.Boolean(readonly=True, tracking=True,
                            help="KEY-04: owners' spare keys are kept sealed; breaking the seal is logged with its "
                                 "reason in the key log, and the key is sealed again on its return.")
    state = fields.Selection(
        [("in", "In the cabinet"), ("out", "Checked out"), ("resident", "With the resident"), ("lost", "Lost")],
        default="in", required=True, tracking=True, index=True, readonly=True,
    )
    holder_id = fields.Many2one("hr.employee", string="Held by", readonly=True, index=True, tracking=True)
    movement_ids = fields.One2many("property.key.movement", "key_id", string="Movements")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_estate_uniq", "unique(name, estate_id)", "The key number must be unique in the estate."),
    ]

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """KEY-04: an owner's spare key enters the register sealed."""
        for vals in vals_list:
            vals["sealed"] = vals.get("key_type") == "spare"
        return super()._workflow_prepare_create(vals_list) | {"sealed"}

    def action_check_out(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Check out"),
            "res_model": "property.key.movement", "view_mode": "form", "target": "new",
            "context": {"default_key_id": self.id},
        }

    def action_return(self):
        """KEY-01: sign the key back in from the register."""
        self.ensure_one()
        movement = self.movement_ids.filtered(lambda m: not m.date_in)[:1]
        if self.state != "out" or not movement:
            raise UserError(self.env._("Key %(key)s is not checked out.", key=self.name))
        return movement.action_return()

    def action_report_lost(self):
        """KEY-03: a key reported lost promptly — a discipline proposal."""
        for key in self:
            if key.state != "out" or not key.holder_id:
                raise UserError(self.env._("Only a checked-out key can be reported lost by its holder."))
            # The holder reports his own loss; a supervisor may record it for him.
            if key.holder_id.user_id != self.env.user \
                    and not self.env.user.has_group("property_service.group_property_supervisor"):
                raise UserError(
                    self.env._(
                        "Key %(key)s is held by %(holder)s: only he, or a supervisor, reports it lost.",
                        key=key.name,
                        holder=key.holder_id.name,
                    )
                )
            self.env["property.discipline"]._propose(
                key.holder_id, "lost_reported", key=key,
                description=self.env._("Key %(key)s reported lost by %(user)s.", key=key.name, user=self.env.user.name),
            )
        # sudo: the register follows the report (the holder cannot edit the register).
        self.sudo()._workflow_write({"state": "lost"})

    def action_found_missing(self):
        """KEY-03: a key found lost at the audit and never reported — a
        dismissal proposal for its last holder."""
        if not self.env.user.has_group("property_service.group_property_supervisor"):
            raise UserError(self.env._("Only the shift supervisor records a key found missing at the audit (KEY-02)."))
        for key in self:
            holder = key.holder_id or key.movement_ids.sorted("date_out")[-1:].employee_id
            if not holder:
                raise UserError(
                    self.env._("Nobody held key %(key)s: there is no one to propose discipline for.", key=key.name)
                )
            self.env["property.discipline"]._propose(
                holder,
                "lost_unreported",
                key=key,
                description=self.env._(
                    "Key %(key)s found missing at the audit; its loss was not reported.", key=key.name
                ),
            )
        self._workflow_write({"state": "lost"})
