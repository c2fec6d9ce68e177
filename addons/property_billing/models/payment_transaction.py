from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _create_payment(self, **extra_create_values):
        """A resident's online payment of his bills is dated on the estate's
        calendar: paid at 07:00 in Shanghai is paid that day, not the day
        before in UTC, and the late fee stops from that date (PEN-03)."""
        estates = self.invoice_ids.property_estate_id
        if len(estates) == 1 and "date" not in extra_create_values:
            extra_create_values["date"] = estates._local_today()
        return super()._create_payment(**extra_create_values)
