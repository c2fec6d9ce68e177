from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestDocumentDelivery(PropertyBillingCase):
    """BIL-03 / BIL-10: the month's notices printed by the 30th, delivered by
    the 1st by each household's channel, and phoned about when not collected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner, Occupancy = cls.env["res.partner"], cls.env["property.occupancy"]
        # Wang Fang owns 0202 and lives elsewhere; Liu Yang, of 0301, is an important customer.
        cls.away_owner = Partner.create({"name": "Wang Fang", "lang": "en_US", "street": "Wensan Road 1"})
        cls.unit3 = cls.env["property.unit"].create(
            {"building_id": cls.building.id, "number": "0301", "floor": 3, "floor_area": 80.0})
        cls.important = Partner.create({"name": "Liu Yang", "lang": "en_US", "property_important_customer": True})
        Occupancy.create([
            {"unit_id": cls.unit2.id, "partner_id": cls.away_owner.id, "role": "owner", "lives_in": False,
             "date_start": "2024-01-01"},
            {"unit_id": cls.unit3.id, "partner_id": cls.important.id, "role": "owner", "date_start": "2024-01-01"},
        ])
        cls.env["property.unit.fee"].create([
            {"unit_id": unit.id, "fee_id": cls.fee_management.id, "date_start": "2025-01-01"}
            for unit in (cls.unit2, cls.unit3)
        ])
        cls.estate.collection_user_id = cls.clerk
        cls.Delivery = cls.env["property.document.delivery"]

    def setUp(self):
        super().setUp()
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False

    def billed_and_printed(self, year, month, printed_on):
        period = self.period(year, month)
        with freeze_time(f"{year}-{month:02d}-26 02:00:00"):
            period.with_user(self.finance).action_bill_run()
        with freeze_time(printed_on), \
                patch.object(type(self.env["property.unit"]), "_on_fee_collection_visits") as hook:
            action = period.with_user(self.finance).action_print_notices()
        self.assertEqual(action["report_name"], "property_billing.report_payment_notice")
        return period, hook

    def test_bil03_notices_ready_by_the_30th_and_delivered_by_the_1st(self):
        january, february = self.period(2026, 1), self.period(2026, 2)
        self.assertEqual((january.notice_deadline, january.delivery_deadline), (date(2026, 1, 30), date(2026, 2, 1)))
        # February has 28 days: ready by its last day.
        self.assertEqual((february.notice_deadline, february.delivery_deadline), (date(2026, 2, 28), date(2026, 3, 1)))
        january, _hook = self.billed_and_printed(2026, 1, "2026-01-28 02:00:00")
        self.assertEqual(january.notices_ready_on, date(2026, 1, 28))
        # Printing planned the delivery of every household's notice, due by the 1st, channel recorded.
        deliveries = january.delivery_ids
        self.assertEqual(deliveries.move_id, january.invoice_ids)
        self.assertEqual(set(deliveries.mapped("deadline")), {date(2026, 2, 1)})
        self.assertEqual(set(deliveries.mapped("kind")), {"notice"})
        self.assertTrue(all(deliveries.mapped("channel")))
        january.with_user(self.finance).action_plan_deliveries()
        self.assertEqual(january.delivery_ids, deliveries)
        # Not delivered by the 1st: the fees clerk is reminded on the 2nd, once.
        on_time = deliveries.filtered(lambda d: d.unit_id == self.unit).with_user(self.clerk)
        with freeze_time("2026-02-01 02:00:00"):
            on_time.action_delivered()
        with freeze_time("2026-02-02 02:00:00"):
            _uncollected, late, _periods = self.Delivery._cron_follow_up()
            self.assertFalse(self.Delivery._cron_follow_up()[1])
        self.assertEqual(late, deliveries - on_time)
        self.assertEqual(late.activity_ids.user_id, self.clerk)
        self.assertFalse(on_time.delivered_late)
        # February's bills are run but their notices not printed by the 28th: whoever ran them is told, once.
        with freeze_time("2026-02-26 02:00:00"):
            february.with_user(self.finance).action_bill_run()
        with freeze_time("2026-02-27 02:00:00"):
            self.assertFalse(self.Delivery._cron_follow_up()[2])
        with freeze_time("2026-02-28 02:00:00"):
            self.assertEqual(self.Delivery._cron_follow_up()[2], february)
            self.assertFalse(self.Delivery._cron_follow_up()[2])
        self.assertEqual(february.activity_ids.user_id, self.finance)
        self.assertTrue(february.notices_late_notified)

    def test_bil10_channel_per_household_and_a_phone_call_after_two_weeks(self):
        january, hook = self.billed_and_printed(2026, 1, "2026-01-28 02:00:00")
        deliveries = {delivery.unit_id: delivery.with_user(self.clerk) for delivery in january.delivery_ids}
        # The letter box for who lives there, the post for an owner living elsewhere, the butler in person
        # for an important customer (his visit planned through the unit's hook that property_butler fills in).
        self.assertEqual({unit: d.channel for unit, d in deliveries.items()},
                         {self.unit: "mailbox", self.unit2: "post", self.unit3: "butler"})
        hook.assert_called_once_with([(self.unit3, self.important)])
        with freeze_time("2026-01-30 02:00:00"):
            for delivery in deliveries.values():
                delivery.action_delivered()
        # In person it is in the resident's hands at once; in the letter box or by post, once collected.
        self.assertEqual(deliveries[self.unit3].state, "collected")
        self.assertEqual(deliveries[self.unit3].deliverer_id, self.clerk)
        self.assertEqual((deliveries[self.unit].state, deliveries[self.unit].collect_due),
                         ("delivered", date(2026, 2, 13)))
        with freeze_time("2026-02-13 02:00:00"):
            self.assertFalse(self.Delivery._cron_follow_up()[0])
        with freeze_time("2026-02-14 02:00:00"):
            phoned = self.Delivery._cron_follow_up()[0]
            self.assertFalse(self.Delivery._cron_follow_up()[0])
        self.assertEqual(phoned.unit_id, self.unit | self.unit2)
        call = deliveries[self.unit2].activity_ids
        self.assertEqual((call.user_id, call.activity_type_id),
                         (self.clerk, self.env.ref("mail.mail_activity_data_call")))
        self.assertIn("Wang Fang", call.summary)
        # The resident has it: the call is done, the delivery kept as recorded.
        with freeze_time("2026-02-15 02:00:00"):
            deliveries[self.unit2].action_collected()
        self.assertEqual((deliveries[self.unit2].state, deliveries[self.unit2].collected_on),
                         ("collected", date(2026, 2, 15)))
        self.assertFalse(deliveries[self.unit2].activity_ids)
        with self.assertRaisesRegex(UserError, "kept as recorded"):
            deliveries[self.unit2].write({"channel": "hand"})
        with self.assertRaisesRegex(UserError, "buttons"):
            deliveries[self.unit].write({"state": "collected"})
        # Two weeks is the estate's [default]: a week elsewhere.
        self.estate.delivery_collect_days = 7
        self.assertEqual(deliveries[self.unit].collect_due, date(2026, 2, 6))

    def test_bil10_a_delivery_out_is_kept_as_recorded_and_dated_by_the_estates_clock(self):
        """Once out, a delivery's channel, deliverer and day — what decides
        whether the resident is phoned — no longer change; the day a payment
        notice is due by is finance's planning, and so is cancelling it. Its
        days are the estate's: 17:00 UTC on 31 January is the 1st in
        Shanghai, on time."""
        january, _hook = self.billed_and_printed(2026, 1, "2026-01-28 02:00:00")
        delivery = january.delivery_ids.filtered(lambda d: d.unit_id == self.unit).with_user(self.clerk)
        self.assertEqual((delivery.channel, delivery.deadline, delivery.period_id),
                         ("mailbox", date(2026, 2, 1), january))
        # Planned by finance: the desk neither moves its day nor cancels it.
        with self.assertRaisesRegex(UserError, "finance planned it"):
            delivery.write({"deadline": "2026-02-10"})
        with self.assertRaises(AccessError):
            delivery.action_cancel()
        with self.assertRaisesRegex(UserError, "buttons"):
            delivery.write({"period_id": False})
        # Who takes it may still be chosen before it goes out.
        delivery.write({"deliverer_id": self.supervisor.id})
        with freeze_time("2026-01-31 17:00:00"):
            delivery.action_delivered()
        self.assertEqual((delivery.state, delivery.delivered_on, delivery.delivered_late, delivery.collect_due),
                         ("delivered", date(2026, 2, 1), False, date(2026, 2, 15)))
        self.assertEqual(delivery.deliverer_id, self.supervisor)
        # Out: kept as recorded, so no one escapes the phone call by changing the channel or the day.
        for values in ({"channel": "hand"}, {"deliverer_id": self.clerk.id}, {"deadline": "2026-03-01"},
                       {"unit_id": self.unit2.id}):
            with self.assertRaisesRegex(UserError, "kept as recorded"):
                delivery.write(values)
        with self.assertRaisesRegex(UserError, "not delivered yet"):
            delivery.action_cancel()
        # Not collected by the 15th: the clerk phones on the estate's 16th (16:00 UTC on the 15th).
        with freeze_time("2026-02-15 15:00:00"):
            self.assertFalse(self.Delivery._cron_follow_up()[0])
        with freeze_time("2026-02-15 16:00:00"):
            self.assertIn(delivery, self.Delivery._cron_follow_up()[0])
        with freeze_time("2026-02-16 17:30:00"):
            delivery.action_collected()
        self.assertEqual(delivery.collected_on, date(2026, 2, 17))
        # Finance may cancel a notice it planned (the household gets none this month).
        other = january.delivery_ids.filtered(lambda d: d.unit_id == self.unit2).with_user(self.finance)
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        # A document the desk sends out itself: its day is the desk's, until it goes out.
        outage = self.Delivery.with_user(self.clerk).create({
            "name": "Water outage notice, 3 March", "kind": "outage", "unit_id": self.unit.id,
            "partner_id": self.resident.id, "deadline": "2026-03-01",
        })
        outage.write({"deadline": "2026-03-02"})
        with self.assertRaisesRegex(UserError, "buttons"):
            self.Delivery.with_user(self.clerk).create({
                "name": "Forged notice", "unit_id": self.unit.id, "partner_id": self.resident.id,
                "period_id": january.id, "deadline": "2026-03-01",
            })
        with freeze_time("2026-03-01 02:00:00"):
            outage.action_delivered()
        with self.assertRaisesRegex(UserError, "kept as recorded"):
            outage.write({"deadline": "2026-03-05"})
        outage.action_collected()
        self.assertEqual(outage.state, "collected")
