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
