"""Billing benchmark (not a test): run by bin/bench inside `odoo-bin shell`.

Generates an estate of N units (env PROPERTY_BENCH_UNITS, default 2000) with
fees, meters and readings, each building's shared lift meter (BIL-09), 10 %
paid repair slips and 20 % overdue history,
then times:
- the floor: the same invoices made by bare batched account.move.create +
  action_post, nothing of ours;
- the peer: OCA's `contract` (installed in this throw-away database only by
  bin/bench) billing the same households as monthly contracts with the same
  lines, its own job creating the invoices, then posted;
- our bill run in one process (the button, inline);
- the daily penalty refresh, the arrears refresh, the arrears XLSX export, the
  payment notices printed together and one by one;
- our bill run by two separate Odoo servers (one cron worker each, as two
  machines would run it) sharing the lanes of one period through Odoo's own
  ir.cron, checked: one bill per household, nothing billed twice, no ERROR in
  either server's log.
Prints a table and the ratio lines. Every phase starts from the same vacuumed
tables; bin/bench drops the database at the end.
"""
import os
import resource
import shlex
import subprocess
import tempfile
import threading
import time
import urllib.request

from dateutil.relativedelta import relativedelta

import odoo
from odoo import Command, fields

env = env  # noqa: F821 -- provided by odoo-bin shell
N = int(os.environ.get("PROPERTY_BENCH_UNITS", "2000"))
BATCH = int(os.environ.get("PROPERTY_BENCH_BATCH", "500"))
rows = []


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure(label, count, func):
    env.flush_all()
    thread = threading.current_thread()
    thread.query_count, thread.query_time = 0, 0.0  # Odoo's cursor adds each query's time here
    queries, start = odoo.sql_db.sql_counter, time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - start
    rows.append((label, count if not callable(count) else count(result), elapsed,
                 odoo.sql_db.sql_counter - queries, peak_mb(), thread.query_time))
    del thread.query_count, thread.query_time
    print(f"  {label}: {elapsed:.2f} s", flush=True)
    return result


