from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from .common import PropertyServiceCase, PropertyServiceHttpCase
from odoo import Command


class MoveinMixin:

    def setup_movein_data(self):
        self.buyer = self.env["res.partner"].create({"name": "Chen Jing", "mobile": "13900000009", "lang": "en_US"})
        self.vacant = self.unit2

    def new_case(self, user=None, **vals):
        values = {"unit_id": self.vacant.id, "partner_id": self.buyer.id}
        values.update(vals)
        return self.env["property.movein"].with_user(user or self.clerk).create(values)

    def fill_case(self, case, defects=False):
        """What the clerk records on the handover day."""
        case.document_ids.write({"seen": True, "copy_kept": True})
        case.agreement_ids.write({"signed": True})
        keys = [
            Command.create(
                {"key_type": "entrance", "label": "E-0202", "count_total": 3, "count_handed": 2 if defects else 3}
            ),
            Command.create({"key_type": "mailbox", "count_total": 2, "count_handed": 2}),
        ]
        case.write({
            "inspector_id": self.engineer.id,
            "reading_water": 12.5,
            "reading_electricity": 105.25,
            "reading_gas": 3.0,
            "household_size": 3,
            "emergency_contact": "Chen Ming",
            "key_ids": keys,
        })
        if defects:
            case.write({"defect_ids": [Command.create({"location": "Bathroom", "name": "Floor drain backs up"})]})
        # MOV-04: both sign the handover form, through its signing step.
        self.sign(case, "Chen Jing", button="action_sign_resident")
        self.sign(case, "Wang Fang", button="action_sign_staff")


