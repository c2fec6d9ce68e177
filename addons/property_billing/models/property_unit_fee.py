from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class PropertyUnitFee(models.Model):
    """Which unit pays which fee item, from when (BIL-01)."""

    _name = "property.unit.fee"
    _description = "Unit fee"
    _inherit = ["property.workflow.mixin"]
    _order = "unit_id, fee_id"
    _workflow_user_fields = {
        "date_start": "BIL-01: from when finance charges the fee to the unit.",
        "date_end": "BIL-01: until when finance charges the fee to the unit.",
    }

    unit_id = fields.Many2one("property.unit", required=True, index=True, ondelete="cascade")
    fee_id = fields.Many2one("property.fee", required=True, index=True, ondelete="restrict")
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    date_start = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Until")

    _sql_constraints = [
        (
            "unit_fee_start_uniq",
            "unique(unit_id, fee_id, date_start)",
            "This unit already pays this fee from that date.",
        ),
    ]

    @api.constrains("unit_id", "fee_id", "date_start", "date_end")
    def _check_unit_fee(self):
        for line in self:
            if line.fee_id.estate_id != line.unit_id.estate_id:
                raise ValidationError(self.env._("Fee %(fee)s belongs to another estate than unit %(unit)s.",
                                        fee=line.fee_id.name, unit=line.unit_id.display_name))
            if line.fee_id.fee_type not in ("area", "fixed"):
                raise ValidationError(self.env._(
                    "Fee %(fee)s is not a monthly fee of the unit: it is charged from its meters, permits or "
                    "move-ins.", fee=line.fee_id.name))
            if line.date_end and line.date_end < line.date_start:
                raise ValidationError(self.env._("A unit fee cannot end before it starts."))

    def _property_bill_line(self, period):
        """BIL-01: the bill line of this fee for the period (area fees by the floor area)."""
        fee = self.fee_id
        return {
            "name": self.env._("%(fee)s %(period)s", fee=fee.name, period=period.name),
            "quantity": self.unit_id.floor_area if fee.fee_type == "area" else 1.0,
            "price_unit": fee.price,
            "account_id": fee.account_id.id,
            "tax_ids": [Command.set(fee.tax_ids.ids)],
            "property_unit_fee_id": self.id,
            "property_period_id": period.id,
        }
