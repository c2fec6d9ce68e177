import cn2an

from odoo import models


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def _amount_to_cn_capitals(self, amount):
        """The amount in Chinese capitals (大写金额), e.g. 壹佰贰拾叁元肆角伍分,
        as printed on slips and payment notices; cn2an does the conversion.
        Other languages use Odoo's ``amount_to_text`` (num2words)."""
        self.ensure_one()
        rounded = self.round(amount)
        text = cn2an.an2cn(f"{abs(rounded):.2f}", "rmb")
        return ("负" + text) if rounded < 0 else text
