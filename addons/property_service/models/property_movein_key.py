from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyMoveinKey(models.Model):
    """Keys of the unit handed to the resident at move-in (MOV-05): how many
    there are, how many were handed, and how many the office kept for repairs.
    Plain data here; property_butler links them to its key register."""

    _name = "property.movein.key"
    _description = "Move-in key"
    _inherit = ["property.workflow.mixin"]
    _order = "movein_id, key_type, id"
    _workflow_parent = "movein_id"

    movein_id = fields.Many2one("property.movein", string="Move-in", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="movein_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="movein_id.company_id", store=True, index=True)
    unit_id = fields.Many2one(related="movein_id.unit_id", store=True, index=True)
    partner_id = fields.Many2one(related="movein_id.partner_id", store=True, string="Handed to")
    key_type = fields.Selection(
        [("entrance", "Entrance door"), ("mailbox", "Mailbox"), ("room", "Room"), ("other", "Other")],
        required=True,
        default="entrance",
    )
    label = fields.Char(help="Key number or tag.")
    count_total = fields.Integer(string="Keys", default=1)
    count_handed = fields.Integer(string="Handed over", default=1)
    count_kept = fields.Integer(string="Kept for repairs", compute="_compute_count_kept", store=True)

    @api.depends("count_total", "count_handed")
    def _compute_count_kept(self):
        for key in self:
            key.count_kept = key.count_total - key.count_handed

    @api.constrains("count_total", "count_handed")
    def _check_counts(self):
        for key in self:
            if key.count_total <= 0 or key.count_handed < 0 or key.count_handed > key.count_total:
                raise ValidationError(
                    self.env._(
                        "Keys of %(unit)s: handed over (%(handed)s) must be between 0 and the number of keys "
                        "(%(total)s), which must be positive.",
                        unit=key.unit_id.display_name,
                        handed=key.count_handed,
                        total=key.count_total,
                    )
                )