def generate():
    today = fields.Date.context_today(env["res.partner"])
    company = env.company
    env["ir.config_parameter"].set_param("property_service.cron_batch_size", BATCH)
    Account = env["account.account"]
    income = Account.create({"name": "Bench fees", "code": "709901", "account_type": "income"})
    company.write(
        {
            "property_penalty_account_id": Account.create(
                {"name": "Bench penalties", "code": "709902", "account_type": "income_other"}
            ).id,
            "property_repair_account_id": income.id,
        }
    )
    estate = env["property.estate"].create({"name": "Bench Estate", "code": "BENCH", "tz": "Asia/Shanghai"})
    buildings = env["property.building"].create([
        {"name": f"B{b}", "code": f"B{b}", "estate_id": estate.id, "floor_count": 25} for b in range(max(1, N // 100))
    ])
    unit_vals = []
    for index in range(N):
        building = buildings[index % len(buildings)]
        unit_vals.append(
            {
                "building_id": building.id,
                "number": f"{index // len(buildings):05d}",
                "floor": 1 + index % 25,
                "floor_area": 60 + index % 90,
            }
        )
    units = env["property.unit"].with_context(tracking_disable=True, mail_create_nolog=True).create(unit_vals)
    owners = env["res.partner"].create([{"name": f"Owner {index}"} for index in range(N)])
    env["property.occupancy"].create([
        {"unit_id": unit.id, "partner_id": owner.id, "role": "owner", "date_start": "2020-01-01"}
        for unit, owner in zip(units, owners)
    ])
    Fee = env["property.fee"]
    management = Fee.create(
        {"name": "Management", "estate_id": estate.id, "fee_type": "area", "price": 2.8, "account_id": income.id}
    )
    fixed = Fee.create(
        {"name": "Lift", "estate_id": estate.id, "fee_type": "fixed", "price": 20.0, "account_id": income.id}
    )
    water = Fee.create(
        {
            "name": "Water",
            "estate_id": estate.id,
            "fee_type": "meter",
            "meter_type": "water",
            "price": 3.5,
            "account_id": income.id,
        }
    )
    power = Fee.create({"name": "Power", "estate_id": estate.id, "fee_type": "meter", "meter_type": "electricity",
                        "price": 0.58, "account_id": income.id})
    env["property.unit.fee"].create(
        [{"unit_id": u.id, "fee_id": management.id, "date_start": "2020-01-01"} for u in units]
        + [{"unit_id": u.id, "fee_id": fixed.id, "date_start": "2020-01-01"} for u in units]
    )
    meters = env["property.meter"].create([
        {"name": f"{u.name}-{kind}", "unit_id": u.id, "meter_type": kind, "fee_id": fee.id}
        for u in units for kind, fee in (("water", water), ("electricity", power))
    ])
    main_month = today - relativedelta(months=2)
    history_month = today - relativedelta(months=5)
    period = env["property.billing.period"]._for_month(estate, main_month.year, main_month.month)
    history = env["property.billing.period"]._for_month(estate, history_month.year, history_month.month)
    # Only the benchmark's period is left to bill: the monthly planner (which
    # closes the two-server run) must find no other period due.
    last_month = today - relativedelta(months=1)
    quiet = history | env["property.billing.period"]._for_month(estate, last_month.year, last_month.month)
    if today.day >= estate.billing_cutoff_day:
        quiet |= env["property.billing.period"]._for_month(estate, today.year, today.month)
    quiet._workflow_write({"state": "billed"})
    Reading = env["property.meter.reading"]
    Reading.create([{"meter_id": m.id, "date": period.date_from, "value": 100.0, "source": "import"} for m in meters])
    Reading.create(
        [
            {
                "meter_id": m.id,
                "date": period.date_to - relativedelta(days=1),
                "value": 112.0 + m.id % 7,
                "source": "import",
            }
            for m in meters
        ]
    )
    # BIL-09: each building's lift electricity, shared out by floor area as its own line on every household's bill.
    lifts = env["property.meter"].create([
        {"name": f"{b.code}-LIFT", "scope": "building", "building_id": b.id, "public_use": "lift",
         "meter_type": "electricity", "fee_id": power.id}
        for b in buildings
    ])
    Reading.create([{"meter_id": m.id, "date": period.date_from, "value": 5000.0, "source": "import"} for m in lifts])
    Reading.create([{"meter_id": m.id, "date": period.date_to - relativedelta(days=1),
                     "value": 5987.65 + m.id % 7, "source": "import"} for m in lifts])
    period._reserve_shared_readings()
    # 10 % of the households have a confirmed paid repair slip finished in the period
    # (history, so set through the system path of property.workflow.mixin).
    slip_units = units[::10]
    requests = (
        env["property.request"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        ._workflow_create(
            [
                {
                    "estate_id": estate.id,
                    "unit_id": u.id,
                    "partner_id": u.owner_id.id,
                    "category": "in_unit_repair",
                    "description": "Bench repair",
                    "date_received": fields.Datetime.to_datetime(period.date_to) - relativedelta(days=5),
                }
                for u in slip_units
            ]
        )
    )
    product = env.ref("property_service.product_repair_tap")
    slips = (
        env["property.repair.slip"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "request_id": r.id,
                    "line_ids": [Command.create({"line_type": "priced", "product_id": product.id, "quantity": 1})],
                }
                for r in requests
            ]
        )
    )
    slips._workflow_write(
        {"state": "confirmed", "date_done": fields.Datetime.to_datetime(period.date_to) - relativedelta(days=3)}
    )
    # 20 % of the households carry an unpaid bill from five months ago.
    journal = estate._billing_journal()
    overdue = (
        env["account.move"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": u.owner_id.id,
                    "journal_id": journal.id,
                    "invoice_date": history.date_to,
                    "invoice_date_due": history.date_due,
                    "property_unit_id": u.id,
                    "property_period_id": history.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Management (history)",
                                "quantity": u.floor_area,
                                "price_unit": 2.8,
                                "account_id": income.id,
                                "tax_ids": [Command.set([])],
                            }
                        )
                    ],
                }
                for u in units[::5]
            ]
        )
    )
    overdue.action_post()
    return estate, period, units


