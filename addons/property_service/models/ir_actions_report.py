import functools
import subprocess

from odoo import api, models
from odoo.tools import pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    """Debian's wkhtmltopdf is built on an unpatched Qt: it prints one input
    page per call only (several fail with 'unknown error')."""
    try:
        version = subprocess.run([_get_wkhtmltopdf_bin(), "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return True
    return "patched qt" in version.stdout.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _render_qweb_html(self, report_ref, docids, data=None):
        """Every date and time on a property document is printed in its
        estate's time zone, whoever prints it (the screen uses the user's)."""
        tz = self._property_report_tz(report_ref, docids)
        if tz:
            self = self.with_context(tz=tz)
        return super(IrActionsReport, self)._render_qweb_html(report_ref, docids, data=data)

    @api.model
    def _property_report_tz(self, report_ref, docids):
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith("property_") or not docids or report.model not in self.env:
            return None
        record = self.env[report.model].browse(docids[:1])
        estate = next((record[name] for name in ("estate_id", "property_estate_id") if name in record._fields), None)
        # sudo: only the estate's time zone is read.
        return estate.sudo().tz if estate else None

    @api.model
    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        """Batch printing of the property documents (a building's move-in
        packets, MOV-07) on Debian's wkhtmltopdf: one call per document, then
        the PDFs are merged. Other reports keep Odoo's behaviour."""
        report = self._get_report(report_ref) if report_ref else self.browse()
        if len(bodies) < 2 or not report.report_name.startswith("property_") or _wkhtmltopdf_has_patched_qt():
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
        return pdf.merge_pdf([
            super(IrActionsReport, self)._run_wkhtmltopdf(
                [body], report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
            for body in bodies
        ])
