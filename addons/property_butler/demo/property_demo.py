from odoo import api, models


class PropertyDemo(models.AbstractModel):
    _inherit = "property.demo"

    @api.model
    def _demo_roles(self):
        return {
            **super()._demo_roles(),
            "butler": "property_butler.group_property_butler",
            "chief": "property_butler.group_property_chief_butler",
            "hr": "hr.group_hr_user",
        }
