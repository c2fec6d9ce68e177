from odoo import _, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _check_signed_handover(self):
        """HND-03: the signatures of a signed log are stored as attachments;
        removing or replacing them would alter the log underneath."""
        logs = self.sudo().filtered(lambda a: a.res_model == "property.handover.log" and a.res_field and a.res_id)
        if logs and self.env["property.handover.log"].sudo().browse(logs.mapped("res_id")).filtered(
                lambda log: log.state == "signed"):
            raise UserError(_("A signed handover log cannot be changed: write a correction instead (HND-03)."))

    def write(self, vals):
        self._check_signed_handover()
        return super().write(vals)

    def unlink(self):
        self._check_signed_handover()
        return super().unlink()
