"""Billing benchmark (not a test): run by bin/bench inside `odoo-bin shell`.

Generates an estate of N units (env PROPERTY_BENCH_UNITS, default 2000) with
fees, meters and readings, 10 % paid repair slips and 20 % overdue history,
then times the bill run, the same invoices made by bare batched
account.move.create + action_post (the floor), the daily penalty refresh, the
arrears refresh and the arrears XLSX export. Prints a table; the last line is
"ratio bill-run/floor: X.XX". The floor and the bill run start from the same
vacuumed tables; bin/bench drops the database at the end.
"""
import os
import resource
import time

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
    queries, start = odoo.sql_db.sql_counter, time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - start
    rows.append(
        (label, count if not callable(count) else count(result), elapsed, odoo.sql_db.sql_counter - queries, peak_mb())
    )
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
    period.action_bill_run()
    return period.invoice_ids.filtered(lambda m: m.state == "posted")


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
env.cr.commit()


def start_clean():
    env.cr.rollback()
    env.invalidate_all()
    with odoo.sql_db.db_connect(env.cr.dbname).cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


# Warm both paths up on a few households, then time the floor and the bill run.
bare_invoices(vals[:20])
period._bill_batch(households[:20])
start_clean()
floor = measure("floor: bare create+post", len, lambda: bare_invoices(vals))
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
# one by one for comparison. bin/bench serves the report assets (report.url).
if os.environ.get("PROPERTY_BENCH_REPORT_URL"):
    env["ir.config_parameter"].set_param("report.url", os.environ["PROPERTY_BENCH_REPORT_URL"])
    env.cr.commit()
    NOTICES = int(os.environ.get("PROPERTY_BENCH_NOTICES", "1000"))
    print_notices(moves[:2])
    measure("payment notices PDF (notices)", len, lambda: print_notices(moves[:NOTICES]))
    sample = moves[:10]
    measure("notices one by one (notices)", len, lambda: sample.browse([print_notices(bill).id for bill in sample]))
lines = sum(len(v["invoice_line_ids"]) for v in vals)
print()
print(f"Benchmark: {N} units, {lines} bill lines, batch {BATCH}")
print(f"{'phase':<34}{'records':>10}{'seconds':>10}{'queries':>10}{'peak MB':>10}")
for label, count, elapsed, queries, peak in rows:
    print(f"{label:<34}{count:>10}{elapsed:>10.2f}{queries:>10}{peak:>10.0f}")
env.cr.rollback()
floor_time = rows[0][2]
bill_time = rows[1][2]
by_label = {label: (count, elapsed) for label, count, elapsed, _queries, _peak in rows}
if "payment notices PDF (notices)" in by_label:
    count, elapsed = by_label["payment notices PDF (notices)"]
    single_count, single_elapsed = by_label["notices one by one (notices)"]
    print(f"notices per second one by one: {single_count / single_elapsed:.1f}")
    print(f"notices per second: {count / elapsed:.1f}")
print(f"ratio bill-run/floor: {bill_time / floor_time:.2f}")
