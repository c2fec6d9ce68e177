from odoo import fields, models


class PropertyRequestType(models.Model):
    _inherit = "property.request.type"

    visit_after_done = fields.Boolean(
        string="Butler visits when done",
        help="VIS-03: a request of this kind (a task the resident commissioned) is followed by a visit of the zone's "
             "butler once it is done.",
    )
