import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

# What a patroller can find at a point (PAT-03..06), and what each becomes.
FINDINGS = [
    ("ok", "All in order"),
    ("broken", "Facility broken or not working"),
    ("lock", "Door lock open or broken"),
    ("cleanliness", "Not clean"),
    ("renovation", "Renovation violation"),
    ("safety", "Safety hazard"),
    ("public_order", "Public order (litter, lawns, fire lanes, stalls)"),
]
# PAT-03: broken facilities and open locks become public-facility requests.
REPAIR_FINDINGS = ("broken", "lock")


class PropertyPatrolCheckin(models.Model):
    """A point signed in on a round (PAT-01): the scan's time and point, and
    what the patroller found there. Kept as scanned."""

    _name = "property.patrol.checkin"
    _description = "Patrol check-in"
    _inherit = ["property.workflow.mixin"]
    _order = "date desc, id desc"
    # All of it is the scan's: the point, its time, who scanned and what he found there.
    _workflow_fields = frozenset({"round_id", "point_id", "date", "user_id", "finding", "note", "photo",
                                  "request_id", "violation_id", "action_id"})
    _workflow_audit_field = "round_id"

    round_id = fields.Many2one("property.patrol.round", required=True, index=True, ondelete="cascade")
    point_id = fields.Many2one("property.patrol.point", required=True, index=True, ondelete="restrict")
    plan_id = fields.Many2one(related="round_id.plan_id", store=True)
    estate_id = fields.Many2one(related="round_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="round_id.company_id", store=True, index=True)
    date = fields.Datetime(string="Scanned at", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Patroller", readonly=True)
    finding = fields.Selection(FINDINGS, required=True, default="ok", readonly=True)
    note = fields.Text(readonly=True)
    photo = fields.Image(max_width=1600, max_height=1600, readonly=True)
    request_id = fields.Many2one("property.request", readonly=True, index=True,
                                 help="PAT-03: the public-facility repair reported to engineering.")
    repair_state = fields.Selection(related="request_id.state", string="Repair",
                                    help="SVC-07: where the repair of what was found stands.")
    date_repaired = fields.Datetime(related="request_id.date_done", string="Repaired at", store=True,
                                    help="SVC-07: the patrol sheet records when engineering repaired the finding.")
    violation_id = fields.Many2one("property.renovation.violation", string="Renovation violation", readonly=True,
                                   help="PAT-05: the violation written on the unit's renovation permit.")

    inspection_ids = fields.One2many("property.cleaning.inspection", "checkin_id")
    inspection_id = fields.Many2one("property.cleaning.inspection", string="Cleaning inspection",
                                    compute="_compute_inspection_id",
                                    help="PAT-04: the point's cleaning checks as the patroller found them.")
    action_id = fields.Many2one("property.corrective.action", string="Corrective action", readonly=True,
                                help="PAT-04: what the cleaners put right at a point without a standard.")

    @api.depends("inspection_ids")
    def _compute_inspection_id(self):
        for checkin in self:
            checkin.inspection_id = checkin.inspection_ids[:1]

    def _workflow_locked(self):
        # Kept as scanned: a check-in is the round's evidence.
        return self

    def _workflow_lock_message(self):
        return self.env._("A patrol check-in is kept as scanned (PAT-01).")

    @api.model
    def _check_in(self, point, finding="ok", note=None, photo=None, photo_name=None, failed_checks=None):
        """The patroller scanned ``point``: signed in on his round of its plan
        (started if none is open), with what he found (PAT-01, PAT-03..06)."""
        note = (note or "").strip()
        if finding not in dict(FINDINGS):
            raise ValidationError(self.env._("Choose what you found at the point."))
        if finding != "ok" and not note:
            raise ValidationError(self.env._("Say what you found at %(point)s.", point=point.name))
        round_ = self.env["property.patrol.round"]._start(point.plan_id)
        if finding == "ok" and point in round_.checkin_ids.point_id:
            raise UserError(self.env._("%(point)s is already signed in on round %(round)s.",
                                       point=point.name, round=round_.name))
        links = {}
        if finding in REPAIR_FINDINGS:
            links["request_id"] = self._report_repair(point, finding, note, photo, photo_name, round_).id
        elif finding == "renovation":
            links["violation_id"] = self._report_violation(point, note).id
        elif finding == "cleanliness" and not point.cleaning_area_id:
            links["action_id"] = self._report_unclean(point, note).id
        checkin = self._workflow_create([{
            "round_id": round_.id, "point_id": point.id, "date": fields.Datetime.now(), "user_id": self.env.uid,
            "finding": finding, "note": note or False, "photo": photo or False, **links,
        }])
        if finding == "safety":
            checkin._alert_manager()
        elif finding == "cleanliness" and point.cleaning_area_id:
            # PAT-04: the point's standard, as the patroller found it (CLN-02).
            self.env["property.cleaning.inspection"]._from_patrol(
                checkin, failed_checks or self.env["property.cleaning.check"])
        return checkin

    @api.model
    def _report_unclean(self, point, note):
        """PAT-04 at a point without a cleaning standard: the cleaners get
        what the patroller wrote as a corrective action (CLN-02)."""
        estate = point.estate_id
        Action = self.env["property.corrective.action"]
        return Action.create([{
            "name": f"{point.name}: {note}", "estate_id": estate.id, "department": "cleaning",
            "user_id": (estate.cleaning_user_id or estate.supervisor_id or self.env.user).id,
            "deadline": Action._default_deadline(estate),
        }])

    @api.model
    def _report_violation(self, point, note):
        """PAT-05: a unit under renovation is checked on the round; what
        breaks the rules goes on its permit's violation record (REN-06)."""
        permit = self.env["property.renovation"].search(
            [("unit_id", "=", point.unit_id.id), ("state", "=", "approved")], limit=1) if point.unit_id else None
        if not permit:
            raise ValidationError(self.env._(
                "No renovation works are in progress at %(point)s: report what you saw as another finding.",
                point=point.name))
        # The round's check of the unit is a guard visit of the works (REN-06): it records the violation.
        visit = self.env["property.renovation.visit"].create({
            "renovation_id": permit.id, "kind": "guard", "violation_note": note})
        return visit.violation_ids[:1]

    def _alert_manager(self):
        """PAT-06: a safety hazard goes to the estate manager at once; at a
        unit, its owner is told first (his name and phone are in the task)."""
        self.ensure_one()
        estate, point = self.estate_id, self.point_id
        manager = estate.manager_id or estate.supervisor_id
        local = self.with_context(lang=manager.lang or self.env.lang)
        owner = point.unit_id.owner_id
        note = local.env._("PAT-06: %(note)s (found by %(user)s on round %(round)s).",
                           note=self.note, user=self.user_id.name, round=self.round_id.name)
        if owner:
            note += " " + local.env._("Tell the owner first: %(owner)s, %(phone)s.",
                                      owner=owner.name, phone=owner.phone or owner.mobile or "-")
        self.round_id.activity_schedule(
            "mail.mail_activity_data_todo", user_id=manager.id or self.env.uid,
            summary=local.env._("Safety hazard at %(point)s", point=point.name), note=note)

    @api.model
    def _record_repairs(self, requests):
        """SVC-07 / PAT-03: the patrol sheet records the repair — the round of
        a finding says on its chatter when engineering repaired it."""
        for checkin in self.search([("request_id", "in", requests.ids)]):
            tz = checkin.estate_id.tz
            checkin.round_id._property_note(lambda worded, c=checkin, tz=tz: worded.env._(
                "Repaired: %(point)s — %(request)s, done at %(time)s (SVC-07).",
                point=c.point_id.name, request=c.request_id.name,
                time=format_datetime(worded.env, c.request_id.date_done, tz=tz, dt_format="short")))

    @api.model
    def _report_repair(self, point, finding, note, photo, photo_name, round_):
        """PAT-03: a broken facility is reported to engineering as a
        public-facility request (SVC-07) from the patrol, within 2 h; an open
        or broken lock of a plant room, pipe shaft or telecom room within
        1 h (the response-time targets of the patrol channel)."""
        request = self.env["property.request"].create({
            "estate_id": point.estate_id.id,
            "category": "public_repair",
            "channel": "patrol",
            "tier": "urgent" if finding == "lock" and point.locked_room else "normal",
            "location": point.name,
            "unit_id": point.unit_id.id,
            "description": note,
        })
        if photo:
            request.message_post(
                body=self.env._("Photo taken on patrol round %(round)s.", round=round_.name),
                attachments=[(photo_name or f"{point.name}.jpg", base64.b64decode(photo))],
            )
        return request
