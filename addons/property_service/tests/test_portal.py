import base64
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields, http
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import JsonRpcMixin, PortalResidentsMixin, PropertyServiceHttpCase

# A real 1x1 PNG (Odoo guesses the type from the content, not the name).
PNG = base64.b64decode(
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortalAccess(PortalResidentsMixin, JsonRpcMixin, PropertyServiceHttpCase):

    def test_portal_invite_resident_as_clerk(self):
        """One click on the resident form; a clear reason when it cannot be done."""
        user = self.resident.user_ids
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        family = self.env["res.partner"].create({"name": "Zhang Xiao", "email": "zhang.xiao@example.cn",
                                                 "lang": "zh_CN"})
        self.env["property.occupancy"].create({"unit_id": self.unit.id, "partner_id": family.id,
                                               "role": "family", "date_start": "2024-06-01"})
        Template = type(self.env["mail.template"])
        with patch.object(Template, "send_mail", autospec=True, return_value=1) as send_mail:
            family.with_user(self.clerk).action_property_portal_invite()
        template, _record_id = send_mail.call_args.args[:2]
        self.assertEqual(template, self.env.ref("portal.mail_template_data_portal_welcome"))
        self.assertEqual(template.env.context["lang"], "zh_CN", "the invitation in the resident's language")
        self.assertTrue(family.user_ids._is_portal())
        with self.assertRaisesRegex(UserError, "already has access"):
            self.resident.with_user(self.clerk).action_property_portal_invite()
        stranger = self.env["res.partner"].create({"name": "Passer-by", "email": "passer@example.cn"})
        with self.assertRaisesRegex(UserError, "owns no unit today"):
            stranger.with_user(self.clerk).action_property_portal_invite()
        no_mail = self.env["res.partner"].create({"name": "Zhao Lei"})
        self.env["property.occupancy"].create({"unit_id": self.unit2.id, "partner_id": no_mail.id,
                                               "role": "family", "date_start": "2024-01-01"})
        with self.assertRaisesRegex(UserError, "no valid e-mail address"):
            no_mail.with_user(self.clerk).action_property_portal_invite()

    def test_portal_invite_a_whole_building_as_clerk(self):
        family = self.env["res.partner"].create({"name": "Zhang Xiao", "email": "zhang.xiao@example.cn"})
        self.env["property.occupancy"].create({"unit_id": self.unit.id, "partner_id": family.id,
                                               "role": "family", "date_start": "2024-06-01"})
        action = self.building.with_user(self.clerk).action_property_portal_invite()
        self.assertIn("1 residents invited to the portal, 3 had access already", action["params"]["message"])
        self.assertTrue(family.user_ids._is_portal())

    def test_portal_residents_see_only_their_households_requests(self):
        self.login(self.resident)
        page = self.url_open("/my/requests").text
        self.assertIn(self.own_request.name, page)
        self.assertNotIn(self.neighbour_request.name, page)
        self.assertEqual(self.url_open(f"/my/requests/{self.own_request.id}").status_code, 200)
        # Another household's request, and a guessed id, answer the same 404.
        self.assertEqual(self.url_open(f"/my/requests/{self.neighbour_request.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/requests/{self.neighbour_request.id + 1000}").status_code, 404)
        # The tenant sees the requests of the home he rents.
        self.login(self.tenant)
        self.assertEqual(self.url_open(f"/my/requests/{self.own_request.id}").status_code, 200)
        self.login(self.neighbour)
        page = self.url_open("/my/requests").text
        self.assertIn(self.neighbour_request.name, page)
        self.assertNotIn(self.own_request.name, page)
        self.assertEqual(self.url_open(f"/my/requests/{self.own_request.id}").status_code, 404)

    def test_portal_former_tenant_loses_the_home(self):
        self.tenant.property_occupancy_ids.date_end = fields.Date.today() - timedelta(days=1)
        self.login(self.tenant)
        self.assertEqual(self.url_open(f"/my/requests/{self.own_request.id}").status_code, 404)

    def test_portal_no_staff_model_readable(self):
        self.login(self.resident)
        for model in ("property.repair.slip", "property.repair.slip.line", "property.request.deadline",
                      "property.estate", "property.building", "property.occupancy", "property.followup",
                      "property.movein", "property.renovation"):
            reply = self.rpc(model, "search_read", [[]], {"fields": ["id"], "limit": 1})
            self.assertIn("error", reply, model)
            self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError", model)
        # His own records: read, never written.
        reply = self.rpc("property.request", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["name"] for row in reply["result"]], [self.own_request.name])
        reply = self.rpc("property.request", "write", [self.own_request.ids, {"description": "changed"}])
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        reply = self.rpc("property.unit", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["id"] for row in reply["result"]], self.unit.ids)


