from odoo import api, fields, models
from odoo.exceptions import UserError


class PropertyMoveinDefect(models.Model):
    """A defect found at the handover inspection (MOV-04); one click turns it
    into a repair request."""

    _name = "property.movein.defect"
    _description = "Handover defect"
    _inherit = ["property.workflow.mixin"]
    _order = "movein_id, id"
    _workflow_parent = "movein_id"
    # MOV-05: open defects decide which keys stay; a defect is fixed by its repair request.
    _workflow_fields = frozenset({"request_id", "state"})
    _workflow_audit_field = "movein_id"
    _workflow_untracked = {"state": "follows the repair request, whose own chatter tracks it."}

    movein_id = fields.Many2one("property.movein", string="Move-in", required=True, index=True, ondelete="cascade")
    estate_id = fields.Many2one(related="movein_id.estate_id", store=True, index=True)
    company_id = fields.Many2one(related="movein_id.company_id", store=True, index=True)
    location = fields.Char(string="Room / place")
    name = fields.Char(string="Defect", required=True)
    request_id = fields.Many2one("property.request", string="Repair request", readonly=True, copy=False)
    state = fields.Selection(
        [("open", "Open"), ("repair", "Repair requested"), ("fixed", "Fixed")],
        compute="_compute_state", store=True, default="open",
    )

    @api.depends("request_id.state")
    def _compute_state(self):
        for defect in self:
            if defect.request_id.state in ("done", "closed"):
                defect.state = "fixed"
            elif defect.request_id:
                defect.state = "repair"
            else:
                defect.state = defect.state or "open"

    def action_create_request(self):
        """One click: the defect becomes an in-unit repair request."""
        for defect in self:
            if defect.request_id:
                raise UserError(self.env._("Defect %(defect)s already has repair request %(request)s.",
                                  defect=defect.name, request=defect.request_id.name))
            case = defect.movein_id
            defect._workflow_write({"request_id": self.env["property.request"].create({
                "estate_id": case.estate_id.id,
                "unit_id": case.unit_id.id,
                "partner_id": case.partner_id.id,
                "phone": case.partner_id.mobile or case.partner_id.phone,
                "channel": "visit",
                "category": "in_unit_repair",
                "tier": "normal",
                "description": self.env._("Handover defect (%(case)s): %(place)s %(defect)s",
                                 case=case.name, place=defect.location or "", defect=defect.name),
            }).id})
        return True
