from odoo import fields, models

from .property_unit import ARREARS_STAGES


class ResPartner(models.Model):
    _inherit = "res.partner"

    property_important_customer = fields.Boolean(
        string="Important customer", tracking=True,
        help="BIL-10: statements and notices are brought by the butler in person.",
    )
    property_arrears_amount = fields.Monetary(
        string="Property arrears", compute="_compute_property_arrears", currency_field="property_currency_id"
    )
    property_arrears_stage = fields.Selection(
        ARREARS_STAGES, string="Arrears stage", compute="_compute_property_arrears"
    )
    property_currency_id = fields.Many2one("res.currency", compute="_compute_property_arrears")
    property_penalty_due = fields.Monetary(string="Late fees to charge", compute="_compute_property_arrears",
                                           currency_field="property_currency_id")

    def _compute_property_arrears(self):
        order = [stage for stage, _label in ARREARS_STAGES]
        units = self.env["property.unit"].search([("owner_id", "in", self.ids)])
        for partner in self:
            own = units.filtered(lambda u: u.owner_id == partner)
            partner.property_arrears_amount = sum(own.mapped("arrears_amount"))
            partner.property_penalty_due = sum(own.mapped("penalty_due"))
            partner.property_arrears_stage = max(own.mapped("arrears_stage") or ["none"], key=order.index)
            partner.property_currency_id = own[:1].currency_id or self.env.company.currency_id
