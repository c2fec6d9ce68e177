from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.property_service.tests.test_movein import MoveinMixin

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestOtherCharges(MoveinMixin, PropertyBillingCase):
    """BIL-01: the renovation management fee and the paid services billed from
    their source, once; MOV-03: the move-in fees paid before the keys."""

    def bill(self, year, month):
        period = self.period(year, month)
        with freeze_time(f"{year}-{month:02d}-26 02:00:00"):
            period.with_user(self.finance).action_bill_run()
        return self.bill_of(period)

    def permit(self, unit, partner, date_start, approved_on=None):
        permit = self.env["property.renovation"].with_user(self.clerk).create({
            "unit_id": unit.id, "partner_id": partner.id, "works": "Kitchen and bathroom",
            "date_start": date_start, "date_end": "2026-06-30",
        })
        permit.document_ids.write({"received": True})
        if approved_on:
            with freeze_time(approved_on):
                permit.with_user(self.supervisor).action_approve()
        return permit

    def test_bil01_renovation_management_fee_billed_once_from_its_permit(self):
        with freeze_time("2026-01-05 02:00:00"):
            fee = self.env["property.fee"].create({
                "name": "Renovation management fee", "estate_id": self.estate.id, "fee_type": "renovation",
                "charge_basis": "area", "price": 3.0, "account_id": self.fee_account.id,
            })
        self.assertEqual(fee.charged_from, date(2026, 1, 5))
        permit = self.permit(self.unit, self.resident, "2026-02-10")
        # Works starting after January's cut-off: not on January's bill.
        self.assertFalse(self.bill(2026, 1).invoice_line_ids.property_permit_id)
        # Not approved yet at February's cut-off: not billed.
        self.assertFalse(self.bill(2026, 2).invoice_line_ids.property_permit_id)
        with freeze_time("2026-03-02 02:00:00"):
            permit.with_user(self.supervisor).action_approve()
        self.assertEqual(permit.date_approved, date(2026, 3, 2))
        line = self.bill(2026, 3).invoice_line_ids.filtered("property_permit_id")
        # 98.5 m² × 3.00 = 295.50, pointing to the permit and its fee.
        self.assertEqual((line.property_permit_id, line.property_fee_id, line.price_subtotal), (permit, fee, 295.50))
        self.assertIn(permit.name, line.name)
        self.assertTrue(permit.management_fee_billed)
        self.assertFalse(self.bill(2026, 4).invoice_line_ids.property_permit_id)
        with self.assertRaisesRegex(UserError, "buttons"):
            permit.with_user(self.supervisor).write({"date_approved": "2025-12-01"})

    def test_bil01_a_renovation_fee_bills_the_permits_approved_once_it_is_charged_each_fee_once(self):
        """Turning a renovation fee on does not bill the permits approved
        before it is charged; a second fee item charged from a day on is
        billed on its own to the permits approved since — each (permit,
        fee) once."""
        neighbour = self.env["res.partner"].create({"name": "Wang Fang", "lang": "en_US"})
        self.env["property.occupancy"].create(
            {"unit_id": self.unit2.id, "partner_id": neighbour.id, "role": "owner", "date_start": "2024-01-01"})
        old = self.permit(self.unit2, neighbour, "2025-12-01", approved_on="2025-11-20 02:00:00")
        new = self.permit(self.unit, self.resident, "2026-02-01", approved_on="2026-01-20 02:00:00")
        Fee = self.env["property.fee"].with_user(self.manager)
        with freeze_time("2026-01-10 02:00:00"):
            management = Fee.create({
                "name": "Renovation management fee", "estate_id": self.estate.id, "fee_type": "renovation",
                "charge_basis": "area", "price": 3.0, "account_id": self.fee_account.id,
            })
        february = self.period(2026, 2)
        with freeze_time("2026-02-26 02:00:00"):
            february.with_user(self.finance).action_bill_run()
        lines = self.env["account.move.line"].search([("property_permit_id", "in", (old | new).ids)])
        # 98.5 m² × 3.00: the permit approved since the fee is charged; the one approved in November is not.
        self.assertEqual([(line.property_permit_id, line.property_fee_id, line.price_subtotal) for line in lines],
                         [(new, management, 295.5)])
        # A second fee item, charged from January: billed on March's bill to the permit approved since, alone.
        with freeze_time("2026-03-01 02:00:00"):
            waste = Fee.create({
                "name": "Renovation waste removal", "estate_id": self.estate.id, "fee_type": "renovation",
                "charge_basis": "unit", "price": 200.0, "account_id": self.fee_account.id,
                "charged_from": "2026-01-01",
            })
            # A third, charged from its creation: not for a permit approved before.
            Fee.create({
                "name": "Lift protection", "estate_id": self.estate.id, "fee_type": "renovation",
                "charge_basis": "unit", "price": 50.0, "account_id": self.fee_account.id,
            })
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 02:00:00"):
            march.with_user(self.finance).action_bill_run()
        lines = self.bill_of(march).invoice_line_ids.filtered("property_permit_id")
        self.assertEqual([(line.property_permit_id, line.property_fee_id, line.price_subtotal) for line in lines],
                         [(new, waste, 200.0)])
        self.assertFalse(self.bill_of(march, self.unit2).invoice_line_ids.property_permit_id)
        self.assertFalse(old.management_fee_billed)

    def test_bil01_paid_service_confirmed_is_billed_once_on_the_next_bill(self):
        housekeeping = self.env["product.product"].create(
            {"name": "Housekeeping (hour)", "type": "service", "list_price": 45.0})
        Service = self.env["property.paid.service"].with_user(self.clerk)
        given = Service.create({"unit_id": self.unit.id, "product_id": housekeeping.id, "quantity": 3,
                                "date": "2026-02-18", "description": "Deep clean, 3 hours"})
        self.assertEqual((given.partner_id, given.price_unit, given.amount), (self.resident, 45.0, 135.0))
        late = Service.create({"unit_id": self.unit.id, "product_id": housekeeping.id, "date": "2026-02-27"})
        to_confirm = Service.create({"unit_id": self.unit.id, "product_id": housekeeping.id, "date": "2026-02-20"})
        with self.assertRaisesRegex(UserError, "buttons"):
            given.write({"state": "done"})
        # Recorded by whoever records it: not a name the desk chooses.
        self.assertEqual(given.user_id, self.clerk)
        with self.assertRaisesRegex(UserError, "buttons"):
            Service.create({"unit_id": self.unit.id, "product_id": housekeeping.id, "user_id": self.supervisor.id})
        with self.assertRaisesRegex(UserError, "buttons"):
            to_confirm.write({"user_id": self.supervisor.id})
        (given | late).action_confirm()
        self.assertEqual((given.state, given.confirmed_by_id), ("done", self.clerk))
        with self.assertRaisesRegex(UserError, "billed as confirmed"):
            given.write({"quantity": 1})
        february = self.bill(2026, 2)
        line = february.invoice_line_ids.filtered("property_paid_service_id")
        self.assertEqual((line.property_paid_service_id, line.price_subtotal), (given, 135.0))
        self.assertIn("Deep clean, 3 hours", line.name)
        self.assertTrue(given.billed)
        # Given after the cut-off, or not confirmed: not on February's bill.
        self.assertFalse(late.billed or to_confirm.billed)
        march = self.bill(2026, 3)
        self.assertEqual(march.invoice_line_ids.property_paid_service_id, late)

    def test_mov03_move_in_fees_invoiced_and_paid_before_the_move_in_is_completed(self):
        self.setup_movein_data()
        Fee = self.env["property.fee"]
        Fee.create([
            {"name": "Management fee, 3 months ahead", "estate_id": self.estate.id, "fee_type": "movein",
             "charge_basis": "area", "price": 8.4, "account_id": self.fee_account.id},
            {"name": "Renovation waste removal", "estate_id": self.estate.id, "fee_type": "movein",
             "charge_basis": "unit", "price": 300.0, "account_id": self.fee_account.id},
        ])
        case = self.new_case()
        case.action_issue_notice()
        case.action_arrived()
        self.fill_case(case)
        self.assertEqual(case.fees_state, "to_invoice")
        with self.assertRaisesRegex(UserError, r"not invoiced yet \(MOV-03\)"):
            case.action_complete()
        with self.assertRaises(AccessError):
            case.action_invoice_fees()
        case.with_user(self.finance).action_invoice_fees()
        invoice = case.with_user(self.finance).fee_move_id
        # 120 m² × 8.40 = 1,008.00 and 300.00, each line pointing to the move-in.
        self.assertEqual(invoice.amount_total, 1308.0)
        self.assertEqual((invoice.state, invoice.partner_id, invoice.property_unit_id),
                         ("posted", self.buyer, self.vacant))
        self.assertEqual(invoice.invoice_line_ids.property_movein_id, case)
        self.assertEqual(case.fees_state, "unpaid")
        with self.assertRaisesRegex(UserError, "invoiced already"):
            case.with_user(self.finance).action_invoice_fees()
        with self.assertRaisesRegex(UserError, r"not paid yet \(MOV-03\).*1,308\.00"):
            case.action_complete()
        self.assertEqual(case.state, "in_progress")
        # Finance resets the invoice to draft: the move-in says to post it, the button and the completion agree.
        invoice.button_draft()
        self.assertEqual(case.fees_state, "draft")
        with self.assertRaisesRegex(UserError, "is in draft: post it"):
            case.with_user(self.finance).action_invoice_fees()
        with self.assertRaisesRegex(UserError, r"in draft \(MOV-03\)"):
            case.action_complete()
        invoice.action_post()
        self.assertEqual(case.fees_state, "unpaid")
        self.pay(invoice, 1308.0, date.today())
        self.assertEqual(case.fees_state, "paid")
        case.action_complete()
        self.assertEqual(case.state, "done")
        # A tenant pays no move-in fee.
        tenant_case = self.new_case(unit_id=self.unit.id, role="tenant", partner_id=self.buyer.id)
        self.assertEqual(tenant_case.fees_state, "none")

    def test_mov04_opening_readings_become_first_readings_only_for_meters_the_unit_has(self):
        """MOV-04: the handover's opening readings start the meters; a meter
        the unit does not have (unticked) gets no zero reading."""
        self.setup_movein_data()
        case = self.new_case()
        case.action_issue_notice()
        case.action_arrived()
        self.fill_case(case)
        case.write({"has_water_meter": False, "reading_water": 0.0})
        case.action_complete()
        readings = self.env["property.meter.reading"].search([("unit_id", "=", self.vacant.id)])
        self.assertEqual(
            sorted((reading.meter_type, reading.value, reading.source) for reading in readings),
            [("electricity", 105.25, "move_in"), ("gas", 3.0, "move_in")],
        )
