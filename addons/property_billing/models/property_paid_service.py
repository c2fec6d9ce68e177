from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyPaidService(models.Model):
    """A paid service given to a household (有偿服务, BIL-01): the desk records
    what was done at what price, confirms it once given with the resident's
    agreement, and finance bills it once, on the household's monthly bill
    (BIL-07) — no one collects money for it at the door."""

    _name = "property.paid.service"
    _description = "Paid service"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.workflow.mixin"]
    _order = "date desc, id desc"
    # BIL-01: confirmed by its button, billed by the bill run; kept as confirmed.
    # Who recorded it is whoever created it, not a name anyone may choose.
    _workflow_fields = frozenset({"state", "confirmed_by_id", "confirmed_on", "user_id"})
    _workflow_user_fields = {"date": "BIL-01: the day the service was given, as the desk records it."}

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    unit_id = fields.Many2one("property.unit", required=True, index=True, tracking=True)
    estate_id = fields.Many2one(related="unit_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Resident", compute="_compute_partner_id", store=True, readonly=False, precompute=True,
        required=True, index=True, tracking=True,
    )
    product_id = fields.Many2one(
        "product.product", string="Service", required=True, domain="[('type', '=', 'service')]", tracking=True,
    )
    description = fields.Char(help="What was done, as the resident will read it on the bill.")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", tracking=True)
    price_unit = fields.Float(
        string="Unit price", compute="_compute_price_unit", store=True, readonly=False, precompute=True,
        digits="Product Price", tracking=True, help="The price list's price; agreed with the resident.",
    )
    amount = fields.Monetary(compute="_compute_amount", store=True, tracking=True)
    date = fields.Date(string="Given on", required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Recorded by", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        [("draft", "To confirm"), ("done", "Given, to bill"), ("cancelled", "Cancelled")],
        default="draft", required=True, readonly=True, tracking=True, index=True, copy=False,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    confirmed_on = fields.Datetime(readonly=True, copy=False, tracking=True)
    # The books are finance's: the desk sees "billed", finance the bill line.
    invoice_line_ids = fields.One2many("account.move.line", "property_paid_service_id", string="Invoice lines",
                                       readonly=True, groups="property_billing.group_property_finance")
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Billed on", compute="_compute_billed", store=True, copy=False,
        groups="property_billing.group_property_finance",
    )
    billed = fields.Boolean(compute="_compute_billed", store=True, index=True, copy=False, tracking=True,
                            help="BIL-07: the service is on the household's bill.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # sudo: the numbering is the system's.
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("property.paid.service") or "/"
        return super().create(vals_list)

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """BIL-01: the service is recorded by the user who creates it (a
        client naming someone else was refused before)."""
        for vals in vals_list:
            vals.setdefault("user_id", self.env.uid)
        return super()._workflow_prepare_create(vals_list) | {"user_id"}

    @api.depends("unit_id")
    def _compute_partner_id(self):
        for service in self:
            service.partner_id = service.unit_id.owner_id or service.partner_id

    @api.depends("product_id")
    def _compute_price_unit(self):
        for service in self:
            service.price_unit = service.product_id.lst_price

    @api.depends("quantity", "price_unit", "currency_id")
    def _compute_amount(self):
        for service in self:
            service.amount = service.currency_id.round(service.quantity * service.price_unit)

    @api.depends("invoice_line_ids.parent_state")
    def _compute_billed(self):
        for service in self:
            line = service.invoice_line_ids.filtered(lambda line: line.parent_state != "cancel")[:1]
            service.invoice_line_id = line
            service.billed = bool(line)

    @api.constrains("quantity", "price_unit")
    def _check_amount(self):
        for service in self:
            if service.quantity <= 0 or service.price_unit < 0:
                raise ValidationError(self.env._(
                    "Paid service %(name)s needs a positive quantity and a price of zero or more.", name=service.name))

    def _workflow_locked(self):
        return super()._workflow_locked() | self.filtered(lambda service: service.state != "draft")

    def _workflow_lock_message(self):
        return self.env._("Paid service %(names)s is confirmed or cancelled: it is billed as confirmed (BIL-01).",
                          names=", ".join(self.mapped("name")))

    def action_confirm(self):
        """BIL-01: the service was given at the agreed price: it goes on the
        household's next bill."""
        for service in self:
            if service.state != "draft":
                raise UserError(self.env._("Paid service %(name)s is already confirmed or cancelled.",
                                           name=service.name))
        self._workflow_write({"state": "done", "confirmed_by_id": self.env.user.id,
                              "confirmed_on": fields.Datetime.now()})

    def action_cancel(self):
        if self.filtered(lambda service: service.state != "draft"):
            raise UserError(self.env._("Only a paid service not confirmed yet can be cancelled."))
        self._workflow_write({"state": "cancelled"})

    def _property_bill_line(self, period, accounts):
        """BIL-01 / BIL-07: the confirmed service on its household's bill, once."""
        return {
            "name": self.env._("Paid service %(name)s: %(service)s (%(date)s)", name=self.name,
                               service=self.description or self.product_id.display_name, date=self.date),
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "account_id": accounts["service"].id,
            "property_paid_service_id": self.id,
            "property_period_id": period.id,
        }
