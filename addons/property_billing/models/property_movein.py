from odoo import models


class PropertyMovein(models.Model):
    _inherit = "property.movein"

    def _on_movein_done(self):
        """The handover's opening readings become the meters' first readings,
        so the first bill charges only what the resident consumed (MOV-04)."""
        Meter = self.env["property.meter"]
        readings = []
        for case in self:
            for meter_type in ("water", "electricity", "gas"):
                if meter_type == "gas" and not case.has_gas:
                    continue
                meter = case.unit_id.meter_ids.filtered(lambda m: m.meter_type == meter_type and m.active)[:1]
                if not meter:
                    fee = self.env["property.fee"].search(
                        [
                            ("estate_id", "=", case.estate_id.id),
                            ("fee_type", "=", "meter"),
                            ("meter_type", "=", meter_type),
                        ],
                        limit=1,
                    )
                    meter = Meter.create({
                        "name": f"{case.unit_id.name}-{meter_type[0].upper()}",
                        "unit_id": case.unit_id.id, "meter_type": meter_type, "fee_id": fee.id,
                    })
                readings.append({
                    "meter_id": meter.id, "date": case.date_done, "value": case[f"reading_{meter_type}"],
                    "source": "move_in",
                })
        self.env["property.meter.reading"].create(readings)
        return super()._on_movein_done()
