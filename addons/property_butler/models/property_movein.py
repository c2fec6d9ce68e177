from dateutil.relativedelta import relativedelta

from odoo import fields, models


class PropertyMovein(models.Model):
    _inherit = "property.movein"

    def _on_movein_done(self):
        """The keys handed over go to the key register (MOV-05, KEY-04) and the
        zone's butler plans the welcome visit and the one 3 months later (VIS-03)."""
        Key = self.env["property.key"].sudo()  # sudo: the register follows the handover
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visit for the butler
        now = fields.Datetime.now()
        for case in self:
            for line in case.key_ids:
                for index in range(line.count_total):
                    kept = index >= line.count_handed
                    Key._workflow_create({
                        "name": f"{case.unit_id.name}-{line.key_type[:1].upper()}{line.id}-{index + 1}",
                        "key_type": "vacant" if kept else "resident",
                        "classification": line.key_type,
                        "estate_id": case.estate_id.id, "unit_id": case.unit_id.id,
                        "partner_id": case.partner_id.id, "movein_key_id": line.id,
                        "state": "in" if kept else "resident",
                    })
            Visit._plan_event("move_in", case.unit_id, case.partner_id, now, period=f"move_in-{case.id}")
            Visit._plan_event("after_move_in", case.unit_id, case.partner_id, now + relativedelta(months=3),
                              period=f"after_move_in-{case.id}")
        return super()._on_movein_done()
