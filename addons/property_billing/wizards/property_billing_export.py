import base64
import io

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError


class PropertyBillingExport(models.TransientModel):
    """Spreadsheets for finance (xlsxwriter): the repair-slip reconciliation
    of a period, the arrears aging and the collection rate."""

    _name = "property.billing.export"
    _description = "Billing spreadsheet"

    kind = fields.Selection(
        [("slips", "Repair-slip reconciliation"), ("arrears", "Arrears aging"), ("collection", "Collection rate")],
        required=True, default="arrears",
    )
    estate_id = fields.Many2one(
        "property.estate", required=True, default=lambda self: self.env.user.property_estate_ids[:1]
    )
    period_id = fields.Many2one("property.billing.period", domain="[('estate_id', '=', estate_id)]")
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        if self.kind == "slips" and not self.period_id:
            raise UserError(self.env._("Choose the billing period to reconcile."))
        sheets = getattr(self, f"_sheet_{self.kind}")()
        self.write(
            {"file": base64.b64encode(self._workbook(sheets)), "filename": f"{self.kind}-{self.estate_id.code}.xlsx"}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file&filename_field=filename&download=true",
            "target": "self",
        }

    def _workbook(self, sheets):
        """sheets: [(title, headers, rows, money column indexes)] → xlsx bytes."""
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        for title, headers, rows, money_columns in sheets:
            sheet = workbook.add_worksheet(title[:31])
            sheet.write_row(0, 0, headers, bold)
            sheet.set_column(0, len(headers) - 1, 16)
            for index, row in enumerate(rows, start=1):
                for column, value in enumerate(row):
                    sheet.write(index, column, value, money if column in money_columns else None)
        workbook.close()
        return buffer.getvalue()

    # ------------------------------------------------------------------ sheets
    def _sheet_slips(self):
        rows, invoiced = self.period_id._slip_reconciliation()
        labels = {
            "billed": self.env._("Billed"),
            "pending": self.env._("Pending (after cut-off)"),
            "unbilled": self.env._("Not billed: to check"),
            "refused": self.env._("Refused"),
        }
        data = [
            (slip.name, slip.unit_id.display_name, slip.partner_id.name or "", str(slip.completion_date or ""),
             labels[status], bill, amount)
            for slip, status, bill, amount in rows
        ]
        billed_total = sum(amount for _slip, status, _bill, amount in rows if status == "billed")
        data.append(
            (
                self.env._("Total billed"),
                "",
                "",
                "",
                "",
                self.env._("Invoice lines: %(amount).2f", amount=invoiced),
                billed_total,
            )
        )
        headers = [
            self.env._("Slip"),
            self.env._("Unit"),
            self.env._("Resident"),
            self.env._("Completed"),
            self.env._("Status"),
            self.env._("Bill"),
            self.env._("Amount"),
        ]
        return [(self.env._("Repair slips %(period)s", period=self.period_id.name), headers, data, {6})]

    def _sheet_arrears(self):
        buckets = ["b_1_30", "c_31_60", "d_61_90", "e_90_plus"]
        groups = self.env["property.bill.analysis"]._read_group(
            [("estate_id", "=", self.estate_id.id), ("amount_residual", ">", 0), ("aging", "!=", "a_not_due")],
            ["unit_id", "aging"], ["amount_residual:sum"],
        )
        table = {}
        for unit, aging, amount in groups:
            table.setdefault(unit, dict.fromkeys(buckets, 0.0))[aging] = amount
        stages = dict(self.env["property.unit"]._fields["arrears_stage"]._description_selection(self.env))
        data = [
            (
                unit.display_name,
                unit.owner_id.name or "",
                stages.get(unit.arrears_stage, ""),
                *[amounts[b] for b in buckets],
                sum(amounts.values()),
            )
            for unit, amounts in sorted(table.items(), key=lambda item: item[0].name)
        ]
        headers = [
            self.env._("Unit"),
            self.env._("Owner"),
            self.env._("Stage"),
            self.env._("1-30 days"),
            self.env._("31-60 days"),
            self.env._("61-90 days"),
            self.env._("Over 90 days"),
            self.env._("Total"),
        ]
        return [(self.env._("Arrears"), headers, data, {3, 4, 5, 6, 7})]

    def _sheet_collection(self):
        groups = self.env["property.bill.analysis"]._read_group(
            [("estate_id", "=", self.estate_id.id)],
            ["period_id", "building_id"],
            ["amount_billed:sum", "amount_paid:sum"],
        )
        target = self.estate_id.collection_target
        data = [
            (
                period.name or "",
                building.name or "",
                billed,
                paid,
                round(100.0 * paid / billed, 2) if billed else 100.0,
                self.env._("yes") if not billed or 100.0 * paid / billed >= target else self.env._("no"),
            )
            for period, building, billed, paid in sorted(
                groups, key=lambda g: (g[0].date_to or fields.Date.today(), g[1].name or "")
            )
        ]
        headers = [
            self.env._("Period"),
            self.env._("Building"),
            self.env._("Billed"),
            self.env._("Collected"),
            self.env._("Collected (%)"),
            self.env._("Target %(target)s%% met", target=target),
        ]
        return [(self.env._("Collection rate"), headers, data, {2, 3})]
