from odoo import api, fields, models


class HrEmployee(models.Model):
    """Butlers and service staff are employees: their role, the buildings of
    their zone, the posts whose keys they may take (KEY-02), and their
    keys, discipline records, logs and visits. Like every private employee
    field these are HR's; the property addons read them as the system."""

    _inherit = "hr.employee"

    property_role = fields.Selection(
        [
            ("butler", "Butler"),
            ("chief_butler", "Chief butler"),
            ("supervisor", "Supervisor"),
            ("desk", "Service desk"),
        ],
        string="Property role",
        groups="hr.group_hr_user",
    )
    property_zone_building_ids = fields.Many2many(
        "property.building", "property_employee_zone_rel", "employee_id", "building_id", string="Zone",
        help="The buildings whose households this butler serves (PRF-02, VIS-01).", groups="hr.group_hr_user",
    )
    property_post_ids = fields.Many2many(
        "property.post", "property_post_employee_rel", "employee_id", "post_id", string="Posts",
        help="KEY-02: the posts whose work keys this employee may take.", groups="hr.group_hr_user",
    )
    # HR's figures of the employee: restricted like every private employee field (hr.employee.public has none).
    property_key_ids = fields.One2many("property.key", "holder_id", string="Keys held", groups="hr.group_hr_user")
    property_discipline_ids = fields.One2many("property.discipline", "employee_id", string="Discipline records",
                                              groups="hr.group_hr_user")
    property_key_count = fields.Integer(compute="_compute_property_counts", groups="hr.group_hr_user")
    property_discipline_count = fields.Integer(compute="_compute_property_counts", groups="hr.group_hr_user")
    property_log_count = fields.Integer(compute="_compute_property_counts", groups="hr.group_hr_user")
    property_visit_count = fields.Integer(compute="_compute_property_counts", groups="hr.group_hr_user")
    property_duty_access = fields.Boolean(compute="_compute_property_counts", groups="hr.group_hr_user",
                                          help="The current user works with shifts, logs and visits.")

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees._property_zone_changed()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if "property_zone_building_ids" in vals or "user_id" in vals:
            self._property_zone_changed()
        return res

    def unlink(self):
        self._property_zone_changed()
        return super().unlink()

    def _property_zone_changed(self):
        # The profile record rules read the zone; their domains are cached per user.
        if self.sudo().filtered("property_zone_building_ids"):
            self.env.registry.clear_cache()

    def _compute_property_counts(self):
        def counts(model, field, domain=()):
            # sudo: figures only; HR sees them on the employee without reading the documents.
            return dict(self.env[model].sudo()._read_group([(field, "in", self.ids), *domain], [field], ["__count"]))
        duty_access = self.env.user.has_group("property_service.group_property_clerk")
        keys = counts("property.key", "holder_id")
        logs = counts("property.handover.log", "outgoing_employee_id")
        visits = counts("property.visit", "employee_id")
        disciplines = (
            counts("property.discipline", "employee_id") if self.env.user.has_group("hr.group_hr_user") else {}
        )
        for employee in self:
            employee.property_key_count = keys.get(employee, 0)
            employee.property_log_count = logs.get(employee, 0)
            employee.property_visit_count = visits.get(employee, 0)
            employee.property_duty_access = duty_access
            if self.env.user.has_group("hr.group_hr_user"):
                employee.property_discipline_count = disciplines.get(employee, 0)

    def _property_action(self, xmlid, field):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        return dict(action, domain=[(field, "=", self.id)], context={f"default_{field}": self.id})

    def action_view_property_keys(self):
        return self._property_action("property_butler.property_key_action", "holder_id")

    def action_view_property_disciplines(self):
        return self._property_action("property_butler.property_discipline_action", "employee_id")

    def action_view_property_logs(self):
        return self._property_action("property_butler.property_handover_log_action", "outgoing_employee_id")

    def action_view_property_visits(self):
        return self._property_action("property_butler.property_visit_action", "employee_id")
