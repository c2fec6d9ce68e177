from odoo import models
from odoo.exceptions import UserError


class PropertyMoveout(models.Model):
    _inherit = "property.moveout"

    def _check_household_may_leave(self):
        """DUN-04: a household in arrears moves no goods out until paid."""
        for record in self:
            amount, _oldest, stage = record.unit_id._arrears_now()[record.unit_id]
            if stage != "none":
                raise UserError(record.unit_id._household_unpaid_message())
        return super()._check_household_may_leave()
