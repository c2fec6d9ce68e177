from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    property_estate_ids = fields.Many2many(
        "property.estate",
        "property_estate_res_users_rel",
        "user_id",
        "estate_id",
        string="Estates",
        help="Estates this employee works for: record rules show clerks, engineers and "
        "supervisors the data of these estates only (managers see all estates of their companies).",
    )

    def write(self, vals):
        res = super().write(vals)
        if "property_estate_ids" in vals:
            # Record rules read this field; their domains are cached per user.
            self.env.registry.clear_cache()
        return res
