from odoo.tests.common import new_test_user

from odoo.addons.property_service.tests.common import PropertyServiceCase, PropertyServiceHttpCase
from odoo import Command


class PropertyButlerMixin:
    """Two buildings, two butlers each with his zone and post, a chief
    butler over them, an HR officer; keys of both posts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.building2 = cls.env["property.building"].create(
            {"name": "Building 2", "code": "2", "estate_id": cls.estate.id}
        )
        cls.unit_b2 = cls.env["property.unit"].create(
            {"building_id": cls.building2.id, "number": "0101", "floor_area": 88}
        )
        estates = [Command.set([cls.estate.id])]
        cls.butler_user = new_test_user(cls.env, "t_butler", groups="property_butler.group_property_butler",
                                        property_estate_ids=estates)
        cls.butler2_user = new_test_user(cls.env, "t_butler2", groups="property_butler.group_property_butler",
                                         property_estate_ids=estates)
        cls.chief_user = new_test_user(cls.env, "t_chief", groups="property_butler.group_property_chief_butler",
                                       property_estate_ids=estates)
        cls.hr_user = new_test_user(cls.env, "t_hr", groups="hr.group_hr_user")
        cls.company.property_discipline_hr_user_id = cls.hr_user
        Employee = cls.env["hr.employee"]
        cls.chief = Employee.create(
            {
                "name": "Chief Zhou",
                "user_id": cls.chief_user.id,
                "property_role": "chief_butler",
                "property_zone_building_ids": [Command.set((cls.building | cls.building2).ids)],
            }
        )
        cls.butler = Employee.create(
            {
                "name": "Butler Wu",
                "user_id": cls.butler_user.id,
                "property_role": "butler",
                "parent_id": cls.chief.id,
                "property_zone_building_ids": [Command.set(cls.building.ids)],
            }
        )
        cls.butler2 = Employee.create(
            {
                "name": "Butler Zheng",
                "user_id": cls.butler2_user.id,
                "property_role": "butler",
                "parent_id": cls.chief.id,
                "property_zone_building_ids": [Command.set(cls.building2.ids)],
            }
        )
        Post = cls.env["property.post"]
        cls.post1 = Post.create(
            {
                "name": "Building 1 butler",
                "estate_id": cls.estate.id,
                "shift_start": 8.5,
                "shift_hours": 9,
                "employee_ids": [Command.set(cls.butler.ids)],
            }
        )
        cls.post2 = Post.create(
            {"name": "Building 2 butler", "estate_id": cls.estate.id, "employee_ids": [Command.set(cls.butler2.ids)]}
        )
        Key = cls.env["property.key"]
        cls.key1 = Key.create(
            {"name": "W-101", "key_type": "work", "estate_id": cls.estate.id, "post_id": cls.post1.id}
        )
        cls.key2 = Key.create(
            {"name": "W-201", "key_type": "work", "estate_id": cls.estate.id, "post_id": cls.post2.id}
        )


    def count_queries(self, function):
        """The SQL queries ``function`` makes, the writes it leaves pending included."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def new_estates(self, count, prefix):
        """``count`` more active estates, each with a building and an occupied unit."""
        estates = self.env["property.estate"].create([
            {"name": f"{prefix} {n}", "code": f"{prefix}{n}", "tz": "Asia/Shanghai"} for n in range(count)])
        buildings = self.env["property.building"].create([
            {"name": "Building 1", "code": "1", "estate_id": estate.id} for estate in estates])
        units = self.env["property.unit"].create([
            {"building_id": building.id, "number": "0101", "floor_area": 90} for building in buildings])
        partners = self.env["res.partner"].create([{"name": f"{prefix} resident {n}"} for n in range(count)])
        self.env["property.occupancy"].create([
            {"unit_id": unit.id, "partner_id": partner.id, "role": "owner", "date_start": "2024-01-01"}
            for unit, partner in zip(units, partners)])
        return estates


class PropertyButlerCase(PropertyButlerMixin, PropertyServiceCase):
    pass


class PropertyButlerHttpCase(PropertyButlerMixin, PropertyServiceHttpCase):
    """For PDF rendering: wkhtmltopdf fetches the report's assets over HTTP."""
