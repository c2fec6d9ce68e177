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
        return self.env["property.cron.mixin"]._lock_records(self)

    @api.model
    def _lock_records(self, records):
        """The records that no other transaction is working on, locked until
        the end of this one (SELECT ... FOR UPDATE SKIP LOCKED): a second
        cron worker takes the next ones instead of doing them twice."""
        if not records:
            return records
        records.flush_recordset()
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
            SQL.identifier(records._table), tuple(records.ids),
        ))
        locked = {row[0] for row in rows}
        return records.filtered(lambda r: r.id in locked)
