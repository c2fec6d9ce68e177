import random
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class PropertyBillingDemo(models.AbstractModel):
    """Demo books for the demo estate: fees, meters, three months of bills,
    payments (most on time, some late or partial, some not at all), late
    fees, reminders and renovation deposits. Called from demo data only."""

    _name = "property.billing.demo"
    _description = "Property billing demo data"

    @api.model
    def _generate(self, estate_xmlid):
        estate = self.env.ref(estate_xmlid)
        if self.env["property.billing.period"].search_count([("estate_id", "=", estate.id)], limit=1):
            return True  # generated already: an upgrade reloads the demo files
        company = estate.company_id
        rnd = random.Random(2026)
        self._setup_company(company)
        fees = self._setup_fees(estate)
        self._setup_meters(estate, fees)
        today = fields.Date.context_today(self)
        for months_ago in (3, 2, 1):
            month = today - relativedelta(months=months_ago)
            self._read_meters(estate, date(month.year, month.month, 24), rnd)
            if months_ago == 1:
                self._paid_services(estate, date(month.year, month.month, 18))
            period = self.env["property.billing.period"]._for_month(estate, month.year, month.month)
            period.action_bill_run()
            self._pay(period, rnd)
        self.env["account.move"].search([("property_estate_id", "=", estate.id)])._refresh_penalties(today)
        self.env["property.unit"].search([("estate_id", "=", estate.id)])._refresh_arrears(today)
        self.env["property.dunning"]._cron_make_reminders()
        self._deposits(estate)
        self._collection(estate)
        self._disputes(estate)
        self._spending(estate, today)
        self._movein_fees(estate)
        self._deliveries(estate, period, today)
        self._bank_collection(estate, rnd)
        return True

    @api.model
    def _paid_services(self, estate, day):
        """BIL-01: paid services the desk gave last month (billed on its bill) and one to confirm."""
        clerk = self.env.ref("property_service.demo_user_clerk")
        Product = self.env["product.product"]
        cleaning = Product.create({"name": "家政保洁（每小时）", "type": "service", "list_price": 45.0})
        moving = Product.create({"name": "搬运协助（每次）", "type": "service", "list_price": 120.0})
        units = self.env["property.unit"].search(
            [("estate_id", "=", estate.id), ("owner_id", "!=", False), ("usage", "=", "residential")], limit=4)
        if len(units) < 3:
            return
        Service = self.env["property.paid.service"].with_user(clerk)
        given = Service.create([
            {"unit_id": units[0].id, "product_id": cleaning.id, "quantity": 3, "date": day,
             "description": "全屋深度保洁 3 小时"},
            {"unit_id": units[1].id, "product_id": moving.id, "date": day, "description": "旧家具搬运至垃圾站"},
        ])
        given.action_confirm()
        Service.create({"unit_id": units[2].id, "product_id": cleaning.id, "quantity": 2,
                        "date": fields.Date.context_today(self), "description": "厨房油烟机清洗"})

    @api.model
    def _movein_fees(self, estate):
        """MOV-03: finance invoices the move-in fees of the owner being handed his keys; he paid them."""
        finance = self.env.ref("property_billing.demo_user_finance")
        for case in self.env["property.movein"].search(
                [("estate_id", "=", estate.id), ("state", "=", "in_progress"), ("role", "=", "owner")], limit=1):
            case.with_user(finance).action_invoice_fees()
            invoice = case.fee_move_id
            self.env["account.payment.register"].with_user(finance).with_context(
                active_model="account.move", active_ids=invoice.ids).create({
                    "journal_id": estate.company_id.property_refund_journal_id.id})._create_payments()

    @api.model
    def _deliveries(self, estate, period, today):
        """BIL-03 / BIL-10: last month's notices printed and planned; most in the
        letter boxes and collected, a few owners living elsewhere by post, the
        important customers by their butler; two letters not collected after
        two weeks, which the daily job turns into phone calls."""
        owners = period.invoice_ids.partner_id
        owners[:2].write({"property_important_customer": True})
        period._notices_ready()
        deliveries = period.delivery_ids.sorted("id")
        clerk = self.env.ref("property_service.demo_user_clerk")
        delivered = deliveries[:-4].with_user(clerk)
        delivered.action_delivered()
        delivered.filtered(lambda d: d.state == "delivered")[4:].action_collected()
        # Delivered three weeks ago (history, through the system path): not collected since.
        delivered.filtered(lambda d: d.state == "delivered")._workflow_write(
            {"delivered_on": today - relativedelta(days=21)})
        self.env["property.document.delivery"]._cron_follow_up()

    @api.model
    def _bank_collection(self, estate, rnd):
        """BIL-06 / MOV-03: owners who signed the bank collection agreement when
        they moved in (history: their move-ins, through the system path), the
        week's auto-debit list sent to the bank, and its return: one debit
        made, one failed for want of funds."""
        bank = self.env["res.bank"].create({"name": "交通银行杭州西湖支行", "bic": "COMMCNSHHZH"})
        units = self.env["property.unit"].search([
            ("estate_id", "=", estate.id), ("usage", "=", "residential"), ("owner_id", "!=", False),
            ("bill_ids.payment_state", "in", ("not_paid", "partial")), ("movein_ids", "=", False),
        ], limit=5)
        for unit in units:
            owner = unit.owner_id
            account = self.env["res.partner.bank"].create({
                "partner_id": owner.id, "bank_id": bank.id, "acc_holder_name": owner.name,
                "acc_number": "622262" + "".join(str(rnd.randint(0, 9)) for _digit in range(13)),
            })
            start = unit.occupancy_ids.filtered(lambda o: o.partner_id == owner)[:1].date_start
            case = self.env["property.movein"].create({"unit_id": unit.id, "partner_id": owner.id, "role": "owner"})
            case.agreement_ids.write({"signed": True})
            case.agreement_ids.filtered("bank_collection").write({"bank_account_id": account.id})
            case._workflow_write({"state": "done", "date_done": start, "notice_date": start, "date_arrived": start})
        debit = self.env["property.bank.debit"]._make_list(estate)
        if not debit or len(debit.line_ids) < 2:
            return
        finance = self.env.ref("property_billing.demo_user_finance")
        debit.with_user(finance).action_mark_sent()
        debit.line_ids[0].with_user(finance).action_debit_paid()
        failed = debit.line_ids[1].with_user(finance)
        failed.failure_reason = "funds"
        failed.action_debit_failed()

    @api.model
    def _spending(self, estate, today):
        """SAT-04: the estate's cost centre and the last months' contractor
        bills booked to it, so the fee statement has both sides."""
        plan = self.env["account.analytic.plan"].create({"name": "小区"})
        estate.analytic_account_id = self.env["account.analytic.account"].create(
            {"name": estate.name, "plan_id": plan.id, "company_id": estate.company_id.id})
        expense = self.env["account.account"].search([("account_type", "=", "expense"),
                                                      ("company_ids", "in", estate.company_id.ids)], limit=1)
        centre = {str(estate.analytic_account_id.id): 100}
        for name, vendor, amount in (("保洁外包服务费", "金洁保洁服务有限公司", 18600.0),
                                     ("绿化养护费", "青禾园林绿化有限公司", 6400.0),
                                     ("公共区域水电费", "国网杭州供电公司", 9250.0)):
            partner = self.env["res.partner"].create({"name": vendor, "is_company": True})
            for months_ago in (3, 2, 1):
                bill = self.env["account.move"].create({
                    "move_type": "in_invoice", "partner_id": partner.id,
                    "invoice_date": (today - relativedelta(months=months_ago)).replace(day=25),
                    "invoice_line_ids": [Command.create({"name": name, "quantity": 1, "price_unit": amount,
                                                         "account_id": expense.id, "tax_ids": [Command.set([])],
                                                         "analytic_distribution": centre})],
                })
                bill.action_post()

    @api.model
    def _disputes(self, estate):
        """BIL-05: an owner disputed a line of his latest bill in time (demo
        history: today, or ten days before the due date if that is earlier);
        finance agreed to wait for it."""
        bill = self.env["account.move"].search([
            ("property_estate_id", "=", estate.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted"),
            ("payment_state", "=", "not_paid"),
        ], order="invoice_date desc, id", limit=1)
        line = bill.invoice_line_ids.filtered(lambda line: line.display_type == "product")[:1]
        if not line:
            return
        dispute = self.env["property.bill.dispute"]._workflow_create({
            "move_id": bill.id, "line_id": line.id, "reason": "车位已于上月退租，不应再收车位费",
            "date_raised": min(fields.Datetime.now(),
                               fields.Datetime.to_datetime(bill.invoice_date_due) - relativedelta(days=10)),
        })
        dispute.with_user(self.env.ref("property_billing.demo_user_finance")).action_consent()

    @api.model
    def _collection(self, estate):
        """DUN-03/04, PEN-05: the office chasing arrears, through its own buttons."""
        finance = self.env.ref("property_billing.demo_user_finance")
        owing = self.env["property.unit"].search(
            [("estate_id", "=", estate.id), ("arrears_stage", "!=", "none")], limit=3
        )
        if not owing:
            return
        Log = self.env["property.collection.log"].with_user(finance)
        Log.create(
            {
                "unit_id": owing[0].id,
                "partner_id": owing[0].owner_id.id,
                "channel": "phone",
                "reason": "forgot",
                "promised_date": fields.Date.context_today(self) + relativedelta(days=5),
                "note": "业主答应下周一缴清",
            }
        )
        Log.create({"unit_id": owing[-1].id, "partner_id": owing[-1].owner_id.id, "channel": "visit",
                    "reason": "service_problem", "note": "卫生间漏水一直没修好，修好再交"})
        bills = self.env["account.move"].search([
            ("property_unit_id", "in", owing.ids), ("property_penalty_accrued", ">", 1.0)], limit=2)
        Waiver = self.env["property.penalty.waiver"].with_user(finance)
        for index, bill in enumerate(bills):
            waiver = Waiver.create(
                {
                    "move_id": bill.id,
                    "amount": round(bill.property_penalty_accrued / 2, 2),
                    "reason": "低保户，经管理处研究减免一半滞纳金" if index == 0 else "业主因维修纠纷申请减免",
                }
            )
            if index == 0:
                waiver.with_user(self.env.ref("property_service.demo_user_manager")).action_approve()
        # A household in arrears asks to move goods out: the clerk's release waits (DUN-04).
        self.env["property.moveout"].with_user(self.env.ref("property_service.demo_user_clerk")).create({
            "kind": "goods_release", "unit_id": owing[0].id, "partner_id": owing[0].owner_id.id,
            "goods": "旧沙发一套、纸箱五个",
        })

    @api.model
    def _account(self, company, code, name, account_type):
        """The company's account of that code (a Chinese chart may have it), else a new one."""
        Account = self.env["account.account"].with_company(company)
        return Account.search([("code", "=", code), ("company_ids", "in", company.ids)], limit=1) \
            or Account.create({"name": name, "code": code, "account_type": account_type})

    @api.model
    def _setup_company(self, company):
        cny = self.env.ref("base.CNY")
        if company.currency_id != cny and not self.env["account.move.line"].search_count(
            [("company_id", "=", company.id)], limit=1
        ):
            cny.active = True
            company.currency_id = cny
        company.write({
            "property_deposit_account_id": self._account(company, "224101", "代收押金", "liability_current").id,
            "property_penalty_account_id": self._account(company, "630101", "滞纳金收入", "income_other").id,
            "property_deduction_account_id": self._account(company, "630102", "押金扣款收入", "income_other").id,
            "property_repair_account_id": self._account(company, "600102", "有偿维修收入", "income").id,
            "property_refund_journal_id": self.env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1).id,
        })

    @api.model
    def _setup_fees(self, estate):
        income = self._account(estate.company_id, "600101", "物业服务费收入", "income")
        Fee = self.env["property.fee"]
        fees = {
            "management": Fee.create(
                {
                    "name": "物业管理费",
                    "estate_id": estate.id,
                    "fee_type": "area",
                    "price": 2.8,
                    "account_id": income.id,
                }
            ),
            "parking": Fee.create(
                {
                    "name": "车位管理费",
                    "estate_id": estate.id,
                    "fee_type": "fixed",
                    "price": 150.0,
                    "account_id": income.id,
                }
            ),
            "water": Fee.create(
                {
                    "name": "水费",
                    "estate_id": estate.id,
                    "fee_type": "meter",
                    "meter_type": "water",
                    "price": 3.5,
                    "account_id": income.id,
                    "tier_ids": [Command.create({"threshold": 20.0, "price": 5.25})],
                }
            ),
            "electricity": Fee.create(
                {
                    "name": "电费",
                    "estate_id": estate.id,
                    "fee_type": "meter",
                    "meter_type": "electricity",
                    "price": 0.58,
                    "account_id": income.id,
                }
            ),
            "shared_electricity": Fee.create({
                "name": "公摊电费", "estate_id": estate.id, "fee_type": "meter", "meter_type": "electricity",
                "price": 0.62, "account_id": income.id,
            }),
            "renovation": Fee.create({
                "name": "装修管理费", "estate_id": estate.id, "fee_type": "renovation", "charge_basis": "area",
                "price": 3.0, "account_id": income.id,
            }),
            "movein": Fee.create({
                "name": "预收物业管理费（3个月）", "estate_id": estate.id, "fee_type": "movein",
                "charge_basis": "area", "price": 8.4, "account_id": income.id,
            }),
            "movein_waste": Fee.create({
                "name": "装修垃圾清运费", "estate_id": estate.id, "fee_type": "movein", "charge_basis": "unit",
                "price": 300.0, "account_id": income.id,
            }),
        }
        units = self.env["property.unit"].search([("estate_id", "=", estate.id)])
        start = fields.Date.context_today(self) - relativedelta(years=1)
        self.env["property.unit.fee"].create(
            [
                {"unit_id": u.id, "fee_id": fees["management"].id, "date_start": start}
                for u in units
                if u.usage != "parking"
            ]
            + [
                {"unit_id": u.id, "fee_id": fees["parking"].id, "date_start": start}
                for u in units
                if u.usage == "parking"
            ]
        )
        return fees

    @api.model
    def _setup_meters(self, estate, fees):
        units = self.env["property.unit"].search([("estate_id", "=", estate.id), ("usage", "!=", "parking")])
        start = fields.Date.context_today(self) - relativedelta(months=4)
        meters = self.env["property.meter"].create([
            {"name": f"{unit.name}-{kind[0].upper()}", "unit_id": unit.id, "meter_type": kind, "fee_id": fees[kind].id}
            for unit in units for kind in ("water", "electricity")
            if not unit.meter_ids.filtered(lambda m, kind=kind: m.meter_type == kind)
        ])
        # BIL-09: each building's lifts and stair lighting, and the estate's water pumps, shared out.
        meters |= self.env["property.meter"].create([
            {"name": f"GT-{building.code}-{use[0].upper()}", "scope": "building", "building_id": building.id,
             "meter_type": "electricity", "public_use": use, "fee_id": fees["shared_electricity"].id}
            for building in estate.building_ids for use in ("lift", "corridor")
        ] + [{"name": f"GT-{estate.code}-PUMP", "scope": "estate", "estate_id": estate.id, "meter_type": "electricity",
              "public_use": "pump", "fee_id": fees["shared_electricity"].id}])
        self.env["property.meter.reading"].create(
            [
                {
                    "meter_id": meter.id,
                    "date": date(start.year, start.month, 24),
                    "value": 100.0 + meter.id % 50,
                    "source": "import",
                }
                for meter in meters
            ]
        )

    @api.model
    def _read_meters(self, estate, day, rnd):
        self.env.invalidate_all()  # readings were just created: read the last ones afresh
        meters = self.env["property.meter"].search([("estate_id", "=", estate.id), ("active", "=", True)])
        self.env["property.meter.reading"].create(
            [
                {
                    "meter_id": meter.id,
                    "date": day,
                    "value": meter.last_value + (
                        rnd.uniform(400, 900) if meter.scope != "unit"
                        else rnd.uniform(5, 25) if meter.meter_type == "water" else rnd.uniform(80, 260)),
                    "reader_id": self.env.ref("property_service.demo_user_engineer").id,
                }
                for meter in meters
                if meter.last_reading_id.date and meter.last_reading_id.date < day
            ]
        )

    @api.model
    def _pay(self, period, rnd):
        journal = period.company_id.property_refund_journal_id
        for bill in period.invoice_ids.filtered(lambda m: m.state == "posted"):
            luck = rnd.random()
            if luck < 0.15:
                continue  # unpaid: arrears, reminders, late fees
            due = bill.invoice_date_due
            amount = bill.amount_residual if luck > 0.25 else round(bill.amount_residual * 0.4, 2)
            paid_on = (
                due - relativedelta(days=rnd.randint(1, 15))
                if luck > 0.35
                else due + relativedelta(days=rnd.randint(5, 40))
            )
            if paid_on > fields.Date.context_today(self):
                continue
            self.env["account.payment.register"].with_context(active_model="account.move", active_ids=bill.ids).create({
                "amount": amount, "payment_date": paid_on, "journal_id": journal.id,
            })._create_payments()

    @api.model
    def _deposits(self, estate):
        permits = self.env["property.renovation"].search(
            [("estate_id", "=", estate.id), ("state", "in", ("approved", "accepted"))]
        )
        for permit in permits:
            permit.action_invoice_deposits()
            for invoice in permit.deposit_move_ids.filtered(lambda m: m.payment_state == "not_paid"):
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create(
                    {
                        "payment_date": permit.date_start,
                        "journal_id": permit.company_id.property_refund_journal_id.id,
                    }
                )._create_payments()
