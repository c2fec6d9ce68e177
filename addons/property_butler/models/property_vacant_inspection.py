from odoo import api, fields, models
from odoo.exceptions import UserError

CHECKS = ["doors_windows_ok", "water_off", "power_off", "gas_off", "no_leak", "no_cracks", "cleaned"]


class PropertyVacantInspection(models.Model):
    """The monthly inspection of a vacant unit (VAC-01): doors and windows,
    water, power and gas shut, no leak, no crack, cleaned. Problems go to
    engineering and the owner is told; VAC-02 targets 98 % in good order."""

    _name = "property.vacant.inspection"
    _description = "Vacant unit inspection"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date desc, id desc"
    # VAC-01/02: done by its button, which records who inspected, sends the
    # problems to engineering and tells the owner; then kept as done.
    _workflow_fields = frozenset({"state", "employee_id", "request_id", "owner_informed"})

    unit_id = fields.Many2one("property.unit", required=True, index=True)
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    month = fields.Char(required=True, index=True, help="YYYY-MM")
    date = fields.Date(default=fields.Date.context_today)
    employee_id = fields.Many2one("hr.employee", string="Inspected by", readonly=True, tracking=True)
    doors_windows_ok = fields.Boolean(string="Doors and windows closed")
    water_off = fields.Boolean(string="Water shut")
    power_off = fields.Boolean(string="Power shut")
    gas_off = fields.Boolean(string="Gas shut")
    no_leak = fields.Boolean(string="No leak")
    no_cracks = fields.Boolean(string="No cracks")
    cleaned = fields.Boolean(string="Cleaned (every half month)")
    problems = fields.Text()
    owner_informed = fields.Boolean(readonly=True, tracking=True)
    request_id = fields.Many2one("property.request", string="Engineering request", readonly=True, tracking=True)
    state = fields.Selection(
        [("planned", "To inspect"), ("done", "Done")],
        default="planned",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    good_order = fields.Boolean(compute="_compute_good_order", store=True)
    good_order_score = fields.Float(
        string="In good order (%)", compute="_compute_good_order", store=True, aggregator="avg"
    )
    target_score = fields.Float(
        related="company_id.property_vacant_target", string="Target (%)", store=True, aggregator="avg"
    )
    keys_taken_over = fields.Boolean(
        compute="_compute_keys_taken_over", help="KEY-04: the unit's keys are in the key register, numbered."
    )

    _sql_constraints = [("unit_month_uniq", "unique(unit_id, month)", "This unit is already inspected this month.")]

    @api.depends(*CHECKS, "state")
    def _compute_good_order(self):
        for inspection in self:
            inspection.good_order = inspection.state == "done" and all(inspection[check] for check in CHECKS)
            inspection.good_order_score = 100.0 if inspection.good_order else 0.0

    def _compute_keys_taken_over(self):
        keys = self.env["property.key"]._read_group(
            [("unit_id", "in", self.unit_id.ids), ("key_type", "=", "vacant"), ("state", "in", ("in", "out"))],
            ["unit_id"], ["__count"])
        units = {unit for unit, _count in keys}
        for inspection in self:
            inspection.keys_taken_over = inspection.unit_id in units

    @api.model
    def _good_order_rates(self, estates, months):
        """VAC-02: {(estate id, month): % of the month's inspected vacant units found in good order}."""
        groups = self._read_group(
            [("estate_id", "in", estates.ids), ("month", "in", list(months)), ("state", "=", "done")],
            ["estate_id", "month"], ["good_order_score:avg"])
        return {(estate.id, month): rate for estate, month, rate in groups}

    def action_register_keys(self):
        """KEY-04: take over the vacant unit's keys: a numbered entry in the register."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window", "name": self.env._("Take over the keys"),
            "res_model": "property.key", "view_mode": "form", "target": "new",
            "context": {"default_key_type": "vacant", "default_unit_id": self.unit_id.id,
                        "default_estate_id": self.estate_id.id,
                        "default_name": f"KZ-{self.unit_id.name}"},
        }

    def action_done(self):
        for inspection in self:
            if not inspection.keys_taken_over:
                raise UserError(self.env._(
                    "Take over the keys of %(unit)s first: every vacant unit's keys are kept in the key register, "
                    "numbered (KEY-04).", unit=inspection.unit_id.display_name))
            if not all(inspection[check] for check in CHECKS) and not inspection.problems:
                raise UserError(
                    self.env._("Describe the problems found in %(unit)s.", unit=inspection.unit_id.display_name)
                )
        for inspection in self:
            if inspection.state != "planned":
                raise UserError(
                    self.env._("%(unit)s is already inspected this month.", unit=inspection.unit_id.display_name)
                )
        self._workflow_write({"state": "done", "employee_id": self.env.user.employee_id.id or False})
        self.filtered(lambda i: not i.good_order and not i.request_id)._send_to_engineering()

    def _send_to_engineering(self):
        """VAC-01: problems go to engineering and the owner is told."""
        for inspection in self:
            owner = inspection.unit_id.owner_id
            inspection._workflow_write(
                {
                    "request_id": self.env["property.request"]
                    .create(
                        {
                            "estate_id": inspection.estate_id.id,
                            "unit_id": inspection.unit_id.id,
                            "partner_id": owner.id,
                            "channel": "visit",
                            "category": "in_unit_repair",
                            "department": "engineering",
                            "tier": "normal",
                            "description": self.env._(
                                "Vacant unit inspection: %(problems)s", problems=inspection.problems
                            ),
                        }
                    )
                    .id
                }
            )
            if owner:
                # To the owner, in his language.
                worded = inspection.with_context(lang=owner.lang or self.env.lang)
                inspection.message_post(
                    body=worded.env._(
                        "Your vacant unit %(unit)s was inspected: %(problems)s Engineering will repair it "
                        "(%(request)s).",
                        unit=inspection.unit_id.display_name,
                        problems=inspection.problems,
                        request=inspection.request_id.name,
                    ),
                    partner_ids=owner.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
                inspection._workflow_write({"owner_informed": True})

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda i: i.state == "done")

    def _workflow_lock_message(self):
        return self.env._("The inspection of %(units)s is done: it is kept as recorded (VAC-01).",
                 units=", ".join(self.unit_id.mapped("display_name")))

    @api.model
    def _cron_plan_inspections(self):
        """VAC-01: every vacant unit is inspected at least monthly: in the
        month of its estate's own clock, planned for today there."""
        units = self.env["property.unit"].search([("state", "=", "vacant"), ("usage", "!=", "parking")])
        today = units.estate_id._local_todays()
        planned = set(self._read_group(
            [("unit_id", "in", units.ids), ("month", "in", list({day.strftime("%Y-%m") for day in today.values()}))],
            ["unit_id", "month"]))
        todo = units.filtered(lambda unit: (unit, today[unit.estate_id].strftime("%Y-%m")) not in planned)
        batch = todo[:self._cron_batch_size()]
        created = self.create([{"unit_id": unit.id, "month": today[unit.estate_id].strftime("%Y-%m"),
                                "date": today[unit.estate_id]} for unit in batch])
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=len(todo) - len(batch))
        return created
