from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date
from odoo.exceptions import UserError, ValidationError

from .property_movein_document import DOCUMENT_KINDS

METERS = ("water", "electricity", "gas")


class PropertyMovein(models.Model):
    """A move-in case (入伙): one unit, one new owner or tenant, from the notice
    to the keys (MOV-01 … MOV-07)."""

    _name = "property.movein"
    _description = "Move-in"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.cron.mixin", "property.workflow.mixin"]
    _order = "deadline, id"
    # Set by the case's buttons, the handover signatures and the daily check (MOV-01..05).
    _workflow_fields = frozenset({
        "state", "notice_date", "deadline", "remind_date", "reminded", "escalated", "date_arrived", "date_done",
        "inspection_date", "resident_signature", "staff_signature", "occupancy_id",
    })
    _workflow_user_fields = {
        "lease_signed": "MOV-06: the clerk ticks that she saw the tenant's signed lease (its scan is a document).",
    }

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    unit_id = fields.Many2one("property.unit", required=True, index=True, tracking=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True, tracking=True)
    role = fields.Selection([("owner", "Owner"), ("tenant", "Tenant")], required=True, default="owner", tracking=True)
    user_id = fields.Many2one("res.users", string="Clerk", default=lambda self: self.env.user, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("notified", "Notice issued"),
            ("in_progress", "Resident came"),
            ("done", "Moved in"),
            ("cancelled", "Cancelled"),
        ],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    # MOV-01: the notice and its deadline.
    notice_date = fields.Date(readonly=True, copy=False, tracking=True)
    deadline = fields.Date(tracking=True, readonly=True, copy=False,
                           help="The resident is expected at the office by this day (MOV-01: set by the notice).")
    office_hours = fields.Char(default="08:30-17:30", help="Printed on the notice.")
    fees_note = fields.Text(string="Move-in fees", help="The fees to pay at move-in, printed on the notice.")
    remind_date = fields.Date(
        compute="_compute_remind_date", store=True, index=True,
        help="When the clerk reminds the resident if he has not come (MOV-01: 3 days before the deadline).",
    )
    reminded = fields.Boolean(
        readonly=True, copy=False, tracking=True, help="The clerk was reminded before the deadline."
    )
    escalated = fields.Boolean(
        readonly=True, copy=False, tracking=True, help="The case went to the manager after the deadline."
    )
    date_arrived = fields.Date(string="Came on", readonly=True, copy=False, tracking=True)
    date_done = fields.Date(string="Moved in on", readonly=True, copy=False, tracking=True)
    # MOV-02: who comes and the documents seen and kept.
    via_agent = fields.Boolean(string="Someone else comes for the owner")
    agent_name = fields.Char()
    document_ids = fields.One2many("property.movein.document", "movein_id", string="Documents", copy=False)
    # MOV-03: agreements, household form, bank collection.
    agreement_ids = fields.One2many("property.movein.agreement", "movein_id", string="Agreements", copy=False)
    household_size = fields.Integer(related="partner_id.property_household_size", readonly=False)
    emergency_contact = fields.Char(related="partner_id.property_emergency_contact", readonly=False)
    emergency_phone = fields.Char(related="partner_id.property_emergency_phone", readonly=False)
    vehicle_plates = fields.Char(related="partner_id.property_vehicle_plates", readonly=False)
    # MOV-06: a tenant moves in only with these.
    lease_signed = fields.Boolean()
    rent_paid = fields.Boolean()
    id_given = fields.Boolean(string="ID given")
    # MOV-04: the handover inspection.
    inspection_date = fields.Date(readonly=True, copy=False, tracking=True,
                                  help="MOV-04: the day the handover form was signed.")
    inspector_id = fields.Many2one("res.users", string="Inspected by")
    defect_ids = fields.One2many("property.movein.defect", "movein_id", string="Defects", copy=False)
    open_defect_count = fields.Integer(compute="_compute_open_defect_count")
    reading_water = fields.Float(string="Water meter (m³)", digits=(12, 2), tracking=True)
    reading_electricity = fields.Float(string="Electricity meter (kWh)", digits=(12, 2), tracking=True)
    reading_gas = fields.Float(string="Gas meter (m³)", digits=(12, 2), tracking=True)
    # MOV-04: a reading of zero is only "no such meter", said explicitly.
    has_water_meter = fields.Boolean(string="Water meter", default=True, tracking=True)
    has_electricity_meter = fields.Boolean(string="Electricity meter", default=True, tracking=True)
    has_gas = fields.Boolean(string="Gas meter", default=True, tracking=True)
    resident_signature = fields.Binary(copy=False, attachment=True, readonly=True)
    staff_signature = fields.Binary(copy=False, attachment=True, readonly=True)
    # MOV-05: the keys.
    key_ids = fields.One2many("property.movein.key", "movein_id", string="Keys", copy=False)
    occupancy_id = fields.Many2one("property.occupancy", readonly=True, copy=False, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.movein") or "/"
        cases = super().create(vals_list)
        cases._sync_documents()
        cases._sync_agreements()
        return cases

    def write(self, vals):
        res = super().write(vals)
        if {"via_agent", "role", "partner_id"} & set(vals):
            self._sync_documents()
        if {"role", "unit_id"} & set(vals):
            self._sync_agreements()
        return res

    @api.depends("unit_id", "partner_id")
    def _compute_display_name(self):
        for case in self:
            case.display_name = f"{case.name} {case.unit_id.display_name or ''} {case.partner_id.name or ''}".strip()

    @api.constrains("reading_water", "reading_electricity", "reading_gas", "has_water_meter",
                    "has_electricity_meter", "has_gas")
    def _check_readings(self):
        for case in self:
            for meter in METERS:
                field = self._fields["reading_" + meter]
                label = field.get_description(self.env)["string"]
                if case[field.name] < 0:
                    raise ValidationError(self.env._("The opening %(meter)s reading of %(unit)s cannot be below zero.",
                                            meter=label, unit=case.unit_id.display_name))
                if case[field.name] and not case._has_meter(meter):
                    raise ValidationError(self.env._(
                        "%(unit)s has no %(meter)s: it has no reading (MOV-04).",
                        meter=label, unit=case.unit_id.display_name))

    def _has_meter(self, meter):
        """MOV-04: whether the unit has this meter (water, electricity, gas)."""
        self.ensure_one()
        return self[{"water": "has_water_meter", "electricity": "has_electricity_meter", "gas": "has_gas"}[meter]]

    def _opening_readings(self):
        """MOV-04: the opening reading of each meter the unit has, as
        {"water": 12.5, ...}: what the handover form records."""
        self.ensure_one()
        return {meter: self["reading_" + meter] for meter in METERS if self._has_meter(meter)}

    def _check_readings_recorded(self):
        """MOV-04: every meter's opening reading is on the handover form
        before the move-in completes; zero is only "no such meter", ticked
        off explicitly."""
        for case in self:
            missing = [
                case._fields["reading_" + meter].get_description(self.env)["string"]
                for meter, value in case._opening_readings().items() if not value
            ]
            if missing:
                raise UserError(self.env._(
                    "Record the opening readings of %(unit)s (MOV-04): %(meters)s. A unit without such a meter: "
                    "untick it.", unit=case.unit_id.display_name, meters=", ".join(missing)))

    @api.constrains("deadline", "notice_date")
    def _check_deadline(self):
        for case in self:
            if case.deadline and case.notice_date and case.deadline < case.notice_date:
                raise ValidationError(self.env._("The move-in deadline cannot be before the notice."))

    @api.depends("deadline", "company_id.property_movein_reminder_days")
    def _compute_remind_date(self):
        for case in self:
            days = case.company_id.property_movein_reminder_days
            case.remind_date = case.deadline and case.deadline - timedelta(days=days)

    @api.depends("defect_ids.state")
    def _compute_open_defect_count(self):
        for case in self:
            case.open_defect_count = len(case.defect_ids.filtered(lambda d: d.state != "fixed"))

    # ---------------------------------------------------------------- checklist
    def _required_documents(self):
        """MOV-02 (owners) and MOV-06 (tenants): the documents to see."""
        self.ensure_one()
        if self.role == "tenant":
            kinds = ["lease", "id_photos"]
        else:
            kinds = ["notice", "purchase_contract", "payment_proof", "id_photos"]
            if self.partner_id.is_company:
                kinds.append("company_papers")
        if self.via_agent:
            kinds += ["power_of_attorney", "agent_id"]
        return kinds

    def _sync_documents(self):
        order = [kind for kind, _label in DOCUMENT_KINDS]
        for case in self:
            required = case._required_documents()
            present = set(case.document_ids.mapped("kind"))
            case.document_ids.filtered(lambda d: d.kind not in required and not d.seen).unlink()
            self.env["property.movein.document"].create([
                {"movein_id": case.id, "kind": kind, "sequence": order.index(kind)}
                for kind in required if kind not in present
            ])

    def _sync_agreements(self):
        """MOV-03: the agreements of the estate, tenants only those meant for them."""
        for case in self:
            wanted = case._required_agreement_types()
            present = case.agreement_ids.agreement_type_id
            case.agreement_ids.filtered(lambda a: a.agreement_type_id not in wanted and not a.signed).unlink()
            self.env["property.movein.agreement"].create([
                {"movein_id": case.id, "agreement_type_id": agreement.id} for agreement in wanted - present
            ])

    # ------------------------------------------------------------------ actions
    def _check_state(self, allowed, action):
        states = dict(self._fields["state"]._description_selection(self.env))
        for case in self:
            if case.state not in allowed:
                raise UserError(self.env._("Move-in %(name)s is %(state)s: you cannot %(action)s it.",
                                  name=case.name, state=states[case.state], action=action))

    def action_issue_notice(self):
        """MOV-01: the notice is issued with the estate's notice period."""
        self._issue_notice()

    def _issue_notice(self, deadline=None):
        """MOV-01: the notice and its deadline (a handover day gives the
        building's own)."""
        self._check_state(("draft",), self.env._("issue the notice of"))
        today = fields.Date.context_today(self)
        if deadline and deadline < today:
            raise UserError(self.env._("The move-in deadline cannot be before the notice."))
        for case in self:
            case._workflow_write({
                "state": "notified", "notice_date": today,
                "deadline": deadline or today + timedelta(days=case.estate_id.movein_notice_days),
            })

    def action_arrived(self):
        self._check_state(("draft", "notified"), self.env._("register the arrival of"))
        self._check_tenant_conditions()
        self._workflow_write({"state": "in_progress", "date_arrived": fields.Date.context_today(self)})
        self.activity_unlink(["property_service.mail_activity_type_movein_reminder"])

    def _check_tenant_conditions(self):
        """MOV-06: a tenant moves in only with a signed lease, the rent paid, the
        ID given and the unit's renovation accepted."""
        for case in self.filtered(lambda c: c.role == "tenant"):
            missing = [
                label for ok, label in (
                    (case.lease_signed, self.env._("a signed lease")),
                    (case.rent_paid, self.env._("the rent paid")),
                    (case.id_given, self.env._("the ID given")),
                    (not case.unit_id.renovation_open, self.env._("the renovation accepted")),
                ) if not ok
            ]
            if missing:
                raise UserError(self.env._("Tenant %(tenant)s cannot move into %(unit)s without %(missing)s (MOV-06).",
                                  tenant=case.partner_id.name, unit=case.unit_id.display_name,
                                  missing=", ".join(missing)))

    def _check_complete(self):
        for case in self:
            case._check_documents_kept()
            case._check_agreements_signed()
            case._check_readings_recorded()
            if not (case.resident_signature and case.staff_signature):
                raise UserError(self.env._("The handover inspection of %(unit)s needs both signatures (MOV-04).",
                                  unit=case.unit_id.display_name))
            case._check_keys()
        self._check_movein_fees()

    def _check_movein_fees(self):
        """Hook (MOV-03): the owner has paid the move-in fees before the
        move-in is completed; property_billing invoices them and refuses a
        case whose fees are unpaid."""
        return True

    def _check_documents_kept(self):
        """MOV-02: every document the case needs was seen and a copy kept —
        the list is the rule's (_required_documents), not what is left on
        the case."""
        self.ensure_one()
        kinds = dict(self.env["property.movein.document"]._fields["kind"]._description_selection(self.env))
        seen = {doc.kind for doc in self.document_ids if doc.seen}
        kept = {doc.kind for doc in self.document_ids if doc.seen and doc.copy_kept}
        required = self._required_documents()
        unseen = [kind for kind in required if kind not in seen]
        if unseen:
            raise UserError(self.env._("Documents not seen yet (MOV-02): %(docs)s.",
                                       docs=", ".join(kinds[kind] for kind in unseen)))
        not_kept = [kind for kind in required if kind not in kept]
        if not_kept:
            raise UserError(self.env._("Keep a copy of these documents (MOV-02): %(docs)s.",
                                       docs=", ".join(kinds[kind] for kind in not_kept)))

    def _check_agreements_signed(self):
        """MOV-03: every agreement the estate asks of this resident is signed
        — the estate's list, whatever lines are left on the case."""
        self.ensure_one()
        signed = self.agreement_ids.filtered("signed").agreement_type_id
        unsigned = self._required_agreement_types() - signed
        if unsigned:
            raise UserError(self.env._("Agreements not signed yet (MOV-03): %(agreements)s.",
                                       agreements=", ".join(unsigned.mapped("name"))))

    def _required_agreement_types(self):
        """MOV-03: what the estate's residents sign; tenants only what is meant for them."""
        self.ensure_one()
        wanted = self.estate_id.movein_agreement_type_ids
        return wanted.filtered("for_tenants") if self.role == "tenant" else wanted

    def _check_keys(self):
        """MOV-05: with no defect every key goes to the resident; with defects
        one entrance key is kept for the repairs."""
        self.ensure_one()
        if not self.key_ids:
            raise UserError(self.env._("Record the keys handed over (MOV-05)."))
        entrance = self.key_ids.filtered(lambda k: k.key_type == "entrance")
        if self.open_defect_count:
            if sum(entrance.mapped("count_kept")) != 1:
                raise UserError(
                    self.env._("The unit has open defects: keep exactly one entrance key for the repairs (MOV-05).")
                )
        elif any(self.key_ids.mapped("count_kept")):
            raise UserError(self.env._("The unit has no open defect: every key goes to the resident (MOV-05)."))

    def action_complete(self):
        """The resident moved in: the occupancy starts, the 1-month follow-up
        is planned (FUP-04), and other addons hear of it (_on_movein_done)."""
        self._check_state(("in_progress",), self.env._("complete"))
        self._check_tenant_conditions()
        self._check_complete()
        today = fields.Date.context_today(self)
        for case in self:
            # The buyer may already be recorded as a non-resident owner.
            known = case.unit_id.occupancy_ids.filtered(
                lambda o: o.is_current and o.partner_id == case.partner_id and o.role == case.role
            )[:1]
            if known:
                known.lives_in = True
            case._workflow_write({"occupancy_id": (known or self.env["property.occupancy"].create({
                "unit_id": case.unit_id.id,
                "partner_id": case.partner_id.id,
                "role": case.role,
                "date_start": today,
            })).id})
        self._workflow_write({"state": "done", "date_done": today})
        self._plan_followup()
        self._on_movein_done()

    def _plan_followup(self):
        """FUP-04: a new resident is followed up one month after moving in."""
        vals = []
        for case in self:
            due = case.date_done + timedelta(days=case.company_id.property_movein_followup_days)
            vals.append({
                "estate_id": case.estate_id.id,
                "unit_id": case.unit_id.id,
                "partner_id": case.partner_id.id,
                "kind": "move_in",
                "user_id": (case.estate_id.followup_user_id or case.user_id).id,
                "date_from": due - timedelta(days=3),
                "date_due": due,
            })
        return self.env["property.followup"]._workflow_create(vals)

    def _workflow_locked(self):
        """A case moved in or cancelled keeps what was checked and signed."""
        return super()._workflow_locked() | self.filtered(lambda c: c.state in ("done", "cancelled"))

    def _workflow_lock_message(self):
        return self.env._(
            "Move-in %(names)s is finished: it can no longer change.", names=", ".join(self.mapped("name"))
        )

    def action_sign_resident(self):
        """MOV-04: the resident signs the handover form."""
        self.ensure_one()
        return self._property_sign_wizard("resident", self.env._("Resident signs the handover form of %(unit)s",
                                                         unit=self.unit_id.display_name))

    def action_sign_staff(self):
        """MOV-04: the office's inspector signs the handover form."""
        self.ensure_one()
        return self._property_sign_wizard("staff", self.env._("Staff signs the handover form of %(unit)s",
                                                      unit=self.unit_id.display_name))

    def _property_sign(self, role, signature, name):
        """MOV-04: both sign the handover form; the staff's signature dates the inspection."""
        self.ensure_one()
        if role not in ("resident", "staff"):
            return super()._property_sign(role, signature, name)
        self._check_state(("in_progress",), self.env._("sign the handover form of"))
        vals = {f"{role}_signature": signature}
        if role == "staff":
            vals.update(
                inspection_date=fields.Date.context_today(self), inspector_id=self.inspector_id.id or self.env.uid
            )
        self._workflow_write(vals)
        self.message_post(body=self.env._("Handover form signed by the %(who)s.",
                                 who=self.env._("resident") if role == "resident" else self.env.user.name))

    def _on_movein_done(self):
        """Hook: property_butler plans the welcome visits here."""
        return True

    def action_cancel(self):
        self._check_state(("draft", "notified", "in_progress"), self.env._("cancel"))
        self._workflow_write({"state": "cancelled"})

    def action_print_packet(self):
        return self.env.ref("property_service.action_report_movein_packet").report_action(self)

    # -------------------------------------------------------------------- cron
    @api.model
    def _reminder_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "notified"),
            ("reminded", "=", False),
            ("remind_date", "<=", today),
            ("deadline", ">=", today),
        ]

    @api.model
    def _escalation_domain(self):
        return [
            ("state", "=", "notified"),
            ("escalated", "=", False),
            ("deadline", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cron_movein_reminders(self):
        """MOV-01: remind the clerk 3 days before the deadline when the resident
        has not come; after the deadline the case goes to the manager. Flags
        make it idempotent; one batch per call."""
        today = fields.Date.context_today(self)
        batch = self._cron_batch_size()
        to_remind = self.search(self._reminder_domain(), limit=batch)._lock_for_cron()
        for case in to_remind:
            case._property_activity(
                "property_service.mail_activity_type_movein_reminder", case.user_id or self.env.user,
                lambda worded: worded.env._("Remind %(resident)s: move-in deadline %(deadline)s",
                                            resident=worded.partner_id.name,
                                            deadline=format_date(worded.env, worded.deadline)),
                date_deadline=today,
            )
        to_remind._workflow_write({"reminded": True})
        to_escalate = self.search(self._escalation_domain(), limit=batch)._lock_for_cron()
        for case in to_escalate.filtered("estate_id.manager_id"):
            case._property_activity(
                "property_service.mail_activity_type_movein_escalation", case.estate_id.manager_id,
                lambda worded: worded.env._("%(resident)s did not come for the move-in of %(unit)s",
                                            resident=worded.partner_id.name, unit=worded.unit_id.display_name),
                date_deadline=today,
            )
        to_escalate._workflow_write({"escalated": True})
        remaining = self.search_count(self._reminder_domain()) + self.search_count(self._escalation_domain())
        self.env["ir.cron"]._notify_progress(done=len(to_remind) + len(to_escalate), remaining=remaining)
        return to_remind, to_escalate
