import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import PortalResidentsMixin, PropertyServiceCase, PropertyServiceHttpCase

# A real 1x1 PNG, as a phone camera hands it over.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


class PatrolMixin:
    """Green Lake's day round, set up by the service supervisor: a lobby, a
    corridor light and the pump room, in the order walked (PAT-01)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["property.patrol.plan"].with_user(cls.supervisor).create({
            "name": "Day round", "estate_id": cls.estate.id,
            "point_ids": [
                Command.create({"name": "Tower 1 lobby", "kind": "building", "building_id": cls.building.id,
                                "sequence": 1}),
                Command.create({"name": "Tower 1, 2nd floor corridor", "kind": "floor", "sequence": 2}),
                Command.create({"name": "Pump room", "kind": "plant_room", "sequence": 3}),
            ],
        })
        cls.lobby, cls.corridor, cls.pump_room = cls.plan.point_ids


@tagged("post_install", "-at_install")
class TestPatrolRoundOnThePhone(PatrolMixin, PortalResidentsMixin, PropertyServiceHttpCase):

    def scan(self, point, **data):
        return self.url_open(f"/patrol/p/{point.token}/checkin", allow_redirects=False,
                             data={"csrf_token": http.Request.csrf_token(self), "finding": "ok", **data})

    def test_pat01_pat03_supervisor_walks_a_round_by_scanning_and_a_broken_light_becomes_a_request(self):
        self.authenticate(self.supervisor.login, self.supervisor.login)
        page = self.url_open(f"/patrol/p/{self.lobby.token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tower 1 lobby", page.text)
        self.assertEqual(self.scan(self.lobby).status_code, 303)
        round_ = self.env["property.patrol.round"].search([("plan_id", "=", self.plan.id)])
        self.assertRecordValues(round_, [{"user_id": self.supervisor.id, "state": "open", "checkin_count": 1}])
        self.assertTrue(round_.date_start)
        self.assertEqual(round_.checkin_ids.point_id, self.lobby)
        # Scanned twice: refused with the reason, nothing added.
        again = self.scan(self.lobby)
        self.assertEqual(again.status_code, 400)
        self.assertIn("already signed in", again.text)
        # A finding needs what was seen.
        self.assertIn("Say what you found", self.scan(self.corridor, finding="broken", note=" ").text)
        self.assertEqual(len(round_.checkin_ids), 1)
        # PAT-03: the broken corridor light, with its photo, is reported to engineering within 2 hours.
        reply = self.url_open(f"/patrol/p/{self.corridor.token}/checkin", allow_redirects=False, data={
            "csrf_token": http.Request.csrf_token(self), "finding": "broken", "note": "Ceiling light out"},
            files={"photo": ("light.png", PNG, "image/png")})
        self.assertEqual(reply.status_code, 303)
        checkin = round_.checkin_ids.filtered(lambda c: c.point_id == self.corridor)
        request = checkin.request_id
        self.assertRecordValues(request, [{"category": "public_repair", "channel": "patrol", "tier": "normal",
                                           "location": "Tower 1, 2nd floor corridor",
                                           "description": "Ceiling light out"}])
        self.assertTrue(checkin.photo)
        self.assertTrue(request.message_ids.attachment_ids, "the photo goes with the request")
        dispatch = request.deadline_ids.filtered(lambda row: row.step == "dispatch")
        self.assertEqual(dispatch.rule, "PAT-03")
        self.assertEqual(dispatch.deadline, request.date_received + timedelta(hours=2))
        page = self.url_open(reply.headers["Location"]).text
        self.assertIn(request.name, page)
        self.assertIn("reported to engineering within 2 hours", page)
        # The round lists what is left; the patroller finishes it.
        self.assertEqual(round_.missing_point_ids, self.pump_room)
        round_.with_user(self.supervisor).action_finish()
        self.assertRecordValues(round_, [{"state": "done"}])
        self.assertTrue(round_.date_end)

    def test_pat01_a_resident_or_another_estate_cannot_open_a_point(self):
        for login in (self.resident.user_ids.login, "t_other_clerk"):
            if login == "t_other_clerk":
                new_test_user(self.env, login, groups="property_service.group_property_clerk",
                              property_estate_ids=[Command.set(self.other_estate.ids)])
            self.authenticate(login, login)
            self.assertEqual(self.url_open(f"/patrol/p/{self.lobby.token}").status_code, 404, login)
            self.assertEqual(self.scan(self.lobby).status_code, 404, login)
        self.assertEqual(self.url_open("/patrol/p/made-up-code").status_code, 404)
        self.assertFalse(self.lobby.checkin_ids)

    def test_pat01_qr_label_sheet(self):
        html = self.env["ir.actions.report"].with_user(self.supervisor)._render_qweb_html(
            "property_service.action_report_patrol_labels", self.plan.point_ids.ids)[0].decode()
        self.assertEqual(html.count('src="data:image/png;base64,'), 3)
        self.assertIn("Pump room", html)
        pdf = self.env["ir.actions.report"].with_user(self.supervisor).with_context(
            force_report_rendering=True)._render_qweb_pdf(
            "property_service.action_report_patrol_labels", self.plan.point_ids.ids)[0]
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestPatrolRules(PatrolMixin, PropertyServiceCase):

    def test_pat03_open_plant_room_lock_reported_within_the_hour(self):
        checkin = self.env["property.patrol.checkin"].with_user(self.clerk)._check_in(
            self.pump_room, "lock", "Pump room door found open, lock broken")
        request = checkin.request_id
        self.assertRecordValues(request, [{"category": "public_repair", "channel": "patrol", "tier": "urgent"}])
        dispatch = request.deadline_ids.filtered(lambda row: row.step == "dispatch")
        self.assertEqual(dispatch.deadline, request.date_received + timedelta(hours=1))
        self.assertEqual(checkin.round_id.user_id, self.clerk)

    def test_svc07_patrol_sheet_records_the_repair_of_its_finding(self):
        with freeze_time("2026-03-02 01:00:00"):
            checkin = self.env["property.patrol.checkin"].with_user(self.clerk)._check_in(
                self.corridor, "broken", "Corridor light out")
        request, round_ = checkin.request_id, checkin.round_id
        self.assertEqual((round_.repair_count, round_.repair_open_count), (1, 1))
        self.assertFalse(checkin.date_repaired)
        request.with_user(self.clerk).technician_id = self.engineer
        with freeze_time("2026-03-02 01:30:00"):
            request.with_user(self.clerk).action_dispatch()
            request.with_user(self.engineer).action_on_site()
        with freeze_time("2026-03-02 02:10:00"):
            request.with_user(self.engineer).action_done()
        # The sheet (the round and its check-in) shows when engineering repaired what the patrol found.
        self.assertEqual(checkin.date_repaired, self.dt("2026-03-02 02:10:00"))
        self.assertEqual(checkin.repair_state, "done")
        round_.invalidate_recordset(["repair_open_count"])
        self.assertEqual(round_.repair_open_count, 0)
        note = round_.message_ids.filtered(lambda message: "Repaired" in (message.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Tower 1, 2nd floor corridor", note.body)
        self.assertIn(request.name, note.body)
        self.assertIn("10:10", note.body)
        Checkin = self.env["property.patrol.checkin"].with_user(self.supervisor)
        self.assertFalse(Checkin.search([("id", "=", checkin.id), ("date_repaired", "=", False)]))

    def test_pat05_renovation_violation_goes_on_the_permit(self):
        permit = self.env["property.renovation"].create({
            "unit_id": self.unit.id, "partner_id": self.resident.id, "contractor_name": "Hangzhou Home Decor",
            "works": "Kitchen", "date_start": fields.Date.today(), "date_end": fields.Date.today() + timedelta(days=30),
        })
        permit.document_ids.write({"received": True})
        permit.with_user(self.supervisor).action_approve()
        point = self.env["property.patrol.point"].with_user(self.supervisor).create({
            "plan_id": self.plan.id, "name": "Unit 0201 (renovation)", "kind": "unit", "unit_id": self.unit.id})
        Checkin = self.env["property.patrol.checkin"].with_user(self.clerk)
        checkin = Checkin._check_in(point, "renovation", "Drilling after 19:00")
        self.assertRecordValues(checkin.violation_id, [{"renovation_id": permit.id, "visit": "guard",
                                                        "name": "Drilling after 19:00", "state": "open"}])
        # No works in progress at the lobby: said, nothing recorded.
        with self.assertRaisesRegex(ValidationError, "No renovation works are in progress"):
            Checkin._check_in(self.lobby, "renovation", "Tiles in the lobby")
        self.assertEqual(len(checkin.round_id.checkin_ids), 1)

    def test_pat06_safety_hazard_goes_to_the_manager_at_once_owner_told_first(self):
        point = self.env["property.patrol.point"].with_user(self.supervisor).create({
            "plan_id": self.plan.id, "name": "Unit 0201", "kind": "unit", "unit_id": self.unit.id})
        checkin = self.env["property.patrol.checkin"].with_user(self.clerk)._check_in(
            point, "safety", "Gas smell at the door")
        activity = checkin.round_id.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("Safety hazard at Unit 0201", activity.summary)
        self.assertIn("Tell the owner first: Zhang Wei", activity.note)

    def test_pat01_checkins_and_rounds_are_kept_as_scanned(self):
        checkin = self.env["property.patrol.checkin"].with_user(self.clerk)._check_in(self.lobby)
        round_ = checkin.round_id
        for record, vals in ((checkin, {"date": "2026-01-01 08:00:00"}), (checkin, {"note": "changed"}),
                             (round_, {"state": "done"}), (round_, {"user_id": self.supervisor.id}),
                             (round_, {"plan_id": self.env["property.patrol.plan"].create({
                                 "name": "Night round", "estate_id": self.estate.id}).id}),
                             (self.lobby, {"token": "copied"})):
            with self.assertRaises(UserError, msg=vals):
                record.with_user(self.supervisor).write(vals)
        # Nor can a check-in be made up with a time of one's choosing.
        with self.assertRaises(UserError):
            self.env["property.patrol.checkin"].with_user(self.clerk).create({
                "round_id": round_.id, "point_id": self.corridor.id, "date": "2026-01-01 08:00:00"})
        with self.assertRaises(UserError):
            self.env["property.patrol.round"].with_user(self.clerk).create({"plan_id": self.plan.id})
        # The plan walked stays in its estate.
        with self.assertRaisesRegex(ValidationError, "has been walked"):
            self.plan.with_user(self.manager).estate_id = self.other_estate
        # Another user cannot finish the clerk's round.
        with self.assertRaisesRegex(UserError, "who walks round"):
            round_.with_user(self.supervisor).action_finish()

    def test_pat02_point_missed_in_its_week_flagged_to_the_supervisor(self):
        Checkin = self.env["property.patrol.checkin"].with_user(self.clerk)
        points = self.plan.point_ids
        self.env.cr.execute("UPDATE property_patrol_point SET create_date = '2026-04-20' WHERE id IN %s",
                            [tuple(points.ids)])
        points.invalidate_recordset(["create_date"])
        # The week of Monday 4 May 2026 (Shanghai): the lobby twice, the corridor once, the pump room never.
        for moment, point in (("2026-05-04 02:00:00", self.lobby), ("2026-05-04 02:10:00", self.corridor),
                              ("2026-05-07 02:00:00", self.lobby)):
            with freeze_time(moment):
                checkin = Checkin._check_in(point)
                checkin.round_id.action_finish()
        with freeze_time("2026-05-12 01:00:00"):
            self.env["property.patrol.point"]._cron_flag_missed_points()
            self.env["property.patrol.point"]._cron_flag_missed_points()  # a second run adds nothing
        flagged = points.filtered("activity_ids")
        self.assertEqual(flagged, self.corridor | self.pump_room)
        self.assertEqual(flagged.activity_ids.user_id, self.supervisor)
        self.assertEqual(len(flagged.activity_ids), 2)
        self.assertIn("walked 1 times in the week of 2026-05-04", self.corridor.activity_ids.note)
        week = fields.Date.to_date("2026-05-04")
        self.assertEqual(set(points.mapped("coverage_week")), {week})
        self.assertEqual([p.missed_week for p in points], [False, week, week])
