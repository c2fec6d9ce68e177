from odoo import models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """PRF-02: a butler opening a profile outside his zone is told how to
        get access, not Odoo's generic "security restrictions" message."""
        if records._name == "property.resident.profile" and operation == "read" \
                and self.env.user.has_group("property_butler.group_property_butler"):
            return AccessError(self.env._(
                "This resident's profile is outside your zone. Ask the chief butler for access: "
                "Butlers › Profile access requests › New, with the reason (PRF-02)."))
        return super()._make_access_error(operation, records)
