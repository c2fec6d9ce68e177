from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# NTC-01: planned interruptions are announced at least this long ahead.
INTERRUPTION_NOTICE_HOURS = 24
INTERRUPTIONS = ("power", "water", "gas")


class PropertyNotice(models.Model):
    """A notice to residents (公告): on the estate's board and the resident
    portal from its publication until its end, and e-mailed to the residents it
    concerns (NTC-01/02/03)."""

    _name = "property.notice"
    _description = "Notice to residents"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_published desc, id desc"
    # Published and taken down by its buttons and the morning job only (NTC-02).
    _workflow_fields = frozenset({"state", "date_published", "published_by_id"})
    _workflow_user_fields = {
        "date_start": "NTC-01: when the interruption or event begins, from the utility or the organiser.",
        "date_end": "NTC-02: when the notice comes down, chosen by who writes it.",
    }
    _workflow_open_fields = frozenset({"date_end"})

    name = fields.Char(string="Title", required=True, tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    building_ids = fields.Many2many(
        "property.building", string="Buildings", domain="[('estate_id', '=', estate_id)]",
        help="The buildings concerned; none: the whole estate.",
    )
    kind = fields.Selection(
        [
            ("power", "Power interruption"),
            ("water", "Water interruption"),
            ("gas", "Gas interruption"),
            ("event", "Event"),
            ("price_list", "Price list of paid services"),
            ("other", "Other"),
        ],
        required=True, default="other", tracking=True,
    )
    emergency = fields.Boolean(
        tracking=True, help="NTC-01: an emergency interruption may be announced less than 24 hours ahead.")
    date_start = fields.Datetime(string="Starts", tracking=True,
                                 help="When the interruption or event begins (required for an interruption).")
    date_end = fields.Datetime(string="Taken down at", required=True, tracking=True,
                               help="NTC-02: the notice leaves the board and the portal at this time.")
    body = fields.Html(string="Text", required=True, sanitize_style=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("expired", "Taken down")],
        default="draft", required=True, readonly=True, tracking=True, index=True, copy=False,
    )
    date_published = fields.Datetime(string="Published at", readonly=True, copy=False, tracking=True)
    published_by_id = fields.Many2one("res.users", string="Published by", readonly=True, copy=False, tracking=True)

    @api.constrains("date_start", "date_end", "kind")
    def _check_dates(self):
        for notice in self:
            if notice.kind in INTERRUPTIONS and not notice.date_start:
                raise ValidationError(self.env._("Say when the interruption begins."))
            if notice.date_start and notice.date_end <= notice.date_start:
                raise ValidationError(self.env._("The notice must stay up until after the interruption or event "
                                                 "begins: move its end later."))

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda notice: notice.state != "draft")

    # ----------------------------------------------------------------- actions
    def action_publish(self):
        """NTC-01: a planned interruption goes up at least 24 h before it
        begins, unless marked as an emergency; the residents it concerns get it
        by e-mail."""
        now = fields.Datetime.now()
        for notice in self:
            if notice.state != "draft":
                raise UserError(self.env._("Notice %(name)s is already published.", name=notice.name))
            if notice.date_end <= now:
                raise UserError(self.env._("Notice %(name)s would already be taken down: move its end later.",
                                           name=notice.name))
            if notice.kind in INTERRUPTIONS and not notice.emergency \
                    and notice.date_start < now + timedelta(hours=INTERRUPTION_NOTICE_HOURS):
                raise UserError(self.env._(
                    "A planned interruption is announced at least 24 hours before it begins (NTC-01): move its "
                    "start later, or mark the notice as an emergency."))
        self._workflow_write({"state": "published", "date_published": now, "published_by_id": self.env.uid})
        for notice in self:
            notice._send_to_residents()

    def action_take_down(self):
        self.filtered(lambda notice: notice.state == "published")._workflow_write({"state": "expired"})

    def _residents(self):
        """The current residents (owners, tenants, family) the notice concerns."""
        self.ensure_one()
        domain = [("is_current", "=", True), ("estate_id", "=", self.estate_id.id)]
        if self.building_ids:
            domain.append(("unit_id.building_id", "in", self.building_ids.ids))
        # sudo: the residents are the system's addressees, not records the writer must read.
        return self.env["property.occupancy"].sudo().search(domain).partner_id

    def _send_to_residents(self):
        """One e-mail per resident, in his language, from the notice's chatter.
        They go through Odoo's mail queue, whose job is woken now: an estate's
        thousands of residents are mailed in the background within the
        minute, not while the clerk's click waits (Odoo would send up to a
        hundred e-mails of fifty residents each at once)."""
        template = self.env.ref("property_service.mail_template_notice")
        residents = self._residents().filtered("email")
        if residents:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        for lang in set(residents.mapped("lang")):
            partners = residents.filtered(lambda partner, lang=lang: partner.lang == lang)
            notice = self.with_context(lang=lang, mail_notify_force_send=False)
            body = template.with_context(lang=lang)._render_field("body_html", notice.ids)[notice.id]
            subject = template.with_context(lang=lang)._render_field("subject", notice.ids)[notice.id]
            notice.message_post(body=body, subject=subject, partner_ids=partners.ids, message_type="comment",
                                subtype_xmlid="mail.mt_comment", email_layout_xmlid="mail.mail_notification_light")

    def _portal_price_list(self):
        """NTC-03: the paid-repair price list shown with a price-list notice."""
        self.ensure_one()
        if self.kind != "price_list":
            return self.env["product.template"]
        # sudo: the price list is public to the estate's residents.
        return self.env["product.template"].sudo().search(
            [("property_repair_ok", "=", True), ("company_id", "in", (False, self.company_id.id))], order="name")

    # -------------------------------------------------------------------- jobs
    @api.model
    def _cron_take_down_expired(self):
        """NTC-02: notices past their end leave the board by themselves."""
        domain = [("state", "=", "published"), ("date_end", "<=", fields.Datetime.now())]
        notices = self._lock_records(self.search(domain, limit=self._cron_batch_size()))
        notices._workflow_write({"state": "expired"})
        self.env["ir.cron"]._notify_progress(done=len(notices), remaining=self.search_count(domain))
