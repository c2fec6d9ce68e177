from datetime import date, timedelta

from odoo import api, fields, models


class PropertyKpiWeek(models.Model):
    """The week's figures with the fee collection rate (SAT-03, DUN-05)."""

    _inherit = "property.kpi.week"
    _workflow_fields = frozenset({"collection_rate", "collection_target"})

    collection_rate = fields.Float(string="Collection rate (%)", readonly=True, digits=(16, 1), aggregator="avg",
                                   help="DUN-05: of the year's bills due by the week's end, the share collected.")
    collection_target = fields.Float(string="Collection target (%)", readonly=True, aggregator="avg")

    @api.model
    def _week_values(self, estate, week):
        values = super()._week_values(estate, week)
        end = week + timedelta(days=6)
        totals = self.env["account.move"]._read_group(
            [("property_estate_id", "=", estate.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
             ("invoice_date_due", ">=", date(end.year, 1, 1)), ("invoice_date_due", "<=", end)],
            [], ["amount_total_signed:sum", "amount_residual_signed:sum"])
        billed, unpaid = totals[0]
        values.update({
            "collection_rate": 100.0 * (billed - unpaid) / billed if billed else 0.0,
            "collection_target": estate.collection_target,
        })
        return values
