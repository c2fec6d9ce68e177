from odoo import api, fields, models
from odoo.exceptions import ValidationError

# CLN-01: the areas of seed 003 篇3.
AREA_KINDS = [
    ("lobby", "Lobby"),
    ("floor", "Floors"),
    ("lift", "Lift cars"),
    ("office", "Office"),
    ("toilet", "Public toilets"),
    ("basement", "Basement"),
    ("exterior", "Exterior and roof"),
    ("grounds", "Roads, car parks and greenery"),
]


class PropertyCleaningArea(models.Model):
    """A cleaning standard (保洁服务品质检查标准, CLN-01): an area and the checks
    an inspection makes there. The company's standards (no estate) apply to
    every estate; an estate that cleans differently edits its own copy."""

    _name = "property.cleaning.area"
    _description = "Cleaning standard"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(string="Area", required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(AREA_KINDS, required=True, default="floor")
    key_area = fields.Boolean(string="Key area", tracking=True,
                              help="CLN-01: a key area (重点区域) of the standard, marked * in seed 003.")
    estate_id = fields.Many2one("property.estate", index=True, ondelete="cascade", tracking=True,
                                help="Empty: the company's standard, for every estate.")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    check_ids = fields.One2many("property.cleaning.check", "area_id", string="Checks", copy=True)
    inspection_ids = fields.One2many("property.cleaning.inspection", "area_id", string="Inspections")
    inspection_count = fields.Integer(compute="_compute_inspection_count")

    @api.depends("inspection_ids")
    def _compute_inspection_count(self):
        counts = dict(self.env["property.cleaning.inspection"]._read_group(
            [("area_id", "in", self.ids)], ["area_id"], ["__count"]))
        for area in self:
            area.inspection_count = counts.get(area, 0)

    @api.depends("name", "estate_id")
    def _compute_display_name(self):
        for area in self:
            area.display_name = f"{area.name} ({area.estate_id.name})" if area.estate_id else area.name

    def write(self, vals):
        # The inspections made against a standard keep the estate they were made in.
        if "estate_id" in vals and self.filtered("inspection_ids"):
            raise ValidationError(self.env._("This standard has inspections: copy it for another estate instead."))
        return super().write(vals)

    def action_copy_for_estate(self):
        """CLN-01: an estate edits its own copy of the company's standard."""
        self.ensure_one()
        estate = self.env["property.estate"].browse(self.env.context.get("property_estate_id")) \
            or self.env.user.property_estate_ids[:1]
        if not estate:
            raise ValidationError(self.env._("You look after no estate to copy the standard for."))
        copy = self.copy({"estate_id": estate.id, "name": self.name})
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": copy.id, "view_mode": "form"}

    def action_view_inspections(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_cleaning_inspection_action")
        action["domain"] = [("area_id", "in", self.ids)]
        action["context"] = {"default_area_id": self.id}
        return action
