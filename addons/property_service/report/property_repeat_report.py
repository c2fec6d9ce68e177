from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.property_request import CATEGORIES


class PropertyRepeatReport(models.Model):
    """SVC-11: per quarter, unit and issue, how often residents came back.
    The same complaint twice or more, or the same repair three times or more,
    is a repeat to correct."""

    _name = "property.repeat.report"
    _description = "Repeated requests (quarterly)"
    _auto = False
    _order = "request_count desc"

    quarter = fields.Char(readonly=True)
    quarter_start = fields.Date(readonly=True)
    estate_id = fields.Many2one("property.estate", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    unit_id = fields.Many2one("property.unit", readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    request_type_id = fields.Many2one("property.request.type", string="Issue", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True, aggregator="sum")
    is_repeat = fields.Boolean(string="Repeat", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Repairs of both kinds count as "the same repair".
        self.env.cr.execute(SQL(
            """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT
                    min(r.id) AS id,
                    to_char(date_trunc('quarter', r.date_received), 'YYYY-"Q"Q') AS quarter,
                    date_trunc('quarter', r.date_received)::date AS quarter_start,
                    r.estate_id,
                    r.company_id,
                    r.unit_id,
                    CASE WHEN r.category = 'public_repair' THEN 'in_unit_repair' ELSE r.category END AS category,
                    r.request_type_id,
                    count(*) AS request_count,
                    CASE
                        WHEN min(r.category) = 'complaint' THEN count(*) >= 2
                        ELSE count(*) >= 3
                    END AS is_repeat
                FROM property_request r
                WHERE r.state != 'cancelled'
                  AND r.unit_id IS NOT NULL
                  AND r.request_type_id IS NOT NULL
                  AND r.category IN ('complaint', 'in_unit_repair', 'public_repair')
                GROUP BY date_trunc('quarter', r.date_received), r.estate_id, r.company_id, r.unit_id,
                         CASE WHEN r.category = 'public_repair' THEN 'in_unit_repair' ELSE r.category END,
                         r.request_type_id
            )
            """,
            table=SQL.identifier(self._table),
        ))
