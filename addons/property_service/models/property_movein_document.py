from odoo import api, fields, models
from odoo.exceptions import ValidationError

# MOV-02: what the clerk checks and keeps.
DOCUMENT_KINDS = [
    ("notice", "Move-in notice"),
    ("purchase_contract", "Purchase contract"),
    ("payment_proof", "Proof of payment"),
    ("id_photos", "ID card and two photos"),
    ("power_of_attorney", "Power of attorney"),
    ("agent_id", "Agent's ID card"),
    ("company_papers", "Company papers"),
    ("lease", "Signed lease"),
]


class PropertyMoveinDocument(models.Model):
    """A document of the move-in checklist: seen, and a copy kept."""

    _name = "property.movein.document"
    _description = "Move-in document"
    _inherit = ["property.workflow.mixin"]
    _order = "movein_id, sequence, id"
    _workflow_parent = "movein_id"

    movein_id = fields.Many2one("property.movein", string="Move-in", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="movein_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="movein_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(DOCUMENT_KINDS, required=True)
    seen = fields.Boolean(help="The original was shown to the clerk.")
    copy_kept = fields.Boolean(string="Copy kept")
    attachment_ids = fields.Many2many("ir.attachment", string="Scans")
    note = fields.Char()

    @api.constrains("seen", "copy_kept")
    def _check_copy_of_seen(self):
        """MOV-02: a copy is kept of an original the clerk saw."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for document in self:
            if document.copy_kept and not document.seen:
                raise ValidationError(self.env._("Tick %(doc)s as seen before keeping its copy (MOV-02).",
                                                 doc=kinds[document.kind]))
