from odoo import fields, models


class ResCompany(models.Model):
    """Company-wide settings of the service desk (edited in Settings)."""

    _inherit = "res.company"

    # FUP-03 [default]: complaints 100%, repairs 30%.
    property_complaint_followup_target = fields.Float(string="Complaint follow-up target (%)", default=100.0)
    property_repair_followup_target = fields.Float(string="Repair follow-up target (%)", default=30.0)
    # FUP-01/02/04 timing.
    property_complaint_followup_days = fields.Integer(string="Complaint follow-up within (days)", default=3)
    property_emergency_followup_hours = fields.Integer(string="Emergency repair follow-up within (hours)", default=24)
    property_repair_followup_min_days = fields.Integer(string="Repair follow-up from (days)", default=7)
    property_repair_followup_max_days = fields.Integer(string="Repair follow-up until (days)", default=30)
    property_help_followup_days = fields.Integer(string="Help request follow-up within (days)", default=7)
    # MOV-01, FUP-04, REN-03 timing.
    property_movein_reminder_days = fields.Integer(string="Move-in reminder (days before the deadline)", default=3)
    property_movein_followup_days = fields.Integer(string="New resident follow-up after (days)", default=30)
    property_renovation_fix_days = fields.Integer(string="Renovation defects fixed within (days)", default=14)
    # SVC-06 [default]: repair slips are back at engineering by 17:00.
    property_slip_return_hour = fields.Float(string="Repair slips back at engineering by", default=17.0)
    # FUP-04 [default]: a community activity is followed up within a month, for 10% of its participants.
    property_event_followup_rate = fields.Float(string="Activity follow-up rate (%)", default=10.0)
    property_event_followup_days = fields.Integer(string="Activity follow-up within (days)", default=30)
    # REN-03: an inspection asked at least a day ahead is made within 3 working days.
    property_renovation_inspection_days = fields.Integer(
        string="Renovation inspections within (working days)", default=3)
    # REN-06 [default]: the renovation office inspects daily, the guards every 2 days; workers leave by 19:00.
    property_renovation_office_days = fields.Integer(string="Renovation office inspects every (days)", default=1)
    property_renovation_guard_days = fields.Integer(string="Guards inspect renovations every (days)", default=2)
    property_renovation_exit_hour = fields.Float(string="Renovation workers leave by", default=19.0)
    # CLN-02/03 [default]: a corrective action's delay and the monthly cleaning pass-rate target.
    property_corrective_days = fields.Integer(string="Corrective actions done within (days)", default=1)
    property_cleaning_pass_target = fields.Float(string="Cleaning pass-rate target (%)", default=95.0)
    # SAT-01/02 [default]: the owners' satisfaction target and how long a department has to put an item right.
    property_satisfaction_target = fields.Float(string="Satisfaction target (%)", default=90.0)
    property_survey_action_days = fields.Integer(string="Survey corrective actions done within (days)", default=30)
    # The resident portal: what one account may send the desk.
    property_portal_request_limit = fields.Integer(
        string="Online requests per resident and day", default=5,
        help="A resident who reached it is asked to call the service desk: one account cannot flood the desk.")
    property_portal_photo_mb = fields.Integer(string="Largest photo (MB)", default=8)
