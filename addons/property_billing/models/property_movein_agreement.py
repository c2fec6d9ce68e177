from odoo import api, fields, models


class PropertyMoveinAgreement(models.Model):
    """The bank collection agreement signed at move-in (MOV-03) names the
    account the monthly bills are debited from (BIL-06)."""

    _inherit = "property.movein.agreement"
    # The owner may change his bank account after moving in: the office records the new one.
    _workflow_open_fields = frozenset({"bank_account_id"})

    bank_collection = fields.Boolean(related="agreement_type_id.bank_collection")
    bank_account_id = fields.Many2one(
        "res.partner.bank", string="Account debited", ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        help="BIL-06: the account the bank debits each week for the household's bills.",
    )
    partner_id = fields.Many2one(related="movein_id.partner_id")

    @api.onchange("signed")
    def _onchange_signed_bank_account(self):
        for agreement in self.filtered(lambda a: a.bank_collection and a.signed and not a.bank_account_id):
            agreement.bank_account_id = agreement.partner_id.bank_ids[:1]
