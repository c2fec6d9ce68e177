from odoo import api, fields, models
from odoo.exceptions import ValidationError

# HND-05: the service centre's duty runs 8:30 to 8:30 (the rulebook's rule, not a default).
DESK_DUTY_START = 8.5
DESK_DUTY_HOURS = 24.0


class PropertyPost(models.Model):
    """A post (岗位): the service-centre desk, a building's butler, a gate.
    Its shifts, its work keys and who may take them (KEY-02)."""

    _name = "property.post"
    _description = "Post"
    _order = "estate_id, name"

    name = fields.Char(required=True, translate=True)
    estate_id = fields.Many2one("property.estate", required=True, index=True)
    company_id = fields.Many2one(related="estate_id.company_id", store=True, index=True)
    kind = fields.Selection([("desk", "Service desk"), ("butler", "Butler"), ("guard", "Guard"), ("other", "Other")],
                            required=True, default="butler")
    shift_start = fields.Float(
        string="Shift starts",
        compute="_compute_shift_start",
        store=True,
        readonly=False,
        precompute=True,
        help="HND-05: the service desk's duty runs 8:30 to 8:30.",
    )
    shift_hours = fields.Float(
        string="Shift length (hours)",
        compute="_compute_shift_hours",
        store=True,
        readonly=False,
        precompute=True,
        help="HND-05: the service desk is manned round the clock, 8:30 to 8:30.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working hours",
        help="Day posts work this calendar's days and hours, holidays off. Leave empty for a post manned every day "
             "at its own hours, such as the service desk's 8:30 to 8:30 (HND-05).",
    )
    keys_required = fields.Boolean(default=True, help="Staff on duty here must take the post's keys (KEY-03).")
    key_ids = fields.One2many("property.key", "post_id", string="Work keys")
    employee_ids = fields.Many2many(
        "hr.employee", "property_post_employee_rel", "post_id", "employee_id", string="Staff"
    )
    active = fields.Boolean(default=True)

    @api.depends("kind")
    def _compute_shift_start(self):
        """HND-05: the service desk's duty starts at 8:30; other posts start
        the office day at 8:30 too until the supervisor sets their hours."""
        for post in self:
            if post.kind == "desk" or not post.shift_start:
                post.shift_start = DESK_DUTY_START

    @api.depends("kind")
    def _compute_shift_hours(self):
        for post in self:
            post.shift_hours = DESK_DUTY_HOURS if post.kind == "desk" else 9.0

    @api.constrains("shift_start", "shift_hours")
    def _check_shift(self):
        for post in self:
            if not (0 <= post.shift_start < 24 and 0 < post.shift_hours <= 24):
                raise ValidationError(self.env._("A shift starts between 00:00 and 23:59 and lasts up to 24 hours."))

    @api.constrains("shift_hours", "resource_calendar_id")
    def _check_round_the_clock(self):
        """HND-05: a post manned round the clock (the desk's 8:30 to 8:30)
        works every day at its own hours; no working calendar can hold it."""
        for post in self:
            if post.shift_hours >= DESK_DUTY_HOURS and post.resource_calendar_id:
                raise ValidationError(self.env._(
                    "%(post)s is manned round the clock (HND-05): it works every day at its own hours, so leave its "
                    "working hours empty.", post=post.name))
