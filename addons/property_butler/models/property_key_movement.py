from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyKeyMovement(models.Model):
    """A key signed out and back in (KEY-01): who, when, what for, who issued
    it. Only keys of one's own post, or of the post whose shift one works
    (KEY-02), only after signing the shift's handover log (HND-02);
    vacant-unit keys for visitors or workers need the signature of the person
    on duty (KEY-04); taking an owner's sealed spare key breaks its seal, with
    the reason and who authorised it, and the returner seals it again."""

    _name = "property.key.movement"
    _description = "Key movement"
    _inherit = ["property.workflow.mixin"]
    _order = "date_out desc, id desc"
    # The key log is written by the check-out and the return, never by hand,
    # and kept as written (KEY-01..04).
    _workflow_fields = frozenset({"shift_id", "issuer_id", "date_out", "date_in", "return_signature", "seal_broken"})
    _workflow_user_fields = {
        "duty_signature": "KEY-04: drawn on the check-out form by the person on duty; "
        "the movement is locked once recorded.",
    }
    _workflow_audit_field = "key_id"

    key_id = fields.Many2one("property.key", required=True, index=True, ondelete="restrict")
    key_type = fields.Selection(related="key_id.key_type")
    estate_id = fields.Many2one(related="key_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="key_id.company_id", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", string="Taken by", required=True, index=True,
                                  default=lambda self: self.env.user.employee_id)
    shift_id = fields.Many2one("property.shift", index=True)
    purpose = fields.Char(required=True)
    issuer_id = fields.Many2one("res.users", string="Issued by", default=lambda self: self.env.user, readonly=True)
    date_out = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    date_in = fields.Datetime(readonly=True)
    visitor_name = fields.Char(string="Visitor / worker", help="KEY-04: who enters the vacant unit.")
    duty_signature = fields.Binary(string="Person on duty's signature", attachment=True)
    return_signature = fields.Binary(string="Returner's signature", attachment=True, readonly=True)
    authorised_by = fields.Char(help="KEY-04: who allowed the owner's sealed spare key to be opened, and how.")
    seal_broken = fields.Boolean(readonly=True, help="KEY-04: this movement broke the seal of a spare key.")

    @api.model_create_multi
    def create(self, vals_list):
        movements = super().create(vals_list)
        for movement in movements:
            movement._check_checkout()
        for movement in movements:
            # sudo: the register follows the movement; staff do not edit keys themselves.
            key = movement.key_id.sudo()
            if key.sealed:
                movement._workflow_write({"seal_broken": True})
                # In the office's language, whoever breaks it (the key log is the office's).
                key._property_note(lambda worded, movement=movement: worded.env._(
                    "Seal broken by %(user)s for %(employee)s: %(reason)s (authorised by %(who)s, KEY-04).",
                    user=self.env.user.name, employee=movement.employee_id.name, reason=movement.purpose,
                    who=movement.authorised_by))
            key._workflow_write({"state": "out", "holder_id": movement.employee_id.id, "sealed": False})
        return movements

    def _workflow_locked(self):
        """The key log is append-only: a movement is kept as written (KEY-01)."""
        return self

    def _workflow_lock_message(self):
        return self.env._("The key log is kept as written: record a new movement instead (KEY-01).")

    def _current_shift(self):
        now = fields.Datetime.now()
        return self.env["property.shift"].search([
            ("post_id", "=", self.key_id.post_id.id), ("date_start", "<=", now), ("date_end", ">", now),
        ], limit=1)

    def _check_checkout(self):
        self.ensure_one()
        key, employee = self.key_id, self.employee_id
        if key.state != "in":
            raise UserError(self.env._("Key %(key)s is not in the cabinet.", key=key.name))
        if key.key_type == "work":
            shift = self._current_shift()
            # sudo: the posts of an employee are an HR record; checking them is the system's job.
            # KEY-02: his own post's keys, or those of the post whose shift he works (a swap, HND-07).
            if key.post_id not in employee.sudo().property_post_ids and employee not in shift.employee_ids:
                raise UserError(
                    self.env._(
                        "%(employee)s may only take the keys of his own post; %(key)s belongs to %(post)s (KEY-02).",
                        employee=employee.name,
                        key=key.name,
                        post=key.post_id.name,
                    )
                )
            signed = self.env["property.handover.log"].search_count([
                ("post_id", "=", key.post_id.id), ("incoming_employee_id", "=", employee.id),
                ("incoming_signed_on", "!=", False), ("shift_id", "=", shift.id),
            ]) if shift else 0
            if not signed:
                raise UserError(
                    self.env._(
                        "%(employee)s must sign the shift's handover log before taking keys (HND-02).",
                        employee=employee.name,
                    )
                )
            self._workflow_write({"shift_id": shift.id})
        elif key.key_type in ("vacant", "spare"):
            if key.key_type == "vacant" and not (self.visitor_name and self.duty_signature):
                raise UserError(
                    self.env._("A vacant-unit key needs who enters and the signature of the person on duty (KEY-04).")
                )
            if key.key_type == "spare" and not (self.authorised_by and self.duty_signature):
                raise UserError(self.env._(
                    "Opening the seal of an owner's spare key needs the reason, who authorised it and the signature "
                    "of the person on duty (KEY-04)."))
            # The shift of whoever lent it: its end-of-shift check finds the key if it is not back (KEY-03).
            now = fields.Datetime.now()
            shift = self.env["property.shift"].search([
                ("employee_ids", "in", employee.ids), ("date_start", "<=", now), ("date_end", ">", now),
            ], limit=1)
            self._workflow_write({"shift_id": shift.id})
        else:
            raise UserError(self.env._("Key %(key)s is not lent from the cabinet.", key=key.name))

    def _check_out_still(self):
        for movement in self:
            if movement.date_in:
                raise UserError(self.env._("Key %(key)s was already returned.", key=movement.key_id.name))

    def action_return(self):
        """KEY-01: the key is signed back in; a vacant-unit key by its returner (KEY-04)."""
        self._check_out_still()
        if len(self) == 1 and self.key_id.key_type in ("vacant", "spare"):
            return self._property_sign_wizard(
                "return", self.env._("Returner signs key %(key)s back in", key=self.key_id.name)
            )
        if self.filtered(lambda m: m.key_id.key_type in ("vacant", "spare")):
            raise UserError(self.env._("The returner signs the key log back in (KEY-04)."))
        self._return()

    def _property_sign(self, role, signature, name):
        self.ensure_one()
        if role != "return":
            return super()._property_sign(role, signature, name)
        self._check_out_still()
        self._workflow_write({"return_signature": signature})
        self._return()

    def _return(self):
        self._workflow_write({"date_in": fields.Datetime.now()})
        # sudo: the register follows the movement.
        self.key_id.sudo()._workflow_write({"state": "in", "holder_id": False})
        # KEY-04: a spare key goes back into the cabinet sealed again.
        resealed = self.filtered("seal_broken").key_id.sudo()
        resealed._workflow_write({"sealed": True})
        resealed._property_note(lambda worded: worded.env._("Sealed again on its return by %(user)s (KEY-04).",
                                                            user=self.env.user.name))
