from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError



class PropertyCleaningInspection(models.Model):
    """A cleaning inspection (清洁工作检查记录, CLN-02): every check of an
    area's standard marked pass or fail, by the supervisor or by the patroller
    on his round (PAT-04). The area passes when all its key checks pass; each
    failed check gets a corrective action, which a later inspection of the
    area checks (the re-inspection)."""

    _name = "property.cleaning.inspection"
    _description = "Cleaning inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date_inspected desc, id desc"
    # Who inspected, when, the verdict and where the inspection came from are the inspection's own.
    _workflow_fields = frozenset({"name", "user_id", "state", "date_inspected", "passed", "checkin_id",
                                  "reinspection_of_id"})

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", tracking=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True, ondelete="restrict",
                                default=lambda self: self.env.user.property_estate_ids[:1])
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    area_id = fields.Many2one("property.cleaning.area", required=True, index=True,
                              ondelete="restrict",
                              domain="['|', ('estate_id', '=', False), ('estate_id', '=', estate_id)]")
    key_area = fields.Boolean(related="area_id.key_area")
    user_id = fields.Many2one("res.users", string="Cleaning inspector", readonly=True, index=True, tracking=True)
    state = fields.Selection([("draft", "Inspecting"), ("done", "Recorded")], default="draft", required=True,
                             readonly=True, tracking=True, index=True)
    date_inspected = fields.Datetime(string="Inspected at", readonly=True, tracking=True, index=True)
    passed = fields.Boolean(readonly=True, tracking=True, help="CLN-02: all the key checks passed.")
    pass_score = fields.Float(string="Pass rate (%)", compute="_compute_pass_score", store=True, aggregator="avg",
                              help="CLN-03: averaged over inspections, the pass rate.")
    line_ids = fields.One2many("property.cleaning.inspection.line", "inspection_id", string="Checks")
    failed_count = fields.Integer(compute="_compute_failed_count", string="Failed checks")
    action_ids = fields.One2many("property.corrective.action", "inspection_id", string="Corrective actions")
    checkin_id = fields.Many2one("property.patrol.checkin", string="Patrol check-in", readonly=True, index=True,
                                 tracking=True, help="PAT-04: inspected on a patrol round.")
    reinspection_of_id = fields.Many2one("property.cleaning.inspection", string="Re-inspection of", readonly=True,
                                         index=True, tracking=True)
    note = fields.Text()

    @api.depends("state", "passed")
    def _compute_pass_score(self):
        for inspection in self:
            inspection.pass_score = 100.0 if inspection.passed else 0.0

    @api.depends("line_ids.result")
    def _compute_failed_count(self):
        for inspection in self:
            inspection.failed_count = len(inspection.line_ids.filtered(lambda line: line.result == "fail"))

    @api.constrains("area_id", "estate_id")
    def _check_area_estate(self):
        for inspection in self:
            if inspection.area_id.estate_id and inspection.area_id.estate_id != inspection.estate_id:
                raise ValidationError(self.env._("%(area)s is the standard of another estate.",
                                                 area=inspection.area_id.display_name))

    @api.model
    def _workflow_prepare_create(self, vals_list):
        # The reference and the inspector are the system's; the checks are the area's standard.
        Area = self.env["property.cleaning.area"]
        for vals in vals_list:
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.cleaning.inspection") or "/"
            vals.setdefault("user_id", self.env.uid)
            if not vals.get("line_ids") and vals.get("area_id"):
                vals["line_ids"] = [fields.Command.create({"check_id": check.id})
                                    for check in Area.browse(vals["area_id"]).check_ids]
        return super()._workflow_prepare_create(vals_list) | {"name", "user_id"}

    def _workflow_locked(self):
        # A recorded inspection is the evidence its corrective actions point to.
        return super()._workflow_locked() | self.filtered(lambda inspection: inspection.state == "done")

    def _workflow_lock_message(self):
        return self.env._("A recorded cleaning inspection is kept as inspected: inspect the area again (CLN-02).")

    def write(self, vals):
        if "area_id" in vals and self.filtered("line_ids"):
            raise ValidationError(self.env._("The checks of this inspection are listed: start a new one for "
                                             "another area."))
        return super().write(vals)

    # ----------------------------------------------------------------- buttons
    def action_record(self):
        """CLN-02: the inspector records the result once every check is marked."""
        for inspection in self:
            if inspection.state != "draft":
                raise UserError(self.env._("Inspection %(name)s is already recorded.", name=inspection.name))
            if inspection.user_id != self.env.user and not self.env.su:
                raise UserError(self.env._("Only %(user)s, who inspects %(name)s, can record it.",
                                           user=inspection.user_id.name, name=inspection.name))
            if not inspection.line_ids:
                raise ValidationError(self.env._("%(area)s has no checks: add them to its standard first.",
                                                 area=inspection.area_id.display_name))
            inspection.line_ids._apply_limits()
            unexplained = inspection.line_ids.filtered(lambda line: line.result == "fail"
                                                       and not (line.note or "").strip() and not line.photo)
            if unexplained:
                raise ValidationError(self.env._("Say what was wrong, or add a photo, for: %(checks)s.",
                                                 checks="; ".join(unexplained.mapped("name"))))
            key = inspection.line_ids.filtered("key_check") or inspection.line_ids
            inspection._workflow_write({"state": "done", "date_inspected": fields.Datetime.now(),
                                        "passed": all(line.result == "pass" for line in key)})
        self.env["property.corrective.action"]._follow_inspections(self)

    def action_reinspect(self):
        """CLN-02: the re-inspection of a failed area, as a new inspection of
        its standard by the current user; recording it checks the area's
        open corrective actions."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Record inspection %(name)s first.", name=self.name))
        reinspection = self._workflow_create([{"estate_id": self.estate_id.id, "area_id": self.area_id.id,
                                               "reinspection_of_id": self.id}])
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": reinspection.id,
                "view_mode": "form", "target": "current"}

    def action_view_actions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("property_service.property_corrective_action_action")
        action["domain"] = [("inspection_id", "in", self.ids)]
        return action

    # -------------------------------------------------------------- from a patrol
    @api.model
    def _from_patrol(self, checkin, failed_checks):
        """PAT-04: a point found not clean on a round is an inspection of its
        area, recorded at once by the patroller: the checks he ticked failed,
        with his note and photo, the others passed."""
        area = checkin.point_id.cleaning_area_id
        if not area:
            return self.browse()
        failed_checks = failed_checks & area.check_ids
        if not failed_checks:
            raise ValidationError(self.env._("Tick the checks of %(area)s that are not met.", area=area.name))
        inspection = self._workflow_create([{
            "estate_id": checkin.estate_id.id, "area_id": area.id, "checkin_id": checkin.id, "note": checkin.note,
        }])
        for line in inspection.line_ids.filtered(lambda line: line.check_id in failed_checks):
            line.write({"result": "fail", "note": checkin.note, "photo": checkin.photo})
        inspection.action_record()
        return inspection

    def _corrective_action_vals(self, line):
        """Who puts a failed check right: the estate's cleaning lead (else its
        supervisor), by the office's default delay; both can be changed."""
        estate = self.estate_id
        responsible = estate.cleaning_user_id or estate.supervisor_id or self.user_id
        return {
            "name": f"{line.name}: {line.note}" if line.note else line.name,
            "estate_id": estate.id, "source": "cleaning", "department": "cleaning",
            "inspection_id": self.id, "check_id": line.check_id.id, "user_id": responsible.id,
            "deadline": self.env["property.corrective.action"]._default_deadline(estate),
        }

    @api.model
    def _pass_rates(self, domain):
        """CLN-03: the pass rate (%) of the recorded inspections matching
        ``domain``, per estate and area: {(estate, area): (rate, count)}."""
        groups = self._read_group(domain + [("state", "=", "done")], ["estate_id", "area_id"],
                                  ["pass_score:avg", "__count"])
        return {(estate, area): (rate, count) for estate, area, rate, count in groups}
