from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.property_service.models.property_workflow_mixin import (
    PropertyWorkflowError,
    _granted,
    check_system_fields,
)


class AccountMoveLine(models.Model):
    """Every line of a monthly bill points to the one source it bills
    (BIL-07): a fee of a unit for a period, a meter reading, a household's
    share of a shared meter's reading (BIL-09), a repair slip, a renovation
    permit's fee, a paid service (BIL-01), or the penalty of an earlier bill;
    a move-in invoice's lines point to the move-in (MOV-03). Partial unique
    indexes make "billed once" a database fact, even with two workers or a
    crash in the middle."""

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
    property_shared_reading_id = fields.Many2one(
        "property.meter.reading", string="Shared reading source", index="btree_not_null", readonly=True, copy=False,
        help="BIL-09: the shared meter's reading this line is the household's share of.",
    )
    property_share_unit_id = fields.Many2one(
        "property.unit", string="Share of", readonly=True, copy=False,
        help="BIL-09: the household whose share of the shared reading this is.",
    )
    property_fee_id = fields.Many2one("property.fee", string="Fee item", readonly=True, copy=False,
                                      help="BIL-01 / MOV-03: the one-off fee a permit's or a move-in's line charges.")
    property_permit_id = fields.Many2one(
        "property.renovation", string="Renovation permit source", index="btree_not_null", readonly=True, copy=False,
        help="BIL-01: the renovation permit whose management fee this line charges.",
    )
    property_movein_id = fields.Many2one(
        "property.movein", string="Move-in source", index="btree_not_null", readonly=True, copy=False,
        help="MOV-03: the move-in whose fees this line charges.",
    )
    property_paid_service_id = fields.Many2one(
        "property.paid.service", string="Paid service source", index="btree_not_null", readonly=True, copy=False,
        help="BIL-01: the paid service this line charges.",
    )

    @api.model
    def _property_source_fields(self):
        """The fields that point a line to what it bills (BIL-07)."""
        return {name for name in self._fields if name.startswith("property_")}

    @api.model_create_multi
    def create(self, vals_list):
        """BIL-07: a line is made pointing to a source only by the flow that
        bills it (the bill run, the move-in fees, the deposits, the late
        fees: ``account.move._property_create``); a line pointing to a
        source marks it billed, so no client may make one — a source would
        look billed without being billed."""
        sources = self._property_source_fields()
        names = {name for vals in vals_list for name, value in vals.items() if value and name in sources}
        if names and not _granted(self._name, None, names):
            labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
            raise PropertyWorkflowError(self.env._(
                "%(fields)s of a journal item can only be set by the property addons' own buttons and scheduled "
                "actions (BIL-07).", fields=labels))
        return super().create(vals_list)

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
            # BIL-09: each household's share of a shared reading, once.
            ("shared_reading", "property_shared_reading_id, property_share_unit_id",
             "property_shared_reading_id IS NOT NULL"),
            # BIL-01 / MOV-03: each fee of a permit or a move-in, once.
            ("renovation_fee", "property_permit_id, property_fee_id",
             "property_permit_id IS NOT NULL"),
            ("movein_fee", "property_movein_id, property_fee_id", "property_movein_id IS NOT NULL"),
            ("paid_service", "property_paid_service_id", "property_paid_service_id IS NOT NULL"),
        ):
            self.env.cr.execute(SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON account_move_line (%s) WHERE %s AND parent_state != 'cancel'",
                SQL.identifier(f"account_move_line_property_{name}_uniq"), SQL(columns), SQL(condition),
            ))
