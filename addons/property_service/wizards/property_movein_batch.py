from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class PropertyMoveinBatch(models.TransientModel):
    """A building's handover day: one move-in case per unit with its buyer,
    notices issued together, and every packet printed in one PDF (MOV-07)."""

    _name = "property.movein.batch"
    _description = "Handover day"

    building_id = fields.Many2one("property.building", required=True)
    deadline = fields.Date(required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=15))
    fees_note = fields.Text(string="Move-in fees")
    line_ids = fields.One2many("property.movein.batch.line", "batch_id", string="Units",
                               compute="_compute_line_ids", store=True, readonly=False)

    @api.depends("building_id")
    def _compute_line_ids(self):
        for batch in self:
            # Sold, not lived in yet, no move-in on the way.
            units = batch.building_id.unit_ids.filtered(
                lambda u: u.owner_id and u.state == "vacant"
                and not u.movein_ids.filtered(lambda c: c.state != "cancelled")
            )
            batch.line_ids = [Command.clear()] + [
                Command.create({"unit_id": u.id, "partner_id": u.owner_id.id}) for u in units
            ]

    def action_create_and_print(self):
        self.ensure_one()
        lines = self.line_ids.filtered("partner_id")
        if not lines:
            raise UserError(
                self.env._("No unit of %(building)s is waiting for its move-in.", building=self.building_id.name)
            )
        cases = self.env["property.movein"].create([
            {"unit_id": line.unit_id.id, "partner_id": line.partner_id.id, "role": "owner", "fees_note": self.fees_note}
            for line in lines
        ])
        cases._issue_notice(self.deadline)
        return self.env.ref("property_service.action_report_movein_packet").report_action(cases)

