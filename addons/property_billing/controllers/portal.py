from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount


class PropertyBillingPortal(PortalAccount):
    """The household's bills on Odoo's own /my/invoices: explained, with the
    payment notice and disputes (BIL-05). Bills go to the owner, who follows
    them: Odoo's portal rule on invoices shows them to him and to nobody else."""

    def _property_bill(self, invoice_id, access_token=None):
        try:
            return self._document_check_access("account.move", invoice_id, access_token)
        except (AccessError, MissingError) as error:
            # Another household's bill and an id that does not exist answer alike.
            raise NotFound() from error

    @http.route(["/my/invoices/<int:invoice_id>"], type="http", auth="public", website=True)
    def portal_my_invoice_detail(self, invoice_id, access_token=None, report_type=None, download=False, **kw):
        self._property_bill(invoice_id, access_token)
        return super().portal_my_invoice_detail(invoice_id, access_token=access_token, report_type=report_type,
                                                download=download, **kw)

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        if invoice.property_unit_id:
            values["property_bill"] = invoice._property_portal_bill()
        return values

    @http.route("/my/invoices/<int:invoice_id>/notice", type="http", auth="public", website=True)
    def portal_property_payment_notice(self, invoice_id, access_token=None, **kw):
        bill = self._property_bill(invoice_id, access_token)
        if not bill.property_period_id or bill.state != "posted":
            raise NotFound()
        return self._show_report(model=bill, report_type="pdf",
                                 report_ref="property_billing.action_report_payment_notice", download=True)

    @http.route("/my/invoices/<int:invoice_id>/dispute", type="http", auth="user", website=True, methods=["POST"])
    def portal_property_dispute(self, invoice_id, line_id=None, reason=None, **kw):
        bill = self._property_bill(invoice_id)
        try:
            with request.env.cr.savepoint():
                request.env["property.bill.dispute"]._portal_raise(bill, int(line_id or 0), reason)
        except (ValidationError, ValueError) as error:
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "invoice", "invoice": bill,
                           "error": error.args[0] if isinstance(error, ValidationError) else
                           request.env._("Choose a line of this bill.")})
            return request.render("property_billing.portal_dispute_refused", values, status=400)
        return request.redirect(f"/my/invoices/{bill.id}#property_disputes")
