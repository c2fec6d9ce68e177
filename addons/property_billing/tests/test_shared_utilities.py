from decimal import Decimal

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import share_out
from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestSharedUtilities(PropertyBillingCase):
    """BIL-09: a building's lifts and the estate's pumps, read like the
    households' meters, shared out on each household's bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner, Occupancy = cls.env["res.partner"], cls.env["property.occupancy"]
        cls.neighbour = Partner.create({"name": "Wang Fang", "lang": "en_US"})
        cls.unit3 = cls.env["property.unit"].create(
            {"building_id": cls.building.id, "number": "0301", "floor": 3, "floor_area": 80.35})
        cls.third = Partner.create({"name": "Liu Yang", "lang": "en_US"})
        cls.parking = cls.env["property.unit"].create(
            {"building_id": cls.building.id, "number": "P001", "usage": "parking", "floor_area": 13.5})
        Occupancy.create([
            {"unit_id": cls.unit2.id, "partner_id": cls.neighbour.id, "role": "owner", "date_start": "2024-01-01"},
            {"unit_id": cls.unit3.id, "partner_id": cls.third.id, "role": "owner", "date_start": "2024-01-01"},
            {"unit_id": cls.parking.id, "partner_id": cls.third.id, "role": "owner", "date_start": "2024-01-01"},
            {"unit_id": cls.other_unit.id, "partner_id": cls.third.id, "role": "owner", "date_start": "2024-01-01"},
        ])
        cls.fee_shared = cls.env["property.fee"].create({
            "name": "Shared electricity", "estate_id": cls.estate.id, "fee_type": "meter",
            "meter_type": "electricity", "price": 0.62, "account_id": cls.fee_account.id,
        })
        cls.lift = cls.env["property.meter"].with_user(cls.finance).create({
            "name": "GT-1-LIFT", "scope": "building", "building_id": cls.building.id, "meter_type": "electricity",
            "public_use": "lift", "fee_id": cls.fee_shared.id,
        })
        cls.env["property.meter.reading"].create({"meter_id": cls.lift.id, "date": "2026-01-24", "value": 5000.0})

    def share_lines(self, period, reading):
        return self.env["account.move.line"].search([
            ("property_shared_reading_id", "=", reading.id), ("move_id.property_period_id", "=", period.id)])

    def test_bil09_share_out_worked_examples(self):
        """The pure function: rounded once per share, the remainder on the last."""
        self.assertEqual(share_out("612.34", [98.5, 120.0, 80.35]),
                         [Decimal("201.83"), Decimal("245.88"), Decimal("164.63")])
        self.assertEqual(share_out("100.00", [1, 1, 1]), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])
        # A household without floor area gets nothing, and never the remainder.
        self.assertEqual(share_out("10.00", [3, 3, 0]), [Decimal("5.00"), Decimal("5.00"), Decimal("0.00")])
        self.assertEqual(share_out("0.05", [0, 0]), [Decimal("0.03"), Decimal("0.02")])

    def test_bil09_lift_electricity_on_each_households_bill_adds_up_to_the_cent(self):
        """A building's lift meter: 987.65 kWh × 0.62 = 612.34, shared by floor
        area (98.5, 120, 80.35 m²): 201.83 + 245.88 + 164.63 = 612.34 (each
        share rounded alone would make 612.35). Each share is its own line,
        pointing to the lift's reading, billed once — whatever the batches."""
        reading = self.env["property.meter.reading"].with_user(self.finance).create(
            {"meter_id": self.lift.id, "date": "2026-02-24", "value": 5987.65})
        self.assertEqual((reading.consumption, reading.estate_id, reading.building_id),
                         (987.65, self.estate, self.building))
        # One household per batch: every batch shares the reading out the same way.
        self.env["ir.config_parameter"].sudo().set_param("property_service.cron_batch_size", 1)
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        shares = {line.move_id.property_unit_id: line.price_subtotal for line in self.share_lines(period, reading)}
        self.assertEqual(shares, {self.unit: 201.83, self.unit2: 245.88, self.unit3: 164.63})
        self.assertEqual(round(sum(shares.values()), 2), 612.34)
        # On the household's own bill, with how it is reached.
        line = self.bill_of(period, self.unit2).invoice_line_ids.filtered("property_shared_reading_id")
        self.assertIn("GT-1-LIFT", line.name)
        self.assertIn("Lifts", line.name)
        self.assertIn("612.34 by floor area: 120.00 of 298.85 m²", line.name)
        self.assertEqual(line.property_share_unit_id, self.unit2)
        # Neither the parking space nor the other estate's household shares the lift.
        self.assertFalse(self.bill_of(period, self.parking).invoice_line_ids.filtered("property_shared_reading_id"))
        self.assertFalse(self.env["account.move.line"].search(
            [("property_shared_reading_id", "=", reading.id), ("property_share_unit_id", "=", self.other_unit.id)]))
        self.assertEqual((reading.billed, reading.share_period_id), (True, period))
        with self.assertRaisesRegex(UserError, "billed reading"):
            reading.with_user(self.finance).write({"value": 6000.0})
        # Billed once: the next month shares the next reading only.
        self.env["property.meter.reading"].create({"meter_id": self.lift.id, "date": "2026-03-24", "value": 6087.65})
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
        self.assertFalse(self.share_lines(march, reading))
        self.assertEqual(sum(self.bill_of(march, self.unit2).invoice_line_ids.filtered(
            "property_shared_reading_id").mapped("price_subtotal")), round(62.0 * 120 / 298.85, 2))
        # And the database itself refuses a second share of a reading for a household.
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"].create({
                "move_type": "out_invoice", "partner_id": self.neighbour.id, "invoice_date": "2026-03-25",
                "invoice_line_ids": [Command.create({
                    "name": "again", "price_unit": 245.88, "account_id": self.fee_account.id,
                    "property_shared_reading_id": reading.id, "property_share_unit_id": self.unit2.id,
                })],
            })

    def test_bil09_estate_pumps_in_equal_shares_a_setting(self):
        """The estate's pump meter, shared equally (the estate's setting):
        161.29 kWh × 0.62 = 100.00 → 33.33 + 33.33 + 33.34."""
        self.estate.shared_utility_basis = "equal"
        pump = self.env["property.meter"].create({
            "name": "GT-GL-PUMP", "scope": "estate", "estate_id": self.estate.id, "meter_type": "electricity",
            "public_use": "pump", "fee_id": self.fee_shared.id,
        })
        self.env["property.meter.reading"].create([
            {"meter_id": pump.id, "date": "2026-01-20", "value": 100.0},
            {"meter_id": pump.id, "date": "2026-02-20", "value": 261.29},
        ])
        reading = pump.last_reading_id
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        shares = {line.move_id.property_unit_id: line.price_subtotal for line in self.share_lines(period, reading)}
        self.assertEqual(shares, {self.unit: 33.33, self.unit2: 33.33, self.unit3: 33.34})
        self.assertIn("in equal shares among 3 households", self.share_lines(period, reading)[0].name)

    def test_bil09_a_shared_meter_is_read_and_imported_like_a_households(self):
        """The shared meter's readings come in with the households' file, by meter number."""
        result = self.env["property.meter.reading"].with_user(self.finance).load(
            ["meter_id", "date", "value"], [["GT-1-LIFT", "2026-02-24", "5100"], ["W-0201", "2026-02-24", "110"]])
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result["messages"])
        readings = self.env["property.meter.reading"].browse(result["ids"])
        self.assertEqual(readings.mapped("consumption"), [100.0, 10.0])
        self.assertEqual(readings[0].scope, "building")
        # A shared meter belongs to a building or to the estate, never to a unit.
        with self.assertRaisesRegex(ValidationError, "shared"):
            self.lift.write({"unit_id": self.unit.id})
