from datetime import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime
from odoo.tools.mimetypes import guess_mimetype
from odoo.exceptions import UserError, ValidationError

# SVC-01: the categories, channels and help sub-types of a request.
CATEGORIES = [
    ("in_unit_repair", "In-unit repair"),
    ("public_repair", "Public-facility repair"),
    ("complaint", "Complaint"),
    ("help", "Help request"),
    ("consultation", "Consultation"),
]
REPAIR_CATEGORIES = ("in_unit_repair", "public_repair")
CHANNELS = [
    ("phone", "Phone"),
    ("walk_in", "Walk-in"),
    ("visit", "Visit"),
    ("letter", "Letter / mail box"),
    ("online", "Online"),
    ("patrol", "Patrol"),
]
HELP_SUBTYPES = [
    ("medical", "Medical emergency"),
    ("repair", "Repair"),
    ("complaint", "Complaint"),
    ("consultation", "Consultation"),
    ("crime", "Crime or accident"),
    ("disaster", "Disaster (typhoon, flood, fire)"),
    ("other", "Other"),
]
# What a resident reports from the portal; a help request (medical emergency,
# crime, disaster) is a phone call to the desk, never a form.
PORTAL_CATEGORIES = ("in_unit_repair", "public_repair", "complaint", "consultation")
PORTAL_PHOTOS = 5
# SVC-02 / SVC-09: three urgency tiers (complaints use urgent / normal).
TIERS = [("very_urgent", "Very urgent"), ("urgent", "Urgent"), ("normal", "Normal")]
# The time-stamped steps that carry a response-time target, and the request
# field that records when each was reached.
STEPS = [
    ("collect", "Collected from the mail box"),
    ("slip", "Slip written"),
    ("assess", "Price assessed"),
    ("dispatch", "Dispatched"),
    ("on_site", "On site"),
    ("answer", "First answer"),
    ("done", "Done"),
]
STEP_FIELDS = {
    "collect": "date_collected",
    "slip": "date_slip",
    "assess": "date_assessed",
    "dispatch": "date_dispatched",
    "on_site": "date_on_site",
    "answer": "date_answered",
    "done": "date_done",
}


