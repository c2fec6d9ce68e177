from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

INCOME_TYPES = ("income", "income_other")
EXPENSE_TYPES = ("expense", "expense_direct_cost", "expense_depreciation")


class PropertyFeeStatement(models.TransientModel):
    """The income and spending of an estate's fees over a period, from the
    books (SAT-04, 003 篇4 一.5), printed for the owners' committee and the
    notice board: what its bills earned by income account, what was spent on
    it by expense account (the lines booked with the estate's cost centre)."""

    _name = "property.fee.statement"
    _description = "Fee income and spending statement"

    estate_id = fields.Many2one("property.estate", required=True,
                                default=lambda self: self.env.user.property_estate_ids[:1])
    date_from = fields.Date(string="From", required=True,
                            default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The statement's start is after its end: swap the dates."))
        return self.env.ref("property_billing.action_report_fee_statement").report_action(
            self.estate_id, data={"date_from": fields.Date.to_string(self.date_from),
                                  "date_to": fields.Date.to_string(self.date_to)})

    @api.model
    def _statement(self, estate, date_from, date_to):
        """SAT-04: {"income": [(account, amount)], "spending": [...], totals}
        from the posted lines of the period: income on the estate's bills
        (credit notes deducted), spending on expense lines whose analytic
        distribution names the estate's cost centre (its share of a shared one)."""
        Line = self.env["account.move.line"]
        period = [("parent_state", "=", "posted"), ("date", ">=", date_from), ("date", "<=", date_to),
                  ("company_id", "=", estate.company_id.id)]
        income = defaultdict(float)
        for account, balance in Line._read_group(
                period + [("move_id.property_estate_id", "=", estate.id),
                          ("account_id.account_type", "in", INCOME_TYPES)], ["account_id"], ["balance:sum"]):
            income[account] -= balance
        spending = defaultdict(float)
        centre = estate.analytic_account_id
        if centre:
            for line in Line.search(period + [("account_id.account_type", "in", EXPENSE_TYPES),
                                              ("analytic_distribution", "in", centre.ids)]):
                share = float((line.analytic_distribution or {}).get(str(centre.id), 0.0))
                spending[line.account_id] += line.balance * share / 100.0
        currency = estate.company_id.currency_id
        income_rows = sorted(((a, currency.round(v)) for a, v in income.items()), key=lambda row: row[0].code)
        spending_rows = sorted(((a, currency.round(v)) for a, v in spending.items()), key=lambda row: row[0].code)
        total_income = currency.round(sum(v for _a, v in income_rows))
        total_spending = currency.round(sum(v for _a, v in spending_rows))
        return {"income": income_rows, "spending": spending_rows, "total_income": total_income,
                "total_spending": total_spending, "balance": currency.round(total_income - total_spending),
                "currency": currency, "has_centre": bool(centre)}
