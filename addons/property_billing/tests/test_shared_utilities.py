from decimal import Decimal

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import formatLang, mute_logger

from ..tools import share_out, share_out_with_remainder
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
        # The share that carries the remainder, and how much (its bill line says so).
        self.assertEqual(share_out_with_remainder("100.00", [1, 1, 1]),
                         ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], 2, Decimal("0.01")))

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
        # One sentence, its figures and date as the household's language writes them.
        total = formatLang(self.env, 612.34, currency_obj=self.currency)
        self.assertEqual(line.name, "Shared electricity shared, Building 1 Lifts (meter GT-1-LIFT: 5,000.00 → "
                                    f"5,987.65 on 02/24/2026): {total} shared by floor area, 120.00 of 298.85 m²")
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
        # And the database itself refuses a second share of a reading for a household, even to the system.
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"]._property_create({
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
        names = {line.move_id.property_unit_id: line.name for line in self.share_lines(period, reading)}
        self.assertIn("shared equally among 3 households", names[self.unit])
        # The last share says it carries the cent the rounding left over; the others do not.
        remainder = formatLang(self.env, 0.01, currency_obj=self.currency)
        self.assertTrue(names[self.unit3].endswith(
            f"households, with the rounding remainder of {remainder} so that the shares add up to the total"))
        self.assertNotIn("remainder", names[self.unit] + names[self.unit2])

    def test_bil09_share_line_worded_in_the_households_language(self):
        """The share's line is one sentence in the household's language: a
        Chinese owner reads the date and figures as Chinese writes them."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_billing"], ["zh_CN"])
        self.neighbour.lang = "zh_CN"
        reading = self.env["property.meter.reading"].with_user(self.finance).create(
            {"meter_id": self.lift.id, "date": "2026-02-24", "value": 5987.65})
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        chinese = self.share_lines(period, reading).filtered(lambda line: line.move_id.partner_id == self.neighbour)
        self.assertIn("2026年02月24日", chinese.name)
        self.assertIn("按建筑面积分摊", chinese.name)
        self.assertIn("120.00 / 298.85", chinese.name)
        english = self.share_lines(period, reading).filtered(lambda line: line.move_id.partner_id == self.resident)
        self.assertIn("02/24/2026", english.name)

    def run_lanes(self):
        """Call every lane until none has work, as the cron workers would."""
        Period = self.env["property.billing.period"]
        for _call in range(100):
            if not any(Period._cron_bill_run_lane(lane) for lane in Period._bill_run_lanes()) and \
                    not self.env["property.billing.lane"].search_count(
                        [("done", "=", False), ("period_id.state", "=", "running")]):
                return
        raise AssertionError("the lanes never finished")

    def test_bil09_a_reading_entered_while_the_lanes_bill_waits_for_the_next_period(self):
        """A background run shares out the shared readings there were when it
        was queued, to every household whatever its batch; a reading of the
        lift entered between two batches is shared out by the next period,
        to every household too — no household loses its share."""
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.env["ir.config_parameter"].sudo().set_param("property_billing.bill_run_lane_batch", 1)
        self.company.property_bill_run_inline_limit = 0
        Reading = self.env["property.meter.reading"].with_user(self.finance)
        Period = self.env["property.billing.period"]
        first = Reading.create({"meter_id": self.lift.id, "date": "2026-02-20", "value": 5987.65})
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
            self.assertEqual((period.state, first.share_run_period_id), ("running", period))
            # What the run shares out no longer changes.
            with self.assertRaisesRegex(UserError, "sharing this reading out"):
                first.write({"value": 5990.0})
            # The first batch: one household.
            lane = period.lane_ids.filtered(lambda lane: lane.share == self.unit.id % lane.shares)
            self.assertEqual(Period._cron_bill_run_lane(lane.lane).property_unit_id, self.unit)
            # The lift is read again before the next batches (dated before the cut-off).
            late = Reading.create({"meter_id": self.lift.id, "date": "2026-02-25", "value": 6087.65})
            self.run_lanes()
            Period._cron_bill_run()
        self.assertEqual(period.state, "billed")
        shares = {line.move_id.property_unit_id: line.price_subtotal for line in self.share_lines(period, first)}
        self.assertEqual(shares, {self.unit: 201.83, self.unit2: 245.88, self.unit3: 164.63})
        self.assertFalse(self.share_lines(period, late))
        self.assertFalse(late.share_run_period_id or late.billed)
        # March's run shares the late reading out to every household: 100 kWh × 0.62 = 62.00.
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
            self.run_lanes()
            Period._cron_bill_run()
        shares = {line.move_id.property_unit_id: line.price_subtotal for line in self.share_lines(march, late)}
        self.assertEqual(set(shares), {self.unit, self.unit2, self.unit3})
        self.assertEqual(round(sum(shares.values()), 2), 62.0)
        self.assertEqual(late.share_run_period_id, march)

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
