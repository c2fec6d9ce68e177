from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_discipline_hr_user_id = fields.Many2one(
        "res.users", string="HR officer for discipline",
        help="Receives the activities of discipline records arising from keys (KEY-03).",
    )
    property_profile_grant_hours = fields.Integer(
        string="Profile access approval valid (hours)", default=24,
        help="PRF-02: access outside one's zone approved by the chief butler expires after this time.",
    )
    property_reminder_days = fields.Integer(
        string="Birthday reminders (days before)",
        default=3,
        help="Birthdays and anniversaries are announced this early.",
    )
    property_phone_visit_rule = fields.Selection(
        [("refuse", "Refuse the call"), ("move", "Move it to the next allowed time")],
        string="Phone visit at a forbidden time", default="move", required=True,
        help="VIS-02: no calls on Mondays, before 9:00, 12:00-14:00, 17:30-19:00 or after 21:00.",
    )
    property_vacant_target = fields.Float(string="Vacant units in good order target (%)", default=98.0, help="VAC-02")
