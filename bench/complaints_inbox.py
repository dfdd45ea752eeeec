"""The agency inbox with 1,000,000 complaints: GET /keluhan/instansi/ on the production server.

Creates a fresh PostgreSQL database (helpers from complaints_intake.py), migrates it, runs
`seed_demo` (agency `pemkab-klaten` and its units, login setda.klaten@demo.example), then
bulk-creates the complaints in one `INSERT … SELECT … FROM generate_series` (unique tracking
codes from md5, spread over the categories, regions and agencies; 1 % of them, 10,000 at the
default size, forwarded to pemkab-klaten or one of its units, in varied states and dates) and
runs ANALYZE. It starts `manage.py serve --no-worker`, logs in through /akun/login/ like a
browser (CSRF token, sessionid cookie), and measures the inbox's first page with wrk at 1, 4
and 16 connections (the Lua of home_vs_trivial.py); the p95 target is judged at 4, an
agency's handlers working at once. The view has no page-size parameter, so the
query count is taken in-process (CaptureQueriesContext, Django's test Client, same database)
for page 1 and page 50 to show it does not grow with the page. The database is dropped
afterwards (unless --keep-db), whatever happens.

Usage: .venv/bin/python bench/complaints_inbox.py [--complaints 1000000] [--seconds 10]
       [--web-workers N] [--keep-db | --database NAME] [--strict]
Exit status: 0, or 1 with --strict when a target is missed, 2 when the run itself failed.
Results are printed as Markdown and written to var/bench/complaints_inbox.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from complaints_intake import (
    BASE_DIR,
    OUT_DIR,
    PG_HOST,
    PG_USER,
    cpu_idle_fraction,
    fresh_database,
    git_revision,
    production_server,
    run_command,
    server_env,
)
from home_vs_trivial import WRK_LUA, run_wrk

JSON_PATH = OUT_DIR / "complaints_inbox.json"
INBOX = "/keluhan/instansi/"
LOGIN = "/akun/login/"
EMAIL = "setda.klaten@demo.example"
PASSWORD = "cegah-demo-2026"
AGENCY = "pemkab-klaten"
TARGET_P95_MS = 150.0
# Load levels (concurrent connections, each a signed-in coordinator reloading the inbox as
# fast as it answers). The target is judged at 4: an agency's complaint handlers working at
# the same moment; 16 (the intake bench's level) is reported to show where it saturates.
LEVELS = (1, 4, 16)
JUDGED_AT = 4

# One statement; %(n)s is the number of complaints. Every 100th goes to pemkab-klaten (a third
# of those straight to the regency, the rest to a unit), the others to other agencies or to
# nobody yet (KPK still verifying). Dates spread over about two years.
INSERT_SQL = """
WITH
  cats AS (SELECT array_agg(id ORDER BY id) a FROM complaints_category),
  regs AS (SELECT array_agg(code ORDER BY code) a FROM regions_region),
  klaten AS (SELECT id, path FROM agencies_agency WHERE code = '{agency}'),
  units AS (SELECT array_agg(u.id ORDER BY u.id) a FROM agencies_agency u, klaten k
            WHERE u.path LIKE k.path || '%' AND u.id <> k.id),
  others AS (SELECT array_agg(o.id ORDER BY o.id) a FROM agencies_agency o, klaten k
             WHERE o.path NOT LIKE k.path || '%')
INSERT INTO complaints_complaint (
  tracking_code, status, close_reason, category_id, region_id, place, incident_date,
  description, anonymous, confidential, consent_to_share_identity, reporter_name,
  reporter_email, reporter_phone, language, agency_id, unit_id, forwarded_at,
  first_response_by, resolve_by, verify_by, reopen_count, rating_comment, created_at,
  updated_at)
SELECT
  upper(substr(md5(i::text), 1, 16)),
  CASE WHEN i % 100 = 0 THEN (ARRAY['forwarded','in_progress','reopened','resolved',
                                    'resolved','in_progress'])[1 + (i / 100) % 6]
       ELSE (ARRAY['received','needs_info','verified','closed','forwarded','in_progress',
                   'resolved','returned_by_agency'])[1 + i % 8] END,
  CASE WHEN i % 100 <> 0 AND i % 8 = 3 THEN 'spam' ELSE '' END,
  cats.a[1 + i % cardinality(cats.a)],
  regs.a[1 + (i / 7) % cardinality(regs.a)],
  'Kantor pelayanan ' || (i % 37),
  date '2026-01-01' - (i % 700),
  'Keluhan uji ' || i || ': petugas meminta uang tanpa dasar aturan dan tanpa kuitansi.',
  i % 2 = 0, i % 5 = 0, false,
  CASE WHEN i % 2 = 1 THEN 'Pelapor Uji ' || i ELSE '' END,
  CASE WHEN i % 2 = 1 THEN 'pelapor' || i || '@example.org' ELSE '' END,
  '', 'id',
  CASE WHEN i % 100 = 0 THEN k.id
       WHEN i % 8 IN (0, 1, 2, 3) THEN NULL
       ELSE others.a[1 + i % cardinality(others.a)] END,
  CASE WHEN i % 100 = 0 AND (i / 100) % 3 <> 0
       THEN units.a[1 + (i / 300) % cardinality(units.a)] END,
  CASE WHEN i % 100 = 0 OR i % 8 >= 4 THEN now() - (i || ' minutes')::interval END,
  CASE WHEN i % 100 = 0 OR i % 8 >= 4 THEN (now() - (i || ' minutes')::interval)::date + 10 END,
  CASE WHEN i % 100 = 0 OR i % 8 >= 4 THEN (now() - (i || ' minutes')::interval)::date + 20 END,
  (now() - (i || ' minutes')::interval)::date + 3,
  0, '',
  now() - (i || ' minutes')::interval - interval '1 day',
  now() - (i || ' minutes')::interval
