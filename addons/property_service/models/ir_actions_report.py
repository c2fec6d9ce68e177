import functools
import re
import subprocess

import lxml.html

from odoo import api, models
from odoo.tools import pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin


# The content of a page rendered by web.minimal_layout, and what separates two documents.
BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
BODY_OPEN = re.compile(r"<body[^>]*>")
PAGE_BREAK = '<div class="o_property_page_break" style="page-break-before: always;"></div>'
# With the letterhead in the body, the sheet keeps ordinary margins (mm).
LETTERHEAD_MARGINS = {"data-report-margin-top": 12, "data-report-margin-bottom": 12, "data-report-header-spacing": 0}


def _layout_parts(html, element_id):
    """The per-document headers (or footers) Odoo gathered for wkhtmltopdf's
    --header-html, in the order of the documents."""
    if not html:
        return []
    node = lxml.html.fromstring(str(html)).get_element_by_id(element_id, None)
    if node is None:
        return []
    parts = []
    for child in node:
        # Page numbers are filled in by --header-html's script only: left out.
        for number in child.xpath(".//span[contains(concat(' ', @class, ' '), ' page ')]/.."):
            number.getparent().remove(number)
        parts.append(lxml.html.tostring(child, encoding="unicode"))
    return parts


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
        """The property documents on Debian's wkhtmltopdf (unpatched Qt),
        which ignores --header-html and --footer-html and prints one input
        page per call:

        - each document carries its own letterhead (the company's header,
          and its footer at the end) in its body, on ordinary margins;
        - a batch (a month's payment notices, a building's move-in packets)
          is joined into one page, each document starting on a new sheet, so
          a chunk costs one wkhtmltopdf start (assets, fonts and page set-up
          loaded once, not per document); the chunks' PDFs are merged.
          Chunks are bounded (a setting) to bound wkhtmltopdf's memory.

        Other reports, and a wkhtmltopdf with patched Qt, keep Odoo's way."""
        report = self._get_report(report_ref) if report_ref else self.browse()
        if not report.report_name.startswith("property_") or _wkhtmltopdf_has_patched_qt():
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size,
            )
        bodies = self._property_bodies_with_letterhead(bodies, header, footer)
        paper = dict(specific_paperformat_args or {}, **LETTERHEAD_MARGINS)
        size = self._property_report_chunk_size()
        pdfs = [
            super(IrActionsReport, self)._run_wkhtmltopdf(
                [self._property_join_bodies(bodies[start:start + size])], report_ref=report_ref, header=None,
                footer=None, landscape=landscape, specific_paperformat_args=paper, set_viewport_size=set_viewport_size,
            )
            for start in range(0, len(bodies), size)
        ]
        return pdfs[0] if len(pdfs) == 1 else pdf.merge_pdf(pdfs)

    @staticmethod
    def _property_bodies_with_letterhead(bodies, header, footer):
        """Each document's own header at the top of its body, its footer at the end."""
        heads = _layout_parts(header, "minimal_layout_report_headers")
        feet = _layout_parts(footer, "minimal_layout_report_footers")
        result = []
        for index, body in enumerate(str(body) for body in bodies):
            start, end = BODY_OPEN.search(body).end(), body.rindex("</body>")
            head = heads[index] if index < len(heads) else ""
            foot = feet[index] if index < len(feet) else ""
            result.append(body[:start] + head + body[start:end] + foot + body[end:])
        return result

    @api.model
    def _property_report_chunk_size(self):
        return max(1, int(self.env["ir.config_parameter"].sudo().get_param("property_service.report_chunk_size", 100)))

    @staticmethod
    def _property_join_bodies(bodies):
        """One HTML page holding several documents rendered in the same
        layout (web.minimal_layout, same assets): the first page with the
        others' bodies after its own, each after a page break."""
        first, *others = (str(body) for body in bodies)
        joined = "".join(
            PAGE_BREAK + BODY.search(body).group(1) for body in others
        )
        end = first.rindex("</body>")
        return first[:end] + joined + first[end:]
