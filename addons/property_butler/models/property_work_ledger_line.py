from odoo import api, fields, models


class PropertyWorkLedgerLine(models.Model):
    _name = "property.work.ledger.line"
    _description = "Resident contact"
    _inherit = ["property.workflow.mixin"]
    _order = "ledger_id, time, id"
    # HND-04: locked with its reviewed ledger; the carried contact's handover
    # item is linked by the system.
    _workflow_parent = "ledger_id"
    _workflow_fields = frozenset({"open_item_id"})
    _workflow_audit_field = "ledger_id"

    ledger_id = fields.Many2one("property.work.ledger", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="ledger_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="ledger_id.company_id", store=True, index=True)
    time = fields.Float(string="At")
    partner_id = fields.Many2one("res.partner", string="Resident")
    unit_id = fields.Many2one("property.unit")
    subject = fields.Char(required=True)
    follow_up = fields.Char()
    status = fields.Selection([("done", "Done"), ("carried", "Carried to handover")], required=True, default="done")
    open_item_id = fields.Many2one("property.handover.open.item", string="Handover item", readonly=True, copy=False,
                                   index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._carry_to_handover()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if vals.get("status") == "carried":
            self._carry_to_handover()
        return result

    def _carry_to_handover(self):
        """HND-04: a contact "carried to handover" becomes an open item of the
        employee's handover log still being written, so the next shift follows
        it up (HND-02). With no such log yet, the log takes it when it is
        opened (see property.handover.log.create)."""
        Log = self.env["property.handover.log"]
        for line in self.filtered(lambda line: line.status == "carried" and not line.open_item_id):
            log = Log.search([("outgoing_employee_id", "=", line.ledger_id.employee_id.id), ("state", "=", "draft")],
                             order="date desc, id desc", limit=1)
            if log:
                line._workflow_write({"open_item_id": log.open_item_ids.create({
                    "log_id": log.id, "name": line._handover_text(), "follower_id": log.incoming_employee_id.id,
                }).id})

    def _handover_text(self):
        place = " ".join(filter(None, [self.unit_id.display_name, self.partner_id.name]))
        text = f"{place}: {self.subject}" if place else self.subject
        return f"{text} — {self.follow_up}" if self.follow_up else text
