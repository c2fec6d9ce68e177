from odoo import api, models


class PropertyDemo(models.AbstractModel):
    _inherit = "property.demo"

    @api.model
    def _demo_roles(self):
        return {
            **super()._demo_roles(),
            "finance": "property_billing.group_property_finance",
        }
