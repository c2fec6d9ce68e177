from odoo import api, fields, models


class PropertyCleaningInspectionLine(models.Model):
    """One check of an inspection (CLN-02): pass or fail, what was measured,
    a note or a photo. Locked with its inspection once recorded."""

    _name = "property.cleaning.inspection.line"
    _description = "Cleaning inspection check"
    _inherit = ["property.workflow.mixin"]
    _order = "inspection_id, sequence, id"
    _workflow_parent = "inspection_id"
    _workflow_user_fields = {
        "result": "CLN-02: the inspector marks each check while inspecting; the inspection's record locks it.",
        "photo": "CLN-02: the inspector's photo of what failed.",
    }

    inspection_id = fields.Many2one("property.cleaning.inspection", required=True, index=True, ondelete="cascade")
    check_id = fields.Many2one("property.cleaning.check", required=True, ondelete="restrict")
    sequence = fields.Integer(related="check_id.sequence", store=True)
    name = fields.Char(related="check_id.name", string="Check item")
    key_check = fields.Boolean(related="check_id.key_check", store=True)
    limit_max = fields.Float(related="check_id.limit_max")
    limit_uom = fields.Char(related="check_id.limit_uom")
    measured = fields.Float(digits=(16, 1), help="CLN-01: what was counted or measured, for a measurable check.")
    result = fields.Selection([("pass", "Pass"), ("fail", "Fail")], required=True, default="pass")
    note = fields.Char()
    photo = fields.Image(max_width=1600, max_height=1600)

    @api.onchange("measured")
    def _onchange_measured(self):
        self._apply_limits()

    def _apply_limits(self):
        """CLN-01: a measurable check above its limit fails, whatever was ticked."""
        for line in self.filtered(lambda line: line.limit_max and line.measured > line.limit_max):
            values = {"result": "fail"}
            if not (line.note or "").strip():
                values["note"] = self.env._("%(measured)s %(uom)s, at most %(limit)s",
                                            measured=line.measured, uom=line.limit_uom or "", limit=line.limit_max)
            line.update(values)