@tagged("at_install")
class TestMovein(MoveinMixin, PropertyServiceCase):

    def setUp(self):
        super().setUp()
        self.setup_movein_data()

    def test_mov02_checklist_follows_who_comes(self):
        case = self.new_case()
        self.assertEqual(
            set(case.document_ids.mapped("kind")), {"notice", "purchase_contract", "payment_proof", "id_photos"}
        )
        case.via_agent = True
        self.assertIn("power_of_attorney", case.document_ids.mapped("kind"))
        self.assertIn("agent_id", case.document_ids.mapped("kind"))
        # MOV-03: the estate's agreements are listed to sign.
        self.assertEqual(len(case.agreement_ids), 4)

    @freeze_time("2026-03-02 02:00:00")
    def test_mov01_notice_deadline_and_full_move_in(self):
        case = self.new_case()
        case.action_issue_notice()
        self.assertEqual(case.state, "notified")
        self.assertEqual(case.notice_date, date(2026, 3, 2))
        self.assertEqual(case.deadline, date(2026, 3, 17))
        case.action_arrived()
        self.fill_case(case)
        case.action_complete()
        self.assertEqual(case.state, "done")
        # The occupancy is effective: the unit is occupied by its new owner.
        self.assertEqual(self.vacant.state, "occupied")
        self.assertEqual(self.vacant.owner_id, self.buyer)
        self.assertEqual(case.occupancy_id.date_start, date(2026, 3, 2))
        # The household form went onto the resident.
        self.assertEqual(self.buyer.property_household_size, 3)
        self.assertEqual(self.buyer.property_emergency_contact, "Chen Ming")
        # FUP-04: the new resident is followed up a month later.
        followup = self.env["property.followup"].search([("partner_id", "=", self.buyer.id), ("kind", "=", "move_in")])
        self.assertEqual(followup.date_due, date(2026, 4, 1))

    def test_mov04_readings_below_zero_refused(self):
        case = self.new_case()
        with self.assertRaisesRegex(ValidationError, "cannot be below zero"):
            with self.env.cr.savepoint():
                case.write({"reading_water": -1.0})
        self.assertEqual(case.reading_water, 0.0)

    def test_mov05_defects_keep_one_entrance_key(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case, defects=True)
        case.defect_ids.action_create_request()
        self.assertEqual(case.defect_ids.request_id.category, "in_unit_repair")
        self.assertEqual(case.defect_ids.request_id.unit_id, self.vacant)
        self.assertEqual(case.defect_ids.state, "repair")
        case.action_complete()
        entrance = case.key_ids.filtered(lambda k: k.key_type == "entrance")
        self.assertEqual(entrance.count_kept, 1)

    def test_mov05_all_keys_handed_with_defects_refused(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case)
        case.write({"defect_ids": [Command.create({"name": "Scratched window"})]})
        with self.assertRaisesRegex(UserError, "keep exactly one entrance key"):
            case.action_complete()
        self.assertEqual(case.state, "in_progress")
        self.assertFalse(case.occupancy_id)

    def test_mov02_a_copy_kept_of_every_document_the_case_needs(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case)
        contract = case.document_ids.filtered(lambda d: d.kind == "purchase_contract")
        contract.copy_kept = False
        with self.assertRaisesRegex(UserError, "Keep a copy of these documents \\(MOV-02\\): Purchase contract"):
            case.action_complete()
        # A copy is kept of an original seen.
        with self.assertRaisesRegex(ValidationError, "as seen before keeping its copy"):
            with self.env.cr.savepoint():
                case.document_ids.filtered(lambda d: d.kind == "notice").write({"seen": False})
        # Removing a line of the checklist does not skip it: the list is the rule's.
        contract.unlink()
        with self.assertRaisesRegex(UserError, "Documents not seen yet \\(MOV-02\\): Purchase contract"):
            case.action_complete()
        self.assertEqual((case.state, self.vacant.state), ("in_progress", "vacant"))

    def test_mov03_unsigned_agreements_block_completion(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case)
        bank = case.agreement_ids.filtered(
            lambda a: a.agreement_type_id == self.env.ref("property_service.agreement_bank_collection"))
        bank.signed = False
        with self.assertRaisesRegex(UserError, "Agreements not signed yet \\(MOV-03\\): Bank collection agreement"):
            case.action_complete()
        # Deleting the unsigned agreement does not help: the estate's list is what is signed.
        bank.unlink()
        with self.assertRaisesRegex(UserError, "Agreements not signed yet \\(MOV-03\\): Bank collection agreement"):
            case.action_complete()
        self.assertEqual(case.state, "in_progress")
        self.assertFalse(case.occupancy_id)
        case.write({"agreement_ids": [Command.create({
            "agreement_type_id": self.env.ref("property_service.agreement_bank_collection").id, "signed": True})]})
        case.action_complete()
        self.assertEqual(case.state, "done")

    def test_mov04_opening_readings_required_zero_only_as_no_meter(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case)
        case.reading_electricity = 0.0
        with self.assertRaisesRegex(UserError, "Record the opening readings .*Electricity meter"):
            case.action_complete()
        # A meter the unit has not has no reading.
        with self.assertRaisesRegex(ValidationError, "has no Gas meter"):
            with self.env.cr.savepoint():
                case.has_gas = False
        # Zero is "no meter", said explicitly.
        case.has_electricity_meter = False
        self.assertEqual(case._opening_readings(), {"water": 12.5, "gas": 3.0})
        case.action_complete()
        self.assertEqual(case.state, "done")

    def test_mov02_unseen_documents_block_completion(self):
        case = self.new_case()
        case.action_arrived()
        self.fill_case(case)
        case.document_ids[:1].write({"seen": False, "copy_kept": False})
        with self.assertRaisesRegex(UserError, "Documents not seen"):
            case.action_complete()
        self.assertEqual(self.vacant.state, "vacant")

    def test_mov06_tenant_refused_without_lease(self):
        case = self.new_case(role="tenant", rent_paid=True, id_given=True)
        with self.assertRaisesRegex(UserError, "signed lease"):
            case.action_arrived()
        self.assertEqual(case.state, "draft")
        case.lease_signed = True
        case.action_arrived()
        self.assertEqual(case.state, "in_progress")
        self.assertEqual(set(case.document_ids.mapped("kind")), {"lease", "id_photos"})
        # Tenants sign only the agreements meant for them.
        self.assertEqual(case.agreement_ids.agreement_type_id, self.env.ref("property_service.agreement_fire_safety"))

    def test_mov06_tenant_refused_while_renovation_not_accepted(self):
        self.env["property.renovation"].create({
            "unit_id": self.vacant.id, "partner_id": self.resident.id, "works": "Kitchen",
            "date_start": "2026-03-01", "date_end": "2026-04-01",
        })
        case = self.new_case(role="tenant", lease_signed=True, rent_paid=True, id_given=True)
        with self.assertRaisesRegex(UserError, "renovation accepted"):
            case.action_arrived()

    def test_mov01_reminder_then_escalation(self):
        with freeze_time("2026-03-02 02:00:00"):
            self.estate.movein_notice_days = 8  # the notice's deadline: 10 March
            case = self.new_case()
            case.action_issue_notice()
        Movein = self.env["property.movein"]
        reminder = self.env.ref("property_service.mail_activity_type_movein_reminder")
        escalation = self.env.ref("property_service.mail_activity_type_movein_escalation")
        with freeze_time("2026-03-06 02:00:00"):
            self.assertEqual(Movein._cron_movein_reminders(), (Movein, Movein))
        with freeze_time("2026-03-07 02:00:00"):
            reminded, escalated = Movein._cron_movein_reminders()
            self.assertEqual(reminded, case)
            self.assertFalse(escalated)
            # Running twice reminds nobody again.
            self.assertEqual(Movein._cron_movein_reminders(), (Movein, Movein))
        self.assertEqual(case.activity_ids.filtered(lambda a: a.activity_type_id == reminder).user_id, self.clerk)
        with freeze_time("2026-03-10 02:00:00"):
            self.assertFalse(Movein._cron_movein_reminders()[1])
        with freeze_time("2026-03-11 02:00:00"):
            self.assertEqual(Movein._cron_movein_reminders()[1], case)
            self.assertFalse(Movein._cron_movein_reminders()[1])
        self.assertEqual(case.activity_ids.filtered(lambda a: a.activity_type_id == escalation).user_id, self.manager)

    def test_arrival_stops_reminders(self):
        with freeze_time("2026-03-02 02:00:00"):
            self.estate.movein_notice_days = 8  # the notice's deadline: 10 March
            case = self.new_case()
            case.action_issue_notice()
            case.action_arrived()
        with freeze_time("2026-03-12 02:00:00"):
            self.assertEqual(self.env["property.movein"]._cron_movein_reminders(), (self.env["property.movein"],) * 2)

    def test_move_out_keeps_history(self):
        moveout = self.env["property.moveout"].with_user(self.clerk).create({
            "unit_id": self.unit.id, "partner_id": self.resident.id, "date": "2026-05-31",
        })
        moveout.action_done()
        occupancy = self.unit.occupancy_ids.filtered(lambda o: o.partner_id == self.resident)
        self.assertEqual(occupancy.date_end, date(2026, 5, 31))
        self.assertTrue(occupancy.exists())

    def test_clerk_of_other_estate_cannot_see_the_case(self):
        case = self.new_case()
        other_clerk = new_test_user(self.env, "t_clerk_other", groups="property_service.group_property_clerk",
                                    property_estate_ids=[Command.set([self.other_estate.id])])
        self.assertFalse(self.env["property.movein"].with_user(other_clerk).search([("id", "=", case.id)]))


