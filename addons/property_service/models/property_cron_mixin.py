from odoo import api, models
from odoo.tools import SQL


class PropertyCronMixin(models.AbstractModel):
    """What every scheduled action of the property addons shares.

    The pattern (ARCHITECTURE.md, "Time"): select what is due with a search,
    take one batch, lock it so that a second cron worker skips it, mark what was
    done in the same transaction, then report progress with
    ``ir.cron._notify_progress`` so Odoo commits and calls again at once while
    work remains.
    """

    _name = "property.cron.mixin"
    _description = "Scheduled action helpers"

    @api.model
    def _cron_batch_size(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("property_service.cron_batch_size", 500))

    def _lock_for_cron(self):
        """The records of self that no other transaction is working on, locked
        until the end of this one (SELECT ... FOR UPDATE SKIP LOCKED)."""
        if not self:
            return self
        self.flush_recordset()
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
            SQL.identifier(self._table), tuple(self.ids),
        ))
        locked = {row[0] for row in rows}
        return self.filtered(lambda r: r.id in locked)
