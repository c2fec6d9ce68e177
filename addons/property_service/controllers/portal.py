from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ..models.property_request import PORTAL_CATEGORIES

REQUESTS_PER_PAGE = 20


class PropertyPortal(CustomerPortal):
    """The resident's home (/my): his requests, as the desk sees them.

    Every page reads as the resident, so the portal record rules decide what
    he sees; a request not his answers 404, the same as one that does not
    exist (a guessed id learns nothing)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "property_request_count" in counters:
            Request = request.env["property.request"]
            values["property_request_count"] = Request.search_count([]) if Request.has_access("read") else 0
        if "property_survey_count" in counters:
            values["property_survey_count"] = len(self._property_survey_answers().filtered(
                lambda answer: answer.state != "done"))
        if "property_notice_count" in counters:
            Notice = request.env["property.notice"]
            values["property_notice_count"] = (
                Notice.search_count(self._property_notice_domain()) if Notice.has_access("read") else 0)
        return values

    # ----------------------------------------------------------------- surveys
    def _property_survey_answers(self):
        """SAT-01: the resident's own invitations to his estate's satisfaction
        surveys (sudo: a resident has no access to Odoo's survey records; the
        search is by his own partner)."""
        surveys = request.env["property.satisfaction.survey"].sudo().search([("survey_id", "!=", False)])
        return request.env["survey.user_input"].sudo().search([
            ("partner_id", "=", request.env.user.partner_id.id), ("survey_id", "in", surveys.survey_id.ids),
            ("test_entry", "=", False)], order="create_date desc")

    @http.route("/my/surveys", type="http", auth="user", website=True)
    def portal_my_property_surveys(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "property_survey", "property_survey_answers": self._property_survey_answers()})
        return request.render("property_service.portal_my_property_surveys", values)

    # ----------------------------------------------------------------- notices
    def _property_notice_domain(self):
        # The record rule gives the resident's estate and buildings; the board
        # never shows a notice past its end, even before the job takes it down.
        return [("date_end", ">", fields.Datetime.now())]

    @http.route("/my/notices", type="http", auth="user", website=True)
    def portal_my_property_notices(self, **kw):
        notices = request.env["property.notice"].search(
            self._property_notice_domain(), order="emergency desc, date_published desc, id desc")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "property_notice", "property_notices": notices.sudo()})
        return request.render("property_service.portal_my_property_notices", values)

    @http.route("/my/notices/<int:notice_id>", type="http", auth="user", website=True)
    def portal_my_property_notice(self, notice_id, **kw):
        try:
            notice = self._document_check_access("property.notice", notice_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "property_notice", "property_notice": notice,
                       "price_list": notice._portal_price_list()})
        return request.render("property_service.portal_my_property_notice", values)

    # ---------------------------------------------------------------- requests

    def _property_request_filters(self):
        env = request.env
        return {
            "open": {"label": env._("Open"), "domain": [("state", "not in", ("closed", "cancelled"))]},
            "all": {"label": env._("All"), "domain": []},
        }

    @http.route(["/my/requests", "/my/requests/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_property_requests(self, page=1, filterby="open", **kw):
        Request = request.env["property.request"]
        filters = self._property_request_filters()
        filterby = filterby if filterby in filters else "open"
        domain = filters[filterby]["domain"]
        pager = portal_pager(url="/my/requests", url_args={"filterby": filterby}, total=Request.search_count(domain),
                             page=page, step=REQUESTS_PER_PAGE)
        requests = Request.search(domain, limit=REQUESTS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "property_request",
            "property_requests": requests.sudo(),
            "pager": pager,
            "default_url": "/my/requests",
            "searchbar_filters": filters,
            "filterby": filterby,
        })
        return request.render("property_service.portal_my_property_requests", values)

    def _property_request(self, request_id):
        try:
            # No access token: a request is never shared by link.
            return self._document_check_access("property.request", request_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    def _render_property_request(self, record, error=None, status=200):
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "property_request",
            "property_request": record,
            "estate_tz": record.estate_id.tz,
            "steps": record._portal_steps(),
            "followups": record.followup_ids._portal_open_for(request.env.user.partner_id),
            "satisfactions": record.followup_ids._fields["satisfaction"]._description_selection(request.env),
            "can_sign": record.category == "complaint" and record.state == "done"
            and record.partner_id == request.env.user.partner_id and not record.resident_signature,
            "error": error,
        })
        return request.render("property_service.portal_my_property_request", values, status=status)

    @http.route("/my/requests/<int:request_id>", type="http", auth="user", website=True)
    def portal_my_property_request(self, request_id, **kw):
        return self._render_property_request(self._property_request(request_id))

    @http.route("/my/requests/<int:request_id>/sign", type="json", auth="user", website=True)
    def portal_property_sign_complaint(self, request_id, name=None, signature=None, **kw):
        """SVC-09 through Odoo's portal signature form."""
        try:
            record = self._document_check_access("property.request", request_id)
        except (AccessError, MissingError):
            return {"error": request.env._("This request is not yours.")}
        try:
            with request.env.cr.savepoint():
                record._portal_sign_complaint(request.env.user.partner_id, name, signature)
        except UserError as error:
            return {"error": error.args[0]}
        return {"force_refresh": True, "redirect_url": record.access_url}

    @http.route("/my/requests/<int:request_id>/followup", type="http", auth="user", website=True, methods=["POST"])
    def portal_property_answer_followup(self, request_id, followup_id=None, satisfaction=None, comment=None, **kw):
        """FUP-05: the resident answers the follow-up of his request online."""
        record = self._property_request(request_id)
        followup = record.followup_ids.filtered(lambda followup: str(followup.id) == followup_id)
        if not followup:
            raise NotFound()
        try:
            with request.env.cr.savepoint():
                followup._portal_answer(request.env.user.partner_id, satisfaction, comment)
        except UserError as error:
            return self._render_property_request(record, error=error.args[0], status=400)
        return request.redirect(record.access_url)

    @http.route("/my/requests/<int:request_id>/quote", type="http", auth="user", website=True, methods=["POST"])
    def portal_property_answer_quote(self, request_id, slip_id=None, answer=None, reason=None, **kw):
        """SVC-04: the resident accepts or refuses a quoted price before work starts."""
        record = self._property_request(request_id)
        slip = record.slip_ids.filtered(lambda slip: str(slip.id) == slip_id)
        if not slip:
            raise NotFound()
        try:
            with request.env.cr.savepoint():
                slip._portal_answer_quote(request.env.user.partner_id, answer == "accept", reason)
        except UserError as error:
            return self._render_property_request(record, error=error.args[0], status=400)
        return request.redirect(record.access_url)

    def _property_new_request_values(self, form=None, error=None):
        env = request.env
        categories = dict(env["property.request"]._fields["category"]._description_selection(env))
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "property_request_new",
            # His homes first, parking spaces last.
            "units": env["property.unit"].search([]).sudo().sorted(
                lambda unit: (unit.usage == "parking", unit.display_name)),
            "categories": [(key, categories[key]) for key in PORTAL_CATEGORIES],
            "form": form or {},
            "error": error,
        })
        return values

    @http.route("/my/requests/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_new_property_request(self, **kw):
        return request.render("property_service.portal_new_property_request", self._property_new_request_values())

    @http.route("/my/requests/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_create_property_request(self, **post):
        photos = [(upload.filename, upload.read()) for upload in request.httprequest.files.getlist("photos")]
        try:
            with request.env.cr.savepoint():
                record = request.env["property.request"]._portal_report(post, photos)
        except (UserError, ValidationError) as error:
            # Nothing was saved: the form again, as typed, with the reason.
            values = self._property_new_request_values(form=post, error=error.args[0])
            return request.render("property_service.portal_new_property_request", values, status=400)
        return request.redirect(record.access_url)
