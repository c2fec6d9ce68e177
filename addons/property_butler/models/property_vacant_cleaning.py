from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyVacantCleaning(models.Model):
    """The cleaning of a vacant unit every half month (VAC-01), its own
    schedule beside the monthly inspection: each cleaning, when done, plans
    the next one a set number of days later ([default] 15, a setting) while
    the unit stays vacant; the cleaning planned for a unit that is no longer
    vacant is cancelled by the schedule."""

    _name = "property.vacant.cleaning"
    _description = "Vacant unit cleaning"
    _inherit = ["mail.thread", "property.cron.mixin", "property.workflow.mixin"]
    _order = "date_due, id"
    # VAC-01: planned by the schedule, done by its button.
    _workflow_fields = frozenset({"date_due", "state", "date_done", "done_by_id"})

    unit_id = fields.Many2one("property.unit", required=True, index=True, ondelete="cascade")
    building_id = fields.Many2one(related="unit_id.building_id", store=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    date_due = fields.Date(string="Due", readonly=True, index=True, tracking=True)
    state = fields.Selection([("planned", "To clean"), ("done", "Cleaned"), ("cancelled", "No longer vacant")],
                             default="planned", required=True, readonly=True, index=True, tracking=True)
    date_done = fields.Date(string="Cleaned on", readonly=True, tracking=True)
    done_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True, tracking=True)
    cleaner = fields.Char(string="Cleaned by", help="The cleaner who did it.")
    note = fields.Char()
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    def init(self):
        # VAC-01: one cleaning to come per unit, whatever two workers do at once.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS property_vacant_cleaning_planned_uniq "
            "ON property_vacant_cleaning (unit_id) WHERE state = 'planned'"
        )

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """A cleaning planned without a date (by hand, or by the schedule for a
        newly vacant unit) is due today, in the estate's time."""
        Unit = self.env["property.unit"]
        today = Unit.browse([vals.get("unit_id") for vals in vals_list if not vals.get("date_due")]).estate_id \
            ._local_todays()
        for vals in vals_list:
            if not vals.get("date_due"):
                vals["date_due"] = today[Unit.browse(vals.get("unit_id")).estate_id]
        return super()._workflow_prepare_create(vals_list) | {"date_due"}

    def _compute_overdue(self):
        for cleaning in self:
            cleaning.overdue = cleaning.state == "planned" and cleaning.date_due < cleaning.estate_id._local_today()

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue cleanings."))
        # VAC-01: due before today in the unit's estate's own time.
        overdue = self.env["property.estate"]._local_today_domain(lambda day: [("date_due", "<", day)])
        domain = [("state", "=", "planned"), *overdue]
        return domain if (operator == "=") == value else ["!", *domain]

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda cleaning: cleaning.state != "planned")

    def _workflow_lock_message(self):
        return self.env._("A cleaning that was done or cancelled is kept as recorded (VAC-01).")

    def action_done(self):
        """VAC-01: recorded as cleaned today; the next cleaning of a unit still
        vacant is due the set number of days later."""
        for cleaning in self:
            if cleaning.state != "planned":
                raise UserError(self.env._("The cleaning of %(unit)s is done or cancelled already.",
                                           unit=cleaning.unit_id.display_name))
        for cleaning in self:
            cleaning._workflow_write({"state": "done", "date_done": cleaning.estate_id._local_today(),
                                      "done_by_id": self.env.uid})
        # The planned one is done before its successor is planned (the unique index on what is planned).
        self.flush_recordset(["state"])
        still_vacant = self.filtered(lambda cleaning: cleaning.unit_id.state == "vacant")
        self._workflow_create([{
            "unit_id": cleaning.unit_id.id,
            "date_due": cleaning.date_done + timedelta(days=cleaning.company_id.property_vacant_cleaning_days),
        } for cleaning in still_vacant])

    @api.model
    def _cron_plan(self):
        """VAC-01: the cleanings planned for units no longer vacant (lived
        in, let, under renovation) are cancelled — none follows them; every
        vacant unit has its next cleaning planned, one that has none (newly
        vacant) due today. Returns the cleanings planned."""
        size = self._cron_batch_size()
        ended_domain = [("state", "=", "planned"), ("unit_id.state", "!=", "vacant")]
        ended = self.search(ended_domain, limit=size, order="id")._lock_for_cron()
        ended._workflow_write({"state": "cancelled"})
        planned = self.search([("state", "=", "planned")]).unit_id
        units = self.env["property.unit"].search([("state", "=", "vacant"), ("usage", "!=", "parking"),
                                                  ("id", "not in", planned.ids)])
        batch = units[:max(size - len(ended), 0)]
        created = self.create([{"unit_id": unit.id} for unit in batch])
        self.env["ir.cron"]._notify_progress(
            done=len(ended) + len(created),
            remaining=self.search_count(ended_domain) + len(units) - len(batch))
        return created
