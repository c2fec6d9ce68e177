from datetime import date

from freezegun import freeze_time

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from ..models.property_workflow_mixin import PropertyWorkflowError
from .common import PropertyServiceCase, PropertyServiceHttpCase
from .test_patrol import PNG, PatrolMixin


class CleaningMixin:
    """Green Lake's cleaning: the company's standards of seed 003, the
    cleaners' lead is the clerk, the supervisor inspects (CLN-01/02)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.estate.cleaning_user_id = cls.clerk
        cls.lobby_area = cls.env.ref("property_service.cleaning_area_lobby")
        cls.lift_area = cls.env.ref("property_service.cleaning_area_lift")
        cls.floor_area = cls.env.ref("property_service.cleaning_area_floor")
        cls.ends_check = cls.env.ref("property_service.cleaning_check_lobby_5")
        cls.lamps_check = cls.env.ref("property_service.cleaning_check_floor_1")
        cls.lift_floor_check = cls.env.ref("property_service.cleaning_check_lift_2")

    def inspect(self, area, user=None, failed=(), measured=None):
        """An inspection of ``area`` as ``user``: the checks of ``failed``
        failed with a note; ``measured``: {check id: value}."""
        measured = measured or {}
        inspection = self.env["property.cleaning.inspection"].with_user(user or self.supervisor).create(
            {"estate_id": self.estate.id, "area_id": area.id})
        for line in inspection.line_ids:
            if line.check_id in failed:
                line.write({"result": "fail", "note": "Not done"})
            if line.check_id.id in measured:
                line.measured = measured[line.check_id.id]
        inspection.action_record()
        return inspection


@tagged("post_install", "-at_install")
class TestCleaningStandards(CleaningMixin, PropertyServiceCase):

    def test_cln01_standards_of_seed_003_are_data_an_estate_edits(self):
        # The seed's areas, key areas marked, measurable limits kept.
        self.assertTrue(self.lobby_area.key_area and self.lift_area.key_area)
        self.assertFalse(self.floor_area.key_area)
        self.assertEqual((self.ends_check.limit_max, self.ends_check.limit_uom), (3.0, "cigarette ends"))
        self.assertEqual(len(self.lobby_area.check_ids), 8)
        # The clerk reads the company's standard but does not change it.
        self.assertEqual(self.lobby_area.with_user(self.clerk).name, "Lobby")
        with self.assertRaises(AccessError):
            self.lobby_area.with_user(self.clerk).write({"key_area": False})
        # The supervisor edits his estate's own copy: a stricter limit, one more check.
        action = self.lobby_area.with_user(self.supervisor).with_context(
            property_estate_id=self.estate.id).action_copy_for_estate()
        own = self.env["property.cleaning.area"].browse(action["res_id"])
        self.assertEqual(own.estate_id, self.estate)
        own_ends = own.check_ids.filtered(lambda check: check.limit_uom == "cigarette ends")
        own.with_user(self.supervisor).write({"check_ids": [
            Command.update(own_ends.id, {"limit_max": 2}),
            Command.create({"name": "Revolving door glass without fingerprints", "key_check": False})]})
        self.assertEqual(len(own.check_ids), 9)
        self.assertEqual(self.ends_check.limit_max, 3.0, "the company's standard is unchanged")
        # Inspections of the estate use its copy; another estate cannot.
        inspection = self.inspect(own, measured={own_ends.id: 3})
        self.assertFalse(inspection.passed, "3 cigarette ends are over the estate's own limit of 2")
        with self.assertRaises(ValidationError):
            self.env["property.cleaning.inspection"].create({"estate_id": self.other_estate.id, "area_id": own.id})
        outsider = new_test_user(self.env, "t_other_sup", groups="property_service.group_property_supervisor",
                                 property_estate_ids=[Command.set(self.other_estate.ids)])
        self.assertNotIn(own, self.env["property.cleaning.area"].with_user(outsider).search([]))
        self.assertIn(self.lobby_area, self.env["property.cleaning.area"].with_user(outsider).search([]))


@tagged("post_install", "-at_install")
class TestCleaningInspections(CleaningMixin, PropertyServiceCase):

    @freeze_time("2026-11-10 02:00:00")
    def test_cln02_failed_key_check_gets_a_corrective_action_and_its_reinspection(self):
        self.env.company.property_corrective_days = 2
        Inspection = self.env["property.cleaning.inspection"].with_user(self.supervisor)
        inspection = Inspection.create({"estate_id": self.estate.id, "area_id": self.lobby_area.id})
        self.assertEqual(inspection.user_id, self.supervisor)
        self.assertEqual(inspection.line_ids.check_id, self.lobby_area.check_ids)
        # A failed check needs what was wrong: refused, nothing recorded.
        glass = inspection.line_ids.filtered(lambda line: line.check_id.sequence == 6)
        glass.result = "fail"
        with self.assertRaises(ValidationError):
            inspection.action_record()
        self.assertEqual(inspection.state, "draft")
        self.assertFalse(self.env["property.corrective.action"].search([("inspection_id", "=", inspection.id)]))
        glass.note = "Fingerprints on the main door"
        # CLN-01: 5 cigarette ends fail the measurable check whatever was ticked.
        ends = inspection.line_ids.filtered(lambda line: line.check_id == self.ends_check)
        ends.measured = 5
        inspection.action_record()
        self.assertRecordValues(inspection, [{"state": "done", "passed": False, "failed_count": 2,
                                              "pass_score": 0.0}])
        self.assertEqual(ends.result, "fail")
        self.assertIn("at most 3", ends.note)
        # Each failed check: the cleaning lead, by the setting's 2 days, with a to-do on his list.
        actions = inspection.action_ids
        self.assertEqual(len(actions), 2)
        self.assertRecordValues(actions, [{"user_id": self.clerk.id, "deadline": date(2026, 11, 12),
                                           "state": "open", "source": "cleaning"}] * 2)
        self.assertEqual(actions.activity_ids.user_id, self.clerk)
        self.assertEqual(set(actions.activity_ids.mapped("date_deadline")), {date(2026, 11, 12)})
        # Recorded is recorded: no one changes a check afterwards.
        with self.assertRaises(PropertyWorkflowError):
            ends.with_user(self.supervisor).result = "pass"
        with self.assertRaises(PropertyWorkflowError):
            inspection.with_user(self.manager).write({"passed": True})
        # The cleaners put it right.
        ends_action = actions.filtered(lambda action: action.check_id == self.ends_check)
        with self.assertRaises(ValidationError):
            ends_action.with_user(self.clerk).action_done()
        ends_action.with_user(self.clerk).result_note = "Ashtray emptied, checked every 2 hours"
        actions.with_user(self.clerk).write({"result_note": "Done"})
        actions.with_user(self.clerk).action_done()
        self.assertRecordValues(actions, [{"state": "done", "done_by_id": self.clerk.id}] * 2)
        self.assertFalse(actions.activity_ids)
        # A cleaning action is checked by re-inspecting, not by a click.
        with self.assertRaises(UserError):
            actions[0].with_user(self.supervisor).action_verify()
        # The re-inspection: a new inspection of the area; all passes, both actions are checked by it.
        reply = ends_action.with_user(self.supervisor).action_reinspect()
        reinspection = Inspection.browse(reply["res_id"])
        self.assertEqual(reinspection.reinspection_of_id, inspection)
        reinspection.action_record()
        self.assertTrue(reinspection.passed)
        self.assertRecordValues(actions, [{"state": "verified", "verify_inspection_id": reinspection.id,
                                           "verified_by_id": self.supervisor.id}] * 2)

    def test_cln02_a_reinspection_that_fails_again_reopens_the_action(self):
        first = self.inspect(self.lift_area, failed=self.lift_floor_check)
        action = first.action_ids
        self.assertEqual(len(action), 1)
        action.with_user(self.clerk).write({"result_note": "Mopped"})
        action.with_user(self.clerk).action_done()
        again = self.inspect(self.lift_area, failed=self.lift_floor_check)
        self.assertFalse(again.passed)
        self.assertFalse(again.action_ids, "the same check keeps its one action")
        self.assertRecordValues(action, [{"state": "open"}])
        self.assertEqual(action.activity_ids.user_id, self.clerk, "back on the cleaner's list")
        self.assertIn("Still not right", action.message_ids[0].body)

    def test_cln02_area_passes_when_all_key_checks_pass(self):
        # Floors: the ceiling lamps are not a key check; the area passes, the lamps still get an action.
        inspection = self.inspect(self.floor_area, failed=self.lamps_check)
        self.assertTrue(inspection.passed)
        self.assertEqual(inspection.action_ids.check_id, self.lamps_check)
        # A key check fails the area.
        stairs = self.env.ref("property_service.cleaning_check_floor_5")
        self.assertFalse(self.inspect(self.floor_area, measured={stairs.id: 4}).passed)

    def test_cln02_workflow_fields_not_forged(self):
        Inspection = self.env["property.cleaning.inspection"].with_user(self.supervisor)
        with self.assertRaises(PropertyWorkflowError):
            Inspection.create({"estate_id": self.estate.id, "area_id": self.lobby_area.id, "state": "done",
                               "passed": True})
        with self.assertRaises(PropertyWorkflowError):
            Inspection.create({"estate_id": self.estate.id, "area_id": self.lobby_area.id,
                               "user_id": self.clerk.id})
        with self.assertRaises(PropertyWorkflowError):
            self.env["property.corrective.action"].with_user(self.clerk).create({
                "name": "x", "estate_id": self.estate.id, "state": "verified"})


@tagged("post_install", "-at_install")
class TestCleaningPassRate(CleaningMixin, PropertyServiceCase):

    def test_cln03_monthly_pass_rate_against_the_target(self):
        with freeze_time("2026-11-05 02:00:00"):
            for _ in range(3):
                self.inspect(self.lobby_area)
            self.inspect(self.lobby_area, failed=self.env.ref("property_service.cleaning_check_lobby_1"))
            self.inspect(self.lift_area)
            self.assertAlmostEqual(self.estate.cleaning_pass_rate, 80.0)
        # Shanghai's 1 December at 00:40 is still 30 November in UTC: the month reported is November.
        with freeze_time("2026-11-30 16:40:00"):
            self.env["property.cleaning.rate"]._cron_report_month()
            self.env["property.cleaning.rate"]._cron_report_month()
        rates = self.env["property.cleaning.rate"].search([("estate_id", "=", self.estate.id)])
        self.assertRecordValues(rates.sorted(lambda rate: rate.area_id.sequence), [
            {"area_id": self.lobby_area.id, "month": date(2026, 11, 1), "inspection_count": 4, "passed_count": 3,
             "rate": 75.0, "target": 95.0, "below_target": True},
            {"area_id": self.lift_area.id, "month": date(2026, 11, 1), "inspection_count": 1, "passed_count": 1,
             "rate": 100.0, "target": 95.0, "below_target": False},
        ])
        # The estate's chatter has the figure, the manager a task (80% < 95%); a rerun adds neither.
        notes = self.estate.message_ids.filtered(lambda m: "CLN-03" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("80.0%", notes.body)
        self.assertIn("Lobby 75.0%", notes.body)
        self.assertEqual(self.estate.activity_ids.user_id, self.manager)
        # The rates are kept as reported.
        with self.assertRaises(PropertyWorkflowError):
            rates[0].sudo().write({"passed_count": 4})


@tagged("post_install", "-at_install")
class TestPestControl(PropertyServiceCase):

    def test_pat07_record_card_signed_only_when_the_work_passes(self):
        contractor = self.env["res.partner"].create({"name": "Green Shield Pest Control", "is_company": True})
        visit = self.env["property.pest.control"].with_user(self.clerk).create({
            "estate_id": self.estate.id, "contractor_id": contractor.id, "kind": "cockroaches",
            "scope": "Lobbies and public toilets"})
        self.assertTrue(visit.name.startswith("XS"))
        # Not passed yet: the card cannot be signed.
        with self.assertRaises(UserError):
            self.sign(visit)
        self.assertFalse(visit.signature)
        # Rework needs what was missed.
        with self.assertRaises(ValidationError):
            visit.action_rework()
        visit.check_note = "Tower 3 toilet not sprayed"
        visit.action_rework()
        self.assertRecordValues(visit, [{"state": "rework", "rework_count": 1, "checked_by_id": self.clerk.id}])
        with self.assertRaises(UserError):
            self.sign(visit)
        visit.action_pass()
        self.sign(visit)
        self.assertRecordValues(visit, [{"state": "signed", "signed_by_id": self.clerk.id}])
        self.assertTrue(visit.signature and visit.date_signed)
        # Signed is signed: no one reopens or changes it, the manager included.
        with self.assertRaises(PropertyWorkflowError):
            visit.with_user(self.manager).write({"scope": "Everywhere"})
        with self.assertRaises(PropertyWorkflowError):
            visit.with_user(self.manager).write({"state": "planned"})
        with self.assertRaises(UserError):
            visit.action_pass()


@tagged("post_install", "-at_install")
class TestPatrolCleanliness(CleaningMixin, PatrolMixin, PropertyServiceHttpCase):

    def scan(self, point, **data):
        return self.url_open(f"/patrol/p/{point.token}/checkin", allow_redirects=False,
                             data={"csrf_token": http.Request.csrf_token(self), **data})

    def test_pat04_point_found_not_clean_on_the_round_becomes_an_inspection(self):
        self.lobby.with_user(self.supervisor).cleaning_area_id = self.lobby_area
        self.authenticate(self.clerk.login, self.clerk.login)
        page = self.url_open(f"/patrol/p/{self.lobby.token}").text
        self.assertIn("Cigarette ends in the ashtray", page, "the point's checks are on the phone")
        # Not clean, but nothing ticked: asked to tick, nothing saved.
        reply = self.scan(self.lobby, finding="cleanliness", note="Ashtray overflowing")
        self.assertEqual(reply.status_code, 400)
        self.assertIn("Tick the checks", reply.text)
        self.assertFalse(self.env["property.patrol.checkin"].search([("point_id", "=", self.lobby.id)]))
        reply = self.url_open(f"/patrol/p/{self.lobby.token}/checkin", allow_redirects=False, data={
            "csrf_token": http.Request.csrf_token(self), "finding": "cleanliness", "note": "Ashtray overflowing",
            "failed_check": [str(self.ends_check.id), str(self.env.ref("property_service.cleaning_check_lobby_4").id)],
        }, files={"photo": ("ashtray.png", PNG, "image/png")})
        self.assertEqual(reply.status_code, 303, reply.text[reply.text.find("o_property_patrol_error"):][:300])
        checkin = self.env["property.patrol.checkin"].search([("point_id", "=", self.lobby.id)])
        inspection = checkin.inspection_id
        self.assertRecordValues(inspection, [{"user_id": self.clerk.id, "state": "done", "passed": False,
                                              "area_id": self.lobby_area.id, "failed_count": 2}])
        failed = inspection.line_ids.filtered(lambda line: line.result == "fail")
        self.assertEqual(failed.mapped("note"), ["Ashtray overflowing"] * 2)
        self.assertTrue(all(failed.mapped("photo")))
        self.assertEqual(len(inspection.action_ids), 2)
        self.assertEqual(inspection.action_ids.user_id, self.clerk)
        self.assertIn(inspection.name, self.url_open(reply.headers["Location"]).text)
        self.assertEqual(self.estate.with_user(self.supervisor).patrol_finding_count, 1, "seen on the estate")
        # A point without a standard: what the patroller wrote goes to the cleaners as it is.
        reply = self.scan(self.corridor, finding="cleanliness", note="Litter on the stairs")
        self.assertEqual(reply.status_code, 303)
        checkin = self.env["property.patrol.checkin"].search([("point_id", "=", self.corridor.id)])
        self.assertFalse(checkin.inspection_id)
        self.assertRecordValues(checkin.action_id, [{"user_id": self.clerk.id, "department": "cleaning",
                                                     "state": "open"}])
        self.assertIn("Litter on the stairs", checkin.action_id.name)


@tagged("post_install", "-at_install")
class TestBlankSheets(CleaningMixin, PatrolMixin, PropertyServiceHttpCase):
    # An HTTP case: wkhtmltopdf fetches the report's assets from the running server.

    def test_cln02_pat01_blank_sheets_print_on_a4(self):
        Report = self.env["ir.actions.report"].with_user(self.supervisor)
        html = Report._render_qweb_html("property_service.report_cleaning_sheet", self.lobby_area.ids)[0].decode()
        self.assertIn("Cleaning check sheet", html)
        self.assertIn("Cigarette ends in the ashtray", html)
        html = Report._render_qweb_html("property_service.report_patrol_sheet", self.plan.ids)[0].decode()
        self.assertIn("Public-area patrol sheet", html)
        self.assertIn("Pump room", html)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "property_service.report_cleaning_sheet", self.lobby_area.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(self.env.ref("property_service.action_report_cleaning_sheet").paperformat_id.format, "A4")
