from odoo import fields, models


class PropertyCleaningCheck(models.Model):
    """One check of a cleaning standard (CLN-01), measurable or not: "no
    more than 3 cigarette ends", "anti-slip mats when wet"."""

    _name = "property.cleaning.check"
    _description = "Cleaning check"
    _order = "area_id, sequence, id"

    area_id = fields.Many2one("property.cleaning.area", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    key_check = fields.Boolean(string="Key check", default=True,
                               help="CLN-02: the area passes when all its key checks pass.")
    limit_max = fields.Float(string="At most", digits=(16, 1),
                             help="CLN-01: a measurable check fails above this (0: not measured).")
    limit_uom = fields.Char(string="Measured in", translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("limit_positive", "CHECK(limit_max >= 0)", "A limit cannot be negative.")]
