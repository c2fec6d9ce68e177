"""End to end over HTTP: the installed test database served by a real Odoo,
used through JSON-RPC (what the browser does) by the demo staff with their real
groups, and the import templates of data/import/ loaded as a clerk would."""
import csv
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

from tests.helpers import ROOT, test_db


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooClient:
    def __init__(self, url, db):
        self.url, self.db = url, db
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=60) as response:
            return json.loads(response.read())

    def login(self, login, password):
        reply = self.call("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        if reply.get("error"):
            raise AssertionError(reply["error"])
        return reply["result"]

    def kw(self, model, method, args, kwargs=None):
        return self.call(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
        )


@unittest.skipUnless(test_db(), "runs inside bin/test, on its database")
class TestRpcAsUsers(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo")
        port = free_port()
        cls.log = open(ROOT / "var" / "test-rpc-server.log", "w")
        cls.server = subprocess.Popen(
            [sys.executable, f"{odoo_path}/odoo-bin", "-c", "odoo.conf",
             "--addons-path", f"{ROOT}/addons,{odoo_path}/addons", "-d", test_db(), "--db-filter", f"^{test_db()}$",
             "--http-port", str(port), "--max-cron-threads", "0", "--log-level", "warn"],
            cwd=ROOT, stdout=cls.log, stderr=subprocess.STDOUT,
        )
        cls.url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(cls.url + "/web/health", timeout=2)
                break
            except OSError:
                time.sleep(1)
        else:
            cls.tearDownClass()
            raise RuntimeError("Odoo did not start")

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(30)
        cls.log.close()

    def client(self, login):
        client = OdooClient(self.url, test_db())
        client.login(login, login)
        return client

    def test_clerk_takes_a_call_and_sees_only_her_estate(self):
        clerk = self.client("clerk")
        estates = clerk.kw("property.estate", "search_read", [[]], {"fields": ["code"]})["result"]
        self.assertEqual([e["code"] for e in estates], ["CH"])
        unit = clerk.kw(
            "property.unit",
            "search_read",
            [[("estate_id.code", "=", "CH")]],
            {"fields": ["id", "estate_id"], "limit": 1},
        )["result"][0]
        created = clerk.kw("property.request", "create", [{
            "estate_id": unit["estate_id"][0], "unit_id": unit["id"], "category": "in_unit_repair",
            "tier": "urgent", "description": "RPC: no hot water",
        }])
        self.assertNotIn("error", created)
        request = clerk.kw(
            "property.request", "read", [[created["result"]], ["deadline_ids", "state", "next_deadline"]]
        )["result"][0]
        self.assertEqual(request["state"], "new")
        self.assertEqual(len(request["deadline_ids"]), 3)
        # A unit of the other estate is out of her reach.
        other = clerk.kw("property.unit", "search_count", [[("estate_id.code", "=", "YQ")]])["result"]
        self.assertEqual(other, 0)

    def test_clerk_cannot_change_response_targets(self):
        clerk = self.client("clerk")
        targets = clerk.kw("property.response.target", "search", [[]], {"limit": 1})["result"]
        reply = clerk.kw("property.response.target", "write", [targets, {"delay": 99}])
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")

    def test_bad_input_gets_a_clear_error_in_chinese(self):
        supervisor = self.client("supervisor")
        building = supervisor.kw("property.building", "search", [[("estate_id.code", "=", "CH")]], {"limit": 1})[
            "result"
        ][0]
        reply = supervisor.kw(
            "property.unit",
            "create",
            [{"building_id": building, "number": "RPC-1", "floor_area": -5}],
            {"context": {"lang": "zh_CN"}},
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn("建筑面积不能为负数", reply["error"]["data"]["message"])
        count = supervisor.kw("property.unit", "search_count", [[("number", "=", "RPC-1")]])["result"]
        self.assertEqual(count, 0)

    def test_bil07_two_finance_users_start_one_large_bill_run(self):
        """Two finance sessions click *Run the bills* on one large period at the
        same moment: no error for either, the run shared among the lanes once."""
        import threading

        admin = self.client("admin")
        company = admin.kw("res.users", "read", [[2], ["company_id"]])["result"][0]["company_id"][0]
        admin.kw("res.company", "write", [[company], {"property_bill_run_inline_limit": 0}])
        finance, colleague = self.client("finance"), self.client("finance")
        estate = finance.kw("property.estate", "search", [[("code", "=", "CH")]])["result"][0]
        period = finance.kw("property.billing.period", "create", [{
            "name": "CH RPC", "estate_id": estate, "date_from": "2027-06-26", "date_to": "2027-07-25",
            "date_due": "2027-08-15",
        }])["result"]
        log_start = os.path.getsize(self.log.name)
        replies = []

        def click(client):
            replies.append(client.call("/web/dataset/call_button", {
                "model": "property.billing.period", "method": "action_bill_run", "args": [[period]], "kwargs": {},
            }))

        threads = [threading.Thread(target=click, args=(user,)) for user in (finance, colleague)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        admin.kw("res.company", "write", [[company], {"property_bill_run_inline_limit": 500}])
        self.assertEqual([reply.get("error") for reply in replies], [None, None])
        read = finance.kw("property.billing.period", "read", [[period], ["state", "lane_ids"]])["result"][0]
        self.assertEqual(read["state"], "running")
        self.assertEqual(len(read["lane_ids"]), 4)
        with open(self.log.name, encoding="utf-8") as log:
            log.seek(log_start)
            self.assertNotIn(" ERROR ", log.read())

    def download(self, client, url):
        with client.opener.open(self.url + url, timeout=120) as response:
            return response.headers.get("Content-Type"), response.read()

    def test_finance_prints_chinese_payment_notices_and_packets(self):
        finance = self.client("finance")
        bills = finance.kw(
            "account.move",
            "search_read",
            [[("property_period_id", "!=", False), ("state", "=", "posted")]],
            {"fields": ["id", "name"], "limit": 2},
        )["result"]
        self.assertEqual(len(bills), 2)
        ids = ",".join(str(bill["id"]) for bill in bills)
        kind, body = self.download(finance, f"/report/pdf/property_billing.report_payment_notice/{ids}")
        self.assertEqual(kind, "application/pdf")
        self.assertTrue(body.startswith(b"%PDF"))
        clerk = self.client("clerk")
        reply = clerk.kw(
            "account.move", "search_read", [[("property_period_id", "!=", False)]], {"fields": ["name"], "limit": 1}
        )
        self.assertEqual(reply["error"]["data"]["name"], "odoo.exceptions.AccessError")
        cases = clerk.kw("property.movein", "search", [[("state", "in", ("notified", "in_progress"))]])["result"]
        kind, body = self.download(
            clerk, f"/report/pdf/property_service.report_movein_packet/{','.join(map(str, cases))}"
        )
        self.assertTrue(body.startswith(b"%PDF"))

    def test_import_templates_load(self):
        """data/import/*.csv are the templates an office fills to load its real
        estate, in the order of data/README.md, each by the role that keeps it.
        The arrears carried over become posted bills due on their own dates: the
        late fee and the arrears ladder go on from there; the deposits already
        held are paid deposit invoices of the permits still open, refundable
        as the permit's own (DEP-01)."""
        manager, finance, clerk = self.client("manager"), self.client("finance"), self.client("clerk")
        loaded = {}
        for client, model, name in (
            (manager, "property.unit", "units.csv"),
            (manager, "res.partner", "residents.csv"),
            (manager, "property.occupancy", "occupancies.csv"),
            (clerk, "property.renovation", "renovations.csv"),
            (manager, "product.template", "repair_price_list.csv"),
            (finance, "property.unit.fee", "unit_fees.csv"),
            (finance, "property.meter", "meters.csv"),
            (finance, "property.meter.reading", "meter_readings.csv"),
            (finance, "account.move", "opening_arrears.csv"),
            (finance, "account.move", "deposits_held.csv"),
        ):
            with (ROOT / "data" / "import" / name).open(encoding="utf-8") as handle:
                rows = list(csv.reader(handle))
            reply = client.kw(model, "load", [rows[0], rows[1:]], {"context": {"lang": "zh_CN"}})
            self.assertNotIn("error", reply, name)
            messages = [m for m in reply["result"]["messages"] if m.get("type") == "error"]
            self.assertFalse(messages, f"{name}: {messages}")
            # A row with an empty first column continues the record above (its next line).
            self.assertEqual(len(reply["result"]["ids"]), sum(1 for row in rows[1:] if row[0]), name)
            loaded[name] = reply["result"]["ids"]
        bills = loaded["opening_arrears.csv"]
        self.assertNotIn("error", finance.kw("account.move", "action_post", [bills]))
        admin = self.client("admin")
        for xmlid in ("property_billing.ir_cron_refresh_penalties", "property_billing.ir_cron_refresh_arrears"):
            cron = admin.kw(
                "ir.model.data",
                "search_read",
                [[("module", "=", xmlid.split(".")[0]), ("name", "=", xmlid.split(".")[1])]],
                {"fields": ["res_id"]},
            )
            self.assertTrue(cron["result"], xmlid)
            self.assertNotIn("error", admin.kw("ir.cron", "method_direct_trigger", [[cron["result"][0]["res_id"]]]))
        read = finance.kw("account.move", "read", [bills, ["invoice_date_due", "property_penalty_accrued", "state"]])[
            "result"
        ]
        self.assertEqual([bill["state"] for bill in read], ["posted", "posted"])
        self.assertEqual(read[0]["invoice_date_due"], "2026-09-15")
        self.assertGreater(read[0]["property_penalty_accrued"], 0)
        unit = finance.kw("property.unit", "search_read", [[("name", "=", "1-0701")]], {"fields": ["arrears_stage"]})[
            "result"
        ]
        self.assertNotEqual(unit[0]["arrears_stage"], "none")
        # Deposits held: finance posts the deposit invoice and records the old receipt's payment on its date.
        deposits = loaded["deposits_held.csv"]
        self.assertNotIn("error", finance.kw("account.move", "action_post", [deposits]))
        context = {"active_model": "account.move", "active_ids": deposits}
        wizard = finance.kw(
            "account.payment.register", "create", [{"payment_date": "2026-09-01"}], {"context": context}
        )
        self.assertNotIn("error", wizard)
        self.assertNotIn("error", finance.kw("account.payment.register", "action_create_payments", [[wizard["result"]]],
                                             {"context": context}))
        permit = clerk.kw(
            "property.renovation",
            "read",
            [loaded["renovations.csv"], ["state", "deposit_total", "deposit_received", "unit_id"]],
        )["result"][0]
        self.assertEqual(
            (permit["state"], permit["deposit_total"], permit["deposit_received"]), ("draft", 2500.0, 2500.0)
        )
