import json
from datetime import datetime

from odoo.tests.common import HttpCase, TransactionCase, new_test_user
from odoo import Command, http


class PropertyDataMixin:
    """Two estates, one unit each, a resident, and the real users of the
    property office with their real groups (tests act as them, not as admin)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # English messages in the assertions; test_*_in_chinese switch to zh_CN.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", mail_create_nolog=True))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        Estate = cls.env["property.estate"]
        cls.estate = Estate.create({"name": "Green Lake", "code": "GL", "tz": "Asia/Shanghai"})
        cls.other_estate = Estate.create({"name": "Cloud Hill", "code": "CL", "tz": "Asia/Shanghai"})
        cls.building = cls.env["property.building"].create(
            {"name": "Building 1", "code": "1", "estate_id": cls.estate.id, "floor_count": 10}
        )
        cls.other_building = cls.env["property.building"].create(
            {"name": "Tower A", "code": "A", "estate_id": cls.other_estate.id}
        )
        cls.unit = cls.env["property.unit"].create(
            {"building_id": cls.building.id, "number": "0201", "floor": 2, "floor_area": 98.5}
        )
        cls.unit2 = cls.env["property.unit"].create(
            {"building_id": cls.building.id, "number": "0202", "floor": 2, "floor_area": 120.0}
        )
        cls.other_unit = cls.env["property.unit"].create(
            {"building_id": cls.other_building.id, "number": "0101", "floor": 1, "floor_area": 80.0}
        )
        cls.resident = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "mobile": "13800000001", "email": "zhang.wei@example.cn", "lang": "en_US"}
        )
        cls.env["property.occupancy"].create({
            "unit_id": cls.unit.id, "partner_id": cls.resident.id, "role": "owner", "date_start": "2024-01-01",
        })

        estates = [Command.set([cls.estate.id])]
        cls.clerk = new_test_user(
            cls.env, "t_clerk", groups="property_service.group_property_clerk", property_estate_ids=estates
        )
        cls.engineer = new_test_user(
            cls.env, "t_engineer", groups="property_service.group_property_engineer", property_estate_ids=estates
        )
        cls.head = new_test_user(
            cls.env, "t_head", groups="property_service.group_property_engineering_head", property_estate_ids=estates
        )
        cls.supervisor = new_test_user(
            cls.env, "t_supervisor", groups="property_service.group_property_supervisor", property_estate_ids=estates
        )
        cls.manager = new_test_user(cls.env, "t_manager", groups="property_service.group_property_manager")
        cls.estate.write({
            "supervisor_id": cls.supervisor.id,
            "manager_id": cls.manager.id,
            "followup_user_id": cls.clerk.id,
            "engineering_head_id": cls.head.id,
        })
        cls.product_tap = cls.env.ref("property_service.product_repair_tap")
        cls.product_lock = cls.env.ref("property_service.product_repair_lock")
        cls.leak = cls.env.ref("property_service.request_type_leak")
        cls.noise = cls.env.ref("property_service.request_type_noise")
        cls.drain = cls.env.ref("property_service.request_type_drain")
        cls.signature = (
            b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
        )

    # ----------------------------------------------------------------- helpers
    def new_request(self, user=None, **vals):
        values = {
            "estate_id": self.estate.id,
            "unit_id": self.unit.id,
            "partner_id": self.resident.id,
            "category": "in_unit_repair",
            "tier": "normal",
            "description": "Tap dripping in the kitchen",
        }
        values.update(vals)
        return self.env["property.request"].with_user(user or self.clerk).create(values)

    def deadline(self, request, step):
        row = request.deadline_ids.filtered(lambda r: r.step == step)
        return row.deadline if row else None

    @staticmethod
    def dt(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")

    def finished_repair(self, user=None, lines=None, **vals):
        """A repair taken by the clerk, its slip worked and signed: the usual day."""
        request = self.new_request(user=user, technician_id=self.engineer.id, **vals)
        slip = (
            self.env["property.repair.slip"]
            .with_user(self.clerk)
            .create(
                {
                    "request_id": request.id,
                    "line_ids": lines
                    or [Command.create({"line_type": "priced", "product_id": self.product_tap.id, "quantity": 1})],
                }
            )
        )
        request.with_user(self.clerk).action_dispatch()
        slip = slip.with_user(self.engineer)
        slip.action_start()
        slip.action_done()
        self.sign(slip, "Zhang Wei")
        request.with_user(self.clerk).action_done()
        return request, slip

    def sign(self, record, name="Zhang Wei", button=None, **button_kwargs):
        """Draw a signature through the document's signing step, as its user:
        the button opens the signing wizard, the wizard signs."""
        action = getattr(record, button or "action_sign")(**button_kwargs)
        wizard = self.env["property.sign"].with_user(record.env.user).with_context(**action["context"]).create({
            "signer_name": name, "signature": self.signature,
        })
        return wizard.action_sign()


class PortalResidentsMixin:
    """Two households: Zhang Wei owns unit 0201 where Li Na rents, Wang Fang owns
    0202; all three invited to the portal by the clerk, as the desk does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Occupancy = cls.env["property.occupancy"]
        cls.tenant = Partner.create({"name": "Li Na", "email": "li.na@example.cn", "lang": "en_US"})
        Occupancy.create({"unit_id": cls.unit.id, "partner_id": cls.tenant.id, "role": "tenant",
                          "date_start": "2025-03-01"})
        cls.neighbour = Partner.create({"name": "Wang Fang", "email": "wang.fang@example.cn", "lang": "en_US"})
        Occupancy.create({"unit_id": cls.unit2.id, "partner_id": cls.neighbour.id, "role": "owner",
                          "date_start": "2024-01-01"})
        residents = cls.resident | cls.tenant | cls.neighbour
        invited, _already, skipped = residents.with_user(cls.clerk)._property_portal_invite()
        assert invited == residents and not skipped, skipped
        for partner in residents:
            partner.user_ids.password = partner.user_ids.login  # as start_tour logs in
        cls.own_request = cls.new_request(cls, description="Kitchen tap dripping")
        cls.neighbour_request = cls.new_request(cls, unit_id=cls.unit2.id, partner_id=cls.neighbour.id,
                                                description="Bathroom door lock broken")

    def login(self, partner):
        user = partner.user_ids
        self.authenticate(user.login, user.login)
        return user

    def report(self, files=None, **values):
        """A request sent from the portal's form, as the browser posts it."""
        data = {"csrf_token": http.Request.csrf_token(self), "category": "in_unit_repair",
                "unit_id": str(self.unit.id), "description": "Water leaking from the ceiling", **values}
        return self.url_open("/my/requests/new", data=data, files=files or {}, allow_redirects=False)


class JsonRpcMixin:
    """Calls as the web client makes them, over the HttpCase's real session
    (authenticate first)."""

    def rpc(self, model, method, args, kwargs=None):
        return self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": model, "method": method, "args": args, "kwargs": kwargs or {}}}),
            headers={"Content-Type": "application/json"},
        ).json()


class PropertyServiceCase(PropertyDataMixin, TransactionCase):
    pass


class PropertyServiceHttpCase(PropertyDataMixin, HttpCase):
    """For what needs the HTTP server in the test transaction: PDF rendering
    (wkhtmltopdf fetches the report's assets over HTTP)."""
