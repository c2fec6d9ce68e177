from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.property_request import CATEGORIES

KINDS = [
    ("repeat", "Same issue again"),
    ("failed_followup", "Failed follow-up"),
    ("unclassified", "Requests without an issue type"),
]


class PropertyRepeatReport(models.Model):
    """SVC-11: the quarterly analysis. Per quarter, unit and issue, how often
    residents came back (the same complaint twice or more, or the same repair
    three times or more, is a repeat to correct); each follow-up that found
    the resident dissatisfied; and how many requests carry no issue type (they
    escape the count until the desk classifies them). A supervisor turns a
    row into a corrective action (纠正措施)."""

    _name = "property.repeat.report"
    _description = "Quarterly analysis of requests"
    _auto = False
    _order = "quarter_start desc, kind, request_count desc"

    kind = fields.Selection(KINDS, readonly=True)
    quarter = fields.Char(readonly=True)
    quarter_start = fields.Date(readonly=True)
    estate_id = fields.Many2one("property.estate", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    unit_id = fields.Many2one("property.unit", readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    request_type_id = fields.Many2one("property.request.type", string="Issue", readonly=True)
    followup_id = fields.Many2one("property.followup", string="Follow-up", readonly=True)
    request_id = fields.Many2one("property.request", readonly=True)
    request_count = fields.Integer(string="Requests", readonly=True, aggregator="sum")
    is_repeat = fields.Boolean(string="Repeat", readonly=True)
    to_correct = fields.Boolean(string="To correct", readonly=True,
                                help="A repeat or a failed follow-up: listed for corrective action (SVC-11).")
    corrective_action_id = fields.Many2one("property.corrective.action", compute="_compute_corrective_action_id",
                                           string="Corrective action")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Ids: 4 × the source row's id plus the kind, so a row keeps its id between reads.
        # Repairs of both kinds count as "the same repair". Quarters are cut on each estate's
        # local time (its tz column), not on the stored UTC: a request of 1 April 07:00 in
        # Shanghai (31 March 23:00 UTC) is the second quarter's.
        self.env.cr.execute(SQL(
            """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT
                    min(r.id) * 4 AS id,
                    'repeat' AS kind,
                    to_char(date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz),
                            'YYYY-"Q"Q') AS quarter,
                    date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz)::date
                        AS quarter_start,
                    r.estate_id,
                    r.company_id,
                    r.unit_id,
                    CASE WHEN r.category = 'public_repair' THEN 'in_unit_repair' ELSE r.category END AS category,
                    r.request_type_id,
                    NULL::integer AS followup_id,
                    NULL::integer AS request_id,
                    count(*) AS request_count,
                    CASE
                        WHEN min(r.category) = 'complaint' THEN count(*) >= 2
                        ELSE count(*) >= 3
                    END AS is_repeat,
                    CASE
                        WHEN min(r.category) = 'complaint' THEN count(*) >= 2
                        ELSE count(*) >= 3
                    END AS to_correct
                FROM property_request r
                JOIN property_estate e ON e.id = r.estate_id
                WHERE r.state != 'cancelled'
                  AND r.unit_id IS NOT NULL
                  AND r.request_type_id IS NOT NULL
                  AND r.category IN ('complaint', 'in_unit_repair', 'public_repair')
                GROUP BY date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz),
                         r.estate_id, r.company_id, r.unit_id,
                         CASE WHEN r.category = 'public_repair' THEN 'in_unit_repair' ELSE r.category END,
                         r.request_type_id
                UNION ALL
                SELECT
                    f.id * 4 + 1 AS id,
                    'failed_followup' AS kind,
                    to_char(date_trunc('quarter', f.date_done AT TIME ZONE 'UTC' AT TIME ZONE e.tz),
                            'YYYY-"Q"Q') AS quarter,
                    date_trunc('quarter', f.date_done AT TIME ZONE 'UTC' AT TIME ZONE e.tz)::date AS quarter_start,
                    f.estate_id,
                    f.company_id,
                    f.unit_id,
                    r.category,
                    r.request_type_id,
                    f.id AS followup_id,
                    r.id AS request_id,
                    1 AS request_count,
                    FALSE AS is_repeat,
                    TRUE AS to_correct
                FROM property_followup f
                JOIN property_estate e ON e.id = f.estate_id
                LEFT JOIN property_request r ON r.id = f.request_id
                WHERE f.state = 'done' AND f.satisfaction = 'dissatisfied'
                UNION ALL
                SELECT
                    min(r.id) * 4 + 2 AS id,
                    'unclassified' AS kind,
                    to_char(date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz),
                            'YYYY-"Q"Q') AS quarter,
                    date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz)::date
                        AS quarter_start,
                    r.estate_id,
                    r.company_id,
                    NULL::integer AS unit_id,
                    r.category,
                    NULL::integer AS request_type_id,
                    NULL::integer AS followup_id,
                    NULL::integer AS request_id,
                    count(*) AS request_count,
                    FALSE AS is_repeat,
                    FALSE AS to_correct
                FROM property_request r
                JOIN property_estate e ON e.id = r.estate_id
                WHERE r.state != 'cancelled' AND r.request_type_id IS NULL
                GROUP BY date_trunc('quarter', r.date_received AT TIME ZONE 'UTC' AT TIME ZONE e.tz),
                         r.estate_id, r.company_id, r.category
            )
            """,
            table=SQL.identifier(self._table),
        ))

    # ------------------------------------------------------- corrective action
    def _analysis_key(self):
        """What a corrective action of this row is about, the same every quarter's read."""
        self.ensure_one()
        if self.kind == "failed_followup":
            return f"followup:{self.followup_id.id}"
        return f"{self.kind}:{self.quarter_start}:{self.estate_id.id}:{self.unit_id.id}:{self.category}:" \
               f"{self.request_type_id.id}"

    @api.depends("kind", "followup_id")
    def _compute_corrective_action_id(self):
        keys = {row: row._analysis_key() for row in self}
        # sudo: only whether an action exists; opening it follows the user's rights.
        actions = self.env["property.corrective.action"].sudo().search(
            [("source", "=", "analysis"), ("analysis_key", "in", list(keys.values()))])
        by_key = {action.analysis_key: action for action in actions}
        for row in self:
            row.corrective_action_id = by_key.get(keys[row], False)

    def action_corrective_action(self):
        """SVC-11: a supervisor lists a repeat or a failed follow-up for
        corrective action: to the engineering head for repairs, to the
        service supervisor otherwise; a second press opens the same action."""
        self.ensure_one()
        Action = self.env["property.corrective.action"]
        Action._property_require_group("property_service.group_property_supervisor",
                                       self.env._("Only a supervisor lists an analysis row for corrective action."))
        if not self.to_correct:
            raise UserError(self.env._(
                "Only repeats and failed follow-ups are listed for corrective action; classify the requests "
                "without an issue type instead."))
        action = self.corrective_action_id or Action._from_analysis(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.corrective.action",
            "res_id": action.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_requests(self):
        """The requests behind a row: those of a repeat, the one of a failed
        follow-up, or those still without an issue type, to classify."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_request_action")
        if self.kind == "failed_followup":
            return dict(action, domain=[("id", "=", self.request_id.id)], context={})
        # The quarter of the estate's local time, as in the view.
        estate = self.estate_id
        domain = [("estate_id", "=", estate.id), ("state", "!=", "cancelled"),
                  ("date_received", ">=", estate._utc(self.quarter_start)),
                  ("date_received", "<", estate._utc(self.quarter_start + relativedelta(months=3)))]
        if self.kind == "unclassified":
            domain += [("request_type_id", "=", False), ("category", "=", self.category)]
        else:
            categories = ["in_unit_repair", "public_repair"] if self.category == "in_unit_repair" else [self.category]
            domain += [("unit_id", "=", self.unit_id.id), ("request_type_id", "=", self.request_type_id.id),
                       ("category", "in", categories)]
        return dict(action, domain=domain, context={})
