from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.osv import expression

# The zone of an estate that has none yet (and of a record without an estate):
# these are Chinese offices. Written here only; every time rule asks the estate.
DEFAULT_TZ = "Asia/Shanghai"


class PropertyEstate(models.Model):
    """A residential estate (小区) run by one property office (管理处)."""

    _name = "property.estate"
    _description = "Estate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(required=True, help="Short code used in unit references.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    address = fields.Char()
    phone = fields.Char(string="Service desk phone")
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        required=True,
        default=lambda self: self.env.user.tz or DEFAULT_TZ,
        help="Local time of the estate: same-day deadlines and shift times use it.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Estate manager",
        tracking=True,
        help="管理处经理: receives serious complaints (SVC-09) and follow-ups of them (FUP-01).",
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Service supervisor",
        tracking=True,
        help="客服主管: receives the escalations of breached response times (SVC-02..09).",
    )
    followup_user_id = fields.Many2one(
        "res.users",
        string="Follow-up clerk",
        help="Patrol clerk who makes the ordinary follow-up visits (FUP-01).",
    )
    engineering_head_id = fields.Many2one("res.users", string="Engineering head")
    cleaning_user_id = fields.Many2one(
        "res.users", string="Cleaning lead", tracking=True,
        help="保洁主管: puts right what a cleaning inspection finds (CLN-02).",
    )
    cleaning_pass_rate = fields.Float(
        string="Cleaning pass rate this month (%)", compute="_compute_cleaning_pass_rate", digits=(16, 1),
        help="CLN-03: the share of this month's cleaning inspections that passed.",
    )
    cleaning_pass_target = fields.Float(related="company_id.property_cleaning_pass_target")
    patrol_finding_count = fields.Integer(
        string="Patrol findings (30 days)", compute="_compute_quality_figures",
        help="PAT-03..06: what the patrols found in the last 30 days.")
    satisfaction_rate = fields.Float(
        string="Owners' satisfaction (%)", compute="_compute_quality_figures", digits=(16, 1),
        help="SAT-01: the satisfaction rate of the estate's last closed survey.")
    # Move-in (MOV-01, MOV-03) and renovation (REN-02, REN-05) settings of the estate.
    movein_notice_days = fields.Integer(
        string="Move-in notice period (days)", default=15,
        help="Default deadline of a move-in notice, counted from the day it is issued.",
    )
    movein_agreement_type_ids = fields.Many2many(
        "property.agreement.type", string="Move-in agreements",
        default=lambda self: self.env["property.agreement.type"].search([]),
        help="MOV-03: what new residents of this estate sign.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working days",
        default=lambda self: self.env.company.resource_calendar_id,
        help="REN-03: the office's working days and public holidays (its global time off): renovation notice and "
        "inspection delays are counted in working days on it.")
    renovation_refund_months = fields.Integer(
        string="Deposit refund after (months)", default=3,
        help="REN-05: renovation deposits are refunded this long after the formal acceptance.",
    )
    deposit_rate_ids = fields.One2many("property.deposit.rate", "estate_id", string="Renovation deposits")
    building_ids = fields.One2many("property.building", "estate_id", string="Buildings")
    unit_ids = fields.One2many("property.unit", "estate_id", string="Units")
    building_count = fields.Integer(compute="_compute_counts")
    unit_count = fields.Integer(compute="_compute_counts")
    request_count = fields.Integer(compute="_compute_counts")
    color = fields.Integer()

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The estate code must be unique per company."),
    ]

    def _compute_cleaning_pass_rate(self):
        Inspection = self.env["property.cleaning.inspection"]
        for estate in self:
            month = estate._local_today().replace(day=1)
            rates = Inspection._read_group([("estate_id", "=", estate.id), ("state", "=", "done"),
                                            ("date_inspected", ">=", estate._utc(month))], [], ["pass_score:avg"])
            estate.cleaning_pass_rate = rates[0][0] or 0.0

    def _compute_quality_figures(self):
        since = fields.Datetime.now() - timedelta(days=30)
        findings = dict(self.env["property.patrol.checkin"]._read_group(
            [("estate_id", "in", self.ids), ("finding", "!=", "ok"), ("date", ">=", since)],
            ["estate_id"], ["__count"]))
        Survey = self.env["property.satisfaction.survey"]
        for estate in self:
            estate.patrol_finding_count = findings.get(estate, 0)
            estate.satisfaction_rate = Survey.search([("estate_id", "=", estate.id), ("state", "=", "closed")],
                                                     order="date_closed desc", limit=1).satisfaction_rate

    def action_view_patrol_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_patrol_checkin_action")
        return dict(action, domain=[("estate_id", "=", self.id), ("finding", "!=", "ok")])

    def action_view_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_satisfaction_survey_action")
        return dict(action, domain=[("estate_id", "=", self.id)], context={"default_estate_id": self.id})

    def action_view_cleaning(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_cleaning_inspection_action")
        return dict(action, domain=[("estate_id", "=", self.id)], context={"default_estate_id": self.id})

    def _compute_counts(self):
        for field, model in (
            ("building_count", "property.building"),
            ("unit_count", "property.unit"),
            ("request_count", "property.request"),
        ):
            counts = dict(
                self.env[model]._read_group(
                    [("estate_id", "in", self.ids)], ["estate_id"], ["__count"]
                )
            )
            for estate in self:
                estate[field] = counts.get(estate, 0)

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_unit_action")
        return dict(action, domain=[("estate_id", "=", self.id)], context={"default_estate_id": self.id})

    def action_view_buildings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_building_action")
        return dict(action, domain=[("estate_id", "=", self.id)], context={"default_estate_id": self.id})

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_request_action")
        return dict(action, domain=[("estate_id", "=", self.id)], context={"default_estate_id": self.id})

    def action_record_first_rain(self):
        """FUP-02: leak repairs are followed up after the first rainy day.

        The clerk presses this on the day it rained; every follow-up waiting for
        rain in the estate becomes due tomorrow.
        """
        followups = self.env["property.followup"].search(
            [("estate_id", "in", self.ids), ("state", "=", "waiting_rain")]
        )
        followups._start_after_rain()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s leak-repair follow-ups are now due.", count=len(followups)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _supervisor(self):
        """Who is given the estate's supervision tasks (checks, rosters,
        swaps, missed patrols and inspections): its customer-service
        supervisor, else its manager."""
        self.ensure_one()
        return self.supervisor_id or self.manager_id

    # ------------------------------------------------------------ the estate's clock
    # Odoo stores datetimes in UTC (naive); the rules of the rulebook are in the
    # estate's local time (a 17:30 limit, "the next day", a 10:00 visit). Every
    # conversion goes through these helpers; called on an empty recordset (a
    # record without an estate) they use DEFAULT_TZ.
    def _local_tz(self):
        return pytz.timezone(self[:1].tz or DEFAULT_TZ)

    def _local_datetime(self, utc):
        """The estate's local (aware) datetime of a stored UTC datetime."""
        return pytz.utc.localize(utc).astimezone(self._local_tz())

    def _local_date(self, utc):
        """The estate's local date of a stored UTC datetime."""
        return self._local_datetime(utc).date()

    def _local_today(self):
        return self._local_date(fields.Datetime.now())

    def _local_todays(self):
        """{estate: today on its own clock} of many estates, their time zones
        read at once."""
        self.mapped("tz")
        return {estate: estate._local_today() for estate in self}

    @api.model
    def _local_today_domain(self, domain_for, estate_field="estate_id"):
        """A search domain true where ``domain_for(today)`` is, ``today``
        being each estate's own local date (records of an estate through
        ``estate_field``). A job runs as the system, whose day is UTC's, and a
        filter may be used by someone in another zone: at 01:00 in Shanghai it
        is still yesterday in UTC, but the estate's office is in today."""
        # sudo: only the estates' clocks are read; what the user may see of the
        # searched records stays his own rights' business.
        by_day = defaultdict(list)
        for _tz, ids in self.sudo().with_context(active_test=False)._read_group([], ["tz"], ["id:array_agg"]):
            by_day[self.browse(ids[:1]).sudo()._local_today()] += ids
        return expression.OR([
            expression.AND([[(estate_field, "in", ids)], domain_for(day)]) for day, ids in sorted(by_day.items())
        ]) or expression.FALSE_DOMAIN

    def _local_at(self, day, at=time.min):
        """The estate's local (aware) datetime of a day at a local time; ``at``
        is a ``time`` or hours as a float (17.5 is 17:30)."""
        if not isinstance(at, time):
            hours, minutes = divmod(round(at * 60), 60)
            at = time(hours, minutes)
        return self._local_tz().localize(datetime.combine(day, at))

    def _utc(self, day, at=time.min):
        """The stored (UTC, naive) datetime of a local day at a local time."""
        return self._utc_of(self._local_at(day, at))

    def _working_days(self, date_from, date_to):
        """The estate's working days from date_from to date_to (local days),
        on its calendar, its public holidays (resource.calendar.leaves) off;
        without a calendar, every day (REN-03, HND-06)."""
        self.ensure_one()
        calendar = self.resource_calendar_id or self.company_id.resource_calendar_id
        if not calendar:
            return {date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)}
        tz = self._local_tz()
        intervals = calendar._work_intervals_batch(self._local_at(date_from), self._local_at(date_to, time.max),
                                                   tz=tz)[False]
        return {start.astimezone(tz).date() for start, _stop, _meta in intervals}

    def _working_day_after(self, day, count):
        """REN-03: the ``count``-th working day after ``day`` on the estate's
        calendar, its public holidays left out (no calendar: calendar days)."""
        self.ensure_one()
        if count <= 0:
            return day
        found, start = [], day + timedelta(days=1)
        # Holidays may be long (the Spring Festival): look further until enough days are found.
        for _window in range(12):
            end = start + timedelta(days=30)
            found += sorted(self._working_days(start, end))
            if len(found) >= count:
                return found[count - 1]
            start = end + timedelta(days=1)
        return day + timedelta(days=count)

    def _previous_working_day(self, day):
        """The last working day before ``day`` (within a month back; else the day before)."""
        days = self._working_days(day - timedelta(days=31), day - timedelta(days=1))
        return max(days) if days else day - timedelta(days=1)

    @staticmethod
    def _utc_of(local):
        """The stored (UTC, naive) datetime of an aware local datetime."""
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def action_property_portal_invite(self):
        """Every current resident (owner, tenant, family) invited to the portal at once."""
        partners = self.env["property.occupancy"].search(
            [("unit_id.estate_id", "in", self.ids), ("is_current", "=", True)]).partner_id
        return partners._property_portal_notification(*partners._property_portal_invite())
