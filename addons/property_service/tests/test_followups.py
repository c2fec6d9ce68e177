from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.addons.property_service.models.property_community_event import PropertyCommunityEvent
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PropertyServiceCase


@tagged("at_install")
class TestFollowups(PropertyServiceCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.property_repair_followup_target = 100.0

    def finish_complaint(self, severity="ordinary"):
        request = self.new_request(category="complaint", complaint_severity=severity, department="security",
                                   request_type_id=self.noise.id, tier="normal")
        clerk_request = request.with_user(self.clerk)
        clerk_request.action_dispatch()
        clerk_request.resolution = "Spoke with the neighbour"
        clerk_request.action_done()
        return request

    @freeze_time("2026-03-10 02:00:00")
    def test_fup01_complaint_followed_up_within_3_days_by_severity(self):
        ordinary = self.finish_complaint()
        important = self.finish_complaint("important")
        serious = self.finish_complaint("serious")
        self.assertEqual(ordinary.followup_ids.kind, "complaint")
        self.assertEqual(ordinary.followup_ids.date_due, date(2026, 3, 13))
        self.assertEqual(ordinary.followup_ids.user_id, self.clerk)
        self.assertEqual(important.followup_ids.user_id, self.supervisor)
        self.assertEqual(serious.followup_ids.user_id, self.manager)
        # The responsible gets an activity due on the follow-up date.
        activity = serious.followup_ids.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.date_deadline, date(2026, 3, 13))

    @freeze_time("2026-03-10 02:00:00")
    def test_fup02_emergency_repair_within_24_hours(self):
        request, _slip = self.finished_repair(tier="very_urgent")
        followup = request.followup_ids
        self.assertEqual(followup.kind, "emergency_repair")
        self.assertEqual(followup.date_due, date(2026, 3, 11))

    def test_fup02_emergency_repair_followed_up_within_24_hours_not_the_next_day(self):
        # Repaired at 14:00 in Shanghai.
        with freeze_time("2026-03-10 06:00:00"):
            request, _slip = self.finished_repair(tier="very_urgent")
            other, _slip = self.finished_repair(tier="very_urgent", unit_id=self.unit2.id)
        followup = request.followup_ids.with_user(self.clerk)
        self.assertEqual(followup.deadline, self.dt("2026-03-11 06:00:00"))
        self.assertEqual(followup.date_due, date(2026, 3, 11))
        # 15:00 the next day is still "the next day", but 25 hours after the repair: late.
        with freeze_time("2026-03-11 07:00:00"):
            followup.write({"channel": "phone", "satisfaction": "satisfied"})
            followup.action_done()
        self.assertEqual(followup.on_time_score, 0.0)
        with freeze_time("2026-03-11 05:30:00"):
            other.followup_ids.with_user(self.clerk).write({"channel": "phone", "satisfaction": "satisfied"})
            other.followup_ids.with_user(self.clerk).action_done()
        self.assertEqual(other.followup_ids.on_time_score, 100.0)
        # The hours are a setting.
        self.company.property_emergency_followup_hours = 12
        with freeze_time("2026-03-12 06:00:00"):
            third, _slip = self.finished_repair(tier="very_urgent")
        self.assertEqual(third.followup_ids.deadline, self.dt("2026-03-12 18:00:00"))

    @freeze_time("2026-03-10 02:00:00")
    def test_fup02_repair_between_one_week_and_one_month(self):
        request, _slip = self.finished_repair()
        followup = request.followup_ids
        self.assertEqual(followup.kind, "repair")
        self.assertEqual(followup.date_from, date(2026, 3, 17))
        self.assertEqual(followup.date_due, date(2026, 4, 9))

    def test_fup02_leak_repair_waits_for_first_rain(self):
        with freeze_time("2026-03-10 02:00:00"):
            request, _slip = self.finished_repair(request_type_id=self.leak.id)
        followup = request.followup_ids
        self.assertTrue(request.leak_repair)
        self.assertEqual(followup.state, "waiting_rain")
        self.assertFalse(followup.date_due)
        with freeze_time("2026-04-02 08:00:00"):
            self.estate.with_user(self.clerk).action_record_first_rain()
        self.assertEqual(followup.state, "planned")
        self.assertEqual(followup.date_due, date(2026, 4, 3))
        self.assertTrue(followup.activity_ids)

    @freeze_time("2026-03-10 02:00:00")
    def test_fup03_repair_coverage_target_is_a_setting(self):
        self.company.property_repair_followup_target = 30.0
        requests = self.env["property.request"]
        for _i in range(10):
            request, _slip = self.finished_repair()
            requests |= request
        followed = requests.filtered("followup_ids")
        # 30% of 10 finished repairs, planned as they finish: the 1st, 4th and 7th.
        self.assertEqual(len(followed), 3)
        self.assertEqual(
            [bool(r.followup_ids) for r in requests.sorted("id")],
            [True, False, False, True, False, False, True, False, False, False],
        )
        self.assertGreaterEqual(len(followed) * 100, 30 * len(requests))

    @freeze_time("2026-03-10 02:00:00")
    def test_planning_twice_plans_nothing_more(self):
        request = self.finish_complaint()
        self.env["property.followup"]._plan_for_requests(request)
        self.env["property.followup"]._plan_for_requests(request)
        self.assertEqual(len(request.followup_ids), 1)

    @freeze_time("2026-03-10 02:00:00")
    def test_fup04_medical_emergency_followed_up_within_a_week(self):
        request = self.new_request(category="help", help_subtype="medical", tier="very_urgent",
                                   description="Elderly resident fell in the bathroom")
        clerk_request = request.with_user(self.clerk)
        clerk_request.action_answer()
        clerk_request.resolution = "Called 120, the butler went with him to hospital"
        clerk_request.action_done()
        followup = request.followup_ids
        self.assertEqual(
            (followup.kind, followup.date_due, followup.user_id), ("medical", date(2026, 3, 17), self.clerk)
        )
        # A follow-up the desk plans by hand for other work is due within a week too.
        manual = self.env["property.followup"].with_user(self.clerk).create({
            "estate_id": self.estate.id, "unit_id": self.unit.id, "partner_id": self.resident.id, "kind": "other",
            "user_id": self.clerk.id,
        })
        self.assertEqual(manual.date_due, date(2026, 3, 17))
        with self.assertRaisesRegex(UserError, "buttons"):
            manual.write({"date_due": "2026-06-30"})

    def test_fup04_community_activity_followed_up_within_a_month_for_a_tenth(self):
        residents = self.env["res.partner"].create([{"name": f"Resident {n:02d}"} for n in range(25)])
        Event = self.env["property.community.event"].with_user(self.clerk)
        event = Event.create({
            "name": "Mid-Autumn garden party", "estate_id": self.estate.id, "date_start": "2026-05-02 10:00:00",
            "participant_ids": [Command.set(residents.ids)],
        })
        # Planning it tells the other addons (property_butler visits residents before it, VIS-03).
        with patch.object(PropertyCommunityEvent, "_on_event_planned", autospec=True, return_value=True) as hook:
            event.action_plan()
        hook.assert_called_once_with(event)
        self.assertEqual(event.state, "planned")
        with self.assertRaisesRegex(UserError, "buttons"):
            event.write({"state": "done"})
        # Held at 20:00 in Shanghai: a tenth of the 25 participants (3), spread over the list, within a month.
        with freeze_time("2026-05-02 12:00:00"):
            event.action_done()
        followups = event.followup_ids
        self.assertEqual(followups.partner_id, residents[0] | residents[8] | residents[16])
        self.assertEqual(set(followups.mapped("kind")), {"event"})
        self.assertEqual(set(followups.mapped("date_due")), {date(2026, 6, 1)})
        self.assertEqual(followups.user_id, self.clerk)
        self.assertTrue(all(followup.activity_ids for followup in followups))
        # A held activity keeps who took part.
        with self.assertRaisesRegex(UserError, "can no longer change"):
            event.write({"participant_ids": [Command.unlink(residents[0].id)]})
        # The share is a setting; an activity nobody attended is not closed as held.
        self.company.property_event_followup_rate = 20.0
        small = Event.create({"name": "Calligraphy class", "estate_id": self.estate.id,
                              "date_start": "2026-05-09 02:00:00"})
        small.action_plan()
        with self.assertRaisesRegex(UserError, "who took part"):
            small.action_done()
        small.participant_ids = residents[:10]
        small.action_done()
        self.assertEqual(len(small.followup_ids), 2)

    def test_fup04_activity_state_errors_are_whole_sentences_in_chinese(self):
        """A community activity's state errors are one sentence per action,
        not a verb slotted into a shared one (which read "不能关闭" for an
        activity to be recorded as held)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_service"], ["zh_CN"])
        self.clerk.lang = "zh_CN"
        event = self.env["property.community.event"].with_user(self.clerk).with_context(lang="zh_CN").create({
            "name": "游园会", "estate_id": self.estate.id, "date_start": "2026-05-02 10:00:00",
            "participant_ids": [Command.set(self.resident.ids)]})
        with self.assertRaises(UserError) as held_draft:
            event.action_done()
        event.action_plan()
        with self.assertRaises(UserError) as planned_again:
            event.action_plan()
        event.action_done()
        with self.assertRaises(UserError) as cancelled_held:
            event.action_cancel()
        self.assertEqual(
            [error.exception.args[0] for error in (held_draft, planned_again, cancelled_held)],
            ["活动 游园会 当前为“草稿”，只有已发布的活动才能登记为已举办。",
             "活动 游园会 当前为“已发布”，只有草稿状态的活动才能发布。",
             "活动 游园会 当前为“已举办”，已不能取消。"])

    @freeze_time("2026-03-01 02:00:00")
    def test_fup04_special_service_followed_up_mid_term_and_at_the_end(self):
        request = self.new_request(category="help", help_subtype="other", description="Hourly cleaner, twice a week",
                                   special_service=True, service_start="2026-03-01", service_end="2026-04-30")
        request.with_user(self.clerk).action_dispatch()
        mid, end = request.followup_ids.sorted("date_from")
        self.assertEqual((mid.kind, mid.date_from, mid.date_due), ("special_mid", date(2026, 3, 31), date(2026, 4, 7)))
        self.assertEqual((end.kind, end.date_from, end.date_due), ("special_end", date(2026, 4, 30), date(2026, 5, 7)))
        # Finishing the service plans nothing more.
        request.with_user(self.clerk).resolution = "Contract running"
        request.with_user(self.clerk).action_done()
        self.assertEqual(len(request.followup_ids), 2)
        with self.assertRaisesRegex(ValidationError, "period"):
            with self.env.cr.savepoint():
                self.new_request(category="help", help_subtype="other", special_service=True)

    @freeze_time("2026-03-01 02:00:00")
    def test_fup04_special_service_followed_up_on_every_path_not_only_dispatch(self):
        """FUP-04: a special service taken on site without a dispatch, or
        flagged special after its dispatch, is followed up mid-term and at the
        end all the same; its period changed, the follow-ups move with it."""
        cleaner = self.new_request(category="help", help_subtype="other", description="Hourly cleaner, twice a week",
                                   special_service=True, service_start="2026-03-01", service_end="2026-04-30")
        cleaner = cleaner.with_user(self.clerk)
        cleaner.action_on_site()
        cleaner.resolution = "Contract running"
        cleaner.action_done()
        self.assertEqual(
            sorted((f.kind, f.date_from, f.date_due, f.state) for f in cleaner.followup_ids),
            [("special_end", date(2026, 4, 30), date(2026, 5, 7), "planned"),
             ("special_mid", date(2026, 3, 31), date(2026, 4, 7), "planned")])
        # Dispatched as an ordinary help request, then found to be a special service under contract.
        nanny = self.new_request(category="help", help_subtype="other", description="Elderly care, mornings")
        nanny = nanny.with_user(self.clerk)
        nanny.action_dispatch()
        self.assertFalse(nanny.followup_ids)
        nanny.write({"special_service": True, "service_start": "2026-03-02", "service_end": "2026-03-31"})
        self.assertEqual(sorted((f.kind, f.date_from) for f in nanny.followup_ids),
                         [("special_end", date(2026, 3, 31)), ("special_mid", date(2026, 3, 16))])
        # The contract extended: the follow-ups still to make move with it, none is added.
        nanny.service_end = "2026-04-29"
        self.assertEqual(sorted((f.kind, f.date_from, f.date_due) for f in nanny.followup_ids),
                         [("special_end", date(2026, 4, 29), date(2026, 5, 6)),
                          ("special_mid", date(2026, 3, 31), date(2026, 4, 7))])
        mid = nanny.followup_ids.filtered(lambda f: f.kind == "special_mid")
        self.assertEqual(mid.activity_ids.date_deadline, date(2026, 4, 7))
        # Not a special service after all: its follow-ups are cancelled.
        nanny.special_service = False
        self.assertEqual(set(nanny.followup_ids.mapped("state")), {"cancelled"})

    @freeze_time("2026-03-10 02:00:00")
    def test_fup04_consultation_followed_up_within_a_week(self):
        request = self.new_request(category="consultation", unit_id=False, description="How to pay the fees")
        request.with_user(self.clerk).resolution = "By bank transfer or at the desk"
        request.with_user(self.clerk).action_done()
        self.assertEqual((request.followup_ids.kind, request.followup_ids.date_due),
                         ("consultation", date(2026, 3, 17)))

    @freeze_time("2026-03-10 02:00:00")
    def test_fup05_signature_only_on_site_and_a_signed_follow_up_stays_on_site(self):
        followup = self.finish_complaint().followup_ids.with_user(self.clerk)
        followup.write({"channel": "phone", "satisfaction": "satisfied"})
        with self.assertRaisesRegex(UserError, "marked \"phone\""):
            self.sign(followup)
        followup.channel = "on_site"
        self.sign(followup, "Zhang Wei")
        self.assertEqual((followup.signed_by, followup.signed_on), ("Zhang Wei", self.dt("2026-03-10 02:00:00")))
        with self.assertRaisesRegex(UserError, "stays an on-site follow-up"):
            followup.write({"channel": "phone"})
        followup.action_done()
        self.assertEqual((followup.state, followup.channel), ("done", "on_site"))

    @freeze_time("2026-03-10 02:00:00")
    def test_fup05_on_site_follow_up_needs_signature(self):
        followup = self.finish_complaint().followup_ids.with_user(self.clerk)
        followup.write({"channel": "on_site", "satisfaction": "satisfied", "outcome": "All good"})
        with self.assertRaisesRegex(UserError, "signature"):
            followup.action_done()
        self.assertEqual(followup.state, "planned")
        self.sign(followup, "Zhang Wei")
        followup.action_done()
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.satisfaction_score, 100.0)
        self.assertEqual(followup.on_time_score, 100.0)
        self.assertFalse(followup.activity_ids)

    @freeze_time("2026-03-10 02:00:00")
    def test_fup05_phone_follow_up_needs_no_signature(self):
        followup = self.finish_complaint().followup_ids.with_user(self.clerk)
        followup.write({"channel": "phone", "satisfaction": "very_satisfied"})
        followup.action_done()
        self.assertEqual(followup.state, "done")

    def test_fup05_dissatisfied_reopens_work_and_plans_another(self):
        with freeze_time("2026-03-10 02:00:00"):
            request = self.finish_complaint()
        first = request.followup_ids.with_user(self.clerk)
        with freeze_time("2026-03-12 02:00:00"):
            first.write({"channel": "phone", "satisfaction": "dissatisfied", "outcome": "Noise goes on"})
            first.action_done()
        self.assertEqual(request.state, "in_progress")
        second = first.child_ids
        self.assertEqual(len(second), 1)
        self.assertEqual(second.state, "planned")
        self.assertEqual(second.date_due, date(2026, 3, 15))
        # The work is done again: the open follow-up is rescheduled, not doubled.
        with freeze_time("2026-03-14 02:00:00"):
            request.with_user(self.clerk).action_done()
        self.assertEqual(len(request.followup_ids), 2)
        self.assertEqual(second.date_due, date(2026, 3, 17))
        with freeze_time("2026-03-15 02:00:00"):
            second.with_user(self.clerk).write({"channel": "phone", "satisfaction": "satisfied"})
            second.with_user(self.clerk).action_done()
        self.assertFalse(second.child_ids)
        self.assertEqual(request.followup_coverage, 100.0)

    @freeze_time("2026-03-10 02:00:00")
    def test_done_follow_up_is_kept(self):
        followup = self.finish_complaint().followup_ids.with_user(self.clerk)
        followup.write({"channel": "phone", "satisfaction": "satisfied"})
        followup.action_done()
        with self.assertRaisesRegex(UserError, "kept as it is"):
            followup.with_user(self.supervisor).unlink()
        with self.assertRaisesRegex(UserError, "kept as it is"):
            followup.with_user(self.supervisor).write({"outcome": "rewritten"})

    @freeze_time("2026-03-10 02:00:00")
    def test_follow_up_needs_outcome(self):
        followup = self.finish_complaint().followup_ids.with_user(self.clerk)
        with self.assertRaisesRegex(UserError, "how satisfied"):
            followup.action_done()
