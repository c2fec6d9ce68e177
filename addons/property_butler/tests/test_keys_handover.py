from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyButlerCase
from odoo import Command

# 2026-03-03 is a Tuesday; 08:30 in Shanghai is 00:30 UTC; the shift ends 17:30 (09:30 UTC).
DAY = date(2026, 3, 3)


@tagged("post_install", "-at_install")
class TestKeysHandover(PropertyButlerCase):

    def start_shift(self):
        shift = self.env["property.shift"]._plan(self.post1, DAY, self.butler)
        log = self.env["property.handover.log"].with_user(self.butler_user).create({
            "post_id": self.post1.id, "shift_id": shift.id, "date": shift.date_start,
            "outgoing_employee_id": self.butler2.id, "incoming_employee_id": self.butler.id,
            "item_ids": [Command.create({"kind": "key", "name": "Plant room key W-101"})],
            "open_item_ids": [Command.create({"name": "Leak at 1-0201 to check", "follower_id": self.butler.id})],
        })
        return shift, log

    def take_key(self, key, user=None, employee=None):
        return self.env["property.key.movement"].with_user(user or self.butler_user).create({
            "key_id": key.id, "employee_id": (employee or self.butler).id, "purpose": "Patrol",
        })

    def test_hnd05_shift_times(self):
        shift = self.env["property.shift"]._plan(self.post1, DAY, self.butler)
        self.assertEqual(str(shift.date_start), "2026-03-03 00:30:00")
        self.assertEqual(str(shift.date_end), "2026-03-03 09:30:00")

    def test_key02_butler_refused_another_posts_key(self):
        with freeze_time("2026-03-03 02:00:00"):
            _shift, log = self.start_shift()
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            with self.assertRaisesRegex(UserError, "own post"):
                self.take_key(self.key2)
        self.assertEqual(self.key2.state, "in")

    def test_hnd02_incoming_signs_before_taking_keys(self):
        with freeze_time("2026-03-03 02:00:00"):
            _shift, log = self.start_shift()
            with self.assertRaisesRegex(UserError, "sign the shift's handover log"):
                self.take_key(self.key1)
            self.sign(log.with_user(self.butler_user), button="action_sign_outgoing")
            self.sign(log.with_user(self.butler_user), button="action_sign_incoming")
            movement = self.take_key(self.key1)
        self.assertEqual(self.key1.state, "out")
        self.assertEqual(self.key1.holder_id, self.butler)
        self.assertEqual(movement.issuer_id, self.butler_user)

    def test_key03_shift_ends_with_a_key_out_makes_a_discipline_record(self):
        with freeze_time("2026-03-03 02:00:00"):
            shift, log = self.start_shift()
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            self.take_key(self.key1)
        Shift = self.env["property.shift"]
        with freeze_time("2026-03-03 09:00:00"):
            self.assertFalse(Shift._cron_end_of_shift())
        with freeze_time("2026-03-03 09:45:00"):
            self.assertEqual(Shift._cron_end_of_shift(), shift)
            self.assertFalse(Shift._cron_end_of_shift())
        Discipline = self.env["property.discipline"]
        record = Discipline.search([("employee_id", "=", self.butler.id)])
        self.assertEqual((record.kind, record.proposal, record.key_id), ("unreturned", "penalty", self.key1))
        self.assertEqual(record.activity_ids.user_id, self.hr_user)
        # Visible to HR and to the butler's manager, not to the butler.
        with self.assertRaises(AccessError):
            Discipline.with_user(self.butler2_user).search([])
        with self.assertRaises(AccessError):
            record.with_user(self.butler_user).read(["kind"])
        self.assertEqual(Discipline.with_user(self.chief_user).search([]), record)
        with self.assertRaises(AccessError):
            record.with_user(self.chief_user).action_approve()
        record.with_user(self.hr_user).action_approve()
        self.assertEqual((record.state, record.decided_by_id), ("approved", self.hr_user))
        self.assertIn(record, self.butler.with_user(self.hr_user).property_discipline_ids)
        # Decided, the record stays as HR decided it; the note can be completed.
        with self.assertRaisesRegex(UserError, "decided"):
            record.with_user(self.hr_user).write({"proposal": "warning"})
        record.with_user(self.hr_user).decision_note = "Second time this year"
        # HR opens the butler's employee form: the figures, without the duty documents.
        figures = self.butler.with_user(self.hr_user).read(
            ["property_key_count", "property_log_count", "property_discipline_count", "property_duty_access"])[0]
        self.assertEqual(
            (figures["property_key_count"], figures["property_discipline_count"], figures["property_duty_access"]),
            (1, 1, False),
        )
        self.assertEqual(self.env["property.discipline"].with_user(self.hr_user).search(
            [("employee_id", "=", self.butler.id)]), record)

    def test_key03_coming_without_the_keys_is_a_work_error(self):
        with freeze_time("2026-03-03 02:00:00"):
            self.start_shift()
        with freeze_time("2026-03-03 10:00:00"):
            self.env["property.shift"]._cron_end_of_shift()
        record = self.env["property.discipline"].search([("employee_id", "=", self.butler.id)])
        self.assertEqual((record.kind, record.proposal), ("no_keys", "work_error"))

    def test_key03_lost_key_reported_or_not(self):
        with freeze_time("2026-03-03 02:00:00"):
            _shift, log = self.start_shift()
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            self.take_key(self.key1)
            with self.assertRaisesRegex(UserError, "only he, or a supervisor"):
                self.key1.with_user(self.butler2_user).action_report_lost()
            self.key1.with_user(self.butler_user).action_report_lost()
        reported = self.env["property.discipline"].search([("kind", "=", "lost_reported")])
        self.assertEqual((reported.employee_id, reported.proposal), (self.butler, "penalty"))
        self.assertEqual(self.key1.state, "lost")
        reported.with_user(self.hr_user).lock_change_cost = 350.0
        with self.assertRaisesRegex(UserError, "shift supervisor"):
            self.key2.with_user(self.butler_user).action_found_missing()
        # Butler Zheng held W-201 last; at the audit it is gone and nobody said so.
        self.key2._workflow_write({"holder_id": self.butler2.id, "state": "out"})
        self.key2.with_user(self.chief_user).action_found_missing()
        unreported = self.env["property.discipline"].search([("kind", "=", "lost_unreported")])
        self.assertEqual((unreported.employee_id, unreported.proposal), (self.butler2, "dismissal"))

    def test_key04_vacant_unit_key_needs_duty_signature(self):
        vacant_key = self.env["property.key"].create(
            {"name": "V-0202", "key_type": "vacant", "estate_id": self.estate.id, "unit_id": self.unit2.id}
        )
        Movement = self.env["property.key.movement"].with_user(self.butler_user)
        with self.assertRaisesRegex(UserError, "person on duty"):
            Movement.create({"key_id": vacant_key.id, "employee_id": self.butler.id, "purpose": "Show the flat"})
        movement = Movement.create({"key_id": vacant_key.id, "employee_id": self.butler.id, "purpose": "Show the flat",
                                    "visitor_name": "Buyer Li", "duty_signature": self.signature})
        # KEY-04: the return opens the returner's signature; the key log cannot be signed by hand.
        with self.assertRaisesRegex(UserError, "buttons"):
            movement.return_signature = self.signature
        self.assertEqual(movement.action_return()["res_model"], "property.sign")
        self.assertEqual(vacant_key.state, "out")
        self.sign(movement, "Buyer Li", button="action_return")
        self.assertEqual(vacant_key.state, "in")
        self.assertTrue(movement.date_in and movement.return_signature)

    def test_hnd03_signed_log_is_never_changed(self):
        with freeze_time("2026-03-03 02:00:00"):
            _shift, log = self.start_shift()
            self.sign(log.with_user(self.butler_user), button="action_sign_outgoing")
            self.sign(log.with_user(self.butler_user), button="action_sign_incoming")
        self.assertEqual(log.state, "signed")
        for env_log in (log.with_user(self.butler_user), log.with_user(self.chief_user), log.sudo()):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_log.write({"resident_situations": "rewritten"})
            with self.assertRaisesRegex(UserError, "cannot be changed or deleted"):
                env_log.unlink()
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_log.item_ids.write({"name": "something else"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_log.item_ids.unlink()
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                env_log.open_item_ids.write({"name": "something else"})
            with self.assertRaisesRegex(UserError, "buttons"):
                env_log.write({"state": "draft"})
        self.assertFalse(log.resident_situations)
        # Nor underneath: its signatures are attachments that stay.
        signatures = self.env["ir.attachment"].sudo().search([("res_model", "=", log._name), ("res_id", "=", log.id),
                                                               ("res_field", "!=", False)])
        self.assertTrue(signatures)
        with self.assertRaisesRegex(UserError, "signing step"):
            signatures.unlink()
        with self.assertRaisesRegex(UserError, "signing step"):
            signatures[:1].write({"datas": self.signature})
        # Chatter stays open; corrections are new signed entries referring to it.
        log.with_user(self.butler_user).message_post(body="Seen by the supervisor")
        action = log.with_user(self.butler_user).action_correct()
        correction = self.env["property.handover.log"].browse(action["res_id"])
        self.assertEqual(correction.correction_of_id, log)
        self.assertEqual(log.correction_ids, correction)

    def test_hnd02_open_items_carry_forward_until_closed(self):
        with freeze_time("2026-03-03 02:00:00"):
            _shift, log = self.start_shift()
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
        item = log.open_item_ids
        with freeze_time("2026-03-04 02:00:00"):
            next_log = self.env["property.handover.log"].create(
                {
                    "post_id": self.post1.id,
                    "outgoing_employee_id": self.butler.id,
                    "incoming_employee_id": self.butler2.id,
                }
            )
            self.assertIn(item, next_log.carried_item_ids)
            with self.assertRaisesRegex(UserError, "how"):
                item.with_user(self.butler2_user).action_close()
            item.with_user(self.butler2_user).write({"closing_note": "Plumber fixed it"})
            item.with_user(self.butler2_user).action_close()
            with self.assertRaisesRegex(UserError, "as it was closed"):
                item.with_user(self.butler2_user).write({"closing_note": "Never mind"})
            with self.assertRaisesRegex(UserError, "buttons"):
                item.with_user(self.butler2_user).write({"state": "open"})
        self.assertEqual(
            (item.state, item.closed_by_id, str(item.closed_on)), ("closed", self.butler2_user, "2026-03-04 02:00:00")
        )
        next_log.invalidate_recordset(["carried_item_ids"])
        self.assertNotIn(item, next_log.carried_item_ids)

    def test_hnd04_supervisor_reviews_the_ledger(self):
        ledger = (
            self.env["property.work.ledger"]
            .with_user(self.butler_user)
            .create(
                {
                    "employee_id": self.butler.id,
                    "estate_id": self.estate.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": self.resident.id,
                                "subject": "Asked about the parking fee",
                                "status": "done",
                            },
                        ),
                        Command.create({"subject": "Noise at 1-0302", "status": "carried"}),
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "buttons"):
            ledger.with_user(self.chief_user).review_signature = self.signature
        with self.assertRaisesRegex(UserError, "buttons"):
            ledger.with_user(self.butler_user).write({"state": "reviewed", "reviewed_by_id": self.chief_user.id})
        with self.assertRaises(AccessError):
            ledger.with_user(self.butler_user).action_review()
        self.sign(ledger.with_user(self.chief_user), button="action_review")
        self.assertEqual((ledger.state, ledger.reviewed_by_id), ("reviewed", self.chief_user))
        with self.assertRaisesRegex(UserError, "reviewed ledger"):
            ledger.line_ids[:1].with_user(self.butler_user).write({"subject": "changed"})

    def test_hnd04_contact_carried_to_handover_becomes_an_open_item(self):
        """A contact carried to handover is followed by the next shift (HND-02),
        whether the log exists already or is opened later — even after review."""
        ledger = (
            self.env["property.work.ledger"]
            .with_user(self.butler_user)
            .create(
                {
                    "employee_id": self.butler.id,
                    "estate_id": self.estate.id,
                    "line_ids": [
                        Command.create(
                            {
                                "unit_id": self.unit.id,
                                "subject": "Noise at night",
                                "follow_up": "Call the tenant",
                                "status": "carried",
                            }
                        ),
                        Command.create({"subject": "Asked about parking", "status": "done"}),
                    ],
                }
            )
        )
        carried, done = ledger.line_ids
        self.assertFalse(carried.open_item_id)
        self.sign(ledger.with_user(self.chief_user), button="action_review")
        log = self.env["property.handover.log"].with_user(self.butler_user).create({
            "post_id": self.post1.id, "outgoing_employee_id": self.butler.id, "incoming_employee_id": self.butler2.id,
        })
        self.assertEqual(carried.open_item_id.log_id, log)
        self.assertEqual(carried.open_item_id.follower_id, self.butler2)
        self.assertIn("Noise at night — Call the tenant", carried.open_item_id.name)
        self.assertFalse(done.open_item_id)
        # Already in the draft log: a contact carried now joins it at once, and only once.
        line = ledger.line_ids.create(
            {
                "ledger_id": self.env["property.work.ledger"]
                .with_user(self.butler_user)
                .create({"employee_id": self.butler.id, "estate_id": self.estate.id, "date": "2026-03-05"})
                .id,
                "subject": "Parcel to hand over",
                "status": "done",
            }
        )
        line.with_user(self.butler_user).status = "carried"
        self.assertEqual(line.open_item_id.log_id, log)
        self.assertEqual(len(log.open_item_ids), 2)

    def test_hnd05_desk_clerks_hand_over_and_the_supervisor_audits(self):
        """The service desk runs 8:30 to 8:30 (HND-05): its clerks sign the
        handover and take the desk keys; the supervisor audits the key log
        (KEY-02) and reviews the ledger (HND-04); neither reads a profile."""
        Employee = self.env["hr.employee"]
        on_duty = Employee.create({"name": "Desk Wang", "user_id": self.clerk.id, "property_role": "desk"})
        going = Employee.create({"name": "Desk Li", "property_role": "desk"})
        desk = self.env["property.post"].create({"name": "Service desk", "kind": "desk", "estate_id": self.estate.id,
                                                 "employee_ids": [Command.set((on_duty | going).ids)]})
        # HND-05 from the post's own defaults: the desk is manned 8:30 to 8:30.
        self.assertEqual((desk.shift_start, desk.shift_hours), (8.5, 24.0))
        key = self.env["property.key"].create(
            {"name": "D-01", "key_type": "work", "estate_id": self.estate.id, "post_id": desk.id}
        )
        with freeze_time("2026-03-03 02:00:00"):
            shift = self.env["property.shift"].with_user(self.supervisor)._plan(desk, DAY, on_duty)
            self.assertEqual(
                (str(shift.date_start), str(shift.date_end)), ("2026-03-03 00:30:00", "2026-03-04 00:30:00")
            )
            log = self.env["property.handover.log"].with_user(self.clerk).create({
                "post_id": desk.id, "shift_id": shift.id, "date": shift.date_start,
                "outgoing_employee_id": going.id, "incoming_employee_id": on_duty.id,
                "item_ids": [Command.create({"kind": "key", "name": "Desk drawer key D-01"})],
            })
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            self.take_key(key, user=self.clerk, employee=on_duty)
            ledger = self.env["property.work.ledger"].with_user(self.clerk).create({
                "employee_id": on_duty.id, "estate_id": self.estate.id, "shift_id": shift.id,
                "line_ids": [Command.create({"partner_id": self.resident.id, "subject": "Parcel collected"})],
            })
            with self.assertRaises(AccessError):
                shift.with_user(self.clerk).action_audit_keys()
            shift.with_user(self.supervisor).action_audit_keys()
            self.sign(ledger.with_user(self.supervisor), button="action_review")
        self.assertEqual((key.state, key.holder_id), ("out", on_duty))
        self.assertEqual(shift.audited_by_id, self.supervisor)
        self.assertEqual((ledger.state, ledger.reviewed_by_id), ("reviewed", self.supervisor))
        for user in (self.clerk, self.supervisor):
            with self.assertRaises(AccessError):
                self.env["property.resident.profile"].with_user(user).search([])

    def test_hnd05_shifts_planned_on_working_hours_or_round_the_clock(self):
        """A day post works its calendar's days and hours, holidays off; the
        desk runs every day 8:30 to 8:30 (HND-05); planning twice adds nothing."""
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Butler days",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for period, start, end in (("morning", 8.5, 12), ("afternoon", 13.5, 17.5))
                ],
            }
        )
        # Wednesday 4 March is a holiday: local midnight to midnight.
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": calendar.id,
                "date_from": "2026-03-03 16:00:00",
                "date_to": "2026-03-04 15:59:59",
            }
        )
        self.post1.resource_calendar_id = calendar
        Plan = self.env["property.shift.plan"]
        with self.assertRaises(AccessError):
            Plan.with_user(self.clerk).create({"post_id": self.post1.id})
        plan = Plan.with_user(self.supervisor).create(
            {"post_id": self.post1.id, "date_from": "2026-03-02", "date_to": "2026-03-08"}
        )
        shifts = self.env["property.shift"].search(plan.action_plan()["domain"], order="date_start")
        self.assertEqual([(str(s.date_start), str(s.date_end)) for s in shifts], [
            ("2026-03-02 00:30:00", "2026-03-02 09:30:00"), ("2026-03-03 00:30:00", "2026-03-03 09:30:00"),
            ("2026-03-05 00:30:00", "2026-03-05 09:30:00"), ("2026-03-06 00:30:00", "2026-03-06 09:30:00"),
        ])
        self.assertEqual(shifts.employee_ids, self.butler)
        with self.assertRaisesRegex(UserError, "planned already"):
            plan.action_plan()
        desk = self.env["property.post"].create({"name": "Desk", "kind": "desk", "estate_id": self.estate.id})
        plan = Plan.with_user(self.supervisor).create(
            {"post_id": desk.id, "date_from": "2026-03-07", "date_to": "2026-03-08"}
        )
        shifts = self.env["property.shift"].search(plan.action_plan()["domain"], order="date_start")
        self.assertEqual([(str(s.date_start), str(s.date_end)) for s in shifts], [
            ("2026-03-07 00:30:00", "2026-03-08 00:30:00"), ("2026-03-08 00:30:00", "2026-03-09 00:30:00"),
        ])

    def test_key01_hnd02_the_key_log_and_signatures_are_written_by_their_buttons(self):
        """Over RPC too: no signing by writing the signing time, no key taken
        on yesterday's shift, no rewriting who took a key or when it came back."""
        with freeze_time("2026-03-03 02:00:00"):
            shift, log = self.start_shift()
            for vals in ({"incoming_signed_on": "2026-03-03 02:00:00"}, {"state": "signed"}):
                with self.assertRaisesRegex(UserError, "buttons"):
                    log.with_user(self.butler_user).write(vals)
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            movement = self.take_key(self.key1)
            for vals in ({"employee_id": self.butler2.id}, {"purpose": "Something else"}):
                with self.assertRaisesRegex(UserError, "kept as written"):
                    movement.with_user(self.butler_user).write(vals)
            for vals in ({"date_in": "2026-03-03 02:10:00"}, {"shift_id": False}):
                with self.assertRaisesRegex(UserError, "buttons"):
                    movement.with_user(self.butler_user).write(vals)
            movement.with_user(self.butler_user).action_return()
        with freeze_time("2026-03-04 02:00:00"):
            Movement = self.env["property.key.movement"].with_user(self.butler_user)
            with self.assertRaises(UserError):
                Movement.create(
                    {"key_id": self.key1.id, "employee_id": self.butler.id, "purpose": "Patrol", "shift_id": shift.id}
                )
            with self.assertRaisesRegex(UserError, "sign the shift's handover log"):
                self.take_key(self.key1)
        self.assertEqual(self.key1.state, "in")

    def test_hnd02_outgoing_signs_before_his_shift_ends(self):
        """Yesterday's butler signs before leaving at 17:30; signing later is flagged."""
        Shift = self.env["property.shift"]
        Shift._plan(self.post1, date(2026, 3, 2), self.butler2)  # 08:30-17:30, i.e. 00:30-09:30 UTC
        today = Shift._plan(self.post1, DAY, self.butler)
        Log = self.env["property.handover.log"].with_user(self.butler_user)
        vals = {"post_id": self.post1.id, "shift_id": today.id, "outgoing_employee_id": self.butler2.id,
                "incoming_employee_id": self.butler.id, "resident_situations": "Quiet day"}
        with freeze_time("2026-03-02 09:15:00"):
            in_time = Log.create(vals)
            self.sign(in_time, button="action_sign_outgoing")
        with freeze_time("2026-03-02 11:00:00"):
            late = Log.create(vals)
            self.sign(late, button="action_sign_outgoing")
        with freeze_time("2026-03-03 00:20:00"):
            self.sign(in_time, button="action_sign_incoming")
        self.assertEqual((in_time.state, in_time.signed_late, late.signed_late), ("signed", False, True))

    def test_key03_vacant_unit_key_not_back_at_the_end_of_the_shift(self):
        vacant_key = self.env["property.key"].create(
            {"name": "V-0303", "key_type": "vacant", "estate_id": self.estate.id, "unit_id": self.unit2.id}
        )
        with freeze_time("2026-03-03 02:00:00"):
            shift, log = self.start_shift()
            self.sign(log, button="action_sign_outgoing")
            self.sign(log, button="action_sign_incoming")
            self.take_key(self.key1).action_return()
            self.env["property.key.movement"].with_user(self.butler_user).create({
                "key_id": vacant_key.id, "employee_id": self.butler.id, "purpose": "Show the flat",
                "visitor_name": "Buyer Li", "duty_signature": self.signature})
        with freeze_time("2026-03-03 09:45:00"):
            self.env["property.shift"]._cron_end_of_shift()
        record = self.env["property.discipline"].search([("employee_id", "=", self.butler.id)])
        self.assertEqual((record.kind, record.key_id), ("unreturned", vacant_key))