class PropertyRequest(models.Model):
    """A service request (报修 / 投诉 / 求助 / 咨询) taken by the service desk."""

    _name = "property.request"
    _description = "Service request"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_received desc, id desc"
    # Residents write to the desk in the request's chatter from the portal,
    # where they may read their requests but never write them.
    _mail_post_access = "read"
    # Set by the request's buttons and jobs only (property.workflow.mixin): the
    # steps and their times are what the timeliness rate measures (SVC-10).
    _workflow_fields = frozenset({
        "state", "date_received", *(STEP_FIELDS[step] for step in STEP_FIELDS if step != "collect"),
        "date_confirmed", "date_closed",
        "resident_signature", "resident_signed_by", "reopen_count",
        "next_deadline", "is_breached", "timeliness_counted", "timeliness_score", "followup_count", "followup_coverage",
    })
    _workflow_user_fields = {
        "appointment": "SVC-03: the time agreed with the resident; the deadlines follow it.",
        "leak_repair": "FUP-02: the clerk marks a leak repair so its follow-up waits for rain.",
        "date_collected": "SVC-12: the clerk states when the letter was taken from the mail box (not after she "
        "records it; by default when she does), while the request is new; the 15:30 and 17:30 targets count from it.",
    }
    # A closed or cancelled request keeps what happened; it can still be classified (SVC-11).
    _workflow_open_fields = frozenset({"request_type_id", "color"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", index="trigram")
    estate_id = fields.Many2one(
        "property.estate", required=True, index=True, tracking=True,
        default=lambda self: self.env.user.property_estate_ids[:1],
    )
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    unit_id = fields.Many2one(
        "property.unit", index=True, tracking=True, domain="[('estate_id', '=', estate_id)]"
    )
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    location = fields.Char(help="Where a public facility is (lift, lobby, car park ...).")
    partner_id = fields.Many2one("res.partner", string="Resident", index=True, tracking=True)
    contact_name = fields.Char(string="Caller", help="Who called, when not a known resident.")
    phone = fields.Char()
    email = fields.Char(related="partner_id.email")
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    category = fields.Selection(CATEGORIES, required=True, default="in_unit_repair", tracking=True)
    help_subtype = fields.Selection(HELP_SUBTYPES, string="Help sub-type")
    tier = fields.Selection(TIERS, string="Urgency", required=True, default="normal", tracking=True)
    complaint_severity = fields.Selection(
        [("ordinary", "Ordinary"), ("important", "Important"), ("serious", "Serious")],
        default="ordinary",
        tracking=True,
        help="SVC-09 / FUP-01: serious complaints go to the manager at once; "
        "it also decides who makes the follow-up.",
    )
    request_type_id = fields.Many2one(
        "property.request.type", string="Issue", index=True,
        domain="[('category', 'in', [category, False])]",
        help="What the request is about; the quarterly repeat analysis (SVC-11) groups by it.",
    )
    leak_repair = fields.Boolean(
        compute="_compute_leak_repair", store=True, readonly=False,
        help="FUP-02: a leak repair is followed up after the first rainy day.",
    )
    description = fields.Text(required=True)
    # FUP-04: a special service (特约服务) under contract, followed up mid-term and at its end.
    special_service = fields.Boolean(
        help="FUP-04: a special service under contract: followed up in the middle of its period and after its end.")
    service_start = fields.Date(string="Service from")
    service_end = fields.Date(string="Service until")
    department = fields.Selection(
        [
            ("engineering", "Engineering"),
            ("customer_service", "Customer service"),
            ("security", "Security"),
            ("cleaning", "Cleaning"),
            ("landscaping", "Landscaping"),
            ("finance", "Finance"),
        ],
        string="Responsible department",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Taken by", default=lambda self: self.env.user, tracking=True
    )
    technician_id = fields.Many2one(
        "res.users", tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("property_service.group_property_engineer").id)],
    )
    appointment = fields.Datetime(
        tracking=True, help="Time agreed with the resident; the technician is due shortly before it (SVC-03)."
    )
    state = fields.Selection(
        [
            ("new", "Received"),
            ("dispatched", "Dispatched"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,  # the kanban shows every step, in workflow order
    )
    # Every step is time-stamped (SVC-03, SVC-10).
    date_received = fields.Datetime(
        string="Received at", required=True, default=fields.Datetime.now, copy=False, tracking=True, readonly=True,
        help="When the desk recorded the request: every response time counts from it.",
    )
    date_collected = fields.Datetime(
        string="Collected from the mail box", copy=False, tracking=True,
        help="SVC-12: when the letter was taken from the mail box, as the clerk states it (by default when she "
        "records it, never later): it is due at the desk by 15:30 and handled by 17:30 of that day, however late "
        "the desk records it.")
    date_slip = fields.Datetime(string="Slip written", readonly=True, copy=False, tracking=True)
    date_assessed = fields.Datetime(
        string="Price assessed", readonly=True, copy=False, tracking=True,
        help="SVC-04: engineering assessed an item not on the price list (feasible? price?).")
    date_dispatched = fields.Datetime(string="Dispatched at", readonly=True, copy=False, tracking=True)
    date_on_site = fields.Datetime(string="On site at", readonly=True, copy=False, tracking=True)
    date_answered = fields.Datetime(string="First answer at", readonly=True, copy=False, tracking=True)
    date_done = fields.Datetime(string="Done at", readonly=True, copy=False, tracking=True)
    date_confirmed = fields.Datetime(string="Resident confirmed at", readonly=True, copy=False, tracking=True)
    date_closed = fields.Datetime(string="Closed at", readonly=True, copy=False, tracking=True)
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False, tracking=True,
                                  help="SAT-03: a repair accepted by the resident the first time was never reopened.")
    resolution = fields.Text(help="What was done, or the answer given to the resident.")
    cancel_reason = fields.Char(copy=False)
    resident_signature = fields.Binary(copy=False, attachment=True, readonly=True,
                                       help="SVC-09: the resident signs the complaint record when it is closed.")
    resident_signed_by = fields.Char(copy=False, readonly=True, tracking=True)

    deadline_ids = fields.One2many("property.request.deadline", "request_id", string="Response times")
    deadline_preview = fields.Html(
        string="Response times to meet",
        compute="_compute_deadline_preview",
        sanitize=False,
        help="While the call is taken: the targets of this category, tier and channel "
        "(saved, they become the response times).",
    )
    next_deadline = fields.Datetime(compute="_compute_deadline_status", store=True, index=True)
    is_breached = fields.Boolean(
        string="Late", compute="_compute_deadline_status", store=True, index=True, tracking=True,
        help="At least one response-time target was missed.",
    )
    timeliness_counted = fields.Boolean(compute="_compute_deadline_status", store=True)
    timeliness_score = fields.Float(
        string="On time (%)", compute="_compute_deadline_status", store=True, aggregator="avg",
        help="SVC-10: 100 for a request handled on time, 0 for a late one; its average is the timeliness rate.",
    )
    slip_ids = fields.One2many("property.repair.slip", "request_id", string="Repair slips")
    slip_count = fields.Integer(compute="_compute_slip_count")
    followup_ids = fields.One2many("property.followup", "request_id", string="Follow-ups")
    followup_count = fields.Integer(compute="_compute_followup_stats", store=True)
    followup_coverage = fields.Float(
        string="Followed up (%)", compute="_compute_followup_stats", store=True, aggregator="avg",
        help="100 when a follow-up of the finished request has been made (FUP-03 coverage).",
    )
    color = fields.Integer()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the reference is the system's, clerks have no access to sequences.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.request") or "/"
        requests = super().create(vals_list)
        requests._stamp_collected()
        requests._sync_deadlines()
        requests.filtered(lambda r: r.category == "complaint" and r.complaint_severity == "serious")._alert_manager()
        # FUP-04: a special service is followed up mid-term and at its end, whatever path the request takes.
        self.env["property.followup"]._plan_special_service(requests)
        return requests

    def write(self, vals):
        if "date_collected" in vals and not self._workflow_is_granted({"date_collected"}):
            stated = fields.Datetime.to_datetime(vals["date_collected"]) or False
            started = self.filtered(lambda r: r._handled() and r.date_collected != stated)
            if started:
                raise UserError(self.env._(
                    "When the letter %(names)s was taken from the mail box is stated while it is new; once it is "
                    "handled, the collection time stays as stated (SVC-12).",
                    names=", ".join(started.mapped("name"))))
        res = super().write(vals)
        if {"channel", "date_collected"} & set(vals):
            self._stamp_collected()
        if {"category", "tier", "channel", "appointment", "company_id", "estate_id"} & set(vals):
            self._sync_deadlines()
        if vals.get("complaint_severity") == "serious" or (vals.get("category") == "complaint"):
            self.filtered(lambda r: r.category == "complaint" and r.complaint_severity == "serious")._alert_manager()
        if {"special_service", "service_start", "service_end"} & set(vals):
            # FUP-04: flagged special, or its period changed, at any step.
            self.env["property.followup"]._plan_special_service(self)
        return res

    def _stamp_collected(self):
        """SVC-12: a mail-box letter the clerk records without saying when it
        was taken from the box was collected as she records it; a request that
        is not a letter was collected from no box."""
        for request in self.filtered(lambda r: r.channel == "letter" and not r.date_collected):
            request._workflow_write({"date_collected": request.date_received})
        not_letters = self.filtered(lambda r: r.channel != "letter" and r.date_collected)
        if not_letters:
            not_letters._workflow_write({"date_collected": False})

    def _handled(self):
        """The desk started on the request: it left "new", or a step after the collection was reached."""
        self.ensure_one()
        return self.state != "new" or any(self[field] for step, field in STEP_FIELDS.items() if step != "collect")

    def _received_at(self):
        """SVC-12: when the office had the request in hand, for the targets
        by a time of day: a mail-box letter from its collection, which the desk
        may record later (the next morning), any other from its recording."""
        self.ensure_one()
        if self.channel == "letter" and self.date_collected:
            return self.date_collected
        return self.date_received

    @api.onchange("channel")
    def _onchange_channel(self):
        """SVC-12: a letter is taken from the box now, unless the clerk says when."""
        if self.channel == "letter" and not self.date_collected:
            self.date_collected = fields.Datetime.now()

    @api.constrains("date_collected", "date_received")
    def _check_date_collected(self):
        """SVC-12: a letter is recorded once taken from the box, not before."""
        for request in self.filtered(lambda r: r.date_collected and r.date_received):
            if request.date_collected > request.date_received:
                raise ValidationError(self.env._(
                    "Letter %(name)s was recorded at %(received)s: it was taken from the mail box then or earlier, "
                    "not later (SVC-12).", name=request.name,
                    received=request.estate_id._local_datetime(request.date_received).strftime("%Y-%m-%d %H:%M")))

    def _needs_assessment(self):
        """SVC-04: a slip of the request has items not on the paid-repair
        price list, to assess within 15 minutes of the slip."""
        self.ensure_one()
        return any(slip.has_quote_items for slip in self.slip_ids if slip.state != "cancelled")

    # ------------------------------------------------------------------ checks
    @api.constrains("unit_id", "estate_id")
    def _check_unit_estate(self):
        # sudo: the clerk may not see the other estate; she is told which it is.
        for request in self.sudo():
            if request.unit_id and request.unit_id.estate_id != request.estate_id:
                if request.unit_id.estate_id not in self.env.user.property_estate_ids \
                        and not self.env.user.has_group("property_service.group_property_manager"):
                    raise ValidationError(
                        self.env._(
                            "Unit %(unit)s belongs to estate %(unit_estate)s, to which you are not assigned: "
                            "choose a unit of %(estate)s, "
                            "or ask your estate manager to add %(unit_estate)s to your estates.",
                            unit=request.unit_id.display_name,
                            unit_estate=request.unit_id.estate_id.name,
                            estate=request.estate_id.name,
                        )
                    )
                raise ValidationError(
                    self.env._("Unit %(unit)s belongs to estate %(unit_estate)s, not to %(estate)s.",
                      unit=request.unit_id.display_name, unit_estate=request.unit_id.estate_id.name,
                      estate=request.estate_id.name)
                )

    @api.constrains("special_service", "service_start", "service_end", "category")
    def _check_special_service(self):
        """FUP-04: a special service has its contract period."""
        for request in self.filtered("special_service"):
            if request.category == "complaint":
                raise ValidationError(self.env._("A complaint is not a special service."))
            if not (request.service_start and request.service_end):
                raise ValidationError(self.env._(
                    "Give the period of the special service %(name)s: its follow-ups are mid-term and at the end.",
                    name=request.name))
            if request.service_end < request.service_start:
                raise ValidationError(self.env._("The special service cannot end before it starts."))

    @api.constrains("category", "help_subtype", "unit_id", "location")
    def _check_category_details(self):
        """SVC-01: what each category needs to be actionable."""
        for request in self:
            if request.category == "help" and not request.help_subtype:
                raise ValidationError(self.env._("A help request needs its sub-type (medical emergency, repair, ...)."))
            if request.category == "in_unit_repair" and not request.unit_id:
                raise ValidationError(self.env._("An in-unit repair needs the unit."))
            if request.category == "public_repair" and not (request.location or request.unit_id):
                raise ValidationError(self.env._("A public-facility repair needs the location of the facility."))

    @api.model
    def web_read_group(self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True):
        """The kanban by status: finished work folded away."""
        result = super().web_read_group(domain, fields, groupby, limit=limit, offset=offset, orderby=orderby, lazy=lazy)
        if groupby and groupby[0] == "state":
            for group in result["groups"]:
                group["__fold"] = group.get("state") in ("closed", "cancelled")
        return result

    # ---------------------------------------------------------------- onchange
    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id and not self.partner_id:
            residents = self.unit_id.resident_ids
            self.partner_id = residents.filtered(lambda p: p == self.unit_id.owner_id)[:1] or residents[:1]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.phone = self.partner_id.mobile or self.partner_id.phone
            if not self.unit_id:
                occupancy = self.partner_id.property_occupancy_ids.filtered("is_current")[:1]
                if occupancy:
                    self.unit_id = occupancy.unit_id
                    self.estate_id = occupancy.estate_id

    @api.depends("request_type_id")
    def _compute_leak_repair(self):
        for request in self:
            request.leak_repair = request.request_type_id.is_leak

    # ------------------------------------------------------------------ portal
    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/requests/{request.id}"
        return result

    @api.model
    def _portal_report(self, values, photos=()):
        """A resident reports a request from the portal (SVC-01, channel
        "online"): checked here as the resident, then created by the system
        for him — the same request, tiers, deadlines and chatter as the desk's.
        ``values``: unit_id, category, description, location, appointment (the
        estate's local time, "YYYY-MM-DDTHH:MM"); ``photos``: (name, bytes)."""
        partner = self.env.user.partner_id
        description = (values.get("description") or "").strip()
        if not description:
            raise ValidationError(self.env._("Describe the problem: what, where, since when."))
        category = values.get("category")
        if category not in PORTAL_CATEGORIES:
            raise ValidationError(self.env._(
                "Choose what you report: a repair in your home, a repair of a public facility, a complaint or "
                "a question. For an emergency, call the service desk."))
        # The portal's record rule: only the units the resident lives in or owns.
        unit_id = str(values.get("unit_id") or "")
        unit = self.env["property.unit"].search([("id", "=", int(unit_id))]) if unit_id.isdigit() else None
        if not unit:
            raise ValidationError(self.env._("Choose one of your homes."))
        location = (values.get("location") or "").strip()
        if category == "public_repair" and not location:
            raise ValidationError(self.env._("Say where the broken facility is (lift, lobby, car park …)."))
        estate = unit.sudo().estate_id
        self._portal_check_daily_limit(partner, estate)
        appointment = self._portal_appointment(values.get("appointment"), estate)
        attachments = self._portal_check_photos(photos, estate.company_id)
        # sudo: the resident may not write the desk's records; everything he
        # sent was checked above.
        request = self.sudo().with_company(estate.company_id).create({
            "estate_id": estate.id,
            "unit_id": False if category == "public_repair" else unit.id,
            "location": location or False,
            "partner_id": partner.id,
            "phone": partner.mobile or partner.phone,
            "channel": "online",
            "category": category,
            "description": description,
            "appointment": appointment,
        })
        request.message_subscribe(partner_ids=partner.ids)
        if attachments:
            request.message_post(body=self.env._("Photos sent with the request."), author_id=partner.id,
                                 attachments=attachments, message_type="comment", subtype_xmlid="mail.mt_comment")
        return request.with_env(self.env)

    def _portal_check_daily_limit(self, partner, estate):
        limit = estate.company_id.property_portal_request_limit
        since = estate._utc(estate._local_today())
        # sudo: counts the resident's own requests, whatever became of them.
        sent = self.sudo().search_count([
            ("partner_id", "=", partner.id), ("channel", "=", "online"), ("date_received", ">=", since),
        ])
        if limit and sent >= limit:
            raise UserError(self.env._(
                "You have sent %(count)s requests online today, the most the service desk takes from one "
                "resident in a day. Call the service desk for anything more today.", count=sent))

    def _portal_appointment(self, text, estate):
        """The preferred time of an in-unit visit, typed in the estate's time."""
        if not text:
            return False
        try:
            local = datetime.strptime(text, "%Y-%m-%dT%H:%M")
        except ValueError as error:
            raise ValidationError(self.env._("Give the preferred time as a date and an hour.")) from error
        appointment = estate._utc_of(estate._local_tz().localize(local))
        if appointment <= fields.Datetime.now():
            raise ValidationError(self.env._("The preferred time has passed: choose a time to come."))
        return appointment

    def _portal_check_photos(self, photos, company):
        """Photos only, at most PORTAL_PHOTOS, each within the company's size."""
        photos = [(name, raw) for name, raw in photos if raw]
        if len(photos) > PORTAL_PHOTOS:
            raise ValidationError(self.env._("Send at most %(count)s photos.", count=PORTAL_PHOTOS))
        limit = company.property_portal_photo_mb
        for name, raw in photos:
            if not guess_mimetype(raw).startswith("image/"):
                raise ValidationError(self.env._("%(name)s is not a photo: send pictures only.", name=name))
            if limit and len(raw) > limit * 1024 * 1024:
                raise ValidationError(self.env._(
                    "%(name)s is larger than %(size)s MB: send a smaller photo.", name=name, size=limit))
        return photos

    def _portal_sign_complaint(self, partner, name, signature):
        """SVC-09: the complainant confirms online, by signing, that his
        finished complaint was dealt with; the desk then closes it."""
        self.ensure_one()
        if self.category != "complaint" or self.partner_id != partner or self.resident_signature:
            raise UserError(self.env._("%(name)s waits for no signature from you.", name=self.name))
        if not signature:
            raise UserError(self.env._("Sign in the box first."))
        # sudo: the signature is the resident's own; the request stays the office's.
        self.sudo()._property_sign("resident", signature, (name or "").strip() or partner.name)

    def _portal_steps(self):
        """The steps the resident follows: each with when it was reached, and
        the deadline it had (SVC-02/03) and whether it was late."""
        self.ensure_one()
        deadlines = {row.step: row for row in self.sudo().deadline_ids}
        step_labels = dict(self.env["property.request.deadline"]._fields["step"]._description_selection(self.env))

        def step(label, reached, row=None):
            return {"label": label, "reached": reached, "deadline": row.deadline if row else False,
                    "late": bool(row and row.breached)}

        steps = [step(self._fields["date_received"]._description_string(self.env), self.date_received)]
        for key, _label in STEPS:
            if self[STEP_FIELDS[key]] or key in deadlines:
                steps.append(step(step_labels[key], self[STEP_FIELDS[key]], deadlines.get(key)))
        steps += [step(self._fields[name]._description_string(self.env), self[name])
                  for name in ("date_confirmed", "date_closed") if self[name]]
        return steps

    # ---------------------------------------------------------------- deadlines
    def _sync_deadlines(self):
        """SVC-02/03/04/07/08/09/12: one deadline row per step that has a target for
        the request's category, tier, channel, appointment and quoted items. Called on creation
        and whenever the request is re-tiered; reached steps keep their row."""
        # sudo: deadline rows are the system's bookkeeping; users only read them.
        Target = self.env["property.response.target"].sudo()
        Deadline = self.env["property.request.deadline"].sudo()
        for request in self:
            targets = Target._match(request)
            rows = {row.step: row for row in request.sudo().deadline_ids}
            to_create = []
            for step, target in targets.items():
                row = rows.pop(step, None)
                if row and row.target_id != target:
                    row._workflow_write({"target_id": target.id})
                elif not row:
                    to_create.append({"request_id": request.id, "step": step, "target_id": target.id})
            Deadline._workflow_create(to_create)
            Deadline.browse([row.id for row in rows.values() if not row.reached_at]).unlink()

    @api.depends(
        "state", "deadline_ids.deadline", "deadline_ids.reached_at", "deadline_ids.breached"
    )
    def _compute_deadline_status(self):
        for request in self:
            rows = request.deadline_ids
            open_rows = rows.filtered(lambda r: not r.reached_at)
            request.next_deadline = (
                min(open_rows.mapped("deadline"), default=False)
                if request.state not in ("closed", "cancelled")
                else False
            )
            request.is_breached = any(rows.mapped("breached"))
            finished = request.state in ("done", "closed")
            # SVC-10: a request counts once it is finished, or as soon as it is late.
            request.timeliness_counted = request.state != "cancelled" and (finished or request.is_breached)
            request.timeliness_score = 0.0 if request.is_breached else 100.0

    @api.depends("category", "tier", "channel", "appointment", "estate_id", "date_received", "date_collected")
    def _compute_deadline_preview(self):
        """SVC-02/03/07/08/09/12 while the clerk types: the same targets and
        deadlines the saved request will have, in her time."""
        Target = self.env["property.response.target"]
        labels = dict(self.env["property.request.deadline"]._fields["step"]._description_selection(self.env))
        order = [step for step, _label in STEPS]
        for request in self:
            rows = []
            if request.category and request.date_received:
                for step, target in sorted(Target._match(request).items(), key=lambda item: order.index(item[0])):
                    deadline = target._deadline_for(request)
                    when = format_datetime(self.env, deadline, dt_format="short") if deadline else ""
                    rows.append(
                        Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
                        % (labels.get(step, step), when, target.rule or "")
                    )
            request.deadline_preview = (
                Markup('<table class="table table-sm o_deadline_preview">%s</table>') % Markup("").join(rows)
                if rows
                else False
            )

    def _alert_manager(self):
        """SVC-09: a serious complaint goes to the manager at once."""
        activity_type = self.env.ref("property_service.mail_activity_type_serious_complaint")
        for request in self:
            manager = request.estate_id.manager_id
            if not manager or request.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type and a.user_id == manager
            ):
                continue
            request._property_activity(
                "property_service.mail_activity_type_serious_complaint", manager,
                lambda worded: worded.env._("Serious complaint %(name)s", name=worded.name),
                note=lambda worded: worded.description,
            )

    # -------------------------------------------------------------- smart info
    def _compute_slip_count(self):
        counts = dict(
            self.env["property.repair.slip"]._read_group([("request_id", "in", self.ids)], ["request_id"], ["__count"])
        )
        for request in self:
            request.slip_count = counts.get(request, 0)

    @api.depends("state", "followup_ids.state")
    def _compute_followup_stats(self):
        for request in self:
            request.followup_count = len(request.followup_ids)
            done = request.followup_ids.filtered(lambda f: f.state == "done")
            request.followup_coverage = 100.0 if done else 0.0

    def _local_done_date(self):
        """The estate's local date on which the request was finished."""
        self.ensure_one()
        done = self.date_done or fields.Datetime.now()
        return self.estate_id._local_date(done)

    # ----------------------------------------------------------------- actions
    def _stamp(self, *names):
        """Record when steps were reached: the first time only."""
        now = fields.Datetime.now()
        for request in self:
            vals = {name: now for name in names if not request[name]}
            if vals:
                request._workflow_write(vals)

    def _check_state(self, allowed, action):
        for request in self:
            if request.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._("%(name)s is %(state)s: you cannot %(action)s it.",
                      name=request.name, state=states[request.state], action=action)
                )

    def action_dispatch(self):
        """SVC-03/07/09: engineering, or the responsible department, is notified."""
        self._check_state(("new", "dispatched"), self.env._("dispatch"))
        for request in self:
            if request.category in REPAIR_CATEGORIES and not request.technician_id:
                raise UserError(
                    self.env._("Choose the technician of %(name)s before dispatching it.", name=request.name)
                )
            if request.category == "complaint" and not request.department:
                raise UserError(
                    self.env._(
                        "Choose the responsible department of %(name)s before dispatching it.", name=request.name
                    )
                )
            if request.technician_id:
                request._property_activity(
                    "property_service.mail_activity_type_repair", request.technician_id,
                    lambda worded: worded.env._("Repair %(name)s", name=worded.name),
                    note=lambda worded: worded.description,
                    date_deadline=fields.Date.context_today(request),
                )
        self._stamp("date_dispatched")
        self._workflow_write({"state": "dispatched"})
        # FUP-04: a special service is followed up during its period and after it.
        self.env["property.followup"]._plan_special_service(self)

    def action_on_site(self):
        self._check_state(("new", "dispatched"), self.env._("start work on"))
        self._stamp("date_dispatched", "date_on_site")
        self._workflow_write({"state": "in_progress"})
        # FUP-04: taken on site without a dispatch, a special service still gets its follow-ups.
        self.env["property.followup"]._plan_special_service(self)

    def action_answer(self):
        """SVC-08 / SVC-09: the first answer given to the resident."""
        self._check_state(("new", "dispatched", "in_progress"), self.env._("answer"))
        self._stamp("date_answered")

    def action_done(self):
        self._check_state(("new", "dispatched", "in_progress"), self.env._("finish"))
        for request in self:
            open_slips = request.slip_ids.filtered(lambda s: s.state in ("draft", "in_progress"))
            if open_slips:
                raise UserError(
                    self.env._("%(name)s still has repair slips in progress: %(slips)s.",
                      name=request.name, slips=", ".join(open_slips.mapped("name")))
                )
            if request.category == "in_unit_repair" and not request.slip_ids:
                raise UserError(self.env._("Write the repair slip of %(name)s first (SVC-03).", name=request.name))
            if request.category in ("complaint", "help", "consultation") and not request.resolution:
                raise UserError(self.env._("Write down the answer or resolution of %(name)s first.", name=request.name))
        self._stamp("date_answered", "date_done")
        self._workflow_write({"state": "done"})
        # SVC-07: a repair of a patrol finding goes on the patrol sheet.
        self.env["property.patrol.checkin"]._record_repairs(self.filtered(lambda r: r.channel == "patrol"))
        self.env["property.followup"]._plan_for_requests(self)
        self._notify_resident_done()

    def _notify_resident_done(self):
        template = self.env.ref("property_service.mail_template_request_done")
        for request in self.filtered(lambda r: r.partner_id.email):
            request.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", partner_ids=request.partner_id.ids
            )

    def action_close(self):
        """The resident confirmed: signed slips for repairs, a signed complaint
        record for complaints (SVC-06, SVC-09)."""
        self._check_state(("done",), self.env._("close"))
        for request in self:
            if request.category == "complaint" and not request.resident_signature:
                raise UserError(
                    self.env._(
                        "The resident must sign the complaint record of %(name)s before it is closed (SVC-09).",
                        name=request.name,
                    )
                )
            unsigned = request.slip_ids.filtered(lambda s: s.state == "done")
            if unsigned:
                raise UserError(
                    self.env._(
                        "The resident has not signed the repair slips %(slips)s yet.",
                        slips=", ".join(unsigned.mapped("name")),
                    )
                )
        self._stamp("date_confirmed", "date_closed")
        self._workflow_write({"state": "closed"})
        self.filtered(lambda r: r.category == "complaint")._on_complaint_closed()

    def action_sign_complaint(self):
        """SVC-09: the resident signs the complaint record before it is closed."""
        self.ensure_one()
        return self._property_sign_wizard(
            "resident", self.env._("Resident signs complaint %(name)s", name=self.name), ask_name=True
        )

    def _property_sign(self, role, signature, name):
        self.ensure_one()
        if role != "resident" or self.category != "complaint":
            return super()._property_sign(role, signature, name)
        if self.state != "done":
            raise UserError(
                self.env._(
                    "The resident signs the complaint record of %(name)s once it is done, before it is closed.",
                    name=self.name,
                )
            )
        self._workflow_write({"resident_signature": signature, "resident_signed_by": name or self.partner_id.name})
        self.message_post(
            body=self.env._("Complaint record signed by %(name)s (SVC-09).", name=self.resident_signed_by)
        )

    def _on_complaint_closed(self):
        """Hook: property_butler plans the visit that follows a closed complaint (VIS-03)."""
        return True

    def action_cancel(self):
        self._check_state(("new", "dispatched", "in_progress"), self.env._("cancel"))
        if self.slip_ids.filtered(lambda s: s.state in ("done", "confirmed")):
            raise UserError(self.env._("A request with finished repair slips cannot be cancelled."))
        self._workflow_write({"state": "cancelled"})

    def action_reopen(self):
        """A supervisor reopens finished work."""
        self._property_require_group(
            "property_service.group_property_supervisor", self.env._("Only a supervisor reopens a request.")
        )
        return self._reopen(self.env._("Reopened by %(user)s.", user=self.env.user.name))

    def _reopen(self, reason):
        """FUP-05: a dissatisfied resident reopens the work."""
        self._check_state(("done", "closed"), self.env._("reopen"))
        for request in self:
            request._workflow_write({"state": "in_progress", "date_done": False, "date_closed": False,
                                     "date_confirmed": False, "reopen_count": request.reopen_count + 1})
            request.message_post(body=reason)

    def action_write_slip(self):
        """SVC-03: write the repair slip (维修单) of this request."""
        self.ensure_one()
        self._check_state(("new", "dispatched", "in_progress"), self.env._("write a slip for"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.repair.slip",
            "view_mode": "form",
            "context": {"default_request_id": self.id},
            "target": "current",
        }

    def action_view_slips(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_repair_slip_action")
        return dict(action, domain=[("request_id", "=", self.id)], context={"default_request_id": self.id})

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_followup_action")
        return dict(action, domain=[("request_id", "=", self.id)], context={"default_request_id": self.id})
