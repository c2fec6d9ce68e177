from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.property_workflow_mixin import PropertyWorkflowError
from .common import PortalResidentsMixin, PropertyServiceCase, PropertyServiceHttpCase


def answer(user_input, choices):
    """Answer a survey as a resident does on its page: ``choices`` maps an
    item's title to the answer chosen ("Satisfied", ...); the rest "Very
    satisfied"."""
    user_input = user_input.sudo()  # as Odoo's survey pages save answers
    for question in user_input.survey_id.question_ids:
        if question.question_type == "simple_choice":
            value = choices.get(question.title, "Very satisfied")
            chosen = question.suggested_answer_ids.filtered(lambda a, v=value: a.value == v)
            user_input._save_lines(question, str(chosen.id))
        else:
            user_input._save_lines(question, choices.get("comment", ""))
    user_input._mark_done()


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(PortalResidentsMixin, PropertyServiceHttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.estate.cleaning_user_id = cls.clerk

    def test_sat01_sat02_owners_surveyed_by_mail_and_portal_dissatisfied_item_becomes_an_action(self):
        Survey = self.env["property.satisfaction.survey"]
        survey = Survey.with_user(self.supervisor).create({"estate_id": self.estate.id, "year": 2026, "half": "2"})
        self.assertEqual(survey.template_id, self.env.ref("property_service.survey_satisfaction_template"))
        # Sending is the supervisor's.
        with self.assertRaises(AccessError):
            survey.with_user(self.clerk).action_send()
        survey.with_user(self.supervisor).action_send()
        self.assertRecordValues(survey, [{"state": "open", "sent_count": 3}])
        self.assertNotEqual(survey.survey_id, survey.template_id, "the estate answers its own copy")
        self.assertIn("Green Lake", survey.survey_id.title)
        if self.env["res.lang"]._lang_get("zh_CN").active:
            # Residents reading Chinese see their estate's survey, not the company's template.
            self.assertIn("Green Lake", survey.survey_id.with_context(lang="zh_CN").title)
        inputs = survey.survey_id.user_input_ids
        self.assertEqual(inputs.partner_id, self.resident | self.tenant | self.neighbour)
        mails = self.env["mail.mail"].search([("recipient_ids", "in", inputs.partner_id.ids)])
        self.assertEqual(mails.recipient_ids, inputs.partner_id, "each resident gets his own link by e-mail")
        for user_input in inputs:
            self.assertIn(user_input.access_token, mails.filtered(
                lambda m, u=user_input: u.partner_id in m.recipient_ids).body_html)
        with self.assertRaises(UserError):
            survey.with_user(self.supervisor).action_send()
        # On the portal, each resident has his own survey to answer.
        self.login(self.tenant)
        page = self.url_open("/my/surveys").text
        own = inputs.filtered(lambda i: i.partner_id == self.tenant)
        self.assertIn(own.access_token, page)
        self.assertNotIn(inputs.filtered(lambda i: i.partner_id == self.neighbour).access_token, page)
        self.assertEqual(self.url_open(own.get_start_url()).status_code, 200)
        # Zhang Wei is dissatisfied with the cleaning, Li Na finds it so-so; Wang Fang does not answer.
        answer(inputs.filtered(lambda i: i.partner_id == self.resident),
               {"Cleanliness of the common areas": "Dissatisfied", "comment": "Lobby floor dirty at weekends"})
        answer(own, {"Cleanliness of the common areas": "Neutral", "Repairs: speed and quality": "Satisfied"})
        self.assertIn("Answered, thank you", self.url_open("/my/surveys").text)
        with freeze_time("2026-12-10 02:00:00"):
            survey.with_user(self.supervisor).action_close()
        # 14 of 16 answers satisfied: 87.5 % against 90 %.
        self.assertRecordValues(survey, [{"state": "closed", "answer_count": 2, "satisfaction_rate": 87.5,
                                          "target": 90.0, "below_target": True}])
        cleaning = survey.item_ids.filtered(lambda item: item.department == "cleaning")
        self.assertRecordValues(cleaning, [{"answered": 2, "satisfied": 0, "dissatisfied": 1, "rate": 0.0,
                                            "below_target": True}])
        # SAT-02: one corrective-action notice, to the cleaning lead, 30 days (the setting), with a check.
        action = survey.action_ids
        self.assertEqual(action, cleaning.action_id)
        self.assertRecordValues(action, [{"source": "survey", "department": "cleaning", "user_id": self.clerk.id,
                                          "deadline": date(2026, 12, 10) + timedelta(days=30), "state": "open"}])
        self.assertIn("Cleanliness of the common areas", action.name)
        action.with_user(self.clerk).result_note = "Weekend cleaning shift added"
        action.with_user(self.clerk).action_done()
        with self.assertRaises(AccessError):
            action.with_user(self.clerk).action_verify()
        action.with_user(self.supervisor).action_verify()
        self.assertRecordValues(action, [{"state": "verified", "verified_by_id": self.supervisor.id}])
        # The estate shows it to whoever opens it.
        self.assertEqual(self.estate.with_user(self.clerk).satisfaction_rate, 87.5)
        # Counted is counted.
        with self.assertRaises(PropertyWorkflowError):
            cleaning.with_user(self.manager).write({"satisfied": 2})
        with self.assertRaises(PropertyWorkflowError):
            survey.with_user(self.manager).write({"satisfaction_rate": 95.0})


@tagged("post_install", "-at_install")
class TestSatisfactionSchedule(PropertyServiceCase):

    def test_sat01_twice_a_year_manager_reminded_a_month_before_the_half_year_ends(self):
        Survey = self.env["property.satisfaction.survey"]
        self.other_estate.manager_id = self.manager
        Survey._workflow_create({"estate_id": self.other_estate.id, "year": 2026, "half": "2", "state": "open"})
        with freeze_time("2026-11-20 02:00:00"):
            Survey._cron_remind_half_year()
        self.assertFalse(self.estate.activity_ids, "six weeks left: no reminder yet")
        with freeze_time("2026-12-05 02:00:00"):
            Survey._cron_remind_half_year()
            Survey._cron_remind_half_year()
        reminder = self.estate.activity_ids
        self.assertEqual(len(reminder), 1)
        self.assertRecordValues(reminder, [{"user_id": self.manager.id, "date_deadline": date(2026, 12, 31)}])
        # The other estate, surveyed this half-year, is not reminded.
        self.assertFalse(self.other_estate.activity_ids)


@tagged("post_install", "-at_install")
class TestWeeklyFigures(PropertyServiceCase):

    def closed(self, request, when):
        """A request done and closed at ``when`` (UTC), as its buttons leave it."""
        request._workflow_write({"state": "closed", "date_done": when, "date_closed": when})
        return request

    def test_sat03_supervisor_sees_the_weeks_satisfaction_repair_pass_and_complaint_followup_rates(self):
        monday = self.dt("2026-11-09 02:00:00")  # 10:00 in Shanghai, Monday 9 November
        # Three repairs closed in the week; one was reopened once before the resident accepted it.
        first = self.closed(self.new_request(), monday)
        self.closed(self.new_request(), monday + timedelta(days=1))
        reopened = self.closed(self.new_request(), monday + timedelta(days=2))
        reopened.with_user(self.supervisor).action_reopen()
        self.assertEqual(reopened.reopen_count, 1)
        self.closed(reopened, monday + timedelta(days=3))
        # The week before: not counted.
        self.closed(self.new_request(), monday - timedelta(days=2))
        # Two complaints closed; one has its follow-up done, satisfied; a repair follow-up dissatisfied.
        complaints = [self.closed(self.new_request(category="complaint", description="Noise at night"),
                                  monday + timedelta(days=4)) for _ in range(2)]
        Followup = self.env["property.followup"]
        Followup._workflow_create([
            {"request_id": complaints[0].id, "estate_id": self.estate.id, "unit_id": self.unit.id,
             "partner_id": self.resident.id, "kind": "complaint", "user_id": self.clerk.id, "state": "done",
             "satisfaction": "satisfied", "date_done": monday + timedelta(days=5), "date_from": "2026-11-13",
             "date_due": "2026-11-16"},
            {"request_id": first.id, "estate_id": self.estate.id, "unit_id": self.unit.id,
             "partner_id": self.resident.id, "kind": "repair", "user_id": self.clerk.id, "state": "done",
             "satisfaction": "dissatisfied", "date_done": monday + timedelta(days=5), "date_from": "2026-11-13",
             "date_due": "2026-11-16"},
        ])
        Week = self.env["property.kpi.week"]
        with freeze_time("2026-11-16 01:00:00"):  # Monday 16 November, 09:00 in Shanghai
            Week._cron_count_last_week()
            Week._cron_count_last_week()
        week = Week.search([("estate_id", "=", self.estate.id)])
        self.assertRecordValues(week, [{
            "week": date(2026, 11, 9), "repair_count": 3, "repair_pass_rate": 200.0 / 3,
            "complaint_count": 2, "complaint_followup_rate": 50.0, "complaint_target": 100.0,
            "satisfaction_count": 2, "satisfaction_rate": 50.0, "satisfaction_target": 90.0,
        }])
        # The supervisor reads it (and only his estates'); no one changes it.
        self.assertEqual(Week.with_user(self.supervisor).search([]), week)
        with self.assertRaises(PropertyWorkflowError):
            week.with_user(self.manager).write({"repair_pass_rate": 100.0})
