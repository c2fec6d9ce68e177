from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_complaint_followup_target = fields.Float(
        related="company_id.property_complaint_followup_target", readonly=False
    )
    property_repair_followup_target = fields.Float(related="company_id.property_repair_followup_target", readonly=False)
    property_complaint_followup_days = fields.Integer(
        related="company_id.property_complaint_followup_days", readonly=False
    )
    property_emergency_followup_hours = fields.Integer(
        related="company_id.property_emergency_followup_hours", readonly=False
    )
    property_repair_followup_min_days = fields.Integer(
        related="company_id.property_repair_followup_min_days", readonly=False
    )
    property_repair_followup_max_days = fields.Integer(
        related="company_id.property_repair_followup_max_days", readonly=False
    )
    property_help_followup_days = fields.Integer(related="company_id.property_help_followup_days", readonly=False)
    property_movein_reminder_days = fields.Integer(related="company_id.property_movein_reminder_days", readonly=False)
    property_movein_followup_days = fields.Integer(related="company_id.property_movein_followup_days", readonly=False)
    property_renovation_fix_days = fields.Integer(related="company_id.property_renovation_fix_days", readonly=False)
    property_slip_return_hour = fields.Float(related="company_id.property_slip_return_hour", readonly=False)
    property_event_followup_rate = fields.Float(related="company_id.property_event_followup_rate", readonly=False)
    property_event_followup_days = fields.Integer(related="company_id.property_event_followup_days", readonly=False)
    property_renovation_inspection_days = fields.Integer(
        related="company_id.property_renovation_inspection_days", readonly=False)
    property_renovation_office_days = fields.Integer(
        related="company_id.property_renovation_office_days", readonly=False)
    property_renovation_guard_days = fields.Integer(
        related="company_id.property_renovation_guard_days", readonly=False)
    property_renovation_exit_hour = fields.Float(related="company_id.property_renovation_exit_hour", readonly=False)
    property_corrective_days = fields.Integer(related="company_id.property_corrective_days", readonly=False)
    property_cleaning_pass_target = fields.Float(related="company_id.property_cleaning_pass_target", readonly=False)
    property_satisfaction_target = fields.Float(related="company_id.property_satisfaction_target", readonly=False)
    property_survey_action_days = fields.Integer(related="company_id.property_survey_action_days", readonly=False)
    property_portal_request_limit = fields.Integer(
        related="company_id.property_portal_request_limit", readonly=False
    )
    property_portal_photo_mb = fields.Integer(related="company_id.property_portal_photo_mb", readonly=False)
    property_cron_batch_size = fields.Integer(
        string="Scheduled actions: batch size",
        config_parameter="property_service.cron_batch_size",
        default=500,
    )