@tagged("post_install", "-at_install")
class TestPortalReport(PortalResidentsMixin, PropertyServiceHttpCase):

    def requests_of(self, partner):
        return self.env["property.request"].search([("partner_id", "=", partner.id), ("channel", "=", "online")])

    def test_svc01_resident_reports_a_leak_online_with_a_photo(self):
        self.login(self.resident)
        estate = self.estate
        tomorrow = estate._local_today() + timedelta(days=1)
        reply = self.report(files={"photos": ("ceiling.png", PNG, "image/png")},
                            appointment=f"{tomorrow.isoformat()}T10:00")
        self.assertEqual(reply.status_code, 303, reply.text[:500])
        request = self.requests_of(self.resident)
        self.assertEqual(len(request), 1)
        self.assertTrue(reply.headers["Location"].endswith(f"/my/requests/{request.id}"))
        self.assertRecordValues(request, [{
            "unit_id": self.unit.id, "estate_id": estate.id, "category": "in_unit_repair", "state": "new",
            "description": "Water leaking from the ceiling",
            "appointment": estate._utc(tomorrow, 10.0),  # typed in the estate's time (SVC-03)
        }])
        # The desk's own request: its SVC deadlines and chatter.
        self.assertTrue(request.deadline_ids)
        self.assertIn(self.resident, request.message_partner_ids)
        photo = self.env["ir.attachment"].search([("res_model", "=", "property.request"), ("res_id", "=", request.id)])
        self.assertEqual(photo.name, "ceiling.png")
        page = self.url_open(request.access_url).text
        self.assertIn("Water leaking from the ceiling", page)
        self.assertIn("ceiling.png", self.url_open(
            "/mail/thread/messages", data='{"params": {"thread_model": "property.request", "thread_id": %d}}'
            % request.id, headers={"Content-Type": "application/json"}).text)

    def test_svc01_public_facility_reported_by_its_place(self):
        self.login(self.tenant)
        reply = self.report(category="public_repair", location="Lift of building 1",
                            description="The lift stops between floors")
        self.assertEqual(reply.status_code, 303, reply.text[:500])
        request = self.requests_of(self.tenant)
        self.assertRecordValues(request, [{"unit_id": False, "estate_id": self.estate.id,
                                           "location": "Lift of building 1"}])
        self.assertEqual(self.url_open(request.access_url).status_code, 200)

    def assertRefused(self, reply, message, partner=None):
        self.assertEqual(reply.status_code, 400)
        self.assertIn(message, reply.text)
        self.assertFalse(self.requests_of(partner or self.resident), "nothing saved")

    def test_portal_bad_input_refused_and_nothing_saved(self):
        self.login(self.resident)
        self.assertRefused(self.report(description="   "), "Describe the problem")
        self.assertRefused(self.report(unit_id=str(self.unit2.id)), "Choose one of your homes")
        self.assertRefused(self.report(unit_id="nonsense"), "Choose one of your homes")
        self.assertRefused(self.report(category="help"), "For an emergency, call the service desk")
        self.assertRefused(self.report(category="public_repair"), "Say where the broken facility is")
        self.assertRefused(self.report(appointment="2020-01-01T10:00"), "The preferred time has passed")
        self.assertRefused(self.report(files={"photos": ("notes.txt", b"not a picture", "text/plain")}),
                           "notes.txt is not a photo")
        self.company.property_portal_photo_mb = 1
        big = PNG + b"\0" * (1024 * 1024)
        self.assertRefused(self.report(files={"photos": ("big.png", big, "image/png")}),
                           "big.png is larger than 1 MB")
        # The form comes back as typed.
        reply = self.report(description="Leak under the sink", unit_id=str(self.unit2.id))
        self.assertIn("Leak under the sink", reply.text)

    def test_portal_daily_limit_per_resident(self):
        self.company.property_portal_request_limit = 2
        self.login(self.resident)
        self.assertEqual(self.report().status_code, 303)
        self.assertEqual(self.report().status_code, 303)
        reply = self.report()
        self.assertEqual(reply.status_code, 400)
        self.assertIn("You have sent 2 requests online today", reply.text)
        self.assertEqual(len(self.requests_of(self.resident)), 2)
        # Another resident of the same home has his own limit.
        self.login(self.tenant)
        self.assertEqual(self.report().status_code, 303)