FROM generate_series(1, {n}) AS i, cats, regs, klaten k, units, others;
"""

# Run in-process by `manage.py shell -c`: queries of the inbox at two pages, as one JSON line.
COUNT_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from cegah.accounts.models import User
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email={email!r}))
out = {{}}
for label, url in {urls!r}:
    client.get(url)  # warm caches, as on a running server
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    out[label] = {{"status": response.status_code, "queries": len(ctx.captured_queries)}}
print("QUERIES_JSON " + json.dumps(out))
"""


def psql(name: str, sql: str, timeout: float = 900) -> str:
    return run_command(
        ["psql", "-h", PG_HOST, "-U", PG_USER, "-d", name, "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        timeout=timeout,
    )


def prepare(name: str, complaints: int) -> dict[str, Any]:
    env = server_env(name)
    started = time.monotonic()
    run_command([sys.executable, "manage.py", "migrate", "--noinput"], env=env, timeout=600)
    run_command([sys.executable, "manage.py", "seed_demo"], env=env, timeout=300)
    migrated = time.monotonic() - started
    print(f"Migrated and seeded in {migrated:.1f} s", flush=True)
    started = time.monotonic()
    psql(name, INSERT_SQL.format(agency=AGENCY, n=int(complaints)), timeout=1800)
    inserted = time.monotonic() - started
    psql(name, "ANALYZE", timeout=600)
    analysed = time.monotonic() - started
    counts = psql(
        name,
        "SELECT count(*), count(*) FILTER (WHERE c.agency_id = k.id), "  # noqa: S608 - constant SQL
        "count(DISTINCT tracking_code) FROM complaints_complaint c, agencies_agency k "
        f"WHERE k.code = '{AGENCY}'",
    ).strip()
    total, klaten, distinct = (int(v) for v in counts.split("|"))
    print(
        f"Inserted {total:,} complaints ({klaten:,} for {AGENCY}) in {inserted:.1f} s, "
        f"with ANALYZE {analysed:.1f} s",
        flush=True,
    )
    return {
        "migrate_and_seed_s": round(migrated, 1),
        "insert_s": round(inserted, 1),
        "insert_and_analyze_s": round(analysed, 1),
        "complaints": total,
        "distinct_tracking_codes": distinct,
        "for_agency": klaten,
    }


@contextlib.contextmanager
def reused_database(name: str) -> Iterator[str]:
    yield name


def reuse(name: str) -> dict[str, Any]:
    """Bring a kept database up to the current migrations; count what it holds."""
    run_command([sys.executable, "manage.py", "migrate", "--noinput"], env=server_env(name))
    psql(name, "ANALYZE", timeout=600)
    counts = psql(
        name,
        "SELECT count(*), count(*) FILTER (WHERE c.agency_id = k.id) "  # noqa: S608 - constant SQL
        "FROM complaints_complaint c, agencies_agency k "
        f"WHERE k.code = '{AGENCY}'",
    ).strip()
    total, klaten = (int(v) for v in counts.split("|"))
    print(f"Reusing {name}: {total:,} complaints ({klaten:,} for {AGENCY})", flush=True)
    return {
        "reused_database": name,
        "insert_s": "reused",
        "complaints": total,
        "for_agency": klaten,
    }


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        pair = header.split(";", 1)[0]
        key, _, value = pair.partition("=")
        found[key.strip()] = value.strip()
    return found


def login(port: int) -> str:
    """Log in like a browser; returns the Cookie header value for the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", LOGIN)
        response = conn.getresponse()
        html = response.read().decode()
        cookies = cookies_of(response)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if response.status != 200 or match is None or "csrftoken" not in cookies:
            raise RuntimeError(f"GET {LOGIN}: HTTP {response.status}, no CSRF token")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1), "login": EMAIL, "password": PASSWORD}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}{LOGIN}",
        }
        conn.request("POST", LOGIN, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        session = cookies_of(response).get("sessionid")
        if response.status != 302 or not session:
            raise RuntimeError(f"POST {LOGIN}: HTTP {response.status}, no session cookie")
        cookie = f"sessionid={session}; csrftoken={cookies['csrftoken']}"
        conn.request("GET", INBOX, headers={"Cookie": cookie})
        response = conn.getresponse()
        page = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {INBOX} after login: HTTP {response.status}")
        print(f"Logged in as {EMAIL}; the inbox is {len(page):,} bytes", flush=True)
        return cookie
    finally:
        conn.close()


def count_queries(name: str) -> dict[str, Any]:
    urls = [
        ("default (open, page 1)", INBOX),
        ("page 1", f"{INBOX}?page=1"),
        ("page 50", f"{INBOX}?page=50"),
    ]
    code = COUNT_QUERIES.format(email=EMAIL, urls=urls)
    out = run_command(
        [sys.executable, "manage.py", "shell", "-c", code], env=server_env(name), timeout=300
    )
    line = next(row for row in out.splitlines() if row.startswith("QUERIES_JSON "))
    result: dict[str, Any] = json.loads(line.removeprefix("QUERIES_JSON "))
    return result


def run(args: argparse.Namespace) -> int:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk not found: apt-get install wrk")
    started_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    with reused_database(args.database) if args.database else fresh_database(args.keep_db) as name:
        data = reuse(name) if args.database else prepare(name, args.complaints)
        queries = count_queries(name)
        print(f"Queries: {queries}", flush=True)
        with production_server(name, args.web_workers) as (port, _group):
            cookie = login(port)
            with tempfile.TemporaryDirectory() as tmp:
                lua = Path(tmp) / "inbox.lua"
                lua.write_text(WRK_LUA)
                url = f"http://127.0.0.1:{port}{INBOX}"
                run_wrk(wrk, url, 2, lua, cookie)  # warm-up
                idle = cpu_idle_fraction()
                results = {
                    n: run_wrk(wrk, url, args.seconds, lua, cookie, connections=n) for n in LEVELS
                }
    judged = results[JUDGED_AT]
    errors = sum(sum(r.errors.values()) for r in results.values())
    counts = {q["queries"] for q in queries.values()}
    checks = [
        (
            f"p95 with {JUDGED_AT} staff at once {judged.p95_ms:.1f} ms ≤ {TARGET_P95_MS:.0f} ms "
            f"({judged.requests} answered)",
            judged.requests > 0 and judged.p95_ms <= TARGET_P95_MS,
        ),
        (f"no errors at any level ({errors})", errors == 0),
        (
            f"query count independent of the page ({sorted(counts)})",
            len(counts) == 1 and all(q["status"] == 200 for q in queries.values()),
        ),
    ]
    loads = {
        str(n): {
            "requests": r.requests,
            "rps": round(r.rps, 1),
            "p50_ms": round(r.p50_ms, 1),
            "p95_ms": round(r.p95_ms, 1),
            "p99_ms": round(r.p99_ms, 1),
            "max_ms": round(r.max_ms, 1),
            "errors": r.errors,
        }
        for n, r in results.items()
    }
    report = {
        "started_at": started_at,
        "revision": git_revision(),
        "machine": f"{os.cpu_count()} CPUs",
        "data": data,
        "cpu_idle_before": f"{idle:.0%}" if idle is not None else "unknown",
        "load_by_connections": loads,
        "queries": queries,
        "checks": checks,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"Inbox bench, {started_at}, {report['machine']}, revision {report['revision']}: "
        f"{data['complaints']:,} complaints ({data['for_agency']:,} for {AGENCY}), "
        f"{args.seconds} s at each level, CPU idle before {report['cpu_idle_before']}",
        "",
        "| connections | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {n} | {v['requests']:,} | {v['rps']} | {v['p50_ms']} | {v['p95_ms']} "
            f"| {v['p99_ms']} | {v['max_ms']} |"
            for n, v in loads.items()
        ),
        "",
        "| page | HTTP | queries |",
        "| --- | ---: | ---: |",
        *(f"| {label} | {q['status']} | {q['queries']} |" for label, q in queries.items()),
        "",
        *(f"- {'PASS' if ok else 'FAIL'}: {label}" for label, ok in checks),
    ]
    print("\n".join(lines))
    print(f"\nWritten to {JSON_PATH}")
    return 1 if args.strict and not all(ok for _label, ok in checks) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--complaints", type=int, default=1_000_000, help="complaints to create")
    parser.add_argument("--seconds", type=int, default=10, help="length of the load")
    parser.add_argument("--web-workers", type=int, help="gunicorn workers (serve's default: 2)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--database",
        help="reuse this database, kept by an earlier run with --keep-db (migrated, not refilled)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not 100 <= args.complaints <= 5_000_000:
        parser.error("--complaints must be between 100 and 5000000")
    if not 1 <= args.seconds <= 120:
        parser.error("--seconds must be between 1 and 120")
    os.chdir(BASE_DIR)

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # unwinds through the server's and database's cleanup

    signal.signal(signal.SIGTERM, terminate)
    try:
        return run(args)
    except (RuntimeError, ValueError, OSError, StopIteration) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
