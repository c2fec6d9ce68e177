from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class PropertyButlerDemo(models.AbstractModel):
    """Demo staff records: butlers with their zones, posts and keys, a day of
    shifts with handover logs, profiles and the month's visit round."""

    _name = "property.butler.demo"
    _description = "Property butler demo data"

    @api.model
    def _generate(self, estate_xmlid):
        estate = self.env.ref(estate_xmlid)
        if self.env["property.post"].search_count([("estate_id", "=", estate.id)], limit=1):
            # Generated already (an upgrade reloads the demo files): only what a newer version adds.
            if not self.env["property.duty.roster"].search_count([("estate_id", "=", estate.id)], limit=1):
                self._generate_duty(estate)
            return True
        b1, b2 = estate.building_ids.sorted("sequence")[:2]
        Employee = self.env["hr.employee"]
        chief = Employee.create(
            {
                "name": "周敏 (首席管家)",
                "user_id": self.env.ref("property_butler.demo_user_chief").id,
                "property_role": "chief_butler",
                "property_zone_building_ids": [Command.set((b1 | b2).ids)],
            }
        )
        butler = Employee.create(
            {
                "name": "吴强 (管家)",
                "user_id": self.env.ref("property_butler.demo_user_butler").id,
                "property_role": "butler",
                "parent_id": chief.id,
                "property_zone_building_ids": [Command.set(b1.ids)],
            }
        )
        butler2 = Employee.create({"name": "郑洁 (管家)", "property_role": "butler", "parent_id": chief.id,
                                   "property_zone_building_ids": [Command.set(b2.ids)]})
        desk = Employee.create({"name": "王晓梅 (前台)", "user_id": self.env.ref("property_service.demo_user_clerk").id,
                                "property_role": "desk", "parent_id": chief.id})
        desk |= Employee.create({"name": "林小燕 (前台)", "property_role": "desk", "parent_id": chief.id})
        Employee.create([
            {"name": "陈静 (客服主管)", "user_id": self.env.ref("property_service.demo_user_supervisor").id,
             "property_role": "supervisor"},
            {"name": "刘海涛 (管理处经理)", "user_id": self.env.ref("property_service.demo_user_manager").id},
        ])
        Post = self.env["property.post"]
        desk_post = Post.create(
            {
                "name": "服务中心",
                "estate_id": estate.id,
                "kind": "desk",
                "shift_start": 8.5,
                "shift_hours": 24,
                "employee_ids": [Command.set(desk.ids)],
            }
        )
        post1 = Post.create(
            {"name": "1号楼管家岗", "estate_id": estate.id, "kind": "butler", "employee_ids": [Command.set(butler.ids)]}
        )
        post2 = Post.create(
            {
                "name": "2号楼管家岗",
                "estate_id": estate.id,
                "kind": "butler",
                "employee_ids": [Command.set(butler2.ids)],
            }
        )
        Key = self.env["property.key"]
        Key.create(
            [
                {
                    "name": "GZ-01",
                    "key_type": "work",
                    "classification": "机房",
                    "estate_id": estate.id,
                    "post_id": post1.id,
                },
                {
                    "name": "GZ-02",
                    "key_type": "work",
                    "classification": "天台",
                    "estate_id": estate.id,
                    "post_id": post1.id,
                },
                {
                    "name": "GZ-11",
                    "key_type": "work",
                    "classification": "机房",
                    "estate_id": estate.id,
                    "post_id": post2.id,
                },
                {
                    "name": "FW-01",
                    "key_type": "work",
                    "classification": "档案柜",
                    "estate_id": estate.id,
                    "post_id": desk_post.id,
                },
            ]
        )
        # KEY-04: every vacant unit's keys are taken over, numbered.
        vacant = self.env["property.unit"].search([("estate_id", "=", estate.id), ("state", "=", "vacant"),
                                                   ("usage", "!=", "parking")])
        Key.create(
            [
                {
                    "name": f"KZ-{unit.name}",
                    "key_type": "vacant",
                    "classification": "入户门",
                    "estate_id": estate.id,
                    "unit_id": unit.id,
                }
                for unit in vacant
            ]
        )
        today = fields.Date.context_today(self)
        Shift = self.env["property.shift"]
        yesterday = Shift._plan(post1, today - timedelta(days=1), butler)
        current = Shift._plan(post1, today, butler)
        Shift._plan_days(desk_post, today, today + timedelta(days=6), desk)  # the desk's week, 8:30 to 8:30, in turn
        log = self.env["property.handover.log"].create({
            "post_id": post1.id, "shift_id": current.id, "date": current.date_start,
            "outgoing_employee_id": butler2.id, "incoming_employee_id": butler.id,
            "resident_situations": "1-0302 业主出差，委托照看花草；1-0501 老人独居，需每日问候。",
            "item_ids": [Command.create({"kind": "key", "name": "机房、天台钥匙", "quantity": 2}),
                         Command.create({"kind": "radio", "name": "对讲机", "quantity": 1})],
            "open_item_ids": [Command.create({"name": "1-0201 漏水维修待回访", "follower_id": butler.id})],
        })
        demo = self.env["property.demo"]
        log._property_sign("outgoing", demo._signature_png(butler2.name), butler2.name)
        log._property_sign("incoming", demo._signature_png(butler.name), butler.name)
        # Yesterday was checked at its end (the end-of-shift job found nothing missing).
        yesterday._workflow_write({"keys_checked": True})
        for unit in self.env["property.unit"].search(
            [("estate_id", "=", estate.id), ("owner_id", "!=", False)], limit=12
        ):
            self.env["property.resident.profile"].create(
                {
                    "partner_id": unit.owner_id.id,
                    "unit_id": unit.id,
                    "birthday": date(1975 + unit.id % 20, today.month, min(28, today.day + 2))
                    if unit.id % 3 == 0
                    else False,
                    "drinks": "绿茶" if unit.id % 2 else "咖啡",
                    "allergies": "花粉" if unit.id % 5 == 0 else False,
                    "languages": "普通话、粤语",
                    "smoker": "no",
                    "confidential_service": unit.id % 7 == 0,
                }
            )
        # VIS-01: the manager meets the owners' committee head every month.
        estate.owners_committee_head_id = self.env["property.unit"].search(
            [("building_id", "=", b1.id), ("owner_id", "!=", False)], order="floor desc, number", limit=1).owner_id
        self.env["property.visit"]._cron_plan_month()
        self.env["property.vacant.inspection"]._cron_plan_inspections()
        self._generate_day(estate, butler, butler2, b2)
        self._generate_duty(estate)
        self._generate_vacant(estate)
        return True

    @api.model
    def _generate_duty(self, estate):
        """HND-06/07: this month's duty roster published by the supervisor,
        next month's being drawn up; swaps asked and decided; the daily check
        of the duty records signed on the last working day, today's to do."""
        demo = self.env["property.demo"]
        supervisor_user = self.env.ref("property_service.demo_user_supervisor")
        butler_user = self.env.ref("property_butler.demo_user_butler")
        today = estate._local_today()
        Roster = self.env["property.duty.roster"].with_user(supervisor_user)
        current = Roster.create({"estate_id": estate.id, "month": today.replace(day=1),
                                 "note": "值班电话：0571-8888 6666；夜间紧急情况请联系当班前台。"})
        current.action_plan_shifts()
        # The days gone by were checked at their end (the end-of-shift job).
        current.shift_ids.filtered(lambda shift: shift.date_end <= fields.Datetime.now())._workflow_write(
            {"keys_checked": True})
        current.action_publish()
        following = Roster.create({"estate_id": estate.id, "month": today.replace(day=1) + relativedelta(months=1)})
        following.action_plan_shifts()
        # HND-07: the butler asks to exchange a shift with his colleague; the desk's swap is approved.
        Shift = self.env["property.shift"]
        butler, butler2 = (self.env["hr.employee"].search([("user_id", "=", butler_user.id)], limit=1),
                           self.env["hr.employee"].search([("name", "=", "郑洁 (管家)")], limit=1))
        later = fields.Datetime.now() + timedelta(days=3)
        mine = Shift.search([("employee_ids", "in", butler.ids), ("date_start", ">", later)], order="date_start",
                            limit=1)
        theirs = Shift.search([("employee_ids", "in", butler2.ids), ("date_start", ">", mine.date_start)],
                              order="date_start", limit=1)
        if mine and theirs:
            self.env["property.shift.swap"].with_user(butler_user).create({
                "shift_id": mine.id, "employee_id": butler.id, "substitute_id": butler2.id,
                "return_shift_id": theirs.id, "reason": "孩子学校开家长会，与郑洁对调一天。",
            })
        desk_shift = Shift.search([("post_id.kind", "=", "desk"), ("estate_id", "=", estate.id),
                                   ("date_start", ">", later)], order="date_start", limit=1)
        colleague = desk_shift.post_id.employee_ids - desk_shift.employee_ids
        if desk_shift and colleague:
            swap = self.env["property.shift.swap"].with_user(supervisor_user).create({
                "shift_id": desk_shift.id, "employee_id": desk_shift.employee_ids[:1].id,
                "substitute_id": colleague[:1].id, "reason": "身体不适，请同事代班。",
            })
            swap.action_approve()
        # HND-06: the daily checks of the last two working days; the earlier one signed.
        Check = self.env["property.duty.check"].with_user(supervisor_user)
        days = sorted(estate._working_days(today - timedelta(days=10), today))[-2:]
        checks = Check.create([{"estate_id": estate.id, "date": day} for day in days])
        checks.open_item_ids.filtered(lambda item: "漏水" in item.name)[:1].action_take_over()
        if checks[:1].ledger_ids.filtered(lambda ledger: ledger.state != "reviewed"):
            return True
        checks[:1]._property_sign("check", demo._signature_png("陈静"), "")
        return True

    @api.model
    def _generate_vacant(self, estate):
        """VAC-01/02, KEY-04: vacant units cleaned every half month, two of
        this month's inspections made; an owner's sealed spare key opened for
        a plumber and sealed again."""
        demo = self.env["property.demo"]
        butler_user = self.env.ref("property_butler.demo_user_butler")
        cleanings = self.env["property.vacant.cleaning"]._cron_plan().filtered(lambda c: c.estate_id == estate)
        for cleaning in cleanings[:3].with_user(butler_user):
            cleaning.cleaner = "保洁 张阿姨"
            cleaning.action_done()
        inspections = self.env["property.vacant.inspection"].search(
            [("estate_id", "=", estate.id), ("state", "=", "planned"), ("unit_id.usage", "=", "residential")],
            limit=2).with_user(butler_user)
        inspections.write({"doors_windows_ok": True, "water_off": True, "power_off": True, "gas_off": True,
                           "no_leak": True, "no_cracks": True, "cleaned": True})
        inspections.action_done()
        unit = self.env["property.unit"].search([("estate_id", "=", estate.id), ("owner_id", "!=", False)],
                                                order="id desc", limit=1)
        spare = self.env["property.key"].create({
            "name": f"BY-{unit.name}", "key_type": "spare", "classification": "入户门备用钥匙",
            "estate_id": estate.id, "unit_id": unit.id, "partner_id": unit.owner_id.id,
        })
        movement = self.env["property.key.movement"].with_user(butler_user).create({
            "key_id": spare.id, "employee_id": self.env["hr.employee"].search(
                [("user_id", "=", butler_user.id)], limit=1).id,
            "purpose": "业主出差，厨房水管漏水，开门供水电工维修",
            "authorised_by": f"{unit.owner_id.name}，电话授权", "visitor_name": "李师傅（水电工）",
            "duty_signature": demo._signature_png("值班"),
        })
        movement._property_sign("return", demo._signature_png("李师傅"), "李师傅")
        return True

    @api.model
    def _generate_day(self, estate, butler, butler2, other_building):
        """A working day of the butlers, done through their own buttons: keys
        lent and signed back, ledgers written and reviewed, discipline for HR,
        a profile asked for outside the zone and read."""
        demo = self.env["property.demo"]
        butler_user = self.env.ref("property_butler.demo_user_butler")
        today = fields.Date.context_today(self)
        # KEY-04: vacant-unit keys lent to a worker; one signed back in, one still out.
        Movement = self.env["property.key.movement"].with_user(butler_user)
        for index, key in enumerate(self.env["property.key"].search(
                [("estate_id", "=", estate.id), ("key_type", "=", "vacant")], limit=2)):
            movement = Movement.create({
                "key_id": key.id, "employee_id": butler.id, "purpose": "带水电工查看空置房管线",
                "visitor_name": "李师傅（水电工）", "duty_signature": demo._signature_png("值班"),
            })
            if index == 0:
                movement._property_sign("return", demo._signature_png("李师傅"), "李师傅")
        # HND-04: yesterday's ledger reviewed and signed by the supervisor, today's open.
        Ledger = self.env["property.work.ledger"].with_user(butler_user)
        reviewed = Ledger.create(
            {
                "employee_id": butler.id,
                "estate_id": estate.id,
                "date": today - timedelta(days=1),
                "line_ids": [
                    Command.create({"time": 9.5, "subject": "住户咨询快递代收", "status": "done"}),
                    Command.create({"time": 15.0, "subject": "楼道灯不亮，已报工程部", "status": "done"}),
                ],
            }
        )
        reviewed.with_user(self.env.ref("property_service.demo_user_supervisor"))._property_sign(
            "review", demo._signature_png("主管"), "")
        Ledger.create(
            {
                "employee_id": butler.id,
                "estate_id": estate.id,
                "date": today,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "time": 10.0,
                            "subject": "业主预约周六上门收取装修垃圾",
                            "status": "carried",
                            "follow_up": "周六上午联系保洁",
                        },
                    )
                ],
            }
        )
        # KEY-03: proposals for HR; one already decided.
        Discipline = self.env["property.discipline"]
        Discipline._propose(butler2, "no_keys", description="上班未领取岗位钥匙。")
        Discipline._propose(butler, "unreturned", description="下班时机房钥匙未归还。").with_user(
            self.env.ref("property_butler.demo_user_hr")).action_approve()
        # PRF-02: a profile outside the butler's zone, asked for, approved by the chief butler, then read.
        unit = self.env["property.unit"].search(
            [("building_id", "=", other_building.id), ("owner_id", "!=", False)], limit=1
        )
        profile = self.env["property.resident.profile"].create(
            {
                "partner_id": unit.owner_id.id,
                "unit_id": unit.id,
                "drinks": "普洱茶",
                "languages": "普通话",
                "smoker": "no",
            }
        )
        grant = self.env["property.profile.access.grant"].with_user(butler_user).create({
            "partner_id": unit.owner_id.id, "unit_id": unit.id, "reason": "代同事回访投诉，需了解业主偏好",
        })
        grant.with_user(self.env.ref("property_butler.demo_user_chief")).action_approve()
        self.env["property.profile.access.log"].with_user(butler_user)._record(profile, "代同事回访投诉")
