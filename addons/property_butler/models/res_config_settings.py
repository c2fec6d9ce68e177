from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_discipline_hr_user_id = fields.Many2one(
        related="company_id.property_discipline_hr_user_id", readonly=False
    )
    property_profile_grant_hours = fields.Integer(related="company_id.property_profile_grant_hours", readonly=False)
    property_reminder_days = fields.Integer(related="company_id.property_reminder_days", readonly=False)
    property_phone_visit_rule = fields.Selection(related="company_id.property_phone_visit_rule", readonly=False)
    property_visit_hour = fields.Float(related="company_id.property_visit_hour", readonly=False)
    property_vacant_target = fields.Float(related="company_id.property_vacant_target", readonly=False)
    property_vacant_cleaning_days = fields.Integer(related="company_id.property_vacant_cleaning_days", readonly=False)
    property_roster_reminder_days = fields.Integer(related="company_id.property_roster_reminder_days", readonly=False)
    property_duty_check_hour = fields.Float(related="company_id.property_duty_check_hour", readonly=False)
