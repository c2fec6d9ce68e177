from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.property_service.tests.test_movein import MoveinMixin

from .common import PropertyButlerCase
from odoo import Command


@tagged("post_install", "-at_install")
class TestProfiles(MoveinMixin, PropertyButlerCase):

    def setUp(self):
        super().setUp()
        self.profile = self.env["property.resident.profile"].create({
            "partner_id": self.resident.id, "unit_id": self.unit.id, "drinks": "Green tea", "allergies": "Pollen",
            "birthday": date(1970, 3, 12), "confidential_service": True,
        })
        self.Log = self.env["property.profile.access.log"]

    def test_prf02_butler_outside_the_zone_is_refused(self):
        Profile = self.env["property.resident.profile"]
        self.assertFalse(Profile.with_user(self.butler2_user).search([]))
        # Told what to do, in his language: ask the chief butler (PRF-02).
        with self.assertRaisesRegex(AccessError, "Ask the chief butler for access"):
            self.profile.with_user(self.butler2_user).read(["drinks"])
        with self.assertRaises(AccessError):
            self.profile.with_user(self.clerk).read(["drinks"])
        self.assertFalse(self.Log.search([("profile_id", "=", self.profile.id)]))

    def test_prf02_reading_inside_the_zone_is_logged(self):
        profile = self.profile.with_user(self.butler_user).with_context(profile_access_reason="Birthday card")
        with freeze_time("2026-03-03 02:00:00"):
            self.assertEqual(profile.read(["drinks"])[0]["drinks"], "Green tea")
        log = self.Log.search([("profile_id", "=", self.profile.id)])
        self.assertEqual((log.user_id, log.reason, str(log.date), log.via_grant),
                         (self.butler_user, "Birthday card", "2026-03-03 02:00:00", False))
        # Reading names only (the list) logs nothing more.
        profile.read(["partner_id", "unit_id"])
        self.assertEqual(len(self.Log.search([("profile_id", "=", self.profile.id)])), 1)
        with self.assertRaisesRegex(UserError, "buttons"):
            log.sudo().write({"reason": "nothing"})
        with self.assertRaisesRegex(UserError, "cannot be changed or deleted"):
            log.sudo().unlink()

    def test_prf03_confidential_service_is_shown_to_the_desk(self):
        """The desk taking a call is warned that the resident asked for
        confidential service — without opening his profile."""
        request = self.new_request(category="consultation", description="A caller asks for the owner's phone")
        self.assertTrue(request.with_user(self.clerk).property_confidential_service)
        self.assertFalse(self.Log.search([("profile_id", "=", self.profile.id)]))
        with self.assertRaises(AccessError):
            self.profile.with_user(self.clerk).read(["confidential_service"])
        other = self.env["res.partner"].create({"name": "Li Na"})
        self.assertFalse(other.with_user(self.clerk).property_confidential_service)
        self.profile.with_user(self.butler_user).confidential_service = False
        self.env.invalidate_all()
        self.assertFalse(request.with_user(self.clerk).property_confidential_service)

    def test_prf02_chief_butler_approval_opens_and_expires(self):
        grant = self.env["property.profile.access.grant"].with_user(self.butler2_user).create({
            "partner_id": self.resident.id, "reason": "Covering for Butler Wu on leave",
        })
        with self.assertRaises(AccessError):
            grant.with_user(self.butler2_user).action_approve()
        with freeze_time("2026-03-03 02:00:00"):
            grant.with_user(self.chief_user).action_approve()
        self.assertEqual(str(grant.expires_at), "2026-03-04 02:00:00")
        self.profile.with_user(self.butler2_user).read(["drinks"])
        self.assertTrue(self.Log.search([("user_id", "=", self.butler2_user.id)]).via_grant)
        with freeze_time("2026-03-04 03:00:00"):
            self.env["property.profile.access.grant"]._cron_expire()
        self.assertEqual(grant.state, "expired")
        with self.assertRaises(AccessError):
            self.profile.with_user(self.butler2_user).read(["drinks"])

    def test_prf02_a_resident_of_two_units_gets_the_profile_asked_for(self):
        """The same owner has a flat in each building: the request names the
        unit, and the approval opens that profile only."""
        second = self.env["property.resident.profile"].create({
            "partner_id": self.resident.id, "unit_id": self.unit_b2.id, "drinks": "Coffee"})
        Grant = self.env["property.profile.access.grant"].with_user(self.butler_user)
        with self.assertRaisesRegex(UserError, "several units"):
            Grant.create({"partner_id": self.resident.id, "reason": "Visit"})
        grant = Grant.create({"partner_id": self.resident.id, "unit_id": self.unit_b2.id, "reason": "Visit"})
        self.assertEqual(grant.profile_id, second)
        with self.assertRaisesRegex(UserError, "buttons"):
            grant.write({"profile_id": self.profile.id})
        with self.assertRaisesRegex(UserError, "buttons"):
            Grant.create({"partner_id": self.resident.id, "unit_id": self.unit_b2.id, "reason": "Visit",
                          "state": "active", "expires_at": "2099-01-01 00:00:00"})

    def test_prf02_a_zone_change_moves_access(self):
        self.butler2.property_zone_building_ids = [Command.link(self.building.id)]
        self.assertEqual(self.env["property.resident.profile"].with_user(self.butler2_user).search([]), self.profile)

    def test_prf01_birthday_reminder_for_the_zone_butler(self):
        with freeze_time("2026-03-10"):
            reminded = self.env["property.resident.profile"]._cron_remind_occasions()
            self.assertFalse(self.env["property.resident.profile"]._cron_remind_occasions())
        self.assertEqual(reminded, self.profile)
        activity = self.profile.activity_ids.filtered(lambda a: a.user_id == self.butler_user)
        self.assertEqual(activity.date_deadline, date(2026, 3, 12))

    def test_prf01_birthday_reminders_run_in_batches_with_progress(self):
        """The job takes one batch, reports what remains and is called again."""
        self.env["property.resident.profile"].create({
            "partner_id": self.env["res.partner"].create({"name": "Neighbour Qian"}).id, "unit_id": self.unit2.id,
            "birthday": date(1982, 3, 11),
        })
        self.env["ir.config_parameter"].sudo().set_param("property_service.cron_batch_size", 1)
        cron = self.env.ref("property_butler.ir_cron_occasions")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id, "remaining": 0, "done": 0})
        Profile = self.env["property.resident.profile"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-03-10"):
            first = Profile._cron_remind_occasions()
            self.assertEqual((progress.done, progress.remaining), (1, 1))
            second = Profile._cron_remind_occasions()
            self.assertFalse(Profile._cron_remind_occasions())
        self.assertEqual(len(first | second), 2)

    def test_prf02_every_declared_field_is_preference_data(self):
        """Preference fields come from the declarations: a field of the
        profile is logged when read unless it only says whose profile it is."""
        preferences = self.env["property.resident.profile"]._preference_fields()
        self.assertTrue({"birthday", "allergies", "confidential_note", "english_level", "drinks"} <= preferences)
        self.assertFalse(
            {"partner_id", "unit_id", "message_ids", "activity_ids", "birthday_reminded", "id"} & preferences
        )
        self.assertTrue({"movein_ids", "renovation_document_ids", "resident_phone", "vehicle_plates"} <= preferences)
        self.assertEqual(len(preferences), 59)

    def test_prf01_birthday_reminder_across_the_new_year(self):
        """A birthday on 2 January is reminded on 30 December, once."""
        self.profile.write({"birthday": date(1980, 1, 2), "anniversary": False})
        self.profile.company_id.property_reminder_days = 3
        with freeze_time("2026-12-30"):
            reminded = self.env["property.resident.profile"]._cron_remind_occasions()
            self.assertFalse(self.env["property.resident.profile"]._cron_remind_occasions())
        self.assertEqual(reminded, self.profile)
        activity = self.profile.activity_ids.filtered(lambda a: a.user_id == self.butler_user)
        self.assertEqual(activity.date_deadline, date(2027, 1, 2))
        with freeze_time("2027-01-01"):
            self.assertFalse(self.env["property.resident.profile"]._cron_remind_occasions())

    def test_prf02_search_read_and_export_are_logged_too(self):
        self.butler_user.groups_id |= self.env.ref("base.group_allow_export")
        Profile = self.env["property.resident.profile"].with_user(self.butler_user)
        self.assertEqual(Profile.search_read([], ["allergies"])[0]["allergies"], "Pollen")
        Profile.search([]).export_data(["partner_id", "drinks"])
        self.assertEqual(
            self.Log.search([("profile_id", "=", self.profile.id)]).mapped("reason"), ["Export", "Consulted"]
        )

    def test_prf02_a_butler_cannot_approve_his_own_access(self):
        Grant = self.env["property.profile.access.grant"].with_user(self.butler2_user)
        with self.assertRaisesRegex(UserError, "buttons"):
            Grant.create({"partner_id": self.resident.id, "reason": "Curious", "state": "active"})
        grant = Grant.with_context(default_state="active").create({"partner_id": self.resident.id, "reason": "Curious"})
        self.assertEqual(grant.state, "requested")
        with self.assertRaisesRegex(UserError, "buttons"):
            grant.write({"state": "active", "expires_at": "2099-01-01 00:00:00"})
        with self.assertRaises(AccessError):
            self.profile.with_user(self.butler2_user).read(["drinks"])

    def test_prf03_a_caller_asking_about_a_confidential_residents_unit_is_told_nothing(self):
        """The caller is not the resident: the clerk picks the unit asked
        about, and is warned that someone living there asked for confidential
        service — still without reading the profile (PRF-02)."""
        caller = self.env["res.partner"].create({"name": "Caller Sun"})
        request = self.new_request(category="consultation", partner_id=caller.id,
                                   description="Asks who lives in 1-0201 and their phone")
        self.assertTrue(request.with_user(self.clerk).property_confidential_service)
        elsewhere = self.new_request(category="consultation", partner_id=caller.id, unit_id=self.unit2.id,
                                     description="Asks about 1-0202")
        self.assertFalse(elsewhere.with_user(self.clerk).property_confidential_service)
        self.assertFalse(self.Log.search([("profile_id", "=", self.profile.id)]))
        # Moved out: his old home is no longer confidential.
        self.env["property.occupancy"].search([("partner_id", "=", self.resident.id)]).date_end = "2026-01-31"
        self.env.invalidate_all()
        self.assertFalse(request.with_user(self.clerk).property_confidential_service)

    def test_mov06_prf01_move_in_opens_the_residents_file_with_its_papers(self):
        """MOV-06: the resident's file is opened when the move-in is done; it
        holds his basic data and the move-in and renovation papers (PRF-01),
        read by his zone's butler, each reading logged (PRF-02)."""
        self.setup_movein_data()
        with freeze_time("2026-03-02 02:00:00"):
            case = self.new_case()
            case.action_arrived()
            self.fill_case(case)
            contract = case.document_ids.filtered(lambda d: d.kind == "purchase_contract")
            scan = self.env["ir.attachment"].create({"name": "contract.pdf", "raw": b"%PDF-1.4 contract",
                                                     "res_model": contract._name, "res_id": contract.id})
            contract.write({"attachment_ids": [Command.link(scan.id)]})
            case.action_complete()
        Profile = self.env["property.resident.profile"]
        profile = Profile.search([("partner_id", "=", self.buyer.id), ("unit_id", "=", self.unit2.id)])
        self.assertTrue(profile)
        permit = self.env["property.renovation"].with_user(self.clerk).create({
            "unit_id": self.unit2.id, "partner_id": self.buyer.id, "works": "New kitchen",
            "date_start": "2026-04-01", "date_end": "2026-05-31",
        })
        # The desk opened the file but does not read it.
        with self.assertRaises(AccessError):
            profile.with_user(self.clerk).read(["movein_ids"])
        papers = profile.with_user(self.butler_user).with_context(profile_access_reason="Welcome visit").read(
            ["movein_ids", "movein_document_ids", "renovation_ids", "renovation_document_ids", "resident_mobile",
             "household_size", "emergency_contact"])[0]
        self.assertEqual(papers["movein_ids"], case.ids)
        self.assertEqual(set(papers["movein_document_ids"]), set(case.document_ids.ids))
        self.assertEqual(papers["renovation_ids"], permit.ids)
        self.assertEqual(set(papers["renovation_document_ids"]), set(permit.document_ids.ids))
        self.assertEqual((papers["resident_mobile"], papers["household_size"], papers["emergency_contact"]),
                         ("13900000009", 3, "Chen Ming"))
        self.assertIn(scan, profile.with_user(self.butler_user).movein_document_ids.attachment_ids)
        self.assertEqual(self.Log.search([("profile_id", "=", profile.id)]).reason, "Welcome visit")
        # Opened once: the file is not opened twice for the household.
        self.assertFalse(case._open_resident_file())
        self.assertEqual(Profile.search_count([("partner_id", "=", self.buyer.id)]), 1)
