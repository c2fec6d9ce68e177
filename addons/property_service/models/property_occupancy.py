from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyOccupancy(models.Model):
    """Who owns or lives in a unit, from when to when (the unit's history)."""

    _name = "property.occupancy"
    _description = "Occupancy"
    _inherit = ["property.workflow.mixin"]
    _order = "unit_id, date_start desc"
    _workflow_user_fields = {
        "date_start": "From the purchase contract or lease the clerk holds.",
        "date_end": "From the move-out, or the end of the lease.",
    }

    unit_id = fields.Many2one("property.unit", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True, index=True, ondelete="restrict")
    role = fields.Selection(
        [("owner", "Owner"), ("tenant", "Tenant"), ("family", "Family member")],
        required=True,
        default="owner",
    )
    lives_in = fields.Boolean(
        string="Lives in the unit", default=True,
        help="Unticked for an owner who does not live there (a vacant or rented unit).",
    )
    date_start = fields.Date(string="From", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="Until")
    is_current = fields.Boolean(compute="_compute_is_current", search="_search_is_current", string="Current")
    phone = fields.Char(related="partner_id.phone", readonly=False)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for occupancy in self:
            if occupancy.date_end and occupancy.date_end < occupancy.date_start:
                raise ValidationError(
                    self.env._("The occupancy of %(resident)s in %(unit)s ends before it starts.",
                      resident=occupancy.partner_id.display_name, unit=occupancy.unit_id.display_name)
                )

    @api.constrains("partner_id", "unit_id", "role", "date_start", "date_end")
    def _check_overlap(self):
        for occupancy in self:
            domain = [
                ("id", "!=", occupancy.id),
                ("unit_id", "=", occupancy.unit_id.id),
                ("partner_id", "=", occupancy.partner_id.id),
                "|", ("date_end", "=", False), ("date_end", ">=", occupancy.date_start),
            ]
            if occupancy.date_end:
                domain.append(("date_start", "<=", occupancy.date_end))
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._("%(resident)s already has an occupancy of %(unit)s in this period.",
                      resident=occupancy.partner_id.display_name, unit=occupancy.unit_id.display_name)
                )

    def _is_current(self, day):
        self.ensure_one()
        return self.date_start <= day and (not self.date_end or self.date_end >= day)

    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for occupancy in self:
            occupancy.is_current = occupancy._is_current(today)

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on current occupancy."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("date_start", "<=", today), "|", ("date_end", "=", False), ("date_end", ">=", today)]
        return ["|", ("date_start", ">", today), ("date_end", "<", today)]

    @api.depends("unit_id", "partner_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for occupancy in self:
            role = roles.get(occupancy.role, "")
            occupancy.display_name = f"{occupancy.unit_id.display_name} · {occupancy.partner_id.name or ''} ({role})"
