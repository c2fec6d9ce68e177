import importlib.util
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PropertyButlerCase

CHECKS = {"doors_windows_ok": True, "water_off": True, "power_off": True, "gas_off": True, "no_leak": True,
          "no_cracks": True, "cleaned": True}


@tagged("post_install", "-at_install")
class TestVacantUnits(PropertyButlerCase):
    """VAC-01/02 and KEY-04: vacant units cleaned every half month, inspected
    monthly against the 98 % target, their keys taken over; owners' spare keys
    kept sealed."""

    def setUp(self):
        super().setUp()
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.Key = self.env["property.key"]

    def register_keys(self, *units):
        return self.Key.with_user(self.supervisor).create([
            {"name": f"KZ-{unit.name}", "key_type": "vacant", "classification": "entrance",
             "estate_id": self.estate.id, "unit_id": unit.id} for unit in units])

    def test_vac01_vacant_units_are_cleaned_every_half_month(self):
        Cleaning = self.env["property.vacant.cleaning"]
        with freeze_time("2026-03-02 02:00:00"):
            planned = Cleaning._cron_plan()
            self.assertFalse(Cleaning._cron_plan())
        cleaning = planned.filtered(lambda c: c.unit_id == self.unit2).with_user(self.butler_user)
        self.assertEqual((cleaning.date_due, cleaning.state), (date(2026, 3, 2), "planned"))
        self.assertNotIn(self.unit, planned.unit_id)  # lived in: not vacant
        with freeze_time("2026-03-04 02:00:00"):
            self.assertIn(cleaning, Cleaning.with_user(self.butler_user).search([("overdue", "=", True)]))
            with self.assertRaisesRegex(UserError, "buttons"):
                cleaning.write({"state": "done", "date_done": "2026-03-01"})
            cleaning.write({"cleaner": "Aunt Zhang"})
            cleaning.action_done()
        self.assertEqual((cleaning.state, cleaning.date_done, cleaning.done_by_id),
                         ("done", date(2026, 3, 4), self.butler_user))
        following = Cleaning.search([("unit_id", "=", self.unit2.id), ("state", "=", "planned")])
        self.assertEqual(following.date_due, date(2026, 3, 19))  # every half month: 15 days, a setting
        with self.assertRaisesRegex(UserError, "kept as recorded"):
            cleaning.write({"cleaner": "Someone else"})
        self.company.property_vacant_cleaning_days = 10
        with freeze_time("2026-03-19 02:00:00"):
            following.with_user(self.butler_user).action_done()
        third = Cleaning.search([("unit_id", "=", self.unit2.id), ("state", "=", "planned")])
        self.assertEqual(third.date_due, date(2026, 3, 29))
        # Sold and lived in: no more cleaning is planned after the last one.
        self.env["property.occupancy"].create({"unit_id": self.unit2.id, "partner_id": self.resident.id,
                                               "role": "owner", "date_start": "2026-03-20"})
        with freeze_time("2026-03-29 02:00:00"):
            third.with_user(self.butler_user).action_done()
        self.assertFalse(Cleaning.search([("unit_id", "=", self.unit2.id), ("state", "=", "planned")]))

    def test_vac01_a_unit_no_longer_vacant_has_its_planned_cleaning_cancelled(self):
        """VAC-01: the schedule cancels the cleaning planned for a unit that is
        lived in now, and plans none after it."""
        Cleaning = self.env["property.vacant.cleaning"]
        with freeze_time("2026-03-02 02:00:00"):
            cleaning = Cleaning._cron_plan().filtered(lambda c: c.unit_id == self.unit2)
            # Let from 2 March: the tenant lives there.
            self.env["property.occupancy"].create({"unit_id": self.unit2.id, "partner_id": self.resident.id,
                                                   "role": "tenant", "date_start": "2026-03-02"})
        self.assertEqual(self.unit2.state, "occupied")
        with freeze_time("2026-03-03 02:00:00"):
            self.assertFalse(Cleaning._cron_plan())
            self.assertFalse(Cleaning._cron_plan())
            self.assertEqual(cleaning.state, "cancelled")
            self.assertFalse(Cleaning.search([("unit_id", "=", self.unit2.id), ("state", "=", "planned")]))
            self.assertNotIn(cleaning, Cleaning.with_user(self.butler_user).search([("overdue", "=", True)]))
            with self.assertRaisesRegex(UserError, "done or cancelled already"):
                cleaning.with_user(self.butler_user).action_done()

    def test_vac01_a_cleaning_is_overdue_on_the_estates_clock(self):
        """VAC-01: due on 2 March, a cleaning is overdue from the estate's
        midnight (16:00 UTC in Shanghai), not from the server's UTC day."""
        Cleaning = self.env["property.vacant.cleaning"]
        with freeze_time("2026-03-02 02:00:00"):
            cleaning = Cleaning._cron_plan().filtered(lambda c: c.unit_id == self.unit2)
        self.assertEqual(cleaning.date_due, date(2026, 3, 2))
        for moment, overdue in (("2026-03-02 15:59:00", False), ("2026-03-02 16:01:00", True)):
            with freeze_time(moment):
                for env in (self.env, self.env(user=self.butler_user, context={"lang": "en_US"})):
                    self.assertEqual(cleaning in env["property.vacant.cleaning"].search([("overdue", "=", True)]),
                                     overdue, moment)
                    self.assertEqual(cleaning.with_env(env).overdue, overdue, moment)
                    cleaning.invalidate_recordset(["overdue"])

    def test_vac01_the_monthly_inspection_is_of_the_estates_month(self):
        """VAC-01: at 01:00 on 1 April in Shanghai (17:00 UTC on 31 March) the
        job plans April's inspections, dated 1 April."""
        Inspection = self.env["property.vacant.inspection"]
        with freeze_time("2026-03-31 17:00:00"):
            planned = Inspection._cron_plan_inspections().filtered(lambda i: i.estate_id == self.estate)
        self.assertEqual(planned.unit_id, self.unit2 | self.unit_b2)
        self.assertEqual({(i.month, i.date) for i in planned}, {("2026-04", date(2026, 4, 1))})

    def test_vac02_vacant_units_in_good_order_against_the_98_target(self):
        self.register_keys(self.unit2, self.unit_b2)
        Inspection = self.env["property.vacant.inspection"]
        with freeze_time("2026-03-05 02:00:00"):
            planned = Inspection._cron_plan_inspections().with_user(self.butler_user)
            good = planned.filtered(lambda i: i.unit_id == self.unit2)
            bad = planned.filtered(lambda i: i.unit_id == self.unit_b2)
            good.write(CHECKS)
            good.action_done()
            bad.write(dict(CHECKS, no_leak=False, problems="Damp patch under the window"))
            bad.action_done()
            estate = self.estate.with_user(self.butler_user)
            self.assertEqual((estate.property_vacant_rate, estate.property_vacant_target), (50.0, 98.0))
            self.assertTrue(estate.property_vacant_below_target)
            # The target is a setting.
            self.company.property_vacant_target = 40.0
            estate.invalidate_recordset()
            self.assertFalse(estate.property_vacant_below_target)
            action = estate.action_view_property_vacant()
        self.assertEqual(Inspection.search(action["domain"]), good | bad)
        self.assertEqual(bad.request_id.department, "engineering")

    def test_key04_vac01_the_butler_takes_over_the_vacant_units_keys_he_inspects(self):
        with freeze_time("2026-03-05 02:00:00"):
            inspection = self.env["property.vacant.inspection"]._cron_plan_inspections().filtered(
                lambda i: i.unit_id == self.unit2).with_user(self.butler_user)
        inspection.write(CHECKS)
        self.assertFalse(inspection.keys_taken_over)
        with self.assertRaisesRegex(UserError, "Take over the keys of .*0202"):
            inspection.action_done()
        # The butler who inspects takes the keys over himself (no dead end): a
        # vacant unit's keys of his own zone, nothing else.
        action = inspection.action_register_keys()
        Key = self.Key.with_user(self.butler_user)
        with self.assertRaises(AccessError):
            Key.create({"name": "W-999", "key_type": "work", "estate_id": self.estate.id, "post_id": self.post1.id})
        with self.assertRaises(AccessError):
            Key.create({"name": "KZ-2-0101", "key_type": "vacant", "estate_id": self.estate.id,
                        "unit_id": self.unit_b2.id})  # Building 2: Butler Zheng's zone
        key = Key.with_context(**action["context"]).create({"classification": "entrance"})
        self.assertEqual((key.name, key.key_type, key.unit_id, key.state), ("KZ-1-0202", "vacant", self.unit2, "in"))
        with self.assertRaises(AccessError):
            key.write({"key_type": "work"})
        inspection.invalidate_recordset(["keys_taken_over"])
        self.assertTrue(inspection.keys_taken_over)
        inspection.action_done()
        self.assertEqual((inspection.state, inspection.good_order), ("done", True))

    def test_key04_breaking_a_seal_is_logged_with_its_reason(self):
        spare = self.Key.with_user(self.supervisor).create({
            "name": "BY-0201", "key_type": "spare", "estate_id": self.estate.id, "unit_id": self.unit.id,
            "partner_id": self.resident.id,
        })
        self.assertTrue(spare.sealed)
        with self.assertRaisesRegex(UserError, "buttons"):
            spare.with_user(self.supervisor).write({"sealed": False})
        Movement = self.env["property.key.movement"].with_user(self.butler_user)
        vals = {"key_id": spare.id, "employee_id": self.butler.id, "purpose": "Leak in the kitchen",
                "visitor_name": "Plumber Li"}
        with self.assertRaises(UserError) as refused:
            Movement.create(vals)
        self.assertIn("who authorised it", str(refused.exception))
        with freeze_time("2026-03-03 02:00:00"):
            movement = Movement.create(dict(vals, authorised_by="Zhang Wei, by phone from Shanghai",
                                            duty_signature=self.signature))
        self.assertEqual((spare.state, spare.sealed, spare.holder_id, movement.seal_broken),
                         ("out", False, self.butler, True))
        logged = spare.message_ids.filtered(lambda m: "Seal broken" in (m.body or ""))
        self.assertIn("Leak in the kitchen", logged.body)
        self.assertIn("Zhang Wei, by phone from Shanghai", logged.body)
        with self.assertRaisesRegex(UserError, "kept as written"):
            movement.write({"purpose": "Nothing happened"})
        with self.assertRaisesRegex(UserError, "buttons"):
            movement.write({"seal_broken": False})
        # The returner signs it back in; it goes back into the cabinet sealed.
        self.assertEqual(movement.action_return()["res_model"], "property.sign")
        self.sign(movement, "Plumber Li", button="action_return")
        self.assertEqual((spare.state, spare.sealed), ("in", True))
        self.assertTrue(spare.message_ids.filtered(lambda m: "Sealed again" in (m.body or "")))

    def test_key04_the_seal_notes_are_in_the_offices_language(self):
        """KEY-04: the key log's notes of a broken seal and of its resealing
        are the office's: in its language (the supervisor's, Chinese), not
        in that of the butler who acts (English)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_butler"], ["zh_CN"])
        self.supervisor.lang = "zh_CN"
        self.assertEqual(self.butler_user.lang, "en_US")
        spare = self.Key.with_user(self.supervisor).create({
            "name": "BY-0201", "key_type": "spare", "estate_id": self.estate.id, "unit_id": self.unit.id,
            "partner_id": self.resident.id,
        })
        with freeze_time("2026-03-03 02:00:00"):
            movement = self.env["property.key.movement"].with_user(self.butler_user).create({
                "key_id": spare.id, "employee_id": self.butler.id, "purpose": "Leak in the kitchen",
                "visitor_name": "Plumber Li", "authorised_by": "Zhang Wei", "duty_signature": self.signature})
            self.sign(movement, "Plumber Li", button="action_return")
        notes = spare.message_ids.mapped("body")
        self.assertTrue(any("启封" in body and "Leak in the kitchen" in body for body in notes), notes)
        self.assertTrue(any("重新封存" in body for body in notes), notes)
        self.assertFalse(any("Seal broken" in body or "Sealed again" in body for body in notes), notes)

    def test_key04_an_upgraded_database_stops_butlers_registering_work_keys(self):
        """KEY-04 in a database installed before 18.0.1.1.0: its (noupdate) estate
        rule on keys still granted creation; the migration takes it back."""
        rule = self.env.ref("property_butler.rule_key_staff")
        rule.perm_create = True
        path = Path(__file__).parent.parent / "migrations" / "18.0.1.1.0" / "post-migrate.py"
        spec = importlib.util.spec_from_file_location("property_butler_migrate_18_0_1_1_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.assertFalse(rule.perm_create)
        with self.assertRaises(AccessError):
            self.Key.with_user(self.butler_user).create(
                {"name": "W-998", "key_type": "work", "estate_id": self.estate.id, "post_id": self.post1.id})

