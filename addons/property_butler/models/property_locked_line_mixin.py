from odoo import api, models
from odoo.exceptions import UserError


class PropertyLockedLineMixin(models.AbstractModel):
    """Lines of a document that locks (a signed handover log, a reviewed
    ledger): no line is added, changed or removed once it is locked."""

    _name = "property.locked.line.mixin"
    _description = "Lines of a locking document"

    def _parent_locked(self):
        """The lines of self whose document is locked (overridden per model)."""
        return self.browse()

    def _fields_open_when_locked(self):
        """Fields that only link a line onward (not what the document says)."""
        return set()

    def _locked_message(self):
        return self.env._("This document is locked and cannot be changed.")

    def _check_parent_open(self):
        if self._parent_locked():
            raise UserError(self._locked_message())

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_parent_open()
        return lines

    def write(self, vals):
        if set(vals) - self._fields_open_when_locked():
            self._check_parent_open()
        return super().write(vals)

    def unlink(self):
        self._check_parent_open()
        return super().unlink()
