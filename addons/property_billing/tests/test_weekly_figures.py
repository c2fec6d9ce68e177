from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestWeeklyCollectionRate(PropertyBillingCase):

    def test_sat03_dun05_weekly_collection_rate_of_the_years_bills_due(self):
        # Due this year by the week's end: 1,000.00 and 500.00, of which 1,200.00 collected; 800.00 due later.
        paid = self.simple_bill(1000.0, date(2026, 10, 15))
        self.pay(paid, 1000.0, date(2026, 10, 20))
        partly = self.simple_bill(500.0, date(2026, 11, 10))
        self.pay(partly, 200.0, date(2026, 11, 11))
        self.simple_bill(800.0, date(2026, 11, 30))
        last_year = self.simple_bill(300.0, date(2025, 12, 15))
        self.assertEqual(last_year.payment_state, "not_paid")
        with freeze_time("2026-11-16 01:00:00"):
            self.env["property.kpi.week"]._cron_count_last_week()
        week = self.env["property.kpi.week"].search([("estate_id", "=", self.estate.id)])
        self.assertRecordValues(week, [{"week": date(2026, 11, 9), "collection_rate": 80.0,
                                        "collection_target": 90.0}])
