from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    property_deposit_account_id = fields.Many2one(related="company_id.property_deposit_account_id", readonly=False)
    property_penalty_account_id = fields.Many2one(related="company_id.property_penalty_account_id", readonly=False)
    property_repair_account_id = fields.Many2one(related="company_id.property_repair_account_id", readonly=False)
    property_deduction_account_id = fields.Many2one(related="company_id.property_deduction_account_id", readonly=False)
    property_service_account_id = fields.Many2one(related="company_id.property_service_account_id", readonly=False)
    property_refund_journal_id = fields.Many2one(related="company_id.property_refund_journal_id", readonly=False)
    property_notice_print_limit = fields.Integer(related="company_id.property_notice_print_limit", readonly=False)
    property_dispute_days = fields.Integer(related="company_id.property_dispute_days", readonly=False)
    property_bill_run_inline_limit = fields.Integer(related="company_id.property_bill_run_inline_limit",
                                                    readonly=False)
