from odoo import api, fields, models


class PropertyCollectionLog(models.Model):
    """Every contact about unpaid fees (物管费催收记录表, DUN-03): date, channel,
    who, the reason given, the promised payment date. "Not paying because of
    a service problem" opens a service request that is followed up."""

    _name = "property.collection.log"
    _description = "Collection log"
    _inherit = ["property.workflow.mixin"]
    _order = "date desc, id desc"
    _workflow_fields = frozenset({"request_id"})
    _workflow_audit_field = "request_id"
    _workflow_user_fields = {"promised_date": "DUN-03: the payment date the resident promised."}

    unit_id = fields.Many2one("property.unit", required=True, index=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Resident", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    channel = fields.Selection([("visit", "Visit"), ("phone", "Phone"), ("letter", "Letter"), ("message", "Message")],
                               required=True, default="phone")
    user_id = fields.Many2one("res.users", string="Contacted by", default=lambda self: self.env.user)
    reason = fields.Selection(
        [
            ("service_problem", "Service problem"),
            ("financial", "Financial difficulty"),
            ("dispute", "Disputes the amount"),
            ("absent", "Not reached / away"),
            ("forgot", "Forgot"),
            ("other", "Other"),
        ],
        required=True, default="forgot",
    )
    promised_date = fields.Date(string="Promised payment date")
    note = fields.Text()
    request_id = fields.Many2one("property.request", string="Service request", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs.filtered(lambda log: log.reason == "service_problem" and not log.request_id)._open_service_requests()
        return logs

    def _open_service_requests(self):
        """DUN-03: the service problem becomes a complaint to follow up."""
        for log in self:
            log._workflow_write(
                {
                    "request_id": self.env["property.request"]
                    .create(
                        {
                            "estate_id": log.estate_id.id,
                            "unit_id": log.unit_id.id,
                            "partner_id": log.partner_id.id,
                            "channel": "visit" if log.channel == "visit" else "phone",
                            "category": "complaint",
                            "tier": "urgent",
                            "department": "customer_service",
                            "description": self.env._(
                                "Not paying the fees because of a service problem: %(note)s", note=log.note or ""
                            ),
                        }
                    )
                    .id
                }
            )
