from odoo import api, fields, models


class ReportFeeStatement(models.AbstractModel):
    """The printed fee statement (SAT-04): the figures of the one place that
    computes them (property.fee.statement._statement)."""

    _name = "report.property_billing.report_fee_statement"
    _description = "Fee income and spending statement (report)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        date_from = fields.Date.to_date(data.get("date_from")) or today.replace(month=1, day=1)
        date_to = fields.Date.to_date(data.get("date_to")) or today
        estates = self.env["property.estate"].browse(docids)
        Statement = self.env["property.fee.statement"]
        return {
            "docs": estates, "date_from": date_from, "date_to": date_to,
            "statements": {estate.id: Statement._statement(estate, date_from, date_to) for estate in estates},
        }
