from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import PropertyBillingCase
from odoo import Command


@tagged("post_install", "-at_install")
class TestDunningArrears(PropertyBillingCase):

    def setUp(self):
        super().setUp()
        # Notice on 25 February, due 15 March.
        self.bill = self.simple_bill(396.25, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.Dunning = self.env["property.dunning"]
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False

    def test_dun01_dun02_three_reminders_a_week_apart_from_day_15(self):
        """15 days after the notice and past the due date (the 15th): the 16th."""
        with freeze_time("2026-03-15"):
            self.assertFalse(self.Dunning._cron_make_reminders())
        with freeze_time("2026-03-16"):
            first = self.Dunning._cron_make_reminders()
            # Running twice the same day makes nothing more.
            self.assertFalse(self.Dunning._cron_make_reminders())
        self.assertEqual((first.level, first.unit_id, first.amount_due), (1, self.unit, 396.25))
        self.assertEqual(first.activity_ids.user_id, self.supervisor)
        with freeze_time("2026-03-22"):
            self.assertFalse(self.Dunning._cron_make_reminders())
        with freeze_time("2026-03-23"):
            self.assertEqual(self.Dunning._cron_make_reminders().level, 2)
        with freeze_time("2026-03-30"):
            self.assertEqual(self.Dunning._cron_make_reminders().level, 3)
        with freeze_time("2026-04-06"):
            self.assertFalse(self.Dunning._cron_make_reminders())

    def test_dun02_second_reminder_comes_with_the_butlers_visit(self):
        """DUN-02: one week after the first, the second reminder — made by the
        daily job — plans the zone butler's visit to learn why (VIS-03)."""
        if "property.visit" not in self.env:
            # property_butler is not installed: the job still calls the hook on the second reminder.
            with patch.object(type(self.env["property.unit"]), "_on_fee_collection_visits") as hook:
                with freeze_time("2026-03-16"):
                    self.Dunning._cron_make_reminders()
                hook.assert_not_called()
                with freeze_time("2026-03-23"):
                    self.Dunning._cron_make_reminders()
                hook.assert_called_once()
            return
        butler = self.env["hr.employee"].create(
            {
                "name": "Butler Wu",
                "property_role": "butler",
                "property_zone_building_ids": [Command.set(self.building.ids)],
            }
        )
        Visit = self.env["property.visit"]
        with freeze_time("2026-03-16"):
            self.assertEqual(self.Dunning._cron_make_reminders().level, 1)
        self.assertFalse(Visit.search([("kind", "=", "fee"), ("unit_id", "=", self.unit.id)]))
        with freeze_time("2026-03-23 02:00:00"):
            self.assertEqual(self.Dunning._cron_make_reminders().level, 2)
        visit = Visit.search([("kind", "=", "fee"), ("unit_id", "=", self.unit.id)])
        self.assertEqual((visit.employee_id, visit.partner_id, str(visit.date_planned)),
                         (butler, self.resident, "2026-03-25 02:00:00"))

    def test_dun01_hand_delivery_needs_the_signature(self):
        with freeze_time("2026-03-16"):
            reminder = self.Dunning._cron_make_reminders().with_user(self.clerk)
        with self.assertRaisesRegex(UserError, "signature"):
            reminder.action_delivered()
        with self.assertRaisesRegex(UserError, "buttons"):
            reminder.write({"signature": self.signature, "signed_by": "Zhang Wei"})
        self.sign(reminder, "Zhang Wei")
        self.assertEqual(reminder.state, "delivered")
        self.assertEqual(reminder.signed_by, "Zhang Wei")
        self.assertEqual(reminder.deliverer_id, self.clerk)

    def test_paid_household_gets_no_reminder(self):
        self.pay(self.bill, 396.25, date(2026, 3, 1))
        with freeze_time("2026-03-16"):
            self.assertFalse(self.Dunning._cron_make_reminders())

    def test_dun03_service_problem_opens_a_request(self):
        log = self.env["property.collection.log"].with_user(self.clerk).create({
            "unit_id": self.unit.id, "partner_id": self.resident.id, "reason": "service_problem",
            "note": "Lift broken for two weeks", "promised_date": "2026-04-10",
        })
        self.assertEqual(log.request_id.category, "complaint")
        self.assertIn("Lift broken", log.request_id.description)
        self.assertEqual(log.request_id.unit_id, self.unit)

    def test_dun05_collection_rate_is_collected_over_billed(self):
        paid = self.simple_bill(100.0, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.pay(paid, 100.0, "2026-03-01")
        self.env.flush_all()
        [(rate, billed)] = self.env["property.bill.analysis"].with_user(self.finance)._read_group(
            [("move_id", "in", (paid | self.bill).ids)], [], ["collection_rate:avg", "amount_billed:sum"])
        # 100.00 of 496.25 collected: 20.15 %, not the 50 % average of the two bills' rates.
        self.assertEqual((round(rate, 2), billed), (20.15, 496.25))

    def test_dun04_arrears_ladder(self):
        Unit = self.env["property.unit"]
        cases = [("2026-04-15", "none"), ("2026-04-16", "arrears"), ("2026-05-15", "posting"), ("2026-06-15", "legal")]
        for today, stage in cases:
            with freeze_time(today):
                Unit._cron_refresh_arrears()
                self.assertEqual(self.unit.arrears_stage, stage, today)
        self.assertEqual(self.unit.arrears_amount, 396.25)
        self.assertEqual(self.unit.arrears_since, date(2026, 3, 15))
        self.assertEqual(self.resident.property_arrears_stage, "legal")
        self.pay(self.bill, 396.25, date(2026, 6, 16))
        with freeze_time("2026-06-17"):
            Unit._cron_refresh_arrears()
        self.assertEqual(self.unit.arrears_stage, "none")

    def test_dun04_arrears_and_late_fees_counted_on_the_estates_day(self):
        """The daily jobs run in UTC; 16:30 UTC on 15 April is already 16 April
        in the Shanghai estate: the bill due 15 March is a month late there,
        and its late fee counts that day too."""
        with freeze_time("2026-04-15 15:30:00"):  # 23:30 in Shanghai
            self.env["property.unit"]._cron_refresh_arrears()
            self.env["account.move"]._cron_refresh_penalties()
        self.assertEqual(self.unit.arrears_stage, "none")
        self.assertEqual(self.bill.property_penalty_accrual_ids.date, date(2026, 4, 15))
        with freeze_time("2026-04-15 16:30:00"):
            self.env["property.unit"]._cron_refresh_arrears()
            self.env["account.move"]._cron_refresh_penalties()
        self.assertEqual(self.unit.arrears_stage, "arrears")
        self.assertEqual(self.unit.arrears_checked_on, date(2026, 4, 16))
        self.assertEqual(self.bill.property_penalty_accrual_ids.date, date(2026, 4, 16))

    def test_dun04_household_in_arrears_cannot_move_out(self):
        moveout = self.env["property.moveout"].with_user(self.clerk).create({
            "unit_id": self.unit.id, "partner_id": self.resident.id, "kind": "goods_release", "date": "2026-05-01",
        })
        with freeze_time("2026-05-01"):
            with self.assertRaisesRegex(UserError, r"in arrears: .*396\.25"):
                moveout.action_done()
        self.assertEqual(moveout.state, "draft")
        self.pay(self.bill, 396.25, date(2026, 5, 1))
        with freeze_time("2026-05-01"):
            moveout.action_done()
        self.assertEqual(moveout.state, "done")

    def test_posting_list_and_arrears_export(self):
        with freeze_time("2026-05-20"):
            self.env["property.unit"]._cron_refresh_arrears()
            self.env["account.move"]._cron_refresh_penalties()
        report = self.env.ref("property_billing.action_report_posting_list")
        html = report._render_qweb_html(report.report_name, self.estate.ids)[0].decode()
        self.assertIn("1-0201", html)
        self.assertIn("396.25", html)
        self.assertNotIn("Zhang Wei", html)
        export = (
            self.env["property.billing.export"]
            .with_user(self.finance)
            .create({"kind": "arrears", "estate_id": self.estate.id})
        )
        export.action_export()
        import base64
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][0], "GL 1-0201")
        self.assertEqual(rows[1][-1], 396.25)

    def three_reminders(self):
        reminders = self.Dunning
        for day in ("2026-03-16", "2026-03-23", "2026-03-30"):
            with freeze_time(day):
                reminders |= self.Dunning._cron_make_reminders()
        return reminders.sorted("level")

    def test_dun02_third_reminder_by_the_service_head_with_the_clerk_then_the_manager(self):
        """DUN-02: the third reminder is delivered by the service head with the
        clerk — recorded by the head himself, logged in, the clerk named
        beside him; a clerk alone cannot record it, even naming the head. A
        week after its delivery, still unpaid, the case goes to the estate
        manager."""
        first, _second, third = self.three_reminders()
        self.assertEqual((first.is_last, third.is_last), (False, True))
        self.assertEqual(third.activity_ids.user_id, self.supervisor)
        # The clerk alone, even naming the service head as the deliverer and himself as the companion: refused.
        as_clerk = third.with_user(self.clerk)
        as_clerk.write({"deliverer_id": self.supervisor.id, "companion_id": self.clerk.id})
        with self.assertRaisesRegex(UserError, "service head delivers it with the clerk"):
            self.sign(as_clerk, "Zhang Wei")
        as_clerk.write({"channel": "letter_box"})
        with self.assertRaisesRegex(UserError, "service head delivers it with the clerk"):
            as_clerk.action_delivered()
        # The head with himself as the companion, or with no one who works at the desk: refused.
        as_head = third.with_user(self.supervisor)
        as_head.write({"channel": "hand", "companion_id": self.supervisor.id})
        with self.assertRaisesRegex(UserError, "service head delivers it with the clerk"):
            self.sign(as_head, "Zhang Wei")
        outsider = new_test_user(self.env, "t_outsider", groups="base.group_user")
        as_head.write({"companion_id": outsider.id})
        with self.assertRaisesRegex(UserError, "service head delivers it with the clerk"):
            self.sign(as_head, "Zhang Wei")
        self.assertEqual(third.state, "to_deliver")
        # The head, logged in, with the clerk: delivered on 2 April, three days after it was made.
        as_head.write({"companion_id": self.clerk.id, "deliverer_id": self.clerk.id})
        with freeze_time("2026-04-02 02:00:00"):
            self.sign(as_head, "Zhang Wei")
        self.assertEqual((third.state, third.delivered_on, third.deliverer_id, third.companion_id),
                         ("delivered", date(2026, 4, 2), self.supervisor, self.clerk))
        # A week after its delivery (not after its making): still unpaid, the manager decides; once.
        with freeze_time("2026-04-06"):
            self.Dunning._cron_make_reminders()
        with freeze_time("2026-04-08 15:00:00"):
            self.Dunning._cron_make_reminders()
        self.assertFalse(third.escalated)
        # 16:00 UTC on the 8th is the 9th in the estate.
        with freeze_time("2026-04-08 16:00:00"):
            self.Dunning._cron_make_reminders()
            self.Dunning._cron_make_reminders()
        self.assertTrue(third.escalated)
        manager_todo = third.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(manager_todo), 1)
        self.assertIn("still owes", manager_todo.summary)
        with self.assertRaisesRegex(UserError, "buttons"):
            third.write({"escalated": False})

    def test_dun02_paid_after_the_third_reminder_does_not_go_to_the_manager(self):
        third = self.three_reminders()[-1].with_user(self.supervisor)
        third.write({"channel": "letter_box", "companion_id": self.clerk.id})
        third.action_delivered()
        self.pay(self.bill, 396.25, date(2026, 4, 1))
        with freeze_time("2026-04-06"):
            self.Dunning._cron_make_reminders()
        self.assertFalse(third.escalated)
        self.assertFalse(third.activity_ids.filtered(lambda a: a.user_id == self.manager))

    def test_dun05_butler_rechecks_in_weeks_three_and_four_of_a_quarters_last_month(self):
        """DUN-05: households in arrears get their butler's recheck in the
        third (15th-21st) and fourth (22nd on) week of March, June, September
        and December — a visit planned for the zone's butler (VIS-03), once a
        week; the weeks by the estate's clock (17:00 UTC on the 21st is the
        22nd in Shanghai: the fourth week)."""
        Unit = self.env["property.unit"]
        with freeze_time("2026-05-20"):
            Unit._cron_refresh_arrears()
        self.assertGreater(self.unit.arrears_amount, 0)
        self.assertEqual([Unit._recheck_week(date(2026, m, d)) for m, d in ((6, 14), (6, 15), (6, 21), (6, 22), (6, 30),
                                                                            (5, 20))],
                         [None, date(2026, 6, 15), date(2026, 6, 15), date(2026, 6, 22), date(2026, 6, 22), None])
        # The zone's butler is property_butler's to find (its own tests plan the visits): here, who is asked for.
        with patch.object(type(Unit), "_on_fee_collection_visits") as hook:
            with freeze_time("2026-05-20"):
                self.assertFalse(Unit._cron_butler_recheck())
            with freeze_time("2026-06-14 15:00:00"):
                # Still the 14th in the estate (23:00): not yet the third week.
                self.assertFalse(Unit._cron_butler_recheck())
            with freeze_time("2026-06-14 16:00:00"):
                self.assertEqual(Unit._cron_butler_recheck(), self.unit)
            self.assertEqual(self.unit.arrears_recheck_on, date(2026, 6, 15))
            with freeze_time("2026-06-16"):
                self.assertFalse(Unit._cron_butler_recheck())
            with freeze_time("2026-06-21 17:00:00"):
                self.assertEqual(Unit._cron_butler_recheck(), self.unit)
            self.assertEqual(self.unit.arrears_recheck_on, date(2026, 6, 22))
            with freeze_time("2026-06-29"):
                self.assertFalse(Unit._cron_butler_recheck())
        self.assertEqual(hook.call_count, 2)
        hook.assert_called_with([(self.unit, self.resident)])

    def test_dun05_lawyers_letter_lists_the_late_fees(self):
        """DUN-05: the letter lists each unpaid bill with its late fee to date,
        from the one penalty function: 396.25 unpaid from 16 March to 15 June,
        92 days × 0.05 % = 18.23."""
        with freeze_time("2026-06-15 02:00:00"):
            self.env["property.unit"]._cron_refresh_arrears()
            values = self.unit.with_user(self.finance)._lawyer_letter_values()
            action = self.unit.with_user(self.finance).action_print_lawyer_letter()
            report = self.env.ref("property_billing.action_report_lawyer_letter")
            html = report._render_qweb_html(report.report_name, self.unit.ids)[0].decode()
        self.assertEqual(self.unit.arrears_stage, "legal")
        self.assertEqual(action["report_name"], "property_billing.report_lawyer_letter")
        [row] = values["rows"]
        self.assertEqual((row["bill"], row["unpaid"], row["penalty_due"]), (self.bill, 396.25, 18.23))
        self.assertEqual((values["unpaid"], values["penalty_due"], values["total"]), (396.25, 18.23, 414.48))
        self.assertIn("396.25 × 92 days × 0.05 % = 18.23", html)
        self.assertIn(self.bill.name, html)
        self.assertIn(self.currency._amount_to_cn_capitals(414.48), html)
        with self.assertRaises(AccessError):
            self.unit.with_user(self.clerk).action_print_lawyer_letter()

    def test_dun05_collection_target_is_a_setting_beside_the_rate(self):
        """DUN-05: the estate shows this year's collection rate beside its
        target (90 % [default], a setting); below it is flagged."""
        paid = self.simple_bill(100.0, date(2026, 3, 15), invoice_date=date(2026, 2, 25))
        self.pay(paid, 100.0, "2026-03-01")
        with freeze_time("2026-04-01"):
            self.estate.invalidate_recordset(["collection_rate", "collection_below_target"])
            # 100.00 of 496.25 collected: 20.2 % (shown to a tenth).
            self.assertEqual(self.estate.collection_rate, 20.2)
            self.assertEqual(self.estate.collection_target, 90.0)
            self.assertTrue(self.estate.collection_below_target)
            self.estate.collection_target = 20.0
            self.estate.invalidate_recordset(["collection_rate", "collection_below_target"])
            self.assertFalse(self.estate.collection_below_target)
        self.env.flush_all()
        [(target,)] = self.env["property.bill.analysis"].with_user(self.finance)._read_group(
            [("move_id", "in", (paid | self.bill).ids)], [], ["collection_target:avg"])
        self.assertEqual(target, 20.0)
