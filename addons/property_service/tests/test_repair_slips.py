from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PropertyServiceCase, PropertyServiceHttpCase
from odoo import Command


@tagged("at_install")
class TestRepairSlips(PropertyServiceCase):

    def new_slip(self, lines, user=None, **request_vals):
        request = self.new_request(technician_id=self.engineer.id, **request_vals)
        request.with_user(self.clerk).action_dispatch()
        return self.env["property.repair.slip"].with_user(user or self.clerk).create({
            "request_id": request.id, "line_ids": lines,
        })

    def test_priced_line_takes_the_price_list(self):
        slip = self.new_slip([
            Command.create({"line_type": "priced", "product_id": self.product_lock.id, "quantity": 1}),
            Command.create({"line_type": "free", "name": "Check the door frame", "quantity": 1}),
        ])
        self.assertEqual(slip.line_ids[0].price_unit, 80.00)
        self.assertEqual(slip.line_ids[0].name, self.product_lock.display_name)
        self.assertEqual(slip.amount_total, 80.00)
        self.assertEqual(slip.technician_id, self.engineer)
        self.assertEqual(slip.partner_id, self.resident)

    def test_free_line_cannot_carry_a_price(self):
        slip = self.new_slip([Command.create({"line_type": "free", "name": "Advice", "quantity": 1})])
        with self.assertRaisesRegex(ValidationError, "free item"):
            with self.env.cr.savepoint():
                slip.line_ids.with_user(self.engineer).write({"price_unit": 10.0})
        self.assertEqual(slip.amount_total, 0.0)

    def test_svc04_quoted_item_needs_acceptance_before_work(self):
        slip = self.new_slip(
            [
                (
                    0,
                    0,
                    {
                        "line_type": "quote",
                        "name": "Replace shower mixer (not on list)",
                        "quantity": 1,
                        "price_unit": 260.0,
                    },
                )
            ]
        )
        self.assertEqual(slip.quote_state, "to_assess")
        with self.assertRaisesRegex(UserError, "accept the price"):
            slip.with_user(self.engineer).action_start()
        with self.assertRaisesRegex(UserError, "assesses the items"):
            slip.with_user(self.clerk).action_accept_quote()
        slip.with_user(self.engineer).action_assess()
        self.assertEqual(slip.quote_state, "pending")
        with self.assertRaisesRegex(UserError, "accept the price"):
            slip.with_user(self.engineer).action_start()
        self.assertEqual(slip.state, "draft")
        slip.with_user(self.clerk).action_accept_quote()
        self.assertEqual(slip.quote_state, "accepted")
        slip.with_user(self.engineer).action_start()
        self.assertEqual(slip.state, "in_progress")

    def test_svc04_real_item_differs_on_site_asks_again(self):
        slip = self.new_slip(
            [Command.create({"line_type": "quote", "name": "Replace valve", "quantity": 1, "price_unit": 120.0})]
        )
        slip.with_user(self.engineer).action_assess()
        slip.with_user(self.clerk).action_accept_quote()
        slip.line_ids.with_user(self.engineer).write({"name": "Replace valve and pipe section", "price_unit": 180.0})
        self.assertEqual(slip.quote_state, "pending")
        self.assertEqual(slip.amount_total, 180.0)

    def test_svc04_refusal_signed_by_the_technician_then_the_engineering_head(self):
        slip = self.new_slip(
            [Command.create({"line_type": "quote", "name": "New boiler", "quantity": 1, "price_unit": 3000.0})]
        )
        slip.with_user(self.engineer).action_assess()
        # The head cannot close the refusal before the technician signed it.
        with self.assertRaisesRegex(UserError, "technician records and signs the refusal"):
            self.sign(slip.with_user(self.head), button="action_sign_refusal")
        # Only the slip's own technician records the reason and signs first.
        with self.assertRaisesRegex(UserError, "signs the refusal first"):
            self.env["property.slip.refuse"].with_user(self.head).create({
                "slip_id": slip.id, "reason": "Too expensive", "signature": self.signature}).action_confirm()
        with self.assertRaisesRegex(UserError, "Draw the signature"):
            self.env["property.slip.refuse"].with_user(self.engineer).create({
                "slip_id": slip.id, "reason": "Too expensive"}).action_confirm()
        action = slip.with_user(self.engineer).action_refuse()
        self.env["property.slip.refuse"].with_user(self.engineer).with_context(**action["context"]).create({
            "reason": "Resident finds it too expensive", "signature": self.signature}).action_confirm()
        self.assertEqual(slip.state, "draft")
        self.assertTrue(slip.refusal_pending)
        self.assertTrue(slip.technician_signature)
        self.assertTrue(slip.technician_signed_on)
        self.assertEqual(slip.activity_ids.user_id, self.head)
        # Work does not go on while the refusal waits for the head.
        with self.assertRaisesRegex(UserError, "engineering head signs the refusal"):
            slip.with_user(self.engineer).action_start()
        # A technician cannot sign as the head.
        with self.assertRaises(AccessError):
            self.sign(slip.with_user(self.engineer), button="action_sign_refusal")
        self.sign(slip.with_user(self.head), button="action_sign_refusal")
        self.assertEqual(slip.state, "refused")
        self.assertEqual(slip.refuse_approved_by_id, self.head)
        self.assertTrue(slip.head_signature)
        self.assertTrue(slip.refuse_signed_on)
        self.assertEqual(slip.refuse_reason, "Resident finds it too expensive")
        self.assertFalse(slip.billable)
        self.assertFalse(slip.activity_ids)
        with self.assertRaisesRegex(UserError, "buttons"):
            slip.with_user(self.head).write({"technician_signature": self.signature})

    def test_svc04_slip_state_errors_are_whole_sentences_in_chinese(self):
        """A slip's state errors are one sentence per action: a refusal after
        the work, or a second assessment, is said in a Chinese sentence of its
        own, not "不能拒绝" slotted into a shared one."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["property_service"], ["zh_CN"])
        self.engineer.lang = "zh_CN"
        slip = self.new_slip(
            [Command.create({"line_type": "quote", "name": "New boiler", "quantity": 1, "price_unit": 3000.0})])
        engineer_slip = slip.with_user(self.engineer).with_context(lang="zh_CN")
        engineer_slip.action_assess()
        slip.with_user(self.clerk).action_accept_quote()
        engineer_slip.action_start()
        engineer_slip.action_done()
        with self.assertRaises(UserError) as refused:
            self.env["property.slip.refuse"].with_user(self.engineer).with_context(lang="zh_CN").create({
                "slip_id": slip.id, "reason": "太贵", "signature": self.signature}).action_confirm()
        with self.assertRaises(UserError) as assessed:
            engineer_slip.action_assess()
        self.assertEqual(
            [refused.exception.args[0], assessed.exception.args[0]],
            [f"维修单 {slip.name} 当前为“已完工”，住户拒绝报价须在完工前登记。",
             f"维修单 {slip.name} 当前为“已完工”，报价须在完工前评估。"])

    def test_svc05_resident_material_checked_before_work(self):
        slip = self.new_slip(
            [Command.create({"line_type": "priced", "product_id": self.product_tap.id, "quantity": 1})]
        )
        slip.with_user(self.engineer).resident_material = True
        with self.assertRaisesRegex(UserError, "material"):
            slip.with_user(self.engineer).action_start()
        slip.with_user(self.engineer).material_check = "poor"
        with self.assertRaisesRegex(UserError, "decision"):
            slip.with_user(self.engineer).action_start()
        slip.with_user(self.engineer).material_decision = "use"
        slip.with_user(self.engineer).action_start()
        self.assertEqual(slip.state, "in_progress")

    def test_svc06_confirming_without_signature_refused(self):
        slip = self.new_slip(
            [Command.create({"line_type": "priced", "product_id": self.product_tap.id, "quantity": 1})]
        )
        slip.with_user(self.engineer).action_start()
        slip.with_user(self.engineer).action_done()
        with self.assertRaisesRegex(UserError, "Draw the signature"):
            action = slip.with_user(self.engineer).action_sign()
            self.env["property.sign"].with_user(self.engineer).with_context(**action["context"]).create({}).action_sign()
        self.assertEqual(slip.state, "done")
        self.assertFalse(slip.signed_on)
        self.assertFalse(slip.billable)

    def test_svc06_signed_paid_slip_is_billable_with_local_completion_date(self):
        # 17:30 UTC on 24 March is already 25 March in Shanghai: the cut-off day.
        with freeze_time("2026-03-24 17:30:00"):
            _request, slip = self._finished_with_quote()
        self.assertTrue(slip.billable)
        self.assertEqual(slip.amount_total, 105.50)
        self.assertEqual(str(slip.completion_date), "2026-03-25")
        self.assertEqual(slip.state, "confirmed")

    def _finished_with_quote(self):
        request = self.new_request(technician_id=self.engineer.id)
        slip = self.env["property.repair.slip"].with_user(self.clerk).create({
            "request_id": request.id,
            "line_ids": [
                Command.create({"line_type": "priced", "product_id": self.product_tap.id, "quantity": 3}),
                Command.create({"line_type": "quote", "name": "Extra hose", "quantity": 1, "price_unit": 15.5}),
            ],
        })
        request.with_user(self.clerk).action_dispatch()
        slip.with_user(self.engineer).action_assess()
        slip.with_user(self.clerk).action_accept_quote()
        engineer_slip = slip.with_user(self.engineer)
        engineer_slip.action_start()
        engineer_slip.action_done()
        self.sign(engineer_slip)
        return request, slip

    def test_svc06_slips_not_back_at_engineering_by_1700_listed_to_the_head(self):
        Slip = self.env["property.repair.slip"]
        # Finished at 14:00 in Shanghai: back at engineering by 17:00 (09:00 UTC) the same day.
        with freeze_time("2026-03-02 06:00:00"):
            _request, slip = self.finished_repair()
            _request, returned = self.finished_repair(unit_id=self.unit2.id)
        # Finished at 18:00, after the hour: back by 17:00 the next day.
        with freeze_time("2026-03-02 10:00:00"):
            _request, evening = self.finished_repair()
        self.assertEqual(slip.return_due, self.dt("2026-03-02 09:00:00"))
        self.assertEqual(evening.return_due, self.dt("2026-03-03 09:00:00"))
        # Only engineering records a slip back.
        with self.assertRaises(AccessError):
            returned.with_user(self.clerk).action_return()
        with freeze_time("2026-03-02 08:30:00"):
            returned.with_user(self.head).action_return()
        self.assertEqual((returned.date_returned, returned.returned_to_id), (self.dt("2026-03-02 08:30:00"), self.head))
        with freeze_time("2026-03-02 08:59:00"):
            self.assertFalse(Slip._cron_flag_unreturned())
        with freeze_time("2026-03-02 09:05:00"):
            self.assertEqual(Slip._cron_flag_unreturned(), slip)
            # The day's list is made once.
            self.assertFalse(Slip._cron_flag_unreturned())
        self.assertTrue(slip.return_late)
        activity = self.estate.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("property_service.mail_activity_type_slip_return"))
        self.assertEqual(activity.user_id, self.head)
        self.assertIn(slip.name, activity.note)
        self.assertNotIn(returned.name, activity.note)
        late = Slip.with_user(self.head).search([("return_late", "=", True), ("date_returned", "=", False)])
        self.assertEqual(late, slip)
        # The hour is a setting ([default] 17:00).
        self.company.property_slip_return_hour = 18.0
        self.assertEqual(evening.return_due, self.dt("2026-03-02 10:00:00"))
        # Nobody stamps the return by hand.
        with self.assertRaisesRegex(UserError, "buttons"):
            slip.with_user(self.head).write({"date_returned": "2026-03-02 08:00:00"})
        with freeze_time("2026-03-02 09:30:00"):
            slip.with_user(self.engineer).action_return()
        self.assertFalse(Slip.with_user(self.head).search(
            [("return_late", "=", True), ("date_returned", "=", False), ("estate_id", "=", self.estate.id)]))

    def test_signed_slip_items_are_frozen(self):
        _request, slip = self.finished_repair()
        with self.assertRaisesRegex(UserError, "can no longer change"):
            slip.line_ids.with_user(self.engineer).write({"quantity": 5})
        with self.assertRaisesRegex(UserError, "can no longer change"):
            self.env["property.repair.slip.line"].with_user(self.engineer).create(
                {"slip_id": slip.id, "line_type": "free", "name": "More", "quantity": 1}
            )
        self.assertEqual(slip.amount_total, 30.0)

    def test_bil07_billed_slip_cannot_be_edited(self):
        _request, slip = self.finished_repair()
        # The bill run marks it billed (property_billing, through the system path).
        slip._workflow_write({"billed": True})
        with self.assertRaisesRegex(UserError, "billed"):
            slip.with_user(self.engineer).write({"work_done": "changed"})
        with self.assertRaisesRegex(UserError, "billed"):
            slip.line_ids.with_user(self.engineer).unlink()
        with self.assertRaisesRegex(UserError, "billed"):
            slip.with_user(self.manager).unlink()
        self.assertEqual(slip.amount_total, 30.0)
        # The chatter stays open.
        slip.with_user(self.engineer).message_post(body="Resident called about the bill")

    def test_quantity_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "positive"):
            with self.env.cr.savepoint():
                self.new_slip(
                    [Command.create({"line_type": "priced", "product_id": self.product_tap.id, "quantity": 0})]
                )

    def test_finished_request_takes_no_new_slip(self):
        request, _slip = self.finished_repair()
        with self.assertRaisesRegex(UserError, "finished"):
            with self.env.cr.savepoint():
                self.env["property.repair.slip"].with_user(self.clerk).create({"request_id": request.id})


@tagged("post_install", "-at_install")
class TestRepairSlipPdf(PropertyServiceHttpCase):

    def test_slip_pdf_has_three_copies_and_chinese_capitals(self):
        _request, slip = self.finished_repair()
        report = self.env.ref("property_service.action_report_repair_slip").with_user(self.clerk)
        html = report._render_qweb_html(report.report_name, slip.ids)[0].decode()
        self.assertIn(slip.name, html)
        self.assertIn("Copy 1: resident", html)
        self.assertIn("Copy 3: finance", html)
        self.assertIn("叁拾元整", html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(report.report_name, slip.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
