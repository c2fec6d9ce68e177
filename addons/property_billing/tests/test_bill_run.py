from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PropertyBillingCase
from odoo import Command


@tagged("post_install", "-at_install")
class TestBillRun(PropertyBillingCase):

    def slip_done_on(self, when, amount_lines=None):
        with freeze_time(when):
            _request, slip = self.finished_repair(lines=amount_lines)
        return slip

    def test_bil02_bil04_period_from_the_estate_settings(self):
        period = self.period(2026, 2)
        self.assertEqual((period.date_from, period.date_to, period.date_due),
                         (date(2026, 1, 26), date(2026, 2, 25), date(2026, 3, 15)))
        self.estate.write({"billing_cutoff_day": 20, "billing_due_day": 10})
        period = self.period(2026, 3)
        self.assertEqual((period.date_to, period.date_due), (date(2026, 3, 20), date(2026, 4, 10)))

    def test_bil07_one_bill_per_household_with_every_source(self):
        self.env["property.meter.reading"].create({"meter_id": self.meter.id, "date": "2026-02-24", "value": 112.5})
        slip = self.slip_done_on("2026-02-20 03:00:00")
        late_slip = self.slip_done_on("2026-02-26 03:00:00")
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        bill = self.bill_of(period)
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.partner_id, self.resident)
        self.assertEqual(bill.invoice_date_due, date(2026, 3, 15))
        lines = {(line.property_unit_fee_id.fee_id.name or line.property_reading_id.meter_id.name
                  or line.property_slip_id.name): line.price_subtotal for line in bill.invoice_line_ids}
        # 98.5 m² × 2.50 = 246.25; parking 150; water 12.5 m³ × 3.20 = 40.00; slip 30.00
        self.assertEqual(lines, {"Management fee": 246.25, "Parking": 150.0, "W-0201": 40.0, slip.name: 30.0})
        self.assertEqual(bill.amount_total, 466.25)
        self.assertTrue(slip.billed)
        self.assertEqual(slip.invoice_id, bill)
        # A slip finished after the cut-off rolls to the next period.
        self.assertFalse(late_slip.billed)
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
        march_bill = self.bill_of(march)
        self.assertIn(late_slip, march_bill.invoice_line_ids.property_slip_id)
        self.assertNotIn(slip, march_bill.invoice_line_ids.property_slip_id)
        # Vacant unit without owner: no household, no bill.
        self.assertFalse(self.bill_of(period, self.unit2))

    def test_bil07_second_run_creates_nothing(self):
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
            period._workflow_write({"state": "open"})  # as if the run were started again
            period.with_user(self.finance).action_bill_run()
        self.assertEqual(len(self.bill_of(period)), 1)

    def test_bil07_billed_once_is_a_database_fact(self):
        slip = self.slip_done_on("2026-02-20 03:00:00")
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        # Another worker (or a crash and restart) trying to bill the same slip again:
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"]._property_create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.resident.id,
                    "invoice_date": "2026-02-25",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "again",
                                "price_unit": 30.0,
                                "account_id": self.repair_account.id,
                                "property_slip_id": slip.id,
                                "property_period_id": period.id,
                            }
                        )
                    ],
                }
            )
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.resident.id,
                    "invoice_date": "2026-02-25",
                    "property_unit_id": self.unit.id,
                    "property_period_id": period.id,
                    "invoice_line_ids": [
                        Command.create({"name": "second bill", "price_unit": 1.0, "account_id": self.fee_account.id})
                    ],
                }
            )

    def test_bil07_a_line_points_to_a_source_only_when_its_billing_makes_it(self):
        """A line pointing to a source marks the source billed: finance making
        an invoice by hand (any client) cannot point a line to a repair slip,
        a meter reading or an earlier bill — the slip would look billed
        without being on the household's bill; the bill run bills it."""
        slip = self.slip_done_on("2026-02-20 03:00:00")
        reading = self.env["property.meter.reading"].create(
            {"meter_id": self.meter.id, "date": "2026-02-24", "value": 112.5})
        earlier = self.simple_bill(100.0, date(2026, 1, 15), invoice_date=date(2026, 1, 1))
        Move = self.env["account.move"].with_user(self.finance)
        for source in ({"property_slip_id": slip.id}, {"property_reading_id": reading.id},
                       {"property_penalty_move_id": earlier.id}):
            with self.assertRaisesRegex(UserError, "buttons and scheduled actions"):
                Move.create({
                    "move_type": "out_invoice", "partner_id": self.resident.id, "invoice_date": "2026-02-25",
                    "invoice_line_ids": [Command.create({"name": "by hand", "price_unit": 30.0,
                                                         "account_id": self.repair_account.id, **source})],
                })
            # Nor added to an existing draft invoice.
            draft = Move.create({"move_type": "out_invoice", "partner_id": self.resident.id})
            with self.assertRaisesRegex(UserError, "buttons and scheduled actions"):
                draft.write({"invoice_line_ids": [Command.create(
                    {"name": "by hand", "price_unit": 30.0, "account_id": self.repair_account.id, **source})]})
        self.assertFalse(slip.billed or reading.billed)
        # An invoice of finance's own, pointing to nothing, is made as usual.
        own = Move.create({"move_type": "out_invoice", "partner_id": self.resident.id, "invoice_line_ids": [
            Command.create({"name": "Key copy", "price_unit": 15.0, "account_id": self.repair_account.id})]})
        self.assertEqual(own.amount_untaxed, 15.0)
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        self.assertEqual(self.bill_of(period).invoice_line_ids.property_slip_id, slip)
        self.assertTrue(slip.billed and reading.billed)

    def two_households_and_an_idle_one(self):
        """unit (owner, fees), unit2 (another owner, management fee) and a
        household with nothing to bill this month."""
        other_owner = self.env["res.partner"].create({"name": "Li Lei"})
        self.env["property.occupancy"].create(
            {"unit_id": self.unit2.id, "partner_id": other_owner.id, "date_start": "2025-01-01"}
        )
        self.env["property.unit.fee"].create(
            {"unit_id": self.unit2.id, "fee_id": self.fee_management.id, "date_start": "2025-01-01"}
        )
        idle = self.env["property.unit"].create({"building_id": self.building.id, "number": "0909", "floor_area": 50})
        self.env["property.occupancy"].create(
            {"unit_id": idle.id, "partner_id": other_owner.id, "date_start": "2025-01-01"}
        )
        return idle

    def run_lanes(self):
        """Call every lane until none has work, as the cron workers would; the bills made."""
        Period = self.env["property.billing.period"]
        lanes = Period._bill_run_lanes()
        moves = self.env["account.move"]
        for _call in range(100):
            made = self.env["account.move"]
            for lane in lanes:
                made |= Period._cron_bill_run_lane(lane)
            if not made and not self.env["property.billing.lane"].search_count(
                [("done", "=", False), ("period_id.state", "=", "running"), ("lane", "in", list(lanes))]
            ):
                return moves
            moves |= made
        raise AssertionError("the lanes never finished")

    def test_bil07_planner_counts_the_cutoff_on_the_estates_day(self):
        """The job runs in UTC: at 17:00 UTC on the 24th it is already 01:00
        on the 25th, the cut-off, in the Shanghai estate, whose month is due."""
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.two_households_and_an_idle_one()
        Period = self.env["property.billing.period"]
        february = [("estate_id", "=", self.estate.id), ("date_to", "=", date(2026, 2, 25))]
        with freeze_time("2026-02-24 15:59:00"):  # 23:59 in Shanghai: still the 24th
            Period._cron_bill_run()
        self.assertFalse(Period.search(february))
        with freeze_time("2026-02-24 17:00:00"):
            Period._cron_bill_run()
        self.assertEqual(Period.search(february).state, "running")

    def test_bil07_monthly_planner_shares_the_run_among_lanes(self):
        self.env["ir.config_parameter"].sudo().set_param("property_billing.bill_run_lane_batch", 1)
        # Only this test's estate (the demo estates would be billed too).
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        idle = self.two_households_and_an_idle_one()
        Period = self.env["property.billing.period"]
        with freeze_time("2026-02-26 10:00:00"):
            Period._cron_bill_run()
            period = self.period(2026, 2)
            self.assertEqual(period.state, "running")
            lanes = period.lane_ids
            self.assertEqual(len(lanes), 4)
            self.assertEqual(sorted(lanes.mapped("share")), [0, 1, 2, 3])
            self.assertEqual(set(lanes.mapped("shares")), {4})
            # A lane bills only its own share: the households whose id modulo 4 is its share.
            first_lane = lanes.filtered(lambda lane: lane.share == self.unit.id % 4)
            moves = Period._cron_bill_run_lane(first_lane.lane)
            self.assertEqual(moves.property_unit_id, self.unit)
            moves |= self.run_lanes()
            # The lanes are done; the planner closes the period.
            self.assertEqual(period.state, "running")
            Period._cron_bill_run()
        self.assertEqual(period.state, "billed")
        self.assertEqual(set(lanes.mapped("done")), {True})
        self.assertEqual(moves.property_unit_id, self.unit | self.unit2)
        self.assertFalse(moves.invoice_user_id, "no OdooBot as the resident's contact on his bills")
        self.assertEqual(self.bill_of(period, self.unit2).amount_total, 300.0)
        # The household with nothing to bill was passed, not waited on.
        self.assertFalse(self.bill_of(period, idle))
        # A second pass of planner and lanes adds nothing.
        with freeze_time("2026-02-26 11:00:00"):
            Period._cron_bill_run()
            self.assertFalse(self.run_lanes())
        self.assertEqual(len(period.invoice_ids), 2)

    def test_bil07_finance_runs_a_large_period_in_the_background(self):
        """Past the company's setting the button queues the lanes; clicking
        again while they work adds nothing; finance is told when it is done."""
        self.company.property_bill_run_inline_limit = 1
        self.two_households_and_an_idle_one()
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            action = period.with_user(self.finance).action_bill_run()
            self.assertEqual(action["tag"], "display_notification")
            self.assertEqual(period.state, "running")
            self.assertEqual(period.bill_run_user_id, self.finance)
            self.assertFalse(period.invoice_ids)
            period.with_user(self.finance).action_bill_run()
            self.assertEqual(len(period.lane_ids), 4)
            self.run_lanes()
            self.env["property.billing.period"]._cron_bill_run()
        self.assertEqual(period.state, "billed")
        self.assertEqual(len(period.invoice_ids), 2)
        message = period.message_ids.filtered(lambda m: self.finance.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("2", message.body)

    def test_bil07_lane_switched_off_is_left_out_of_the_share(self):
        self.env.ref("property_billing.ir_cron_bill_run_lane_2").active = False
        self.company.property_bill_run_inline_limit = 0
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
            self.assertEqual(sorted(period.lane_ids.mapped("lane")), [1, 3, 4])
            self.assertEqual(set(period.lane_ids.mapped("shares")), {3})
            self.run_lanes()
            self.env["property.billing.period"]._cron_bill_run()
        self.assertEqual(period.state, "billed")
        self.assertTrue(self.bill_of(period))
        for lane in range(1, 5):
            self.env.ref(f"property_billing.ir_cron_bill_run_lane_{lane}").active = False
        with self.assertRaisesRegex(UserError, "lane"):
            self.period(2026, 3).with_user(self.finance).action_bill_run()

    def test_bil07_lanes_never_touch_each_others_share(self):
        """The shares of a run partition the households: every household in
        exactly one share, whatever the number of lanes."""
        self.two_households_and_an_idle_one()
        period = self.period(2026, 2)
        everyone = period._households_to_bill()
        for shares in (1, 2, 3, 4):
            parts = [period._households_to_bill(share=(k, shares)) for k in range(shares)]
            self.assertEqual(sum(len(part) for part in parts), len(everyone))
            union = self.env["property.unit"].union(*parts)
            self.assertEqual(union, everyone)

    def test_bil02_a_month_the_job_missed_is_still_billed(self):
        """The job was down from the cut-off to the month's end: February is billed in March."""
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.period(2026, 1)._workflow_write({"state": "billed"})
        with freeze_time("2026-03-02 10:00:00"):
            self.env["property.billing.period"]._cron_bill_run()
            moves = self.run_lanes()
        february = self.env["property.billing.period"].search(
            [("estate_id", "=", self.estate.id), ("date_to", "=", "2026-02-25")]
        )
        self.assertIn(february, moves.property_period_id)
        self.assertIn(self.unit, moves.filtered(lambda m: m.property_period_id == february).property_unit_id)

    def test_clerk_cannot_run_the_bills(self):
        period = self.period(2026, 2)
        with self.assertRaises(AccessError):
            period.with_user(self.clerk).action_bill_run()

    def test_bil07_reading_slipped_in_between(self):
        """A late reading between two others: the next one's consumption is
        counted again from it; before a billed reading, it is refused."""
        Reading = self.env["property.meter.reading"].with_user(self.engineer)
        later = Reading.create({"meter_id": self.meter.id, "date": "2026-02-24", "value": 130.0})
        consumption = later.consumption
        between = Reading.create({"meter_id": self.meter.id, "date": "2026-02-10", "value": 120.0})
        self.assertEqual(between.consumption + later.consumption, consumption)
        self.assertEqual(later.consumption, 10.0)
        with self.assertRaisesRegex(ValidationError, "higher than the next one"):
            with self.env.cr.savepoint():
                Reading.create({"meter_id": self.meter.id, "date": "2026-02-20", "value": 140.0})
        with freeze_time("2026-02-26 10:00:00"):
            self.period(2026, 2).with_user(self.finance).action_bill_run()
        self.assertTrue(later.invoice_line_id)
        with self.assertRaisesRegex(ValidationError, "billed up to"):
            with self.env.cr.savepoint():
                Reading.create({"meter_id": self.meter.id, "date": "2026-02-15", "value": 125.0})

    def test_readings_lower_than_previous_refused(self):
        Reading = self.env["property.meter.reading"].with_user(self.engineer)
        with self.assertRaisesRegex(ValidationError, "lower than the previous"):
            with self.env.cr.savepoint():
                Reading.create({"meter_id": self.meter.id, "date": "2026-02-20", "value": 90.0})
        # A rollover says what happened.
        reading = Reading.create({"meter_id": self.meter.id, "date": "2026-02-20", "value": 5.0, "rollover": True,
                                  "rollover_max": 9999.0})
        self.assertEqual(reading.consumption, 9904.0)

    def test_readings_in_the_future_or_on_archived_meters_refused(self):
        Reading = self.env["property.meter.reading"].with_user(self.engineer)
        with freeze_time("2026-02-20"):
            with self.assertRaisesRegex(ValidationError, "future"):
                with self.env.cr.savepoint():
                    Reading.create({"meter_id": self.meter.id, "date": "2026-02-21", "value": 120.0})
        self.meter.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            with self.env.cr.savepoint():
                Reading.create({"meter_id": self.meter.id, "date": "2026-02-20", "value": 120.0})

    def test_unusual_consumption_waits_for_review(self):
        Reading = self.env["property.meter.reading"]
        for month, value in ((2, 110.0), (3, 121.0), (4, 131.0)):
            Reading.create({"meter_id": self.meter.id, "date": date(2026, month, 24), "value": value})
        spike = Reading.create({"meter_id": self.meter.id, "date": "2026-05-24", "value": 231.0})
        self.assertEqual(spike.state, "review")
        period = self.period(2026, 5)
        with freeze_time("2026-05-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        self.assertNotIn(spike, self.bill_of(period).invoice_line_ids.property_reading_id)
        with self.assertRaisesRegex(UserError, "buttons"):
            spike.with_user(self.engineer).write({"state": "ok"})
        with self.assertRaises(AccessError):
            spike.with_user(self.engineer).action_approve()
        spike.with_user(self.finance).action_approve()
        # Changing the value asks for the review again.
        spike.value = 232.0
        self.assertEqual(spike.state, "review")
        spike.with_user(self.finance).action_approve()
        june = self.period(2026, 6)
        with freeze_time("2026-06-26 10:00:00"):
            june.with_user(self.finance).action_bill_run()
        self.assertIn(spike, self.bill_of(june).invoice_line_ids.property_reading_id)

    def test_tiered_meter_price(self):
        self.fee_water.tier_ids = [
            Command.create({"threshold": 10.0, "price": 4.0}),
            Command.create({"threshold": 20.0, "price": 6.0}),
        ]
        # 25 m³: 10 × 3.20 + 10 × 4.00 + 5 × 6.00 = 102.00
        self.assertEqual(self.fee_water._meter_line(25.0), (1.0, 102.0))
        self.assertEqual(self.fee_water._meter_tiers(25.0), [(10.0, 3.2), (10.0, 4.0), (5.0, 6.0)])
        # Below the first threshold a resident reads consumption × price.
        self.assertEqual(self.fee_water._meter_line(7.5), (7.5, 3.2))

    def test_bil08_penalty_of_earlier_bill_charged_on_next_bill(self):
        january = self.period(2026, 1)
        with freeze_time("2026-01-26 10:00:00"):
            january.with_user(self.finance).action_bill_run()
        jan_bill = self.bill_of(january)
        self.assertEqual(jan_bill.invoice_date_due, date(2026, 2, 15))
        # Unpaid past the grace: at the March cut-off (38 days late) 396.25 × 0.0005 × 38 = 7.53
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
        march_bill = self.bill_of(march)
        penalty_line = march_bill.invoice_line_ids.filtered(lambda line: line.property_penalty_move_id == jan_bill)
        self.assertEqual(penalty_line.price_subtotal, 7.53)
        self.assertEqual(jan_bill.property_penalty_charged, 7.53)
        self.assertEqual(march_bill.property_principal, march_bill.amount_total - 7.53)

    def test_bil07_batched_bills_are_what_posting_makes(self):
        """The bill run subscribes the households and skips the analytic
        lookup in batches: the bills still get exactly what action_post and
        the analytic distribution models give them."""
        period = self.period(2026, 2)
        with freeze_time("2026-02-26 10:00:00"):
            period.with_user(self.finance).action_bill_run()
        bill = self.bill_of(period)
        follower = bill.message_follower_ids.filtered(lambda f: f.partner_id == self.resident)
        _default, _internal, external = self.env["mail.message.subtype"].default_subtypes("account.move")
        self.assertEqual(follower.subtype_ids, external)
        self.assertFalse(bill.invoice_line_ids.mapped("analytic_distribution")[0])
        # With a distribution model for the fees' account, Odoo's lookup applies.
        plan = self.env["account.analytic.plan"].create({"name": "Estates"})
        analytic = self.env["account.analytic.account"].create({"name": "Estate A", "plan_id": plan.id})
        self.env["account.analytic.distribution.model"].create({
            "account_prefix": self.fee_account.code, "analytic_distribution": {str(analytic.id): 100},
        })
        march = self.period(2026, 3)
        with freeze_time("2026-03-26 10:00:00"):
            march.with_user(self.finance).action_bill_run()
        lines = self.bill_of(march).invoice_line_ids.filtered(lambda line: line.account_id == self.fee_account)
        self.assertTrue(lines)
        self.assertEqual(lines.mapped("analytic_distribution"), [{str(analytic.id): 100}] * len(lines))
