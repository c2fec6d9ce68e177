from odoo import api, models

from .property_workflow_mixin import PropertyWorkflowError, _granted


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _property_check_workflow(self, vals=None):
        """A signature is stored as an attachment of its record's field:
        creating, replacing or deleting that attachment would change the
        signature underneath the record's own guard (property.workflow.mixin).
        Only the signing step itself (a grant on that field) may."""
        targets = [
            (a.res_model, a.res_id, a.res_field) for a in self.sudo() if a.res_model and a.res_id and a.res_field
        ]
        if vals and vals.get("res_model") and vals.get("res_field") and vals.get("res_id"):
            targets.append((vals["res_model"], vals["res_id"], vals["res_field"]))
        for res_model, res_id, res_field in targets:
            Model = self.env.get(res_model)
            if Model is None or not hasattr(Model, "_workflow_field_names"):
                continue
            if _granted(res_model, frozenset([res_id]), {res_field}) or _granted(res_model, None, {res_field}):
                continue
            record = Model.sudo().browse(res_id).exists()
            if res_field in Model._workflow_field_names() or (record and record._workflow_locked()):
                raise PropertyWorkflowError(self.env._(
                    "The signature of %(record)s can only be given through its signing step.",
                    record=record.display_name or res_model))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._property_check_workflow(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._property_check_workflow()
        if {"res_model", "res_id", "res_field"} & set(vals):
            moved = {name: vals.get(name) for name in ("res_model", "res_id", "res_field")}
            for attachment in self.sudo():
                attachment.browse()._property_check_workflow({
                    name: moved[name] if moved[name] is not None else attachment[name] for name in moved
                })
        return super().write(vals)

    def unlink(self):
        self._property_check_workflow()
        return super().unlink()
