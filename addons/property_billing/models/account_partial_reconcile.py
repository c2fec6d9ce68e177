from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A payment reconciled or unreconciled changes a bill's penalty: the
    bill is recomputed at the next daily refresh (PEN-03)."""

    _inherit = "account.partial.reconcile"

    def _property_bills(self):
        return (self.debit_move_id.move_id | self.credit_move_id.move_id).filtered(
            lambda m: m.move_type == "out_invoice" and m.property_unit_id
        )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._property_bills()._property_penalty_reset()
        return partials

    def unlink(self):
        bills = self._property_bills()
        res = super().unlink()
        bills.exists()._property_penalty_reset()
        return res
