import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request


class PropertyPatrol(http.Controller):
    """The patroller's phone (PAT-01): a point's QR code opens its page, one
    tap signs the point in on his round, or records what he found there."""

    def _point(self, token):
        """The point of a scanned code, as the patroller: his estates' points
        only; a resident, another estate's code or a made-up one answer 404."""
        if not request.env.user._is_internal():
            raise NotFound()
        try:
            point = request.env["property.patrol.point"].search([("token", "=", token)], limit=1)
        except AccessError as error:
            raise NotFound() from error
        if not point:
            raise NotFound()
        return point

    def _render(self, point, checkin=None, error=None, status=200):
        Round = request.env["property.patrol.round"]
        round_ = Round.search([("plan_id", "=", point.plan_id.id), ("user_id", "=", request.env.uid),
                               ("state", "=", "open")], limit=1)
        return request.render("property_service.patrol_scan", {
            "point": point, "patrol_round": round_, "checkin": checkin, "error": error,
            # The findings in the patroller's language.
            "findings": [item for item in request.env["property.patrol.checkin"]._fields["finding"]
                         ._description_selection(request.env) if item[0] != "ok"],
            "done": point in round_.checkin_ids.point_id,
            "tz_options": {"widget": "datetime", "tz_name": point.estate_id.tz, "format": "short"},
        }, status=status)

    @http.route("/patrol/p/<string:token>", type="http", auth="user", website=True, sitemap=False)
    def patrol_point(self, token, checkin_id=None, **kw):
        point = self._point(token)
        checkin = request.env["property.patrol.checkin"]
        if checkin_id and checkin_id.isdigit():
            checkin = checkin.search([("id", "=", int(checkin_id)), ("point_id", "=", point.id),
                                      ("user_id", "=", request.env.uid)])
        return self._render(point, checkin=checkin)

    @http.route("/patrol/p/<string:token>/checkin", type="http", auth="user", website=True, methods=["POST"],
                sitemap=False)
    def patrol_checkin(self, token, finding="ok", note=None, photo=None, **kw):
        point = self._point(token)
        Checkin = request.env["property.patrol.checkin"]
        try:
            with request.env.cr.savepoint():
                raw = photo.read() if photo and getattr(photo, "filename", None) else None
                if raw:
                    request.env["property.request"]._portal_check_photos([(photo.filename, raw)], point.company_id)
                # PAT-04: the cleaning checks ticked as not met.
                ticked = [int(i) for i in request.httprequest.form.getlist("failed_check") if i.isdigit()]
                failed = point.cleaning_area_id.check_ids.filtered(lambda check: check.id in ticked)
                checkin = Checkin._check_in(point, finding, note, base64.b64encode(raw) if raw else None,
                                            photo_name=photo.filename if raw else None, failed_checks=failed)
        except (UserError, ValidationError) as error:
            return self._render(point, error=error.args[0], status=400)
        return request.redirect(f"/patrol/p/{token}?checkin_id={checkin.id}")