def strip_links(line):
    return {k: v for k, v in line.items() if not k.startswith("property_")}


def floor_vals(period, units):
    """The same invoices as the bill run, with nothing of ours: the floor."""
    journal = period.estate_id._billing_journal()
    sources = period._collect_sources(units)["lines"]
    return [
        {"move_type": "out_invoice", "partner_id": unit.owner_id.id, "journal_id": journal.id,
         "invoice_date": period.date_to, "invoice_date_due": period.date_due, "invoice_origin": period.name,
         "invoice_line_ids": [Command.create(strip_links(line)) for line in sources[unit]]}
        for unit in units if sources[unit]
    ]


def bare_invoices(vals_list):
    Move = env["account.move"].with_context(mail_create_nolog=True, tracking_disable=True)
    moves = Move.browse()
    for start in range(0, len(vals_list), BATCH):
        batch = Move.create(vals_list[start:start + BATCH])
        batch.action_post()
        moves |= batch
    return moves


def bill_run(period):
    """The button, the whole period made while finance waits."""
    period.company_id.property_bill_run_inline_limit = N + 1
    period.action_bill_run()
    return period.invoice_ids.filtered(lambda m: m.state == "posted")


def contract_vals(period, units):
    """The peer's data: a monthly OCA contract per household with the lines
    our bill run makes (fees, meter consumption, slips, late fees as the
    quantities and prices they come to this month)."""
    journal = period.estate_id._billing_journal()
    sources = period._collect_sources(units)["lines"]
    return [
        {"name": f"Contract {unit.name}", "partner_id": unit.owner_id.id, "journal_id": journal.id,
         "contract_type": "sale", "line_recurrence": False, "recurring_rule_type": "monthly",
         "recurring_interval": 1, "date_start": period.date_to, "recurring_next_date": period.date_to,
         "contract_line_ids": [Command.create({"name": line["name"], "quantity": line.get("quantity", 1.0),
                                               "price_unit": line["price_unit"], "date_start": period.date_to})
                                for line in sources[unit]]}
        for unit in units if sources[unit]
    ]


def oca_contract_run(period):
    """OCA contract's own job makes the month's invoices; then they are posted by batches."""
    Contract = env["contract.contract"]
    Contract.cron_recurring_create_invoice(period.date_to)
    moves = env["account.move"].search([("invoice_line_ids.contract_line_id", "!=", False), ("state", "=", "draft")],
                                       order="id")
    for start in range(0, len(moves), BATCH):
        moves[start:start + BATCH].action_post()
    return moves


def reading_rows(meters, period, count):
    """`count` readings after the billed ones: each meter in turn, a day later each round."""
    rows = []
    for index in range(count):
        meter = meters[index % len(meters)]
        rounds = index // len(meters)
        rows.append([meter.name, str(period.date_to + relativedelta(days=1 + rounds)),
                     f"{130.0 + 10 * rounds + meter.id % 5:.2f}", "import"])
    return rows


