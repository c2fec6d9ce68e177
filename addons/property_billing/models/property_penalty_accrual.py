from odoo import fields, models


class PropertyPenaltyAccrual(models.Model):
    """The late-payment penalty accrued on a bill, as of a date (PEN).

    Kept beside the invoice rather than written on it: the daily refresh of
    thousands of bills then writes these small records, and the bill's own
    stored fields follow by recomputation, without rewriting invoices."""

    _name = "property.penalty.accrual"
    _description = "Accrued late-payment penalty"
    _inherit = ["property.workflow.mixin"]
    # PEN: the daily refresh is the only writer of these figures.
    _workflow_fields = frozenset({"move_id", "amount", "date"})
    _workflow_untracked = {
        "move_id": "written once, with the accrual",
        "amount": "the daily refresh's figure, recomputed from the bill and its payments by the one penalty function",
        "date": "the day of the daily refresh",
    }

    move_id = fields.Many2one("account.move", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="move_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    amount = fields.Monetary(string="Accrued")
    date = fields.Date(string="Computed on", help="Empty when the bill's payments changed since.")

    _sql_constraints = [
        ("move_uniq", "unique(move_id)", "A bill has one penalty accrual."),
    ]
