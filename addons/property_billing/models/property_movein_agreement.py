from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("bank_account_id", "signed", "movein_id")
    def _check_bank_account(self):
        """BIL-06: the bank debits the account the agreement names: one of
        the household's own, never someone else's (whatever the client)."""
        for agreement in self.filtered("bank_account_id"):
            if agreement.bank_account_id.partner_id != agreement.partner_id:
                raise ValidationError(self.env._(
                    "Account %(account)s belongs to %(holder)s, not to %(partner)s who signs the bank collection "
                    "agreement of %(movein)s: choose one of %(partner)s's accounts (BIL-06).",
                    account=agreement.bank_account_id.display_name,
                    holder=agreement.bank_account_id.partner_id.display_name,
                    partner=agreement.partner_id.display_name, movein=agreement.movein_id.display_name))

    def write(self, vals):
        """BIL-06: a change of the account debited is kept on the move-in's
        chatter (which account, from when, who changed it)."""
        before = {agreement: agreement.bank_account_id for agreement in self} if "bank_account_id" in vals else {}
        result = super().write(vals)
        for agreement, old in before.items():
            new = agreement.bank_account_id
            if old != new:
                # sudo: the audit trail is the system's, whoever may post on the move-in; the author stays who acted.
                agreement.movein_id.sudo()._property_note(
                    lambda worded, agreement=agreement, old=old, new=new: worded.env._(
                        "%(agreement)s: account debited %(old)s → %(new)s (BIL-06).",
                        agreement=agreement.agreement_type_id.with_context(lang=worded.env.lang).display_name,
                        old=old.acc_number or "—", new=new.acc_number or "—"))
        return result
