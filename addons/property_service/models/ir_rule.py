from odoo import models
from odoo.exceptions import AccessError

from .property_workflow_mixin import model_name


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """A clerk reaching a record of an estate she is not assigned to is
        told which estate, and whom to ask — not Odoo's generic message."""
        if records._name.startswith("property.") and "estate_id" in records._fields:
            # sudo: naming the estate that refused her tells her nothing of its records.
            estates = records.sudo().estate_id - self.env.user.property_estate_ids
            if estates and not self.env.user.has_group("property_service.group_property_manager"):
                return AccessError(self.env._(
                    "%(records)s belongs to estate %(estates)s, to which you are not assigned. "
                    "Ask your estate manager to add it to your estates (Settings › Users › Estates).",
                    records=model_name(records), estates=", ".join(estates.mapped("name"))))
        return super()._make_access_error(operation, records)
