from datetime import date, timedelta

from odoo import api, fields, models, tools


class PropertyResidentProfile(models.Model):
    """A resident's profile (客情, PRF-01..03). Only the butlers of the
    resident's zone and the chief butler can read it (record rules); every
    reading of its preferences is logged; a butler of another zone needs the
    chief butler's approval, which expires."""

    _name = "property.resident.profile"
    _description = "Resident profile"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "unit_id, partner_id"
    # PRF-01/02: every field a profile declares (in this addon or any other)
    # is the resident's preference data, whose reading is logged — except
    # these, which say whose profile it is and how it is kept. A field added
    # later is logged unless it is named here.
    _profile_record_fields = frozenset({
        "partner_id", "unit_id", "building_id", "estate_id", "company_id", "grant_ids",
        "birthday_reminded", "anniversary_reminded",
    })
    # The yearly reminders remember the year they were made (the birthday job).
    _workflow_fields = frozenset({"birthday_reminded", "anniversary_reminded"})
    _workflow_user_fields = {
        "confidential_service": "PRF-03: the resident's own request, recorded by the butler.",
    }

    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True, ondelete="cascade")
    unit_id = fields.Many2one("property.unit", required=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    grant_ids = fields.One2many("property.profile.access.grant", "profile_id", string="Access approvals")
    birthday = fields.Date()
    anniversary = fields.Date()
    special_occasion = fields.Char()
    repeat_guest = fields.Boolean()
    games = fields.Char(string="Favourite games")
    drinks = fields.Char()
    food = fields.Char()
    tea_coffee = fields.Char(string="Tea / coffee")
    breakfast_time = fields.Char()
    breakfast_order = fields.Char(string="Breakfast standing order")
    pillow = fields.Char(string="Pillow type")
    wardrobe_care = fields.Char()
    unpacking = fields.Char(string="Unpacking requested")
    wine = fields.Char()
    music = fields.Char()
    golfer = fields.Boolean()
    flowers = fields.Char()
    fruit = fields.Char()
    newspaper = fields.Char()
    home_city = fields.Char()
    magazines = fields.Char()
    previous_complaints = fields.Text()
    current_complaints = fields.Text(string="Complaints this stay")
    disabilities = fields.Char()
    allergies = fields.Char()
    dietary_needs = fields.Char(string="Dietary needs")
    likes = fields.Text()
    dislikes = fields.Text()
    laundry = fields.Char(string="Laundry requirements")
    restaurants = fields.Char(string="Preferred restaurants")
    suite_dining = fields.Char(string="In-home dining")
    packing = fields.Char(string="Packing requests")
    spa_user = fields.Boolean(string="Spa user")
    restaurant_table = fields.Char(string="Preferred table")
    room_setting = fields.Char(string="Preferred room setting")
    specific_requests = fields.Text()
    equipment = fields.Char(string="Equipment brought")
    villa_breakfast = fields.Char(string="Breakfast served at")
    computer = fields.Char(string="Computer type")
    smoker = fields.Selection([("no", "Non-smoker"), ("yes", "Smoker")])
    cigarettes = fields.Char()
    cigars = fields.Char()
    toiletries = fields.Char()
    movies = fields.Char()
    english_level = fields.Selection([("none", "None"), ("basic", "Basic"), ("good", "Good"), ("fluent", "Fluent")],
                                     string="English spoken")
    languages = fields.Char(string="Languages spoken")
    confidential_service = fields.Boolean(help="PRF-03: the resident asked that nothing about him be told to callers.")
    confidential_note = fields.Text(string="What stays confidential")
    # PRF-01: the basic data of the household form (MOV-03) and the papers of
    # the move-in and of the unit's renovations, read where they are kept.
    resident_phone = fields.Char(string="Phone", related="partner_id.phone")
    resident_mobile = fields.Char(string="Mobile", related="partner_id.mobile")
    resident_email = fields.Char(string="E-mail", related="partner_id.email")
    household_size = fields.Integer(related="partner_id.property_household_size")
    emergency_contact = fields.Char(related="partner_id.property_emergency_contact")
    emergency_phone = fields.Char(related="partner_id.property_emergency_phone")
    vehicle_plates = fields.Char(related="partner_id.property_vehicle_plates")
    movein_ids = fields.Many2many("property.movein", compute="_compute_papers", string="Move-in")
    movein_document_ids = fields.Many2many("property.movein.document", compute="_compute_papers",
                                           string="Move-in papers")
    renovation_ids = fields.Many2many("property.renovation", compute="_compute_papers", string="Renovations")
    renovation_document_ids = fields.Many2many("property.renovation.document", compute="_compute_papers",
                                               string="Renovation papers")
    birthday_reminded = fields.Integer(readonly=True, tracking=True, help="Year of the last birthday reminder.")
    anniversary_reminded = fields.Integer(readonly=True, tracking=True, help="Year of the last anniversary reminder.")

    _sql_constraints = [
        ("partner_unit_uniq", "unique(partner_id, unit_id)", "This resident already has a profile for the unit."),
    ]

    @api.depends("partner_id", "unit_id")
    def _compute_papers(self):
        """PRF-01: the resident's move-in to the unit and the unit's renovations, with their papers."""
        moveins = self.env["property.movein"].search([("partner_id", "in", self.partner_id.ids),
                                                      ("unit_id", "in", self.unit_id.ids)])
        renovations = self.env["property.renovation"].search([("unit_id", "in", self.unit_id.ids)])
        for profile in self:
            profile.movein_ids = moveins.filtered(
                lambda case, profile=profile: case.partner_id == profile.partner_id and case.unit_id == profile.unit_id)
            profile.movein_document_ids = profile.movein_ids.document_ids
            profile.renovation_ids = renovations.filtered(
                lambda permit, profile=profile: permit.unit_id == profile.unit_id)
            profile.renovation_document_ids = profile.renovation_ids.document_ids

    @api.depends("partner_id", "unit_id")
    def _compute_display_name(self):
        for profile in self:
            profile.display_name = f"{profile.partner_id.name or ''} ({profile.unit_id.display_name or ''})"

    # PRF-02: reading a profile's preferences writes its access log, so the
    # reads the web client and RPC make run in a read/write transaction (Odoo
    # runs them read-only by default, and would fail the insert and retry).
    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        return super().web_search_read(domain, specification, offset=offset, limit=limit, order=order,
                                       count_limit=count_limit)
    web_search_read._readonly = False

    def web_read(self, specification):
        return super().web_read(specification)
    web_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        return super().read(fields, load)
    read._readonly = False

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        return super().search_read(domain, fields, offset=offset, limit=limit, order=order, **read_kwargs)
    search_read._readonly = False

    def _read_format(self, fnames, load="_classic_read"):
        """PRF-02: every reading of preference data is logged (who, when, why):
        read, the form's web_read and RPC's search_read all come through here."""
        result = super()._read_format(fnames, load)
        self._log_preference_access(fnames, self.env.context.get("profile_access_reason"))
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._log_preference_access([path.split("/")[0] for path in fields_to_export], self.env._("Export"))
        return result

    @api.model
    @tools.ormcache()
    def _preference_fields(self):
        """PRF-02: the names of the profile's preference fields (see _profile_record_fields):
        its own fields, not the mixins' (chatter, activities)."""
        parents = set()
        for klass in type(self).mro():
            inherit = klass.__dict__.get("_inherit") or ()
            parents.update([inherit] if isinstance(inherit, str) else inherit)
        inherited = set().union(*(self.env[parent]._fields for parent in parents - {self._name}))
        return frozenset(name for name, field in self._fields.items()
                         if not field.automatic and name not in inherited and name not in self._profile_record_fields)

    def _log_preference_access(self, fnames, reason):
        if self and set(fnames or ()) & self._preference_fields() and not self.env.su:
            self.env["property.profile.access.log"]._record(self, reason)

    def action_open(self):
        """Open the profile with the reason asked for (PRF-02)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Read profile"),
            "res_model": "property.profile.open", "view_mode": "form", "target": "new",
            "context": {"default_profile_id": self.id},
        }

    # ----------------------------------------------------------------- reminders
    @api.model
    def _zone_butlers(self, buildings):
        # sudo: zones are HR records; finding who serves a building is the system's job.
        return self.env["hr.employee"].sudo().search([
            ("property_role", "in", ("butler", "chief_butler")), ("property_zone_building_ids", "in", buildings.ids),
            ("user_id", "!=", False),
        ])

    @staticmethod
    def _next_occurrence(day, today):
        """The date a yearly occasion next falls on, today or later (a 29
        February falls on 1 March in other years)."""
        for year in (today.year, today.year + 1):
            try:
                occurrence = day.replace(year=year)
            except ValueError:
                occurrence = date(year, 3, 1)
            if occurrence >= today:
                return occurrence

    OCCASIONS = (("birthday", "birthday_reminded"), ("anniversary", "anniversary_reminded"))

    @api.model
    def _occasions_due(self):
        """[(profile id, field, date)] of the birthdays and anniversaries to
        remind of now (today on the clock of the profile's estate): within the
        company's reminder days and not reminded this year. Fetched in one
        query and filtered here: a yearly date is no search domain (and the
        job's own reading is not a person's, PRF-02)."""
        profiles = self.search_fetch(["|", ("birthday", "!=", False), ("anniversary", "!=", False)],
                                     ["company_id", "estate_id", *(name for pair in self.OCCASIONS for name in pair)])
        todays = profiles.estate_id._local_todays()
        due = []
        for profile in profiles:
            today = todays[profile.estate_id]
            ahead = today + timedelta(days=profile.company_id.property_reminder_days)
            for field, flag in self.OCCASIONS:
                if profile[field]:
                    occurrence = self._next_occurrence(profile[field], today)
                    if profile[flag] != occurrence.year and occurrence <= ahead:
                        due.append((profile.id, field, occurrence))
        return due

    @api.model
    def _cron_remind_occasions(self):
        """Birthdays and anniversaries, a few days ahead, as activities for the
        zone's butler; each remembered once a year. One batch per call,
        locked against a second worker, progress reported (like every job)."""
        due = self._occasions_due()
        batch = due[:self._cron_batch_size()]
        locked = self.browse({profile_id for profile_id, _field, _day in batch})._lock_for_cron()
        done = self.browse()
        for profile_id, field, occurrence in batch:
            profile = self.browse(profile_id)
            if profile not in locked:
                continue
            for butler in self._zone_butlers(profile.building_id):
                profile._property_activity(
                    "property_butler.mail_activity_type_occasion", butler.user_id,
                    lambda worded, field=field: (
                        worded.env._("Birthday of %(resident)s", resident=worded.partner_id.name) if field == "birthday"
                        else worded.env._("Anniversary of %(resident)s", resident=worded.partner_id.name)),
                    date_deadline=occurrence,
                )
            profile.sudo()._workflow_write({dict(self.OCCASIONS)[field]: occurrence.year})
            done |= profile
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=len(due) - len(batch))
        return done
