from odoo import fields, models, tools
from odoo.tools import SQL


class PropertyBillAnalysis(models.Model):
    """The household bills as read from the books, for the collection rate
    (DUN-05, target 90 %) and the arrears aging. Reports read the books: no
    second ledger."""

    _name = "property.bill.analysis"
    _description = "Bills and collection"
    _auto = False
    _order = "date_due desc"

    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    estate_id = fields.Many2one("property.estate", readonly=True)
    building_id = fields.Many2one("property.building", readonly=True)
    unit_id = fields.Many2one("property.unit", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Resident", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    period_id = fields.Many2one("property.billing.period", readonly=True)
    invoice_date = fields.Date(string="Billed on", readonly=True)
    date_due = fields.Date(string="Due on", readonly=True)
    amount_billed = fields.Monetary(string="Billed", readonly=True)
    amount_paid = fields.Monetary(string="Collected", readonly=True)
    amount_residual = fields.Monetary(string="Unpaid", readonly=True)
    penalty_accrued = fields.Monetary(string="Late fees", readonly=True)
    overdue_days = fields.Integer(readonly=True, aggregator="max")
    # Keys sort in age order: reports list the buckets from not due to the oldest.
    aging = fields.Selection(
        [
            ("a_not_due", "Not due"),
            ("b_1_30", "1-30 days"),
            ("c_31_60", "31-60 days"),
            ("d_61_90", "61-90 days"),
            ("e_90_plus", "Over 90 days"),
        ],
        readonly=True,
    )
    collection_rate = fields.Float(string="Collected (%)", readonly=True, aggregator="avg")
    collection_target = fields.Float(string="Target (%)", readonly=True, aggregator="avg",
                                     help="DUN-05: the estate's collection target, beside the rate.")

    def _read_group_select(self, aggregate_spec, query):
        """DUN-05: a group's collection rate is what it collected over what it
        was billed, not the average of its bills' rates."""
        if aggregate_spec == "collection_rate:avg":
            paid = self._field_to_sql(self._table, "amount_paid", query)
            billed = self._field_to_sql(self._table, "amount_billed", query)
            return SQL("COALESCE(100.0 * SUM(%s) / NULLIF(SUM(%s), 0), 100.0)", paid, billed)
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT m.id AS id,
                       m.id AS move_id,
                       u.estate_id,
                       u.building_id,
                       m.property_unit_id AS unit_id,
                       m.partner_id,
                       m.company_id,
                       m.currency_id,
                       m.property_period_id AS period_id,
                       m.invoice_date,
                       m.invoice_date_due AS date_due,
                       m.amount_total AS amount_billed,
                       m.amount_total - m.amount_residual AS amount_paid,
                       m.amount_residual,
                       m.property_penalty_accrued AS penalty_accrued,
                       GREATEST(CURRENT_DATE - m.invoice_date_due, 0) AS overdue_days,
                       CASE
                           WHEN m.amount_residual = 0 OR CURRENT_DATE <= m.invoice_date_due THEN 'a_not_due'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 30 THEN 'b_1_30'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 60 THEN 'c_31_60'
                           WHEN CURRENT_DATE - m.invoice_date_due <= 90 THEN 'd_61_90'
                           ELSE 'e_90_plus'
                       END AS aging,
                       CASE WHEN m.amount_total = 0 THEN 100.0
                            ELSE 100.0 * (m.amount_total - m.amount_residual) / m.amount_total END AS collection_rate,
                       e.collection_target
                  FROM account_move m
                  JOIN property_unit u ON u.id = m.property_unit_id
                  JOIN property_estate e ON e.id = u.estate_id
                 WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
            )
        """, table=SQL.identifier(self._table)))
