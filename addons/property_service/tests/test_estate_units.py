from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import PropertyServiceCase
from odoo import Command


@tagged("at_install")
class TestEstateUnits(PropertyServiceCase):

    def test_negative_floor_area_refused_and_nothing_saved(self):
        Unit = self.env["property.unit"].with_user(self.supervisor)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                Unit.create({"building_id": self.building.id, "number": "0909", "floor_area": -12.0})
        self.assertFalse(Unit.search([("number", "=", "0909")]))

    def test_negative_floor_area_message_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_service"], ["zh_CN"])
        supervisor = self.supervisor
        supervisor.lang = "zh_CN"
        with self.assertRaisesRegex(ValidationError, "面积"):
            with self.env.cr.savepoint():
                self.env["property.unit"].with_user(supervisor).with_context(lang="zh_CN").create(
                    {"building_id": self.building.id, "number": "0910", "floor_area": -1.0}
                )

    def test_other_estates_record_refused_in_chinese_naming_its_kind_in_chinese(self):
        """The refusal names the kind of document in the clerk's language
        (“该房屋属于…”), not the code's English model name (“该Unit属于…”)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_service"], ["zh_CN"])
        self.clerk.lang = "zh_CN"
        with self.assertRaisesRegex(AccessError, "^该房屋属于小区 Cloud Hill，您未被分配到该小区"):
            self.other_unit.with_user(self.clerk).with_context(lang="zh_CN").read(["name"])

    def test_unit_reference_and_display_name(self):
        self.assertEqual(self.unit.name, "1-0201")
        self.assertEqual(self.unit.display_name, "GL 1-0201")

    def test_unit_state_follows_dated_occupancies(self):
        self.assertEqual(self.unit.state, "occupied")
        self.assertEqual(self.unit.owner_id, self.resident)
        self.assertEqual(self.unit2.state, "vacant")
        # An owner who does not live there leaves the unit vacant; a tenant fills it.
        owner = self.env["res.partner"].create({"name": "Li Na"})
        tenant = self.env["res.partner"].create({"name": "Wu Lei"})
        Occupancy = self.env["property.occupancy"].with_user(self.clerk)
        Occupancy.create(
            {
                "unit_id": self.unit2.id,
                "partner_id": owner.id,
                "role": "owner",
                "lives_in": False,
                "date_start": "2025-01-01",
            }
        )
        self.assertEqual(self.unit2.state, "vacant")
        self.assertEqual(self.unit2.owner_id, owner)
        lease = Occupancy.create({
            "unit_id": self.unit2.id, "partner_id": tenant.id, "role": "tenant",
            "date_start": "2025-02-01", "date_end": "2026-01-31",
        })
        with freeze_time("2025-06-01"):
            self.env.add_to_compute(self.env["property.unit"]._fields["state"], self.unit2)
            self.assertEqual(self.unit2.state, "occupied")
        # The day after the lease ends, the daily refresh makes the unit vacant again.
        with freeze_time("2026-02-01"):
            refreshed = self.env["property.unit"]._cron_refresh_occupancy_state()
            self.assertIn(self.unit2, refreshed)
            self.assertEqual(self.unit2.state, "vacant")
            self.assertFalse(lease.is_current)
            # The history stays.
            self.assertIn(tenant, self.unit2.occupancy_ids.partner_id)

    def test_occupancy_ending_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            with self.env.cr.savepoint():
                self.env["property.occupancy"].with_user(self.clerk).create({
                    "unit_id": self.unit2.id, "partner_id": self.resident.id,
                    "date_start": "2025-05-01", "date_end": "2025-04-01",
                })

    def test_overlapping_occupancy_refused(self):
        with self.assertRaisesRegex(ValidationError, "already has an occupancy"):
            with self.env.cr.savepoint():
                self.env["property.occupancy"].with_user(self.clerk).create(
                    {
                        "unit_id": self.unit.id,
                        "partner_id": self.resident.id,
                        "role": "family",
                        "date_start": "2025-01-01",
                    }
                )

    def test_clerk_sees_only_own_estate(self):
        Unit = self.env["property.unit"].with_user(self.clerk)
        self.assertIn(self.unit, Unit.search([]))
        self.assertNotIn(self.other_unit, Unit.search([]))
        # Told which estate, and whom to ask.
        with self.assertRaisesRegex(AccessError, "belongs to estate Cloud Hill, to which you are not assigned"):
            self.other_unit.with_user(self.clerk).read(["name"])
        with self.assertRaises(AccessError):
            self.other_estate.with_user(self.clerk).read(["name"])
        with self.assertRaisesRegex(ValidationError, "Cloud Hill, to which you are not assigned"):
            self.new_request(unit_id=self.other_unit.id)
        # The manager sees every estate of the company.
        self.assertIn(self.other_unit, self.env["property.unit"].with_user(self.manager).search([]))

    def test_estate_access_follows_user_estates(self):
        Unit = self.env["property.unit"].with_user(self.clerk)
        self.assertNotIn(self.other_unit, Unit.search([]))
        self.clerk.write({"property_estate_ids": [Command.link(self.other_estate.id)]})
        self.assertIn(self.other_unit, Unit.search([]))

    def test_clerk_cannot_create_units_or_estates(self):
        with self.assertRaises(AccessError):
            self.env["property.unit"].with_user(self.clerk).create({"building_id": self.building.id, "number": "0303"})
        with self.assertRaises(AccessError):
            self.env["property.estate"].with_user(self.supervisor).create({"name": "X", "code": "X"})

    def test_other_company_estate_hidden_from_manager(self):
        other_company = self.env["res.company"].create({"name": "Other Property Co"})
        foreign = self.env["property.estate"].create({"name": "Far Away", "code": "FA", "company_id": other_company.id})
        self.assertNotIn(foreign, self.env["property.estate"].with_user(self.manager).search([]))

    def test_resident_smart_buttons(self):
        self.new_request()
        self.resident.invalidate_recordset()
        resident = self.resident.with_user(self.clerk)
        self.assertEqual(resident.property_unit_count, 1)
        self.assertEqual(resident.property_request_count, 1)
        self.assertTrue(resident.is_property_resident)
        action = resident.action_view_property_requests()
        self.assertEqual(self.env["property.request"].search_count(action["domain"]), 1)
        self.assertEqual(self.estate.with_user(self.clerk).unit_count, 2)