def import_readings(user, rows):
    """The readings CSV through base_import as the user would load it."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["meter_id", "date", "value", "source"])
    writer.writerows(rows)
    wizard = env["base_import.import"].with_user(user).create({
        "res_model": "property.meter.reading", "file": buffer.getvalue().encode(), "file_type": "text/csv",
        "file_name": "meter_readings.csv",
    })
    options = {"has_headers": True, "separator": ",", "quoting": '"', "date_format": "%Y-%m-%d",
               "float_decimal_separator": ".", "float_thousand_separator": ","}
    columns = ["meter_id", "date", "value", "source"]
    return wizard.execute_import(columns, columns, options)


def generate_requests(estate, units, count):
    """`count` service requests over the last year, every kind and state the desk sees."""
    categories = ["in_unit_repair", "public_repair", "complaint", "consultation"]
    now = fields.Datetime.now()
    Request = env["property.request"].with_context(tracking_disable=True, mail_create_nolog=True,
                                                   mail_create_nosubscribe=True)
    for start in range(0, count, 5000):
        Request._workflow_create([
            {"estate_id": estate.id, "unit_id": units[index % len(units)].id,
             "partner_id": units[index % len(units)].owner_id.id, "category": categories[index % 4],
             "description": f"Bench request {index}", "date_received": now - relativedelta(hours=index % 8760)}
            for index in range(start, min(count, start + 5000))
        ])
        env.cr.commit()


def screen_users(estate):
    """A desk clerk, a finance clerk and a butler of the estate (the butler's zone: one building)."""
    def user(login, group):
        return env["res.users"].create({
            "name": login, "login": login, "groups_id": [Command.set([env.ref(group).id])],
            "property_estate_ids": [Command.set(estate.ids)],
        })

    users = {"clerk": user("bench_clerk", "property_service.group_property_clerk"),
             "finance": env["res.users"].search([("login", "=", "bench_finance")]) or user(
                 "bench_finance", "property_billing.group_property_finance"),
             "butler": user("bench_butler", "property_butler.group_property_butler")}
    building = env["property.building"].search([("estate_id", "=", estate.id)], order="id", limit=1)
    env["hr.employee"].create({"name": "Bench butler", "user_id": users["butler"].id,
                               "property_zone_building_ids": [Command.set(building.ids)]})
    zone_units = env["property.unit"].search([("building_id", "=", building.id)])
    env["property.resident.profile"].create([{"partner_id": u.owner_id.id, "unit_id": u.id} for u in zone_units])
    env.cr.commit()
    return users


def view_specification(Model, view_type):
    """The fields a view reads for this user, as the web client asks for
    them: the field nodes of the user's arch (not those of sub-views)."""
    from lxml import etree

    views = Model.get_views([(False, view_type)])
    fields_info = views["models"][Model._name]["fields"]
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        if name not in fields_info or any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        relational = fields_info[name]["type"] in ("many2one", "many2many", "one2many")
        spec[name] = {"fields": {"display_name": {}}} if relational else {}
    return spec


def first_page(user, model, view_type, domain):
    env.invalidate_all()  # a new request: nothing of the records in the cache
    Model = env[model].with_user(user).with_context(tz="Asia/Shanghai")
    result = Model.web_search_read(domain, view_specification(Model, view_type), limit=80, count_limit=10001)
    return result["records"]


def open_form(user, partner):
    env.invalidate_all()
    Partner = env["res.partner"].with_user(user).with_context(tz="Asia/Shanghai")
    return Partner.browse(partner.id).web_read(view_specification(Partner, "form"))


def server_peak_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def two_server_run(period, households):
    """Two separate Odoo servers, one cron worker each, bill the period
    through the lanes; timed from finance's click to the period billed."""
    command = shlex.split(os.environ["PROPERTY_BENCH_ODOO"])
    logs, servers = [], []
    for index in range(2):
        log = tempfile.NamedTemporaryFile(prefix=f"bench-server-{index}-", suffix=".log", delete=False)
        logs.append(log.name)
        port = 8470 + index
        servers.append((port, subprocess.Popen(
            command + ["-d", env.cr.dbname, "--http-port", str(port), "--gevent-port", str(port + 100),
                       "--max-cron-threads", "1", "--workers", "0", "--log-level", "info", "--logfile", log.name],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )))
    try:
        for port, _server in servers:
            for _attempt in range(600):
                try:
                    urllib.request.urlopen(f"http://localhost:{port}/web/webclient/version_info", b"{}", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
        # The servers' cron workers sleep until Odoo's cron trigger wakes them.
        time.sleep(2)
        period.company_id.property_bill_run_inline_limit = 0
        start = time.perf_counter()
        period.action_bill_run()
        env.cr.commit()
        while True:
            time.sleep(0.2)
            env.cr.rollback()
            env.invalidate_all()
            if period.state == "billed":
                break
            if time.perf_counter() - start > 4 * 3600:
                raise RuntimeError("the two servers did not finish the bill run")
        elapsed = time.perf_counter() - start
        peaks = [server_peak_mb(server.pid) for _port, server in servers]
    finally:
        for _port, server in servers:
            server.terminate()
        for _port, server in servers:
            server.wait()
    bills = env["account.move"].search([("property_period_id", "=", period.id), ("move_type", "=", "out_invoice")])
    per_unit = env["account.move"]._read_group([("id", "in", bills.ids)], ["property_unit_id"], ["__count"])
    assert len(bills) == len(households), f"{len(bills)} bills for {len(households)} households"
    assert all(count == 1 for _unit, count in per_unit), "a household billed twice"
    assert set(bills.mapped("state")) == {"posted"}
    # Odoo's numbering stays gapless with two servers posting in one journal.
    numbers = sorted(bills.mapped("sequence_number"))
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "a gap in the bills' numbers"
    assert len(set(bills.mapped("sequence_prefix"))) == 1
    errors = []
    lanes_seen = set()
    for name in logs:
        with open(name, encoding="utf-8") as log:
            for line in log:
                # Odoo's time limits warn before they restart a server: none may be reached.
                if " ERROR " in line or " CRITICAL " in line or "time limit" in line:
                    errors.append(line.strip())
                if "Property: bill run, lane" in line and "starting" in line:
                    lanes_seen.add((name, line.split("Property: bill run, lane ")[1][:1]))
    assert not errors, "errors or time limits in the servers' logs:\n" + "\n".join(errors[:20])
    assert len({name for name, _lane in lanes_seen}) == 2, f"both servers billed: {sorted(lanes_seen)}"
    for name in logs:
        os.unlink(name)
    return elapsed, len(bills), max(peaks)


def print_notices(bills):
    """The payment notices of these bills as one PDF, as finance prints them."""
    report = env.ref("property_billing.action_report_payment_notice").with_context(force_report_rendering=True)
    content, _kind = report._render_qweb_pdf(report.report_name, bills.ids)
    assert content.startswith(b"%PDF")
    return bills


def drain(cron):
    """Call a batched scheduled action until it has nothing left, as Odoo
    does while it reports remaining work; the records it handled."""
    done = None
    while True:
        batch = cron()
        if not batch:
            return done if done is not None else batch
        done = batch if done is None else done | batch


def export_arrears(estate):
    export = env["property.billing.export"].create({"kind": "arrears", "estate_id": estate.id})
    export.action_export()
    return export


print(f"Generating an estate of {N} units ...", flush=True)
t0 = time.perf_counter()
estate, period, units = generate()
env.flush_all()
print(f"  generated in {time.perf_counter() - t0:.1f} s", flush=True)
households = period._households_to_bill()
vals = floor_vals(period, households)
# The generated estate is kept (the database is thrown away afterwards); the
# floor and the bill run each start from it, vacuumed: a rolled-back run leaves
# dead rows in account_move that Odoo's sequence query would scan again.
if os.environ.get("PROPERTY_BENCH_REPORT_URL"):
    env["ir.config_parameter"].set_param("report.url", os.environ["PROPERTY_BENCH_REPORT_URL"])
env.cr.commit()


def start_clean():
    env.cr.rollback()
    env.invalidate_all()
    with odoo.sql_db.db_connect(env.cr.dbname).cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


# Warm the paths up on a few households, then time each from the same tables.
bare_invoices(vals[:20])
period._bill_batch(households[:20])
start_clean()
# PROPERTY_BENCH_SKIP=floor,contract leaves out the two references (at 10,000 units they take half an
# hour); the floor's time of an earlier run of the same N can then be given in PROPERTY_BENCH_FLOOR_SECONDS.
SKIP = set(filter(None, os.environ.get("PROPERTY_BENCH_SKIP", "").split(",")))
if "floor" in SKIP:
    rows.append(("floor: bare create+post (earlier run)", len(vals),
                 float(os.environ["PROPERTY_BENCH_FLOOR_SECONDS"]), None, 0.0, None))
else:
    floor = measure("floor: bare create+post", len, lambda: bare_invoices(vals))
start_clean()
if "contract.contract" in env and "contract" not in SKIP:
    contracts = env["contract.contract"].with_context(tracking_disable=True, mail_create_nolog=True).create(
        contract_vals(period, households))
    env.flush_all()
    measure("OCA contract: job + post (bills)", len, lambda: oca_contract_run(period))
    start_clean()
if os.environ.get("PROPERTY_BENCH_PROFILE"):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    moves = measure("bill run (bills)", len, lambda: profiler.runcall(bill_run, period))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
else:
    moves = measure("bill run (bills)", len, lambda: bill_run(period))
penalties = measure("penalty refresh (overdue bills)", len, lambda: drain(env["account.move"]._cron_refresh_penalties))
arrears = measure("arrears stages (units)", len, lambda: drain(env["property.unit"]._cron_refresh_arrears))
export = measure("arrears XLSX export (units)", N, lambda: export_arrears(estate))
# Printing: the month's notices together (wkhtmltopdf by chunks), and a sample
# one by one for comparison. bin/bench serves the report assets (report.url,
# set and committed before the first phase).
if os.environ.get("PROPERTY_BENCH_REPORT_URL"):
    NOTICES = int(os.environ.get("PROPERTY_BENCH_NOTICES", "1000"))
    print_notices(moves[:2])
    measure("payment notices PDF (notices)", len, lambda: print_notices(moves[:NOTICES]))
    sample = moves[:10]
    measure("notices one by one (notices)", len, lambda: sample.browse([print_notices(bill).id for bill in sample]))
start_clean()
if os.environ.get("PROPERTY_BENCH_ODOO"):
    print("  two servers billing one period ...", flush=True)
    elapsed, count, peak = two_server_run(period, households)
    rows.append(("bill run, 2 servers (bills)", count, elapsed, None, peak, None))
    print(f"  bill run, 2 servers: {elapsed:.2f} s", flush=True)
# Imports: a month of meter readings through Odoo's import, as finance.
READINGS = int(os.environ.get("PROPERTY_BENCH_READINGS", "10000"))
if "base_import.import" in env:
    finance = env["res.users"].create({
        "name": "Bench finance", "login": "bench_finance",
        "groups_id": [Command.set([env.ref("property_billing.group_property_finance").id])],
        "property_estate_ids": [Command.set(estate.ids)],
    })
    meters = env["property.meter"].search([("unit_id.estate_id", "=", estate.id)], order="id")
    readings = reading_rows(meters, period, READINGS)
    bad = [
        [meters[0].name, str(period.date_to + relativedelta(days=30)), "50.00", "import"],  # lower than before
        [meters[1].name, str(period.date_to + relativedelta(days=30)), "-3.00", "import"],  # negative
        [meters[2].name, str(fields.Date.today() + relativedelta(days=5)), "999.00", "import"],  # future
        ["NO-SUCH-METER", str(period.date_to + relativedelta(days=30)), "10.00", "import"],  # unknown meter
    ]
    before = env["property.meter.reading"].search_count([])
    refused = measure("readings import, 4 bad rows (rows)", len(readings) + len(bad),
                      lambda: import_readings(finance, readings[:5000] + bad + readings[5000:]))
    errors = [m for m in refused["messages"] if m["type"] == "error"]
    assert not refused["ids"] and len({m["record"] for m in errors}) == len(bad), refused["messages"][:8]
    assert env["property.meter.reading"].search_count([]) == before, "a refused import left readings"
    for message in errors:
        print(f"    row {message['record'] + 2}: {message['message'][:110]}")
    done = measure("readings import (rows)", len(readings), lambda: import_readings(finance, readings))
    assert len(done["ids"] or []) == len(readings), done["messages"][:5]
# Lists and forms at scale: the first page of the main screens as the real
# users (their groups and record rules), as the web client asks for them.
REQUESTS = int(os.environ.get("PROPERTY_BENCH_REQUESTS", str(10 * N)))
if REQUESTS:
    print(f"  generating {REQUESTS} service requests ...", flush=True)
    generate_requests(estate, units, REQUESTS)
    env.cr.commit()
    users = screen_users(estate)
    drain(env["property.unit"]._cron_refresh_arrears)  # the households in arrears, from the committed bills
    env.cr.commit()
    env.invalidate_all()
    owner = units[len(units) // 2].owner_id
    screens = [
        ("clerk", "property.request", "kanban", []),
        ("clerk", "property.unit", "list", []),
        ("finance", "account.move", "list", [("move_type", "=", "out_invoice")]),
        ("finance", "property.unit", "list", [("arrears_stage", "!=", "none")]),
        ("butler", "property.resident.profile", "list", []),
    ]
    for role, model, view_type, domain in screens:
        first_page(users[role], model, view_type, domain)  # warm the user's caches, as a second click would
        measure(f"{role}: {model} {view_type} (rows)", len,
                lambda: first_page(users[role], model, view_type, domain))
    open_form(users["clerk"], owner)
    measure("clerk: resident form + buttons (forms)", 1, lambda: open_form(users["clerk"], owner))
lines = sum(len(v["invoice_line_ids"]) for v in vals)
print()
print(f"Benchmark: {N} units, {lines} bill lines, batch {BATCH}")
print(f"{'phase':<46}{'records':>10}{'seconds':>10}{'queries':>10}{'SQL s':>10}{'peak MB':>10}")
for label, count, elapsed, queries, peak, sql_time in rows:
    shown = "-" if queries is None else queries
    sql_shown = "-" if sql_time is None else f"{sql_time:.2f}"
    print(f"{label:<46}{count:>10}{elapsed:>10.2f}{shown:>10}{sql_shown:>10}{peak:>10.0f}")
by_label = {label: (count, elapsed) for label, count, elapsed, *_rest in rows}
floor_time = (by_label.get("floor: bare create+post") or by_label["floor: bare create+post (earlier run)"])[1]
bill_time = by_label["bill run (bills)"][1]
for label, count, elapsed, queries, _peak, sql_time in rows:
    if queries and count and label in ("floor: bare create+post", "bill run (bills)",
                                       "OCA contract: job + post (bills)"):
        print(f"queries per bill, {label.split(' (')[0]}: {queries / count:.1f}")
        # Where a bill's time goes as the estate grows: the database's share and Python's.
        print(f"ms per bill in SQL / in Python, {label.split(' (')[0]}: {1000 * sql_time / count:.1f}"
              f" / {1000 * (elapsed - sql_time) / count:.1f}")
    if count and label in ("floor: bare create+post", "bill run (bills)", "OCA contract: job + post (bills)",
                           "bill run, 2 servers (bills)"):
        print(f"ms per bill, {label.split(' (')[0]}: {1000 * elapsed / count:.1f}")
if "payment notices PDF (notices)" in by_label:
    count, elapsed = by_label["payment notices PDF (notices)"]
    single_count, single_elapsed = by_label["notices one by one (notices)"]
    print(f"notices per second one by one: {single_count / single_elapsed:.1f}")
    print(f"notices per second: {count / elapsed:.1f}")
if "OCA contract: job + post (bills)" in by_label:
    print(f"ratio bill-run/oca-contract: {bill_time / by_label['OCA contract: job + post (bills)'][1]:.2f}")
if "bill run, 2 servers (bills)" in by_label:
    print(f"ratio bill-run-2-workers/floor: {by_label['bill run, 2 servers (bills)'][1] / floor_time:.2f}")
print(f"ratio bill-run/floor: {bill_time / floor_time:.2f}")
