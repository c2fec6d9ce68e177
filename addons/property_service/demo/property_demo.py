import base64
import io
import random
from datetime import timedelta

from odoo import Command, api, fields, models

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "华", "建国", "志强", "桂英", "玉兰", "海燕", "晓东", "文博", "思远", "雨欣", "子涵", "浩然"]

DESCRIPTIONS = {
    "property_service.request_type_leak": "卫生间天花板渗水，滴到地板上",
    "property_service.request_type_drain": "厨房下水道堵塞，水排不下去",
    "property_service.request_type_power": "客厅插座没电，空气开关跳闸",
    "property_service.request_type_door": "入户门锁芯坏了，钥匙拧不动",
    "property_service.request_type_tap": "阳台水龙头一直滴水",
    "property_service.request_type_lift": "2号电梯按钮失灵，停在8楼",
    "property_service.request_type_lighting": "地下车库B区照明灯不亮",
    "property_service.request_type_roof_leak": "楼顶外墙渗水，雨后墙面发霉",
    "property_service.request_type_noise": "楼上晚上十一点后还在装修，噪音很大",
    "property_service.request_type_cleaning": "楼道垃圾两天没有清运",
    "property_service.request_type_parking": "车位被外来车辆占用",
    "property_service.request_type_staff": "保安态度不好",
    "property_service.request_type_fees": "咨询物业费的缴费方式和时间",
}
PRODUCT_FOR_TYPE = {
    "property_service.request_type_leak": "property_service.product_repair_labour",
    "property_service.request_type_drain": "property_service.product_repair_drain",
    "property_service.request_type_power": "property_service.product_repair_switch",
    "property_service.request_type_door": "property_service.product_repair_lock",
    "property_service.request_type_tap": "property_service.product_repair_tap",
    "property_service.request_type_lighting": "property_service.product_repair_light",
}


