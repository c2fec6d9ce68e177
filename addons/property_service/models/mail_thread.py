from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """"… created" in the chatter of a document a job or the system made
        in the office's language. A scheduled action runs without a language:
        Odoo then words "created" in its user's language but reads the
        document's name in English ("Daily check of the duty records 创建")."""
        if not self.env.context.get("lang") and hasattr(self, "_property_office_lang"):
            return super(MailThread, self.with_context(lang=self._property_office_lang()))._creation_message()
        return super()._creation_message()