@tagged("post_install", "-at_install")
class TestNotices(PortalResidentsMixin, PropertyServiceHttpCase):

    def notice(self, **values):
        now = fields.Datetime.now()
        return self.env["property.notice"].with_user(self.clerk).create({
            "name": "Water cut in building 1", "estate_id": self.estate.id, "kind": "water",
            "date_start": now + timedelta(hours=30), "date_end": now + timedelta(hours=40),
            "body": "<p>The tank is cleaned: store water.</p>", **values,
        })

    def test_ntc01_planned_interruption_published_24h_ahead_as_clerk(self):
        soon = self.notice(date_start=fields.Datetime.now() + timedelta(hours=10))
        with self.assertRaisesRegex(UserError, "at least 24 hours before it begins"):
            soon.action_publish()
        self.assertEqual(soon.state, "draft")
        soon.emergency = True
        soon.action_publish()
        self.assertEqual(soon.state, "published")
        notice = self.notice()
        notice.action_publish()
        self.assertRecordValues(notice, [{"state": "published", "published_by_id": self.clerk.id}])
        # E-mailed to the estate's current residents, not to another estate's.
        stranger = self.env["res.partner"].create({"name": "Chen Jie", "email": "chen.jie@example.cn"})
        self.env["property.occupancy"].create({"unit_id": self.other_unit.id, "partner_id": stranger.id,
                                               "role": "owner", "date_start": "2024-01-01"})
        later = self.notice(name="Power cut")
        later.action_publish()
        recipients = later.message_ids.filtered(lambda m: m.message_type == "comment").partner_ids
        self.assertEqual(recipients, self.resident | self.tenant | self.neighbour)
        # Published text stays what the residents received.
        with self.assertRaises(UserError):
            later.body = "<p>Something else</p>"
        later.date_end = later.date_end + timedelta(hours=2)  # kept up longer: allowed

    def test_ntc01_residents_are_mailed_by_the_mail_queue_not_in_the_click(self):
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)])
        notice = self.notice()
        notice.action_publish()
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", notice.message_ids.ids)])
        self.assertEqual(mails.recipient_ids, self.resident | self.tenant | self.neighbour)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        # ... and the queue's job is woken for them now.
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", queue.id)]) - triggers)

    def test_ntc01_interruption_needs_its_start(self):
        from odoo.exceptions import ValidationError
        with self.assertRaisesRegex(ValidationError, "Say when the interruption begins"):
            self.notice(date_start=False)

    def test_ntc02_expired_notices_leave_the_board_by_themselves(self):
        from freezegun import freeze_time
        notice = self.notice(kind="event", date_start=False, date_end=fields.Datetime.now() + timedelta(hours=2))
        notice.action_publish()
        Notice = self.env["property.notice"]
        Notice._cron_take_down_expired()
        self.assertEqual(notice.state, "published")
        with freeze_time(fields.Datetime.now() + timedelta(hours=3)):
            Notice._cron_take_down_expired()
        self.assertEqual(notice.state, "expired")

    def test_ntc03_residents_read_their_estates_notices_and_the_paid_repair_prices(self):
        board = self.notice()
        board.action_publish()
        draft = self.notice(name="Not yet")
        elsewhere = self.env["property.notice"].create({
            "name": "Cloud Hill party", "estate_id": self.other_estate.id, "kind": "event",
            "date_end": fields.Datetime.now() + timedelta(days=2), "body": "<p>Party</p>"})
        elsewhere.action_publish()
        prices = self.notice(name="Prices of paid repairs", kind="price_list", date_start=False)
        prices.action_publish()
        self.login(self.tenant)
        page = self.url_open("/my/notices").text
        self.assertIn("Water cut in building 1", page)
        self.assertNotIn("Not yet", page)
        self.assertNotIn("Cloud Hill party", page)
        self.assertEqual(self.url_open(f"/my/notices/{board.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/notices/{draft.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/notices/{elsewhere.id}").status_code, 404)
        # NTC-03: the price list of paid services with a price-list notice.
        page = self.url_open(f"/my/notices/{prices.id}").text
        self.assertIn(self.product_tap.name, page)
        self.assertRegex(page, r"30\.00")  # its price, as the price list gives it
        # An ordinary notice shows no price list.
        self.assertNotIn(self.product_tap.name, self.url_open(f"/my/notices/{board.id}").text)


