from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    """BIL-06: a receipt (收据) is issued for every payment a household makes,
    printed from the payment."""

    _inherit = "account.payment"

    property_estate_id = fields.Many2one("property.estate", string="Estate", compute="_compute_property_receipt",
                                         help="The estate of the household bills the payment settles.")
    property_unit_ids = fields.Many2many("property.unit", string="Units", compute="_compute_property_receipt")
    property_receipt = fields.Boolean(compute="_compute_property_receipt",
                                      help="BIL-06: a household's payment, for which a receipt is printed.")

    @api.depends("reconciled_invoice_ids", "payment_type", "partner_type", "state")
    def _compute_property_receipt(self):
        for payment in self:
            bills = payment._property_receipt_bills()
            payment.property_unit_ids = bills.property_unit_id
            payment.property_estate_id = bills.property_estate_id[:1]
            payment.property_receipt = bool(bills) and payment._property_receipt_printable()

    def _property_receipt_bills(self):
        """The household documents this payment settles (bills, move-in fees, deposits)."""
        self.ensure_one()
        return self.reconciled_invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and (move.property_unit_id or move.property_renovation_id))

    def _property_receipt_printable(self):
        self.ensure_one()
        return self.payment_type == "inbound" and self.partner_type == "customer" \
            and self.state in ("in_process", "paid")

    def _property_receipt_values(self):
        """What the receipt shows: each document settled with the amount this
        payment put on it, in the order of their dates."""
        self.ensure_one()
        rows = []
        for bill in self._property_receipt_bills().sorted(lambda move: (move.invoice_date or fields.Date.today(),
                                                                         move.id)):
            applied = sum(
                amount for _partial, amount, line in bill._get_reconciled_invoices_partials()[0]
                if line.move_id == self.move_id
            )
            rows.append({"bill": bill, "amount": applied})
        capitals = self.currency_id._amount_to_cn_capitals(self.amount)
        if self.currency_id.name == "CNY":
            capitals = self.env._("RMB %(capitals)s", capitals=capitals)
        return {"rows": rows, "amount": self.amount, "capitals": capitals}

    def action_print_property_receipt(self):
        """BIL-06: print the receipt of the payment."""
        not_printable = self.filtered(lambda payment: not payment._property_receipt_printable())
        if not_printable:
            raise UserError(self.env._(
                "A receipt is printed for a household's payment received, confirmed in the books: %(payments)s is "
                "not one.", payments=", ".join(not_printable.mapped("name"))))
        return self.env.ref("property_billing.action_report_property_receipt").report_action(self)
