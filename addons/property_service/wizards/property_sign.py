from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertySign(models.TransientModel):
    """Draw a signature on a property document: the resident on a repair slip
    or a complaint record, both parties of a handover, the supervisor on a
    ledger review … The document decides what the signature does
    (``_property_sign``); it is written only through this step, never by
    editing the document (property.workflow.mixin)."""

    _name = "property.sign"
    _description = "Sign a document"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True, readonly=True)
    role = fields.Char(required=True, readonly=True)
    title = fields.Char(readonly=True)
    ask_name = fields.Boolean(readonly=True)
    signer_name = fields.Char(string="Name of the signer")
    signature = fields.Binary()

    @api.model
    def _document(self, res_model, res_id):
        Model = self.env.get(res_model) if res_model else None
        if Model is None or not hasattr(Model, "_property_sign"):
            raise UserError(self.env._("This document cannot be signed here."))
        return Model.browse(res_id).exists()

    def action_sign(self):
        self.ensure_one()
        if not self.signature:
            raise UserError(self.env._("Draw the signature first."))
        if self.ask_name and not (self.signer_name or "").strip():
            raise UserError(self.env._("Write the name of the person who signs."))
        document = self._document(self.res_model, self.res_id)
        if not document:
            raise UserError(self.env._("The document to sign no longer exists."))
        document.check_access("write")
        document._property_sign(self.role, self.signature, (self.signer_name or "").strip())
        return {"type": "ir.actions.act_window_close"}