@tagged("post_install", "-at_install")
class TestResidentOnHisPhone(PortalResidentsMixin, PropertyServiceHttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_resident_reports_a_leak_and_reads_a_notice_on_his_phone(self):
        now = fields.Datetime.now()
        self.env["property.notice"].create({
            "name": "Water cut in building 1", "estate_id": self.estate.id, "kind": "water",
            "date_start": now + timedelta(hours=30), "date_end": now + timedelta(hours=40),
            "body": "<p>The tank is cleaned: store water.</p>",
        }).action_publish()
        self.start_tour("/my", "property_service_resident_portal", login=self.resident.user_ids.login,
                        timeout=120)
        request = self.env["property.request"].search([("partner_id", "=", self.resident.id),
                                                       ("channel", "=", "online")])
        self.assertEqual(request.description, "Water dripping from the bathroom ceiling")
        self.assertTrue(request.deadline_ids)
        photo = self.env["ir.attachment"].search([("res_model", "=", "property.request"), ("res_id", "=", request.id)])
        self.assertEqual(photo.name, "leak.png")


@tagged("post_install", "-at_install")
class TestPortalQuote(PortalResidentsMixin, PropertyServiceHttpCase):

    def quoted_slip(self):
        slip = self.env["property.repair.slip"].with_user(self.clerk).create({
            "request_id": self.own_request.id, "technician_id": self.engineer.id,
            "line_ids": [Command.create({"line_type": "quote", "name": "Replace the mixer valve", "quantity": 1,
                                         "price_unit": 180.0})],
        })
        # SVC-04: engineering assessed the price; the resident is asked next.
        slip.with_user(self.engineer).action_assess()
        return slip

    def answer(self, slip, **data):
        return self.url_open(f"/my/requests/{self.own_request.id}/quote", allow_redirects=False,
                             data={"csrf_token": http.Request.csrf_token(self), "slip_id": str(slip.id), **data})

    def test_svc04_resident_accepts_a_quote_online(self):
        slip = self.quoted_slip()
        self.login(self.resident)
        page = self.url_open(self.own_request.access_url).text
        self.assertIn("Replace the mixer valve", page)
        self.assertIn("Accept the quote", page)
        self.assertEqual(self.answer(slip, answer="accept").status_code, 303)
        self.assertEqual(slip.quote_state, "accepted")
        self.assertTrue(slip.quote_accepted_on)
        self.assertTrue(slip.message_ids.filtered(lambda message: "accepted the quote online" in (message.body or "")))
        # Answered once: a second answer is refused.
        reply = self.answer(slip, answer="accept")
        self.assertEqual(reply.status_code, 400)
        self.assertIn("waits for no answer", reply.text)

    def test_svc04_resident_refuses_a_quote_with_his_reason(self):
        slip = self.quoted_slip()
        self.login(self.tenant)
        reply = self.answer(slip, answer="refuse", reason="  ")
        self.assertEqual(reply.status_code, 400)
        self.assertIn("Say why you refuse the quote", reply.text)
        self.assertEqual(self.answer(slip, answer="refuse", reason="Too expensive").status_code, 303)
        self.assertEqual(slip.quote_state, "pending", "the refusal is signed by the technician and the head")
        # The technician records and signs the refusal first, then the head (SVC-04).
        activity = slip.activity_ids
        self.assertEqual(activity.user_id, self.engineer)
        self.assertIn("Too expensive", activity.note)

    def test_svc04_another_household_cannot_answer(self):
        slip = self.quoted_slip()
        self.login(self.neighbour)
        self.assertEqual(self.answer(slip, answer="accept").status_code, 404)
        self.assertEqual(slip.quote_state, "pending")


@tagged("post_install", "-at_install")
class TestResidentAcceptsAQuoteOnHisPhone(PortalResidentsMixin, PropertyServiceHttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_svc04_resident_accepts_a_quote_on_his_phone(self):
        slip = TestPortalQuote.quoted_slip(self)
        self.start_tour("/my/requests", "property_service_resident_quote", login=self.resident.user_ids.login,
                        timeout=120)
        self.assertEqual(slip.quote_state, "accepted")
        self.assertTrue(slip.quote_accepted_on)


@tagged("post_install", "-at_install")
class TestPortalFollowupAndSignature(PortalResidentsMixin, PropertyServiceHttpCase):

    def answer(self, request, followup, **data):
        return self.url_open(f"/my/requests/{request.id}/followup", allow_redirects=False, data={
            "csrf_token": http.Request.csrf_token(self), "followup_id": str(followup.id), **data})

    def due_followup(self):
        request, _slip = self.finished_repair()
        followup = request.followup_ids
        self.assertEqual(followup.state, "planned")
        return request, followup

    def test_fup05_resident_answers_his_followup_online(self):
        request, followup = self.due_followup()
        self.login(self.resident)
        if followup.date_from > fields.Date.today():
            # FUP-04: not before the 7th day: the portal does not ask yet.
            self.assertNotIn("How satisfied are you?", self.url_open(request.access_url).text)
            self.assertEqual(self.answer(request, followup, satisfaction="satisfied").status_code, 400)
            followup._workflow_write({"date_from": fields.Date.today()})
        self.assertIn("How satisfied are you?", self.url_open(request.access_url).text)
        self.assertEqual(self.answer(request, followup, satisfaction="satisfied", comment="Fine").status_code, 303)
        self.assertRecordValues(followup, [{"state": "done", "channel": "online", "satisfaction": "satisfied",
                                            "outcome": "Fine"}])

    def test_fup05_dissatisfied_online_answer_reopens_the_work(self):
        request, followup = self.due_followup()
        followup._workflow_write({"date_from": fields.Date.today()})
        self.login(self.resident)
        reply = self.answer(request, followup, satisfaction="dissatisfied")
        self.assertEqual(reply.status_code, 400)
        self.assertIn("Say what is still wrong", reply.text)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(self.answer(request, followup, satisfaction="dissatisfied",
                                     comment="Still dripping").status_code, 303)
        self.assertEqual(followup.state, "done")
        self.assertEqual(request.state, "in_progress", "the work is reopened (FUP-05)")
        self.assertEqual(len(request.followup_ids), 2, "and followed up again")

    def test_fup05_only_the_resident_followed_up_answers(self):
        request, followup = self.due_followup()
        followup._workflow_write({"date_from": fields.Date.today()})
        self.login(self.tenant)  # lives there, but the follow-up asks Zhang Wei
        self.assertEqual(self.answer(request, followup, satisfaction="satisfied").status_code, 400)
        self.login(self.neighbour)
        self.assertEqual(self.answer(request, followup, satisfaction="satisfied").status_code, 404)
        self.assertEqual(followup.state, "planned")

    def sign_online(self, request, signature):
        return self.url_open(f"/my/requests/{request.id}/sign", headers={"Content-Type": "application/json"},
                             data='{"jsonrpc": "2.0", "params": {"name": "Zhang Wei", "signature": "%s"}}'
                             % signature).json()["result"]

    def test_svc09_resident_signs_his_finished_complaint_online(self):
        complaint = self.new_request(category="complaint", department="security", description="Noise at night")
        complaint.with_user(self.clerk).action_dispatch()
        complaint.with_user(self.clerk).action_answer()
        complaint.with_user(self.clerk).write({"resolution": "The neighbour was asked to stop."})
        complaint.with_user(self.clerk).action_done()
        self.assertEqual(complaint.state, "done")
        self.login(self.neighbour)
        self.assertIn("error", self.sign_online(complaint, self.signature.decode()))
        self.login(self.resident)
        self.assertIn("Confirm your complaint was dealt with", self.url_open(complaint.access_url).text)
        self.assertIn("Sign in the box first", self.sign_online(complaint, "")["error"])
        self.assertEqual(self.sign_online(complaint, self.signature.decode())["redirect_url"], complaint.access_url)
        self.assertEqual(complaint.resident_signed_by, "Zhang Wei")
        self.assertTrue(complaint.resident_signature)
        self.assertIn("waits for no signature", self.sign_online(complaint, self.signature.decode())["error"])
