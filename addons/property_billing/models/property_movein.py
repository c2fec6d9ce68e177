from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class PropertyMovein(models.Model):
    """Billing's side of the move-in: the opening readings become the meters'
    first readings (MOV-04), and the owner's move-in fees are invoiced and
    paid before the move-in is completed (MOV-03)."""

    _inherit = "property.movein"
    # MOV-03: the invoice is made by finance's button only.
    _workflow_fields = frozenset({"fee_move_id"})

    fee_move_id = fields.Many2one("account.move", string="Move-in fee invoice", readonly=True, copy=False,
                                  tracking=True, groups="property_billing.group_property_finance")
    fees_state = fields.Selection(
        [("none", "No move-in fee"), ("to_invoice", "To invoice"), ("draft", "Invoice in draft: post it"),
         ("unpaid", "Invoiced, not paid"), ("paid", "Paid")],
        string="Move-in fee status", compute="_compute_fees_state",
        help="MOV-03: the owner pays the move-in fees before the move-in is completed.",
    )

    def _movein_fees(self):
        """{estate: its move-in fee items} for these cases, in one search."""
        fees = self.env["property.fee"].search(
            [("estate_id", "in", self.estate_id.ids), ("fee_type", "=", "movein")], order="sequence, id")
        return fees.grouped("estate_id")

    @api.depends("role", "estate_id", "fee_move_id.state", "fee_move_id.payment_state")
    def _compute_fees_state(self):
        fees = self._movein_fees()
        for case in self:
            # sudo: the desk sees whether the fees are paid, not the books.
            invoice = case.sudo().fee_move_id.filtered(lambda move: move.state != "cancel")
            if invoice.state == "draft":
                # Reset to draft by finance: the button would refuse a second invoice (MOV-03).
                case.fees_state = "draft"
            elif invoice:
                case.fees_state = "paid" if invoice.payment_state in ("paid", "in_payment") else "unpaid"
            elif case.role == "owner" and fees.get(case.estate_id):
                case.fees_state = "to_invoice"
            else:
                case.fees_state = "none"

    def action_invoice_fees(self):
        """MOV-03: the owner's move-in fees, one invoice with a line per fee
        item of the estate, each pointing to the move-in (billed once)."""
        self._property_require_group("property_billing.group_property_finance",
                                     self.env._("Only finance invoices the move-in fees."))
        fees = self._movein_fees()
        Move = self.env["account.move"]
        for case in self:
            if case.fees_state == "draft":
                raise UserError(self.env._(
                    "The move-in fee invoice %(invoice)s of %(name)s is in draft: post it (or cancel it to invoice "
                    "again).", invoice=case.fee_move_id.display_name, name=case.name))
            if case.fee_move_id.filtered(lambda move: move.state != "cancel"):
                raise UserError(self.env._("The move-in fees of %(name)s are invoiced already.", name=case.name))
            if case.role != "owner" or not fees.get(case.estate_id):
                raise UserError(self.env._(
                    "Estate %(estate)s has no move-in fee for %(name)s: add the fee items charged \"once at "
                    "move-in\" first.", estate=case.estate_id.name, name=case.name))
            worded = case.with_context(lang=case.partner_id.lang or self.env.lang)
            lines = []
            for fee in fees[case.estate_id]:
                quantity, price = fee._one_off_line(case.unit_id)
                lines.append({
                    "name": worded.env._("%(fee)s, move-in of %(unit)s", fee=fee.with_context(
                        lang=worded.env.lang).name, unit=case.unit_id.display_name),
                    "quantity": quantity, "price_unit": price, "account_id": fee.account_id.id,
                    "tax_ids": [Command.set(fee.tax_ids.ids)],
                    "property_movein_id": case.id, "property_fee_id": fee.id,
                })
            move = Move._property_create(Move._property_document_vals(
                "out_invoice", case.partner_id, case.estate_id._billing_journal(), lines,
                invoice_origin=case.name, property_unit_id=case.unit_id.id,
            ))
            move.action_post()
            case._workflow_write({"fee_move_id": move.id})
        return True

    @api.constrains("partner_id")
    def _check_bank_collection_account(self):
        """BIL-06: the account a signed bank collection agreement names stays the household's."""
        self.agreement_ids._check_bank_account()

    def _check_movein_fees(self):
        """MOV-03: an owner moves in only once the move-in fees are paid."""
        for case in self.filtered(lambda case: case.fees_state in ("to_invoice", "draft", "unpaid")):
            if case.fees_state == "to_invoice":
                raise UserError(self.env._(
                    "The move-in fees of %(unit)s are not invoiced yet (MOV-03): finance invoices them from the "
                    "move-in, then the owner pays.", unit=case.unit_id.display_name))
            if case.fees_state == "draft":
                raise UserError(self.env._(
                    "The move-in fee invoice of %(unit)s is in draft (MOV-03): finance posts it, then the owner "
                    "pays.", unit=case.unit_id.display_name))
            # sudo: the desk is told what is still due, not shown the books.
            invoice = case.sudo().fee_move_id
            raise UserError(self.env._(
                "The move-in fees of %(unit)s are not paid yet (MOV-03): %(amount)s is still due on %(invoice)s.",
                unit=case.unit_id.display_name, amount=invoice.currency_id.format(invoice.amount_residual),
                invoice=invoice.name))
        return super()._check_movein_fees()

    def _on_movein_done(self):
        """The handover's opening readings become the meters' first readings,
        so the first bill charges only what the resident consumed (MOV-04)."""
        Meter = self.env["property.meter"]
        readings = []
        for case in self:
            # Only the meters the unit has: an unticked meter has no opening reading (MOV-04).
            for meter_type, value in case._opening_readings().items():
                meter = case.unit_id.meter_ids.filtered(lambda m: m.meter_type == meter_type and m.active)[:1]
                if not meter:
                    fee = self.env["property.fee"].search(
                        [
                            ("estate_id", "=", case.estate_id.id),
                            ("fee_type", "=", "meter"),
                            ("meter_type", "=", meter_type),
                        ],
                        limit=1,
                    )
                    meter = Meter.create({
                        "name": f"{case.unit_id.name}-{meter_type[0].upper()}",
                        "unit_id": case.unit_id.id, "meter_type": meter_type, "fee_id": fee.id,
                    })
                readings.append({
                    "meter_id": meter.id, "date": case.date_done, "value": value,
                    "source": "move_in",
                })
        self.env["property.meter.reading"].create(readings)
        return super()._on_movein_done()
