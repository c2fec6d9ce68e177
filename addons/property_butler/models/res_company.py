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
    property_visit_hour = fields.Float(
        string="Visits planned at", default=10.0,
        help="VIS-01/03: the local time of the estate at which the visit round and event visits are planned.",
    )
    property_vacant_target = fields.Float(string="Vacant units in good order target (%)", default=98.0, help="VAC-02")
    property_vacant_cleaning_days = fields.Integer(
        string="Vacant units cleaned every (days)", default=15,
        help="VAC-01: each vacant unit is cleaned every half month; the next cleaning is due this many days after "
             "the last one.",
    )
    property_roster_reminder_days = fields.Integer(
        string="Duty roster reminder (days before the month ends)", default=7,
        help="HND-07: when next month's duty roster is not published this many days before the month ends, the "
             "estate's supervisor gets a task.",
    )
    property_duty_check_hour = fields.Float(
        string="Daily check signed by", default=10.0,
        help="HND-06: on each working day the supervisor checks and signs the duty and handover records of the "
             "days before by this local time; later, he gets a reminder.",
    )
