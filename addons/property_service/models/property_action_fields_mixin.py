from odoo import api, models
from odoo.exceptions import UserError


class PropertyActionFieldsMixin(models.AbstractModel):
    """Fields that only a document's own buttons set: a state, who approved
    and when, a signing time. Views show them read-only, but RPC, imports and
    context defaults reach the ORM directly; this is where they are refused.
    The buttons write them through ``_action_write``."""

    _name = "property.action.fields.mixin"
    _description = "Fields set by the document's own actions"

    # Set by the model: {field name, ...}
    _action_fields = frozenset()

    def _check_action_fields(self, names):
        touched = self._action_fields.intersection(names)
        if touched and not self.env.context.get("property_action_write"):
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in touched))
            raise UserError(self.env._("%(fields)s can only be set by the buttons of the document.", fields=labels))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("property_action_write"):
            # Defaults passed in the context (default_state=...) are given values too.
            self = self.with_context({key: value for key, value in self.env.context.items()
                                      if not (key.startswith("default_") and key[8:] in self._action_fields)})
            # A form sends the defaults it was opened with: those are not a choice.
            defaults = self.default_get(list(self._action_fields))
            self._check_action_fields({
                name for vals in vals_list for name, value in vals.items()
                if value and value != defaults.get(name)
            })
        return super().create(vals_list)

    def write(self, vals):
        self._check_action_fields(vals)
        return super().write(vals)

    def _action_write(self, vals):
        return self.with_context(property_action_write=True).write(vals)