@tagged("post_install", "-at_install")
class TestMoveinPacket(MoveinMixin, PropertyServiceHttpCase):

    def setUp(self):
        super().setUp()
        self.setup_movein_data()

    def test_mov07_packet_renders_with_readings_and_keys(self):
        case = self.new_case()
        case.action_issue_notice()
        case.action_arrived()
        self.fill_case(case, defects=True)
        report = self.env.ref("property_service.action_report_movein_packet").with_user(self.clerk)
        html = report._render_qweb_html(report.report_name, case.ids)[0].decode()
        for text in ("Move-in notice", "Documents checklist", "Agreements to sign", "Handover inspection form",
                     "Key receipt", "12.50", "105.25", "3.00", "E-0202", "Floor drain backs up", "covenant"):
            self.assertIn(text, html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, case.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_mov07_packet_in_chinese_and_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_service"], ["zh_CN"])
        case = self.new_case()
        case.action_issue_notice()
        report = self.env.ref("property_service.action_report_movein_packet").with_user(self.clerk)
        html = report._render_qweb_html(report.report_name, case.ids)[0].decode()
        self.assertIn("入伙通知书", html)
        self.assertIn("Move-in notice", html)
        # Not inspected yet: the handover form is blank to be filled in with the owner (MOV-04).
        self.assertNotIn("o_reading_water", html)
        self.assertNotIn("No defect found", html)
        self.assertIn("o_blank_row", html)

    def test_mov07_handover_day_for_a_building(self):
        # Three new owners bought flats of building 1 and are waiting for their keys.
        buyers = self.env["res.partner"].create([{"name": f"Buyer {n}"} for n in range(3)])
        units = self.env["property.unit"].create([
            {"building_id": self.building.id, "number": f"09{n:02d}", "floor": 9, "floor_area": 90.0} for n in range(3)
        ])
        self.env["property.occupancy"].create([
            {"unit_id": unit.id, "partner_id": buyer.id, "role": "owner", "lives_in": False, "date_start": "2026-01-01"}
            for unit, buyer in zip(units, buyers)
        ])
        action = self.building.with_user(self.clerk).action_handover_day()
        wizard = self.env[action["res_model"]].with_user(self.clerk).with_context(**action["context"]).create({})
        self.assertEqual(wizard.line_ids.unit_id, units)
        result = wizard.action_create_and_print()
        cases = self.env["property.movein"].search([("unit_id", "in", units.ids)])
        self.assertEqual(len(cases), 3)
        self.assertEqual(set(cases.mapped("state")), {"notified"})
        self.assertEqual(result["report_name"], "property_service.report_movein_packet")
        self.assertEqual(sorted(result["context"]["active_ids"]), sorted(cases.ids))
        report = self.env.ref("property_service.action_report_movein_packet").with_user(self.clerk)
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, cases.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Completing one makes the known buyer a resident: no second occupancy.
        case = cases[0]
        case.action_arrived()
        self.fill_case(case)
        case.action_complete()
        self.assertEqual(len(case.unit_id.occupancy_ids), 1)
        self.assertEqual(case.unit_id.state, "occupied")
