from dateutil.relativedelta import relativedelta

from odoo import fields, models


class PropertyMovein(models.Model):
    _inherit = "property.movein"

    def _on_movein_done(self):
        """The keys handed over go to the key register (MOV-05, KEY-04), the
        resident's file is opened (MOV-06: his profile, which links the move-in
        papers, PRF-01) and the zone's butler plans the welcome visit and the
        one 3 months later (VIS-03)."""
        Key = self.env["property.key"].sudo()  # sudo: the register follows the handover
        now = fields.Datetime.now()
        self._open_resident_file()
        for case in self:
            for line in case.key_ids:
                for index in range(line.count_total):
                    kept = index >= line.count_handed
                    Key._workflow_create({
                        "name": f"{case.unit_id.name}-{line.key_type[:1].upper()}{line.id}-{index + 1}",
                        "key_type": "vacant" if kept else "resident",
                        "classification": line.key_type,
                        "estate_id": case.estate_id.id, "unit_id": case.unit_id.id,
                        "partner_id": case.partner_id.id, "movein_key_id": line.id,
                        "state": "in" if kept else "resident",
                    })
        Visit = self.env["property.visit"].sudo()  # sudo: the system plans the visits for the butlers
        Visit._plan_events("move_in", [(case.unit_id, case.partner_id, case.estate_id._property_next_visit_time(now),
                                        f"move_in-{case.id}") for case in self])
        Visit._plan_events("after_move_in", [
            (case.unit_id, case.partner_id,
             case.estate_id._property_visit_time(case.estate_id._local_today() + relativedelta(months=3)),
             f"after_move_in-{case.id}") for case in self])
        return super()._on_movein_done()

    def _open_resident_file(self):
        """MOV-06: the clerk's resident file is the resident's profile for the
        unit, opened at move-in (once); the butlers complete it (PRF-01)."""
        # sudo: the clerk completing the move-in opens the file but does not read profiles (PRF-02).
        Profile = self.env["property.resident.profile"].sudo()
        existing = {(profile.partner_id.id, profile.unit_id.id) for profile in Profile.search(
            [("partner_id", "in", self.partner_id.ids), ("unit_id", "in", self.unit_id.ids)])}
        todo = {(case.partner_id.id, case.unit_id.id) for case in self} - existing
        return Profile.create([{"partner_id": partner, "unit_id": unit} for partner, unit in sorted(todo)])
