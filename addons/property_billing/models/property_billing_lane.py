from odoo import fields, models


class PropertyBillingLane(models.Model):
    """One lane's share of a period's bill run in the background (BIL-07).

    A large run is shared among the bill-run lanes, scheduled actions of
    Odoo's own ``ir.cron`` that every server's cron workers take in turn
    (Odoo runs each scheduled action in one worker at a time): lane ``k`` of
    ``n`` bills the households whose id modulo ``n`` is ``k``. The shares
    never overlap, so two servers billing one period neither wait for each
    other nor meet on the billed-once indexes. Each lane writes only its own
    row; the period is closed by the planner once every share is done."""

    _name = "property.billing.lane"
    _description = "Bill run lane"
    _inherit = ["property.workflow.mixin"]
    _order = "period_id, lane"
    # BIL-07: the bill run's own bookkeeping, written by the planner and its lane only.
    _workflow_fields = frozenset({"period_id", "lane", "share", "shares", "cursor", "done"})
    _workflow_untracked = {
        "period_id": "written once, when the run is shared out",
        "lane": "written once, when the run is shared out",
        "share": "written once, when the run is shared out",
        "shares": "written once, when the run is shared out",
        "cursor": "the lane's progress, moved after each batch; the period's tracked state says when the run "
        "starts and ends",
        "done": "the lane's share is billed; the period's tracked state follows when every share is",
    }

    period_id = fields.Many2one("property.billing.period", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    lane = fields.Integer(required=True, help="The scheduled action's lane number (Property: bill run, lane N).")
    share = fields.Integer(required=True, help="The households whose id modulo the number of shares is this.")
    shares = fields.Integer(required=True, help="How many lanes share the run.")
    cursor = fields.Integer(help="Households of the share up to this id are done.")
    done = fields.Boolean(index=True)

    _sql_constraints = [
        ("period_lane_uniq", "unique(period_id, lane)", "A lane has one share of a bill run."),
    ]