class PropertyDemo(models.AbstractModel):
    """Builds the demo estate: buildings, units, residents and a few months of
    service requests in every state. Called from demo/property_demo.xml only;
    dates are relative to the day the demo is loaded so it always looks live."""

    _name = "property.demo"
    _description = "Property demo data"

    @api.model
    def _signature_png(self, text="签名"):
        """A small hand-drawn-looking signature image for demo records."""
        from PIL import Image, ImageDraw

        image = Image.new("RGBA", (240, 80), (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        rnd = random.Random(text)
        points = [(10 + i * 22, 40 + rnd.randint(-25, 25)) for i in range(11)]
        draw.line(points, fill=(20, 20, 120, 255), width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue())

    @api.model
    def _random_name(self, rnd):
        return rnd.choice(SURNAMES) + rnd.choice(GIVEN)

    @api.model
    def _generate(self, estate_xmlid):
        estate = self.env.ref(estate_xmlid)
        rnd = random.Random(20261127)
        # Residents read their notices in Chinese (created by the system, they would get its English).
        if self.env["res.lang"]._lang_get("zh_CN"):
            self = self.with_context(lang="zh_CN")
        if estate.unit_ids:
            # Generated already (an upgrade reloads the demo files): only what a newer version adds.
            if not self.env["property.patrol.plan"].search_count([("estate_id", "=", estate.id)]):
                self._generate_patrols(estate)
            if not self.env["property.cleaning.inspection"].search_count([("estate_id", "=", estate.id)]):
                self._generate_quality(estate)
            if not self.env["property.satisfaction.survey"].search_count([("estate_id", "=", estate.id)]):
                self._generate_satisfaction(estate, rnd)
            if not self.env["property.community.event"].search_count([("estate_id", "=", estate.id)]):
                self._generate_events(estate)
            return True
        units = self._generate_units(estate)
        self._generate_residents(estate, units, rnd)
        self._generate_requests(estate, units, rnd)
        self._generate_moveins(estate, units, rnd)
        self._generate_renovations(estate, units, rnd)
        self._generate_portal(estate, units)
        self._generate_patrols(estate)
        self._generate_quality(estate)
        self._generate_satisfaction(estate, rnd)
        self._generate_events(estate)
        self._generate_analysis(estate)
        return True

    @api.model
    def _generate_events(self, estate):
        """FUP-04: last week's Mid-Autumn garden party, held with two dozen
        residents (a tenth of them to follow up within the month), next
        week's free clinic announced; and a special service under contract,
        followed up mid-term and at its end."""
        clerk = self.env.ref("property_service.demo_user_clerk")
        now = fields.Datetime.now()
        residents = self.env["property.occupancy"].search(
            [("unit_id.estate_id", "=", estate.id), ("is_current", "=", True), ("role", "=", "owner")],
            order="id", limit=24).partner_id
        Event = self.env["property.community.event"].with_user(clerk)
        party = Event.create({
            "name": "中秋游园会", "estate_id": estate.id, "location": "中心绿化带",
            "date_start": now - timedelta(days=7, hours=5), "date_end": now - timedelta(days=7, hours=2),
            "participant_ids": [Command.set(residents.ids)],
            "description": "<p>猜灯谜、做月饼、亲子游戏，欢迎业主携家人参加。</p>",
        })
        party.action_plan()
        # Held last week: the system path dates it, then plans its follow-ups from that day.
        party._workflow_write({"state": "done", "date_done": now - timedelta(days=7, hours=2)})
        self.env["property.followup"]._plan_for_event(party)
        Event.create({
            "name": "社区义诊活动", "estate_id": estate.id, "location": "会所一楼",
            "date_start": now + timedelta(days=6), "date_end": now + timedelta(days=6, hours=3),
        }).action_plan()
        unit = residents[:1].property_occupancy_ids.filtered("is_current")[:1].unit_id
        if unit:
            today = estate._local_today()
            request = self.env["property.request"].with_user(clerk).create({
                "estate_id": estate.id, "unit_id": unit.id, "partner_id": residents[:1].id, "category": "help",
                "help_subtype": "other", "description": "特约服务：钟点工保洁，每周二、五上午各3小时",
                "special_service": True, "service_start": today - timedelta(days=20),
                "service_end": today + timedelta(days=40),
            })
            request.action_dispatch()

    @api.model
    def _generate_analysis(self, estate):
        """SVC-11: the supervisor listed the quarter's leak repeated at one
        unit for corrective action; repair slips back at engineering but the
        last two, which the evening's check lists to the head (SVC-06)."""
        row = self.env["property.repeat.report"].search(
            [("estate_id", "=", estate.id), ("is_repeat", "=", True)], limit=1)
        if row:
            self.env["property.corrective.action"].with_user(
                self.env.ref("property_service.demo_user_supervisor"))._from_analysis(row)
        head = self.env.ref("property_service.demo_user_engineering_head")
        slips = self.env["property.repair.slip"].search(
            [("estate_id", "=", estate.id), ("state", "in", ("done", "confirmed"))], order="date_done desc")
        for slip in slips[2:]:
            slip._workflow_write({"date_returned": slip.date_done + timedelta(hours=2), "returned_to_id": head.id})
        self.env["property.repair.slip"]._cron_flag_unreturned()

    @api.model
    def _generate_patrols(self, estate):
        """The day round (PAT-01): each building's lobby and a floor, the
        grounds and the plant rooms; last week walked by the supervisor, today's
        round begun by the clerk, who found a corridor light out (PAT-03)."""
        buildings = estate.building_ids.sorted("code")
        points = [Command.create({"name": f"{b.name}大堂", "kind": "building", "building_id": b.id}) for b in buildings]
        points += [Command.create({"name": f"{b.name}3层走廊", "kind": "floor", "building_id": b.id})
                   for b in buildings[:2]]
        points += [Command.create({"name": name, "kind": kind}) for name, kind in (
            ("地下车库", "car_park"), ("中心绿化带", "greenery"), ("小区道路", "grounds"),
            ("生活水泵房", "plant_room"), ("配电房", "plant_room"), ("1号楼管道井", "pipe_shaft"))]
        plan = self.env["property.patrol.plan"].create({
            "name": "日间巡查路线", "estate_id": estate.id, "point_ids": points,
            "note": "<p>每周对全部楼层、公共场地及设施至少巡查两次；发现设施损坏2小时内报工程部，机房门锁1小时内。</p>",
        })
        for index, point in enumerate(plan.point_ids):
            point.sequence = index + 1
        supervisor = self.env.ref("property_service.demo_user_supervisor")
        clerk = self.env.ref("property_service.demo_user_clerk")
        now = fields.Datetime.now()
        for days_ago in (6, 3):
            start = now - timedelta(days=days_ago, hours=2)
            round_ = self.env["property.patrol.round"]._workflow_create([{
                "name": self.env["ir.sequence"].next_by_code("property.patrol.round"), "plan_id": plan.id,
                "user_id": supervisor.id, "state": "done", "date_start": start,
                "date_end": start + timedelta(minutes=50)}])
            # The pipe shaft was left out on both rounds: the morning job flags it once the week is over.
            self.env["property.patrol.checkin"]._workflow_create([
                {"round_id": round_.id, "point_id": point.id, "user_id": supervisor.id, "finding": "ok",
                 "date": start + timedelta(minutes=5 * index)}
                for index, point in enumerate(plan.point_ids[:-1])])
        Checkin = self.env["property.patrol.checkin"].with_user(clerk)
        Checkin._check_in(plan.point_ids[0])
        Checkin._check_in(plan.point_ids[len(buildings)], "broken", "3层走廊顶灯不亮，已拍照")

    @api.model
    def _generate_quality(self, estate):
        """Cleaning quality and pest control (CLN-01..03, PAT-04, PAT-07): the
        patrol points checked against the company's standards, last month's
        inspections reported against the target, this month's failed lift car
        with its corrective action, a point found not clean on today's round,
        and the month's pest-control visits."""
        ref = self.env.ref
        supervisor = ref("property_service.demo_user_supervisor")
        clerk = ref("property_service.demo_user_clerk")
        estate.cleaning_user_id = clerk
        areas = {"building": ref("property_service.cleaning_area_lobby"),
                 "floor": ref("property_service.cleaning_area_floor"),
                 "car_park": ref("property_service.cleaning_area_basement"),
                 "grounds": ref("property_service.cleaning_area_grounds"),
                 "greenery": ref("property_service.cleaning_area_grounds")}
        plan = self.env["property.patrol.plan"].search([("estate_id", "=", estate.id)], limit=1)
        for point in plan.point_ids:
            point.cleaning_area_id = areas.get(point.kind, False)
        Inspection = self.env["property.cleaning.inspection"].with_user(supervisor)
        last_month = estate._local_today().replace(day=1) - timedelta(days=1)
        # Last month: the key areas and floors inspected weekly; the last lobby visit failed on its ashtray,
        # put right by the cleaners and passed at this month's first inspection (the re-inspection).
        for week in (3, 2, 1, 0):
            for xmlid in ("lobby", "lift", "toilet", "floor"):
                inspection = Inspection.create({"estate_id": estate.id,
                                                "area_id": ref(f"property_service.cleaning_area_{xmlid}").id})
                if xmlid == "lobby" and week == 0:
                    ends = inspection.line_ids.filtered(lambda line: line.check_id == ref(
                        "property_service.cleaning_check_lobby_5"))
                    ends.measured = 5
                inspection.action_record()
                inspection._workflow_write({"date_inspected": estate._utc(last_month - timedelta(days=7 * week))})
        actions = self.env["property.corrective.action"].search([("estate_id", "=", estate.id)])
        actions.write({"result_note": "已清理烟灰缸，保洁员当班每2小时巡查一次"})
        actions.with_user(clerk).action_done()
        Inspection.create({"estate_id": estate.id, "area_id": ref("property_service.cleaning_area_lobby").id}) \
            .action_record()
        self.env["property.cleaning.rate"]._report_estate(estate)
        # This month: the lift car of tower 1 failed on its floor; the cleaners have until tomorrow.
        lift = Inspection.create({"estate_id": estate.id, "area_id": ref("property_service.cleaning_area_lift").id,
                                  "note": "1号楼1号电梯"})
        lift.line_ids.filtered(lambda line: line.check_id == ref("property_service.cleaning_check_lift_2")).write(
            {"result": "fail", "note": "轿厢地面有饮料污渍", "photo": self._signature_png("污渍")})
        lift.action_record()
        # Today's round: the car park found not clean (PAT-04).
        car_park = plan.point_ids.filtered(lambda point: point.kind == "car_park")[:1]
        if car_park:
            self.env["property.patrol.checkin"].with_user(clerk)._check_in(
                car_park, "cleanliness", "B1层C区地面有积水和垃圾",
                failed_checks=car_park.cleaning_area_id.check_ids[:1])
        # PAT-07: this month's rodent control passed and signed; the cockroach treatment sent back once.
        contractor = self.env["res.partner"].create({"name": "绿盾消杀服务有限公司", "is_company": True,
                                                     "phone": "025-84561234"})
        Visit = self.env["property.pest.control"].with_user(supervisor)
        rodents = Visit.create({"estate_id": estate.id, "contractor_id": contractor.id, "kind": "rodents",
                                "date_planned": estate._local_today() - timedelta(days=6),
                                "scope": "地下车库、垃圾房、各楼栋管道井"})
        rodents.action_pass()
        rodents._property_sign("office", self._signature_png("王主管"), "")
        roaches = Visit.create({"estate_id": estate.id, "contractor_id": contractor.id, "kind": "cockroaches",
                                "date_planned": estate._local_today() - timedelta(days=1),
                                "scope": "各楼栋大堂、公共洗手间、垃圾桶周边"})
        roaches.check_note = "3号楼公共洗手间漏喷药，要求返工"
        roaches.action_rework()

    @api.model
    def _generate_satisfaction(self, estate, rnd):
        """SAT-01/02: the first half-year's survey sent, answered by about
        two residents in three and closed (the repairs and the cleaning below
        target, their corrective actions); the second half-year's ready to send."""
        supervisor = self.env.ref("property_service.demo_user_supervisor")
        Survey = self.env["property.satisfaction.survey"].with_user(supervisor)
        year = estate._local_today().year
        first = Survey.create({"estate_id": estate.id, "year": year, "half": "1"})
        first.action_send()
        weights = {"engineering": (5, 4, 2, 1), "cleaning": (5, 4, 2, 1)}
        for user_input in first.survey_id.sudo().user_input_ids:
            if rnd.random() > 0.65:
                continue
            for question in user_input.survey_id.question_ids:
                if question.question_type != "simple_choice":
                    continue
                chosen = rnd.choices(question.suggested_answer_ids.sorted("sequence"),
                                     weights=weights.get(question.property_department, (8, 5, 1, 0)))[0]
                user_input._save_lines(question, str(chosen.id))
            user_input._mark_done()
        first.action_close()
        Survey.create({"estate_id": estate.id, "year": year, "half": "2"})

    @api.model
    def _generate_portal(self, estate, units):
        """Two resident log-ins (README): the owner of a rented flat and its
        tenant; the estate's notice board."""
        rented = units.filtered(lambda unit: {"owner", "tenant"} <= set(unit._current_occupancies().mapped("role")))[:1]
        portal = self.env.ref("base.group_portal")
        for role, login in (("owner", "owner"), ("tenant", "tenant")):
            partner = rented._current_occupancies().filtered(lambda o, role=role: o.role == role)[:1].partner_id
            partner.email = partner.email or f"{login}@example.cn"
            self.env["res.users"].with_context(no_reset_password=True).create({
                "login": login, "password": login, "partner_id": partner.id, "groups_id": [Command.set(portal.ids)],
                "lang": self.env.context.get("lang") or "en_US", "tz": estate._local_tz().zone,
            })
        now = fields.Datetime.now()
        building = rented.building_id
        Notice = self.env["property.notice"]
        notices = Notice.create([
            {
                "name": f"{building.name}停水通知", "estate_id": estate.id, "building_ids": [Command.set(building.ids)],
                "kind": "water", "date_start": now + timedelta(days=2, hours=1), "date_end": now + timedelta(days=3),
                "body": "<p>因二次供水水箱清洗，届时暂停供水约4小时，请提前储水。如有疑问请致电客服中心。</p>",
            },
            {
                "name": "有偿维修服务收费标准", "estate_id": estate.id, "kind": "price_list",
                "date_end": now + timedelta(days=180),
                "body": "<p>本小区有偿维修服务按以下标准收费，材料费另计。</p>",
            },
        ])
        notices.action_publish()

    @api.model
    def _demo_roles(self):
        """Each demo login and the group that is its role (security/roles.csv).
        The other addons add their staff."""
        return {
            "clerk": "property_service.group_property_clerk",
            "engineer": "property_service.group_property_engineer",
            "head": "property_service.group_property_engineering_head",
            "supervisor": "property_service.group_property_supervisor",
            "manager": "property_service.group_property_manager",
        }

    @api.model
    def _settle_demo_staff(self):
        """Give the demo staff their role and nothing else, in Chinese.

        Installing account or hr after the demo staff exist hands every
        internal user base.default_user's groups (Invoicing and Employees
        administrator): the clerk would read the books. Each addon's demo
        calls this after creating its staff, so the last one settles all."""
        roles = self._demo_roles()
        users = self.env["res.users"].with_context(active_test=False).search([("login", "in", list(roles))])
        for user in users:
            user.groups_id = [Command.set(self.env.ref(roles[user.login]).ids)]
        if self.env["res.lang"]._lang_get("zh_CN"):
            users.write({"lang": "zh_CN"})
        # Their screens show the estate's local time, as the paper does.
        for user in users:
            user.tz = user.property_estate_ids[:1]._local_tz().zone
        return True

    @api.model
    def _generate_units(self, estate):
        unit_vals = []
        for building in estate.building_ids:
            for floor in range(1, building.floor_count + 1):
                for door in range(1, 5):
                    unit_vals.append({
                        "building_id": building.id,
                        "number": f"{floor:02d}{door:02d}",
                        "floor": floor,
                        "usage": "residential",
                        "floor_area": [89.5, 112.36, 128.8, 96.42][door - 1],
                    })
        first = estate.building_ids[:1]
        for shop in range(1, 4):
            unit_vals.append(
                {
                    "building_id": first.id,
                    "number": f"S{shop:02d}",
                    "floor": 0,
                    "usage": "shop",
                    "floor_area": 45.0 + shop * 10,
                }
            )
        for space in range(1, 7):
            unit_vals.append(
                {
                    "building_id": first.id,
                    "number": f"P{space:03d}",
                    "floor": -1,
                    "usage": "parking",
                    "floor_area": 13.5,
                }
            )
        return self.env["property.unit"].create(unit_vals)

    @api.model
    def _generate_residents(self, estate, units, rnd):
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        occupancies = []
        for index, unit in enumerate(units.filtered(lambda u: u.usage != "parking")):
            if index % 9 == 8:
                continue  # vacant, never sold yet
            owner = Partner.create({
                "name": self._random_name(rnd),
                "mobile": f"13{rnd.randint(100000000, 999999999)}",
                "email": f"owner{index:03d}@example.cn" if index % 3 == 0 else False,
            })
            moved_in = today - timedelta(days=rnd.randint(120, 1500))
            rented = index % 7 == 3
            occupancies.append({
                "unit_id": unit.id, "partner_id": owner.id, "role": "owner",
                "lives_in": not rented and index % 11 != 5, "date_start": moved_in,
            })
            if rented:
                tenant = Partner.create(
                    {"name": self._random_name(rnd), "mobile": f"15{rnd.randint(100000000, 999999999)}"}
                )
                occupancies.append({
                    "unit_id": unit.id, "partner_id": tenant.id, "role": "tenant",
                    "date_start": moved_in + timedelta(days=30),
                })
            elif index % 4 == 0:
                family = Partner.create({"name": self._random_name(rnd)})
                occupancies.append(
                    {"unit_id": unit.id, "partner_id": family.id, "role": "family", "date_start": moved_in}
                )
        # A past tenant: the unit's history stays.
        occupancies.append({
            "unit_id": units[5].id,
            "partner_id": Partner.create({"name": self._random_name(rnd)}).id,
            "role": "tenant",
            "date_start": today - timedelta(days=900),
            "date_end": today - timedelta(days=400),
        })
        self.env["property.occupancy"].create(occupancies)
        for parking, unit in zip(units.filtered(lambda u: u.usage == "parking"), units[:6]):
            self.env["property.occupancy"].create(
                {
                    "unit_id": parking.id,
                    "partner_id": unit.owner_id.id or Partner.create({"name": self._random_name(rnd)}).id,
                    "role": "owner",
                    "date_start": today - timedelta(days=300),
                }
            )

    @api.model
    def _generate_requests(self, estate, units, rnd):
        now = fields.Datetime.now()
        technicians = self.env.ref("property_service.demo_user_engineer") | self.env.ref(
            "property_service.demo_user_engineering_head"
        )
        clerk = self.env.ref("property_service.demo_user_clerk")
        occupied = units.filtered(lambda u: u.resident_ids)
        repair_types = [k for k in DESCRIPTIONS if k in PRODUCT_FOR_TYPE]
        plans = []
        # Finished requests over the last three months, most of them on time.
        for i in range(30):
            plans.append(("closed", 90 - i * 3, i % 6 == 4))
        for i in range(6):
            plans.append(("done", 4 + i, i % 3 == 1))
        plans += [("in_progress", 0.05, False), ("in_progress", 1, True), ("dispatched", 0.02, False),
                  ("dispatched", 0.5, True), ("new", 0.001, False), ("new", 0.2, True), ("new", 2, True),
                  ("cancelled", 20, False), ("cancelled", 5, False)]
        kinds = ["in_unit_repair"] * 5 + ["public_repair", "complaint", "complaint", "help", "consultation"]
        for index, (state, days_ago, late) in enumerate(plans):
            category = kinds[index % len(kinds)]
            received = now - timedelta(days=days_ago, minutes=rnd.randint(0, 300) if days_ago >= 1 else 0)
            unit = occupied[(index * 7) % len(occupied)]
            if category == "in_unit_repair":
                type_xmlid = repair_types[index % len(repair_types)]
            elif category == "public_repair":
                type_xmlid = rnd.choice(
                    [
                        "property_service.request_type_lift",
                        "property_service.request_type_lighting",
                        "property_service.request_type_roof_leak",
                    ]
                )
            elif category == "complaint":
                type_xmlid = rnd.choice(
                    [
                        "property_service.request_type_noise",
                        "property_service.request_type_cleaning",
                        "property_service.request_type_parking",
                        "property_service.request_type_staff",
                    ]
                )
            elif category == "consultation":
                type_xmlid = "property_service.request_type_fees"
            else:
                type_xmlid = False
            # The same unit keeps calling about its leak: a repeat for SVC-11.
            if index in (3, 13, 23) and category == "in_unit_repair":
                unit, type_xmlid = occupied[0], "property_service.request_type_leak"
            # The history of a live desk: requests received in the past (the system path sets their times).
            request = (
                self.env["property.request"]
                .with_user(clerk)
                ._workflow_create(
                    {
                        "estate_id": estate.id,
                        "unit_id": unit.id if category != "public_repair" else False,
                        "location": "2号楼电梯厅" if category == "public_repair" else False,
                        "partner_id": unit.owner_id.id or unit.resident_ids[:1].id,
                        "phone": unit.owner_id.mobile,
                        "channel": rnd.choice(["phone", "phone", "phone", "walk_in", "online", "letter"])
                        if category != "in_unit_repair"
                        else "phone",
                        "category": category,
                        "help_subtype": "medical"
                        if category == "help" and index % 2
                        else ("other" if category == "help" else False),
                        "tier": "urgent" if index % 5 == 0 else ("very_urgent" if index % 11 == 0 else "normal"),
                        "complaint_severity": "serious" if category == "complaint" and index % 4 == 2 else "ordinary",
                        "request_type_id": type_xmlid and self.env.ref(type_xmlid).id,
                        "description": DESCRIPTIONS.get(type_xmlid)
                        or "住户来电求助：家中老人身体不适，需要帮忙联系120",
                        "date_received": received,
                        "technician_id": technicians[index % 2].id
                        if category in ("in_unit_repair", "public_repair")
                        else False,
                        "department": "customer_service" if category == "complaint" else False,
                        "user_id": clerk.id,
                    }
                )
            )
            self._advance_request(request, state, late, received, rnd, type_xmlid)
        # Mark what is late now, as the scheduled action does every few minutes.
        Deadline = self.env["property.request.deadline"]
        while Deadline.search_count(Deadline._breach_domain()):
            Deadline._cron_escalate_breaches()

    @api.model
    def _advance_request(self, request, state, late, received, rnd, type_xmlid):
        """Move a demo request to its state with plausible time stamps."""
        if state == "new":
            return
        if state == "cancelled":
            request.cancel_reason = "住户已自行解决"
            request.action_cancel()
            return
        slow = 4 if late else 1
        stamps = {"date_dispatched": received + timedelta(minutes=2 * slow)}
        repair = request.category in ("in_unit_repair", "public_repair")
        if repair:
            stamps["date_slip"] = received + timedelta(minutes=1 * slow)
            stamps["date_on_site"] = received + timedelta(minutes=8 * slow)
        else:
            stamps["date_answered"] = received + timedelta(
                minutes=6 * slow, hours=30 if late and request.category == "complaint" else 0
            )
        if state == "dispatched":
            stamps.pop("date_on_site", None)
            request._workflow_write(dict(stamps, state="dispatched"))
            return
        if repair:
            self._demo_slip(request, stamps, state, rnd, type_xmlid)
        if state == "in_progress":
            request._workflow_write(dict(stamps, state="in_progress"))
            return
        stamps["date_done"] = received + timedelta(hours=2 * slow)
        request.resolution = "已处理完毕，住户认可。"
        request._workflow_write(dict(stamps, state="done"))
        self.env["property.followup"]._plan_for_requests(request)
        if state == "closed":
            signature = (
                {"resident_signature": self._signature_png(request.name), "resident_signed_by": request.partner_id.name}
                if request.category == "complaint"
                else {}
            )
            request._workflow_write(
                dict(
                    signature,
                    state="closed",
                    date_confirmed=stamps["date_done"] + timedelta(minutes=20),
                    date_closed=stamps["date_done"] + timedelta(hours=1),
                )
            )
            for followup in request.followup_ids.filtered(lambda f: f.state == "planned"):
                satisfied = rnd.random() > 0.15
                followup.write({
                    "channel": "phone", "satisfaction": "satisfied" if satisfied else "dissatisfied",
                    "outcome": "住户表示满意" if satisfied else "住户反映问题仍未彻底解决",
                })
                followup.action_done()
                followup._workflow_write(
                    {
                        "date_done": min(
                            fields.Datetime.now(), fields.Datetime.to_datetime(followup.date_due or fields.Date.today())
                        )
                    }
                )

    @api.model
    def _generate_renovation_visits(self, estate, permit):
        """REN-06: the works in progress visited by the renovation office each
        day but yesterday, by the guards two days ago, and the workers' exit
        checked last night, one still on site at 19:30: the morning's check
        lists the permit to the supervisor. The hidden works passed and the
        ceilings are closed (REN-03)."""
        today = estate._local_today()
        clerk = self.env.ref("property_service.demo_user_clerk")
        supervisor = self.env.ref("property_service.demo_user_supervisor")
        requested = today - timedelta(days=12)
        hidden = self.env["property.renovation.inspection"].create({
            "renovation_id": permit.id, "kind": "hidden_works", "date_requested": requested,
            "date_planned": estate._working_day_after(requested, 1)})
        hidden.action_pass()
        hidden._workflow_write({"date_done": hidden.date_planned})
        permit.action_close_ceilings()
        Visit = self.env["property.renovation.visit"]
        vals_list = [{"renovation_id": permit.id, "kind": "office", "user_id": supervisor.id,
                      "date": estate._utc(today - timedelta(days=days), 10.0), "note": "施工正常，现场整洁"}
                     for days in (5, 4, 3, 2)]
        vals_list.append({"renovation_id": permit.id, "kind": "guard", "user_id": clerk.id,
                          "date": estate._utc(today - timedelta(days=2), 15.0), "note": "楼道无建筑垃圾堆放"})
        vals_list += [{"renovation_id": permit.id, "kind": "exit", "user_id": clerk.id,
                       "date": estate._utc(today - timedelta(days=days), 19.25)} for days in (3, 2)]
        vals_list.append({"renovation_id": permit.id, "kind": "exit", "user_id": clerk.id,
                          "date": estate._utc(today - timedelta(days=1), 19.5),
                          "late_pass_ids": [Command.set(permit.pass_ids[:1].ids)], "note": "19:30 仍有工人在室内"})
        Visit._workflow_create(vals_list)
        self.env["property.renovation"]._cron_flag_missed_visits()

    @api.model
    def _demo_slip(self, request, stamps, state, rnd, type_xmlid):
        product = self.env.ref(PRODUCT_FOR_TYPE.get(type_xmlid, "property_service.product_repair_labour"))
        lines = [Command.create({"line_type": "priced", "product_id": product.id, "quantity": 1})]
        if rnd.random() < 0.3:
            lines.append(Command.create({"line_type": "free", "name": "检查线路", "quantity": 1}))
        paid = request.category == "in_unit_repair" and rnd.random() < 0.7
        if not paid:
            lines = [Command.create({"line_type": "free", "name": "公共设施维修（免费）", "quantity": 1})]
        slip = self.env["property.repair.slip"]._workflow_create({
            "request_id": request.id,
            "date_slip": stamps["date_slip"],
            "technician_id": request.technician_id.id,
            "fault": request.description,
            "line_ids": lines,
        })
        slip_vals = {"state": "in_progress", "date_started": stamps["date_on_site"]}
        if state in ("done", "closed"):
            finished = stamps["date_on_site"] + timedelta(minutes=50)
            slip_vals.update({"state": "done", "date_done": finished, "work_done": "已修复并测试正常"})
            if state == "closed":
                slip_vals.update({
                    "state": "confirmed", "signature": self._signature_png(slip.name),
                    "signed_by": request.partner_id.name, "signed_on": finished + timedelta(minutes=10),
                })
        slip._workflow_write(slip_vals)

    @api.model
    def _generate_moveins(self, estate, units, rnd):
        """Vacant units being handed over: cases in every state."""
        today = fields.Date.context_today(self)
        clerk = self.env.ref("property_service.demo_user_clerk")
        Movein = self.env["property.movein"].with_user(clerk)
        vacant = units.filtered(lambda u: u.usage == "residential" and not u.occupancy_ids)
        buyers = self.env["res.partner"].create([
            {"name": self._random_name(rnd), "mobile": f"18{rnd.randint(100000000, 999999999)}"} for _unit in vacant
        ])
        cases = Movein.create([
            {"unit_id": unit.id, "partner_id": buyer.id, "fees_note": "首期物业费 3 个月、装修管理费、车位管理费"}
            for unit, buyer in zip(vacant, buyers)
        ])
        if len(cases) < 4:
            return
        notified = cases[1:]
        notified.action_issue_notice()
        # One past its deadline, one due in two days: the daily check reminds and escalates
        # (notices issued earlier: the system path dates them).
        notified[0]._workflow_write({"notice_date": today - timedelta(days=17), "deadline": today - timedelta(days=2)})
        notified[1]._workflow_write({"deadline": today + timedelta(days=2)})
        for case in notified[2:4]:
            case.action_arrived()
            case.write({
                "inspector_id": self.env.ref("property_service.demo_user_engineer").id,
                "reading_water": rnd.randint(0, 30) + 0.5, "reading_electricity": rnd.randint(0, 80) + 0.25,
                "reading_gas": rnd.randint(1, 10) + 0.75, "household_size": rnd.randint(1, 5),
            })
        done = notified[2]
        done.document_ids.write({"seen": True, "copy_kept": True})
        done.agreement_ids.write({"signed": True})
        done.write({
            "key_ids": [Command.create({"key_type": "entrance", "count_total": 3, "count_handed": 3}),
                        Command.create({"key_type": "mailbox", "count_total": 2, "count_handed": 2})],
        })
        done._property_sign("resident", self._signature_png(done.partner_id.name), done.partner_id.name)
        done._property_sign("staff", self._signature_png(clerk.name), clerk.name)
        done.action_complete()
        defects = notified[3]
        defects.write(
            {
                "defect_ids": [
                    Command.create({"location": "主卫", "name": "地漏返水"}),
                    Command.create({"location": "客厅", "name": "墙面裂缝"}),
                ]
            }
        )
        defects.defect_ids[:1].action_create_request()
        self.env["property.movein"]._cron_movein_reminders()

    @api.model
    def _generate_renovations(self, estate, units, rnd):
        today = fields.Date.context_today(self)
        self.env["property.deposit.rate"].create(
            [
                {
                    "estate_id": estate.id,
                    "usage": "residential",
                    "renovation_deposit": 2000.0,
                    "utility_deposit": 500.0,
                    "pass_deposit": 50.0,
                },
                {
                    "estate_id": estate.id,
                    "usage": "shop",
                    "renovation_deposit": 5000.0,
                    "utility_deposit": 1000.0,
                    "pass_deposit": 50.0,
                },
            ]
        )
        occupied = units.filtered(lambda u: u.state == "occupied" and u.usage == "residential")
        Renovation = self.env["property.renovation"]
        permits = Renovation.create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": unit.owner_id.id,
                    "contractor_name": name,
                    "contractor_phone": "0571-86660000",
                    "works": works,
                    "date_start": today - timedelta(days=start),
                    "date_end": today - timedelta(days=start - 45),
                }
                for unit, name, works, start in zip(
                    occupied[10:14],
                    ["杭州美家装饰", "宏图装修队", "安居建设", "匠心家装"],
                    ["厨房卫生间翻新、更换地砖", "客厅吊顶、墙面乳胶漆", "整体翻新（不动承重墙）", "阳台封窗"],
                    [20, 150, 130, 5],
                )
            ]
        )
        permits.document_ids.write({"received": True})
        permits[:3].action_approve()
        for index, permit in enumerate(permits[:3]):
            permit.pass_ids = [
                (
                    0,
                    0,
                    {
                        "name": f"P{permit.id:03d}-{n}",
                        "worker_name": self._random_name(rnd),
                        "worker_id_number": f"3301{rnd.randint(10**13, 10**14 - 1)}",
                        "id_copy_received": True,
                    },
                )
                for n in range(1, 3)
            ]
        permits[0].violation_ids = [
            Command.create({"name": "晚上 19:00 后仍在施工", "visit": "guard", "deduction": 0.0})
        ]
        Inspection = self.env["property.renovation.inspection"]

        def inspect(permit, kind, requested, result, defects=None):
            # REN-03: asked a day ahead, made within 3 working days (the formal one with 2 days' notice).
            planned = estate._working_day_after(requested, 2 if kind == "formal" else 1)
            inspection = Inspection.create({"renovation_id": permit.id, "kind": kind, "date_requested": requested,
                                            "date_planned": planned, "defects": defects})
            getattr(inspection, f"action_{result}")()
            # Made in the past: the system path dates it.
            inspection._workflow_write({"date_done": planned})
            return inspection

        engineer = self.env.ref("property_service.demo_user_engineer")
        for permit, accepted_days_ago in ((permits[1], 100), (permits[2], 30)):
            permit.pass_ids[:1].action_returned()
            permit.pass_ids[1:].action_lost() if permit == permits[1] else permit.pass_ids[1:].action_returned()
            accepted = today - timedelta(days=accepted_days_ago)
            # REN-03: the hidden works passed before the ceilings closed.
            hidden = inspect(permit, "hidden_works", accepted - timedelta(days=40), "pass")
            permit.action_close_ceilings()
            permit._workflow_write({"date_ceilings_closed": hidden.date_done + timedelta(days=1)})
            inspect(permit, "initial", accepted - timedelta(days=14), "fail", defects="卫生间闭水试验渗漏")
            inspect(permit, "re_inspection", accepted - timedelta(days=9), "pass")
            formal = inspect(permit, "formal", accepted - timedelta(days=4), "pass")
            # Accepted in the past: the system path dates the acceptance; engineering signed the receipt (REN-04).
            permit._workflow_write({"date_accepted": formal.date_done})
            permit._property_sign("engineering", self._signature_png(engineer.name), engineer.name)
            permit._workflow_write({"receipt_signed_by_id": engineer.id,
                                    "receipt_signed_on": fields.Datetime.to_datetime(formal.date_done)})
        self._generate_renovation_visits(estate, permits[0])
        self.env["property.renovation"]._cron_refund_due()
