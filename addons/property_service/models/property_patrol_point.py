import base64
import io
import uuid
from datetime import timedelta

import qrcode

from odoo import api, fields, models

# PAT-02: every point is walked twice a week.
VISITS_PER_WEEK = 2
# PAT-03: a door lock of these rooms found open or broken is reported within the hour.
LOCKED_ROOMS = ("plant_room", "pipe_shaft", "telecom_room")


class PropertyPatrolPoint(models.Model):
    """A point of a patrol plan (PAT-01): a building, floor, unit, shop,
    ground, greenery or plant room, with the QR code stuck there."""

    _name = "property.patrol.point"
    _description = "Patrol point"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "plan_id, sequence, id"
    # The QR token and the coverage marks are the system's.
    _workflow_fields = frozenset({"token", "coverage_week", "missed_week"})
    _workflow_untracked = {"coverage_week": "the morning job's note of the last week whose visits it counted"}

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one("property.patrol.plan", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="plan_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    kind = fields.Selection(
        [
            ("building", "Building"),
            ("floor", "Floor"),
            ("unit", "Unit"),
            ("shop", "Shop"),
            ("grounds", "Grounds and roads"),
            ("car_park", "Car park"),
            ("greenery", "Greenery"),
            ("plant_room", "Plant room"),
            ("pipe_shaft", "Pipe shaft"),
            ("telecom_room", "Telecom room"),
        ],
        required=True, default="floor",
    )
    building_id = fields.Many2one("property.building", domain="[('estate_id', '=', estate_id)]")
    unit_id = fields.Many2one("property.unit", domain="[('estate_id', '=', estate_id)]",
                              help="A unit under renovation, or a shop, checked on the round (PAT-05).")
    cleaning_area_id = fields.Many2one(
        "property.cleaning.area", string="Cleaning standard",
        domain="['|', ('estate_id', '=', False), ('estate_id', '=', estate_id)]",
        help="PAT-04: the checks a patroller ticks when he finds the point not clean.")
    locked_room = fields.Boolean(compute="_compute_locked_room", store=True,
                                 help="PAT-03: an open or broken door lock here is reported within 1 hour.")
    active = fields.Boolean(default=True)
    token = fields.Char(string="QR code", readonly=True, copy=False, index=True,
                        default=lambda self: uuid.uuid4().hex, tracking=True)
    checkin_ids = fields.One2many("property.patrol.checkin", "point_id", string="Check-ins")
    last_checkin = fields.Datetime(string="Last visit", compute="_compute_last_checkin", store=True)
    coverage_week = fields.Date(string="Visits counted for the week of", readonly=True, copy=False,
                                help="PAT-02: the last week whose visits the morning job counted.")
    missed_week = fields.Date(string="Missed the week of", readonly=True, copy=False, tracking=True,
                              help="PAT-02: the last week this point was not walked twice.")

    _sql_constraints = [("token_uniq", "unique(token)", "Each point has its own QR code.")]

    @api.depends("kind")
    def _compute_locked_room(self):
        for point in self:
            point.locked_room = point.kind in LOCKED_ROOMS

    @api.depends("checkin_ids.date")
    def _compute_last_checkin(self):
        for point in self:
            point.last_checkin = max(point.checkin_ids.mapped("date"), default=False)

    def _scan_url(self):
        """What the point's QR code opens on the patroller's phone."""
        self.ensure_one()
        return f"{self.get_base_url()}/patrol/p/{self.token}"

    def _qr_image(self):
        """The point's QR code as an image for the label sheet, drawn here
        with qrcode (an Odoo dependency; reportlab's barcodes need Type 1
        fonts a Debian server may lack), not fetched by wkhtmltopdf."""
        self.ensure_one()
        image = qrcode.make(self._scan_url(), box_size=8, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    # -------------------------------------------------------------------- jobs
    @api.model
    def _cron_flag_missed_points(self):
        """PAT-02: each point is walked twice a week. Once a week is over (on
        the estate's calendar, Monday to Sunday), a point walked fewer times is
        flagged to the estate's service supervisor, once for that week."""
        estates = self.env["property.estate"].browse(
            estate.id for (estate,) in self._read_group([("estate_id", "!=", False)], ["estate_id"]))
        done = 0
        for estate in estates:
            week, domain = self._missed_domain(estate)
            points = self._lock_records(self.search(domain, limit=self._cron_batch_size() - done))
            if not points:
                continue
            # A visit is a round that signed the point in (a finding and its "all in order" are one).
            visits = dict(self.env["property.patrol.checkin"]._read_group(
                [("point_id", "in", points.ids), ("date", ">=", estate._utc(week)),
                 ("date", "<", estate._utc(week + timedelta(days=7)))],
                ["point_id"], ["round_id:count_distinct"]))
            # Every point of the batch is marked as counted for that week: a second run passes them.
            points._workflow_write({"coverage_week": week})
            missed = points.filtered(lambda point: visits.get(point, 0) < VISITS_PER_WEEK)
            missed._workflow_write({"missed_week": week})
            missed._flag_missed(week, visits)
            done += len(points)
            if done >= self._cron_batch_size():
                break
        remaining = sum(self.search_count(self._missed_domain(estate)[1]) for estate in estates)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _missed_domain(self, estate):
        """The estate's last full week (its Monday) and its points not yet
        counted for it; a point set up during that week is not counted."""
        today = estate._local_today()
        week = today - timedelta(days=today.weekday() + 7)
        return week, [("estate_id", "=", estate.id), ("create_date", "<", estate._utc(week)),
                      "|", ("coverage_week", "=", False), ("coverage_week", "<", week)]

    def _flag_missed(self, week, visits):
        for point in self:
            supervisor = point.estate_id._supervisor()
            local = point.with_context(lang=supervisor.lang or self.env.lang)
            point.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=supervisor.id or self.env.uid,
                summary=local.env._("Patrol point missed: %(point)s", point=point.name),
                note=local.env._("PAT-02: %(point)s was walked %(count)s times in the week of %(week)s, not twice.",
                                 point=point.name, count=visits.get(point, 0), week=week),
            )
