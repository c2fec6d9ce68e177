from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PropertyButlerCase
from odoo import Command


@tagged("post_install", "-at_install")
class TestVisits(PropertyButlerCase):

    def setUp(self):
        super().setUp()
        # Only this test's estate: the demo households are not planned here.
        self.env["property.estate"].search([("id", "!=", self.estate.id)]).active = False
        self.env["hr.employee"].search([("id", "not in", (self.butler | self.butler2 | self.chief).ids)]).write(
            {"property_role": False})
        Partner, Occupancy = self.env["res.partner"], self.env["property.occupancy"]
        # Building 2: a tenant living in 2-0101 whose owner lives elsewhere.
        owner, tenant = Partner.create({"name": "Absent owner"}), Partner.create({"name": "Tenant Sun"})
        Occupancy.create(
            [
                {
                    "unit_id": self.unit_b2.id,
                    "partner_id": owner.id,
                    "role": "owner",
                    "lives_in": False,
                    "date_start": "2025-01-01",
                },
                {"unit_id": self.unit_b2.id, "partner_id": tenant.id, "role": "tenant", "date_start": "2025-01-01"},
            ]
        )
        self.absent_owner, self.tenant = owner, tenant

    def test_vis01_the_months_plan_per_butler(self):
        Visit = self.env["property.visit"]
        with freeze_time("2026-04-01 01:00:00"):
            planned = Visit._cron_plan_month()
            self.assertFalse(Visit._cron_plan_month())
        per_butler = {(v.employee_id, v.kind, v.partner_id) for v in planned}
        self.assertEqual(per_butler, {
            (self.butler, "monthly", self.resident),
            (self.butler2, "monthly", self.tenant),
            (self.butler2, "quarterly_owner", self.absent_owner),
        })
        call = planned.filtered(lambda v: v.kind == "quarterly_owner")
        self.assertEqual(call.channel, "phone")
        # In May (not a quarter's first month) no call to the absent owner.
        with freeze_time("2026-05-01 01:00:00"):
            may = Visit._cron_plan_month()
        self.assertEqual(sorted(may.mapped("kind")), ["monthly", "monthly"])

    def test_vis02_phone_visit_at_1230_refused(self):
        self.company.property_phone_visit_rule = "refuse"
        # 12:30 in Shanghai on Tuesday 3 March 2026 = 04:30 UTC.
        with self.assertRaisesRegex(ValidationError, "12:30"):
            with self.env.cr.savepoint():
                self.env["property.visit"].with_user(self.butler_user).create({
                    "employee_id": self.butler.id, "partner_id": self.resident.id, "unit_id": self.unit.id,
                    "kind": "survey", "channel": "phone", "date_planned": datetime(2026, 3, 3, 4, 30),
                })
        self.assertFalse(self.env["property.visit"].search([("kind", "=", "survey")]))

    def test_vis02_phone_visit_moved_to_the_next_allowed_time(self):
        self.company.property_phone_visit_rule = "move"
        visit = self.env["property.visit"].with_user(self.butler_user).create({
            "employee_id": self.butler.id, "partner_id": self.resident.id, "unit_id": self.unit.id,
            "kind": "survey", "channel": "phone", "date_planned": datetime(2026, 3, 3, 4, 30),
        })
        self.assertEqual(visit.date_planned, datetime(2026, 3, 3, 6, 0))  # 14:00 in Shanghai
        # A Monday call goes to Tuesday 9:00.
        visit.date_planned = datetime(2026, 3, 9, 2, 0)
        self.assertEqual(visit.date_planned, datetime(2026, 3, 10, 1, 0))

    def test_vis04_feedback_opens_a_request_answered_within_24h(self):
        with freeze_time("2026-03-03 02:00:00"):
            visit = self.env["property.visit"].with_user(self.butler_user).create({
                "employee_id": self.butler.id, "partner_id": self.resident.id, "unit_id": self.unit.id,
                "kind": "monthly", "date_planned": datetime(2026, 3, 3, 2, 0),
                "feedback": "Water pressure too low in the mornings", "feedback_urgency": "urgent",
            })
            visit.action_open_request()
        request = visit.request_id
        answer = request.deadline_ids.filtered(lambda r: r.step == "answer")
        self.assertEqual(str(answer.deadline), "2026-03-04 02:00:00")
        visit.action_done()
        self.assertEqual(visit.done_score, 100.0)

    def test_vis03_closed_complaint_and_move_in_plan_visits(self):
        request = self.new_request(category="complaint", department="security")
        request.with_user(self.clerk).action_dispatch()
        request.with_user(self.clerk).write({"resolution": "Settled"})
        request.with_user(self.clerk).action_done()
        self.sign(request.with_user(self.clerk), button="action_sign_complaint")
        request.with_user(self.clerk).action_close()
        visit = self.env["property.visit"].search([("kind", "=", "complaint"), ("partner_id", "=", self.resident.id)])
        self.assertEqual(visit.employee_id, self.butler)
        # Fees to collect (the second reminder comes with a visit, DUN-02): once a day at most.
        with freeze_time("2026-03-23 02:00:00"):
            self.unit._on_fee_collection_visits([(self.unit, self.resident)])
            self.unit._on_fee_collection_visits([(self.unit, self.resident)])
        fee_visit = self.env["property.visit"].search([("kind", "=", "fee"), ("partner_id", "=", self.resident.id)])
        self.assertEqual((fee_visit.employee_id, str(fee_visit.date_planned)), (self.butler, "2026-03-25 02:00:00"))

    def test_mov05_move_in_keys_reach_the_register(self):
        buyer = self.env["res.partner"].create({"name": "Buyer Qian"})
        case = (
            self.env["property.movein"].with_user(self.clerk).create({"unit_id": self.unit2.id, "partner_id": buyer.id})
        )
        case.action_arrived()
        case.document_ids.write({"seen": True, "copy_kept": True})
        case.agreement_ids.write({"signed": True})
        case.write({
            "reading_water": 8.5, "reading_electricity": 120.0, "reading_gas": 2.0,
            "defect_ids": [Command.create({"name": "Cracked tile"})],
            "key_ids": [Command.create({"key_type": "entrance", "count_total": 3, "count_handed": 2})],
        })
        self.sign(case, button="action_sign_resident")
        self.sign(case, button="action_sign_staff")
        case.action_complete()
        keys = self.env["property.key"].search([("unit_id", "=", self.unit2.id)])
        self.assertEqual(sorted(keys.mapped("state")), ["in", "resident", "resident"])
        self.assertEqual(set(keys.mapped("partner_id")), {buyer})
        kinds = self.env["property.visit"].search([("partner_id", "=", buyer.id)]).mapped("kind")
        self.assertEqual(sorted(kinds), ["after_move_in", "move_in"])

    def test_vac01_vacant_units_inspected_problems_to_engineering(self):
        # The flat is sold but nobody lives there yet: vacant, with an owner to tell.
        owner = self.env["res.partner"].create({"name": "Owner Sun", "email": "sun@example.cn"})
        self.env["property.occupancy"].create({"unit_id": self.unit2.id, "partner_id": owner.id, "role": "owner",
                                               "lives_in": False, "date_start": "2025-06-01"})
        self.assertEqual(self.unit2.state, "vacant")
        with freeze_time("2026-03-05"):
            planned = self.env["property.vacant.inspection"]._cron_plan_inspections()
            self.assertFalse(self.env["property.vacant.inspection"]._cron_plan_inspections())
        inspection = planned.filtered(lambda i: i.unit_id == self.unit2)
        inspection = inspection.with_user(self.butler_user)
        # KEY-04: the vacant unit's keys are in the register.
        self.env["property.key"].create({"name": "KZ-0202", "key_type": "vacant", "estate_id": self.estate.id,
                                         "unit_id": self.unit2.id})
        inspection.write(
            {
                "doors_windows_ok": True,
                "water_off": True,
                "power_off": True,
                "gas_off": True,
                "no_leak": False,
                "no_cracks": True,
                "cleaned": True,
                "problems": "Damp patch under the window",
            }
        )
        inspection.action_done()
        self.assertFalse(inspection.good_order)
        self.assertEqual(inspection.request_id.category, "in_unit_repair")
        self.assertEqual(inspection.request_id.department, "engineering")
        self.assertTrue(inspection.owner_informed)
        told = inspection.message_ids.filtered(lambda m: owner in m.partner_ids)
        self.assertIn("Damp patch under the window", told.body)
        self.assertIn(inspection.request_id.name, told.body)
        self.assertEqual(inspection.good_order_score, 0.0)
        # VAC-02: the figure beside its target, over the inspected units only.
        figures = self.env["property.vacant.inspection"]._read_group(
            [("state", "=", "done"), ("month", "=", "2026-03")], [], ["good_order_score:avg", "target_score:avg"])
        self.assertEqual(figures, [(0.0, 98.0)])

    def test_vis01_the_manager_meets_the_committee_head_monthly_at_the_visit_hour(self):
        """The centre manager meets the owners' committee head each month, at
        the visit hour (a setting) in the estate's own time."""
        manager = self.env["hr.employee"].create({"name": "Manager Liu", "user_id": self.manager.id})
        self.estate.owners_committee_head_id = self.resident
        Visit = self.env["property.visit"]
        with freeze_time("2026-04-01 01:00:00"):
            meeting = Visit._cron_plan_month().filtered(lambda v: v.kind == "committee")
        self.assertEqual((meeting.employee_id, meeting.user_id, meeting.partner_id, meeting.unit_id, meeting.period),
                         (manager, self.manager, self.resident, self.unit, "2026-04"))
        self.assertEqual(meeting.date_planned, datetime(2026, 4, 15, 2, 0))  # 10:00 in Shanghai
        self.assertIn(meeting, Visit.with_user(self.manager).search([("user_id", "=", self.manager.id)]))
        self.company.property_visit_hour = 15.0
        with freeze_time("2026-05-01 01:00:00"):
            may = Visit._cron_plan_month()
        self.assertEqual(may.filtered(lambda v: v.kind == "committee").date_planned, datetime(2026, 5, 15, 7, 0))
        self.assertEqual(set(may.filtered(lambda v: v.kind == "monthly").mapped("date_planned")),
                         {datetime(2026, 5, 15, 7, 0)})

    def test_vis01_the_committee_meetings_of_every_estate_are_planned_at_once(self):
        """VIS-01: the managers and the committee heads' homes are read at
        once: the month's job does not query per estate."""
        manager = self.env["hr.employee"].create({"name": "Manager Liu", "user_id": self.manager.id})
        few, many = self.new_estates(2, "F"), self.new_estates(8, "M")
        for estate in few | many:
            estate.write({"manager_id": self.manager.id,
                          "owners_committee_head_id": estate.unit_ids.occupancy_ids.partner_id.id})
        Visit = self.env["property.visit"]
        with freeze_time("2026-04-01 01:00:00"):
            many.active = False
            queries_few = self.count_queries(Visit._committee_meeting_vals)
            many.active = True
            queries_many = self.count_queries(Visit._committee_meeting_vals)
            meetings = Visit._committee_meeting_vals()
        self.assertEqual(queries_many, queries_few)
        self.assertEqual({(vals["employee_id"], vals["partner_id"], vals["unit_id"], vals["period"])
                          for vals in meetings},
                         {(manager.id, estate.owners_committee_head_id.id, estate.unit_ids.id, "2026-04")
                          for estate in few | many})

    def test_vis01_the_round_is_of_the_estates_month(self):
        """VIS-01: at 00:30 on 1 April in Shanghai (16:30 UTC on 31 March) the
        job plans April's round, not March's."""
        with freeze_time("2026-03-31 16:30:00"):
            planned = self.env["property.visit"]._cron_plan_month()
        self.assertEqual(set(planned.mapped("period")), {"2026-04", "2026-Q2"})
        self.assertEqual(set(planned.mapped("date_planned")), {datetime(2026, 4, 15, 2, 0)})  # 10:00 in Shanghai

    def test_vis03_emergency_and_leak_repairs_are_visited(self):
        Visit = self.env["property.visit"]
        # An emergency repair finished at 20:00: the butler visits the next morning, within 24 hours.
        with freeze_time("2026-03-03 12:00:00"):
            self.finished_repair(tier="very_urgent")
        emergency = Visit.search([("kind", "=", "emergency_repair"), ("partner_id", "=", self.resident.id)])
        self.assertEqual((emergency.employee_id, emergency.date_planned), (self.butler, datetime(2026, 3, 4, 2, 0)))
        # A leak repair waits for the first rain, then is visited the day after.
        with freeze_time("2026-03-05 01:00:00"):
            self.finished_repair(request_type_id=self.leak.id)
        self.assertFalse(Visit.search([("kind", "=", "leak_repair")]))
        with freeze_time("2026-03-10 06:00:00"):
            self.estate.with_user(self.clerk).action_record_first_rain()
        leak = Visit.search([("kind", "=", "leak_repair")])
        self.assertEqual((leak.employee_id, leak.partner_id, leak.date_planned),
                         (self.butler, self.resident, datetime(2026, 3, 11, 2, 0)))

    def test_vis03_a_commissioned_task_is_followed_by_a_visit(self):
        task = self.env.ref("property_butler.request_type_commissioned_task")
        self.assertTrue(task.visit_after_done)
        with freeze_time("2026-03-03 03:00:00"):
            request = self.new_request(category="help", help_subtype="other", request_type_id=task.id,
                                       description="Water the plants while the owner is away")
            request.with_user(self.clerk).write({"resolution": "Watered twice a week, key returned"})
            request.with_user(self.clerk).action_done()
        visit = self.env["property.visit"].search([("kind", "=", "task")])
        self.assertEqual((visit.employee_id, visit.partner_id, visit.date_planned),
                         (self.butler, self.resident, datetime(2026, 3, 4, 2, 0)))
        # An ordinary help request is not visited.
        with freeze_time("2026-03-03 04:00:00"):
            other = self.new_request(category="help", help_subtype="other", description="Lost a glove")
            other.with_user(self.clerk).write({"resolution": "Found at the desk"})
            other.with_user(self.clerk).action_done()
        self.assertEqual(self.env["property.visit"].search_count([("kind", "=", "task")]), 1)

    def test_vis03_households_are_visited_before_a_community_event(self):
        event = self.env["property.community.event"].with_user(self.clerk).create({
            "name": "Lantern festival party", "estate_id": self.estate.id, "location": "The garden",
            "date_start": datetime(2026, 3, 20, 10, 0), "date_end": datetime(2026, 3, 20, 12, 0),
        })
        with freeze_time("2026-03-10 02:00:00"):
            event.with_user(self.clerk).action_plan()
            event.with_user(self.clerk)._on_event_planned()  # announced twice: visited once
        visits = self.env["property.visit"].search([("kind", "=", "event")])
        # Each household of the estate, by its zone's butler.
        self.assertEqual({(v.employee_id, v.partner_id, v.unit_id) for v in visits},
                         {(self.butler, self.resident, self.unit), (self.butler2, self.tenant, self.unit_b2)})
        # The day before, 10:00 in Shanghai.
        self.assertEqual(set(visits.mapped("date_planned")), {datetime(2026, 3, 19, 2, 0)})
        # An activity announced too late for a visit before it gets none.
        late = self.env["property.community.event"].with_user(self.clerk).create({
            "name": "Afternoon film", "estate_id": self.estate.id, "date_start": datetime(2026, 3, 10, 5, 0)})
        with freeze_time("2026-03-10 03:00:00"):  # 11:00 for a 13:00 film: the next visit hour is tomorrow
            late.with_user(self.clerk).action_plan()
        self.assertEqual(self.env["property.visit"].search_count([("period", "=", f"event-{late.id}")]), 0)

    def test_vis03_survey_visits_for_the_households_no_email_reaches(self):
        survey = self.env["property.satisfaction.survey"].with_user(self.supervisor).create({
            "estate_id": self.estate.id, "year": 2026, "half": "1"})
        with freeze_time("2026-03-10 02:00:00"):
            survey.action_send()
        visits = self.env["property.visit"].search([("kind", "=", "survey")])
        # Zhang Wei answers by e-mail; Tenant Sun has none: his butler brings the questionnaire.
        self.assertEqual({(v.employee_id, v.partner_id, v.unit_id) for v in visits},
                         {(self.butler2, self.tenant, self.unit_b2)})
        self.assertEqual(visits.date_planned, datetime(2026, 3, 11, 2, 0))

    def test_vis03_a_very_urgent_leak_repair_is_a_leak_repair_visited_after_the_rain(self):
        """VIS-03 and FUP-02 name a repair alike (property.followup._kind_for):
        a very urgent leak repair waits for the first rain, for the visit as
        for the follow-up, and gets no 24-hour emergency visit."""
        Visit = self.env["property.visit"]
        with freeze_time("2026-03-03 12:00:00"):
            request, _slip = self.finished_repair(tier="very_urgent", request_type_id=self.leak.id)
        self.assertEqual(request.followup_ids.mapped("kind"), ["leak_repair"])
        self.assertFalse(Visit.search([("kind", "in", ("emergency_repair", "leak_repair"))]))
        with freeze_time("2026-03-10 06:00:00"):
            self.estate.with_user(self.clerk).action_record_first_rain()
        leak = Visit.search([("kind", "=", "leak_repair")])
        self.assertEqual((leak.employee_id, leak.partner_id, leak.date_planned),
                         (self.butler, self.resident, datetime(2026, 3, 11, 2, 0)))
        self.assertFalse(Visit.search([("kind", "=", "emergency_repair")]))

    def households(self, count, floor):
        """``count`` new households, in the two butlers' buildings in turn."""
        units = self.env["property.unit"].create([
            {"building_id": (self.building, self.building2)[n % 2].id, "number": f"{floor}{n:02d}", "floor_area": 80}
            for n in range(count)])
        partners = self.env["res.partner"].create([{"name": f"Resident {floor}{n:02d}"} for n in range(count)])
        self.env["property.occupancy"].create([
            {"unit_id": unit.id, "partner_id": partner.id, "role": "owner", "date_start": "2024-01-01"}
            for unit, partner in zip(units, partners)])
        return list(zip(units, partners))

    def test_vis03_visits_of_many_households_are_planned_in_as_many_queries_as_of_few(self):
        """VIS-03: an event's, a survey's or the fee collection's visits are
        planned in one batch: the queries of a clerk's click do not grow with
        the households (zone butlers, existing visits and the new visits each
        read or written at once)."""
        few, many, warm = self.households(2, 7), self.households(20, 8), self.households(2, 9)
        Visit = self.env["property.visit"].sudo().with_context(mail_create_nolog=False)
        when = datetime(2026, 3, 19, 2, 0)

        def plan(households, period):
            return lambda: Visit._plan_events("event", [(unit, partner, when, period) for unit, partner in households])

        self.count_queries(plan(warm, "event-warm"))
        self.assertEqual(self.count_queries(plan(many, "event-many")), self.count_queries(plan(few, "event-few")))
        planned = Visit.search([("period", "=", "event-many")])
        self.assertEqual({(v.unit_id, v.partner_id, v.employee_id, v.date_planned) for v in planned},
                         {(unit, partner, (self.butler2, self.butler)[n % 2 == 0], when)
                          for n, (unit, partner) in enumerate(many)})
        # Planned again: the households keep their visit.
        self.assertEqual(Visit._plan_events("event", [(unit, partner, when, "event-many") for unit, partner in many]),
                         planned)
        self.assertEqual(Visit.search_count([("period", "=", "event-many")]), 20)

        # The fee collection's hook, for the households of many units at once (DUN-02, DUN-05, BIL-10).
        Unit = self.env["property.unit"].with_context(mail_create_nolog=False)
        with freeze_time("2026-03-23 02:00:00"):
            self.count_queries(lambda: Unit._on_fee_collection_visits(warm))
            self.assertEqual(self.count_queries(lambda: Unit._on_fee_collection_visits(many)),
                             self.count_queries(lambda: Unit._on_fee_collection_visits(few)))
            Unit._on_fee_collection_visits(many)  # once a day per unit
        fee = Visit.search([("kind", "=", "fee"), ("unit_id", "in", [unit.id for unit, _partner in many])])
        self.assertEqual(len(fee), 20)
        self.assertEqual(set(fee.mapped("date_planned")), {datetime(2026, 3, 25, 2, 0)})  # two days on, 10:00
