from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.property_service.models.property_workflow_mixin import check_system_fields


class AccountMoveLine(models.Model):
    """Every line of a monthly bill points to the one source it bills
    (BIL-07): a fee of a unit for a period, a meter reading, a repair slip, or
    the penalty of an earlier bill. Partial unique indexes make "billed once"
    a database fact, even with two workers or a crash in the middle."""

    _inherit = "account.move.line"

    property_period_id = fields.Many2one("property.billing.period", index=True, readonly=True, copy=False)
    property_unit_fee_id = fields.Many2one(
        "property.unit.fee", string="Fee source", index="btree_not_null", readonly=True, copy=False
    )
    property_reading_id = fields.Many2one(
        "property.meter.reading", string="Reading source", index="btree_not_null", readonly=True, copy=False
    )
    property_slip_id = fields.Many2one(
        "property.repair.slip", string="Repair slip source", index="btree_not_null", readonly=True, copy=False
    )
    property_penalty_move_id = fields.Many2one(
        "account.move", string="Penalty of", index="btree_not_null", readonly=True, copy=False,
        help="This line charges the late-payment penalty of that earlier bill.",
    )
    property_pass_id = fields.Many2one("property.renovation.pass", string="Worker pass", index="btree_not_null",
                                       readonly=True, copy=False)
    property_penalty_reversal_move_id = fields.Many2one(
        "account.move", string="Penalty reversal of", index="btree_not_null", readonly=True, copy=False,
    )

    def write(self, vals):
        """BIL-07: a bill line keeps the source it was made for."""
        check_system_fields(self, vals, [name for name in vals if name.startswith("property_")])
        return super().write(vals)

    def init(self):
        for name, columns, condition in (
            ("fee_period", "property_unit_fee_id, property_period_id", "property_unit_fee_id IS NOT NULL"),
            ("reading", "property_reading_id", "property_reading_id IS NOT NULL"),
            ("slip", "property_slip_id", "property_slip_id IS NOT NULL"),
            ("penalty_period", "property_penalty_move_id, property_period_id",
             "property_penalty_move_id IS NOT NULL AND property_period_id IS NOT NULL"),
            ("penalty_on_payment", "property_penalty_move_id",
             "property_penalty_move_id IS NOT NULL AND property_period_id IS NULL"),
        ):
            self.env.cr.execute(SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON account_move_line (%s) WHERE %s AND parent_state != 'cancel'",
                SQL.identifier(f"account_move_line_property_{name}_uniq"), SQL(columns), SQL(condition),
            ))
