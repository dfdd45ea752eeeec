"""Complaint intake while the web workers are killed: is every acknowledged complaint there?

Same setup as `complaints_intake.py` (whose helpers it imports): a fresh PostgreSQL database
on 127.0.0.1, migrated and seeded, and `manage.py serve --no-worker` (gunicorn gthread) on a
free loopback port. 16 clients file complaints through POST /api/v1/complaints (1,500 by
default, at most 60 s); when about a third of them are stored, every gunicorn worker process
(the children of the gunicorn master, found through /proc) gets SIGKILL, and again at about
two thirds. Gunicorn's master starts new workers; the clients keep going, and a request whose
connection fails is sent again with the SAME Idempotency-Key (at most 3 attempts), as a phone
would. Then the database must show:

- every tracking code a client received in a 201 stored exactly once;
- no row for an Idempotency-Key more than once;
- no complaint that no client was told about, apart from those whose key was sent but never
  got a 201 (the response was lost in the kill); those are counted separately.

The database is dropped and the server stopped afterwards, whatever happens.

Usage: .venv/bin/python bench/complaints_crash.py [--complaints 1500] [--clients 16]
       [--seconds 60] [--keep-db]
Exit status: 0 on PASS, 1 on FAIL, 2 when the run itself failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import complaints_intake as intake
from complaints_intake import (
    PG_HOST,
    PG_USER,
    file_complaints,
    fresh_database,
    git_revision,
    prepare,
    production_server,
    run_command,
    summarise,
    verify,
)

KILL_FRACTIONS = (1 / 3, 2 / 3)
RESTART_TIMEOUT = 30.0


# --- the processes ------------------------------------------------------------------------


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) for every process /proc shows."""
    table: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        table[int(entry)] = (parent, command)
    return table


def gunicorn_workers(server_pid: int) -> tuple[int | None, list[int]]:
    """(the gunicorn master's pid, its children's pids) under `manage.py serve`."""
    table = process_table()
    masters = [
        pid for pid, (parent, cmd) in table.items() if parent == server_pid and "gunicorn" in cmd
    ]
    if not masters:
        return None, []
    master = masters[0]
    return master, sorted(pid for pid, (parent, _cmd) in table.items() if parent == master)


def stored_count(name: str) -> int:
    import psycopg

    with psycopg.connect(f"postgresql://{PG_USER}@{PG_HOST}:5432/{name}") as conn:
        row = conn.execute("SELECT count(*) FROM complaints_complaint").fetchone()
    return int(row[0]) if row else 0


def killer(
    name: str, server_pid: int, total: int, deadline: float, kills: list[dict[str, Any]]
) -> None:
    """SIGKILL every worker when the stored count passes each fraction of `total`; then wait
    (bounded) for the master to have started as many new ones."""
    for fraction in KILL_FRACTIONS:
        threshold = int(total * fraction)
        while time.monotonic() < deadline and stored_count(name) < threshold:
            time.sleep(0.05)
        if time.monotonic() >= deadline:
            return
        at = stored_count(name)
        master, workers = gunicorn_workers(server_pid)
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
        killed_at = time.monotonic()
        restarted: list[int] = []
        while time.monotonic() - killed_at < RESTART_TIMEOUT:
            _master, now = gunicorn_workers(server_pid)
            restarted = [pid for pid in now if pid not in workers]
            if len(restarted) >= len(workers):
                break
            time.sleep(0.05)
        kills.append(
            {
                "stored_when_killed": at,
                "master": master,
                "killed": workers,
                "restarted": restarted,
                "restart_seconds": round(time.monotonic() - killed_at, 2),
            }
        )
        print(
            f"Killed workers {workers} with {at} complaints stored; "
            f"new workers {restarted} after {kills[-1]['restart_seconds']} s",
            flush=True,
        )


# --- the proof --------------------------------------------------------------------------------


def verify_keys(name: str, run_id: str, outcomes: list[intake.Outcome]) -> dict[str, Any]:
    """Each stored complaint of this run, matched to the request (and so the Idempotency-Key)
    it came from through the index its description carries."""
    import psycopg

    pattern = re.compile(rf"Keluhan uji beban {re.escape(run_id)}-(\d+):")
    with psycopg.connect(f"postgresql://{PG_USER}@{PG_HOST}:5432/{name}") as conn:
        rows = conn.execute(
            "SELECT tracking_code, idempotency_key, description FROM complaints_complaint"
        ).fetchall()
    by_index: dict[int, intake.Outcome] = {o.index: o for o in outcomes}
    acknowledged = {o.tracking_code.replace("-", "") for o in outcomes if o.tracking_code}
    per_index: Counter[int] = Counter()
    per_key: Counter[str] = Counter()
    foreign = no_key = lost = unexplained = 0
    for code, key, description in rows:
        match = pattern.search(description or "")
        if match is None or int(match.group(1)) not in by_index:
            foreign += 1
            continue
        index = int(match.group(1))
        per_index[index] += 1
        if key:
            per_key[key] += 1
        else:
            no_key += 1
        if code in acknowledged:
            continue
        if by_index[index].status != 201:
            lost += 1  # sent, its response lost: no client got a code
        else:
            unexplained += 1  # a client got a 201 with another code for the same key
    return {
        "rows_of_this_run": sum(per_index.values()),
        "rows_from_elsewhere": foreign,
        "rows_without_key": no_key,
        "keys_stored_more_than_once": sum(1 for n in per_key.values() if n > 1),
        "requests_stored_more_than_once": sum(1 for n in per_index.values() if n > 1),
        "stored_but_response_lost": lost,
        "stored_unacknowledged_otherwise": unexplained,
        "sent_not_stored_not_acknowledged": sum(
            1 for o in outcomes if o.status != 201 and o.index not in per_index
        ),
    }


# --- the run ----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    started_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    run_id = f"crash-{os.getpid()}-{int(time.time())}"
    intake.MAX_LOAD_SECONDS = args.seconds  # file_complaints reads it at each call
    kills: list[dict[str, Any]] = []
    with fresh_database(args.keep_db) as name:
        prepare(name)
        postgres = run_command(
            ["psql", "-h", PG_HOST, "-U", PG_USER, "-d", name, "-tAc", "SHOW server_version"]
        ).strip()
        with production_server(name, None) as (port, server_pid):
            master, workers = gunicorn_workers(server_pid)
            print(f"gunicorn master {master}, workers {workers}", flush=True)
            if master is None or not workers:
                raise RuntimeError("no gunicorn workers found under the server")
            deadline = time.monotonic() + args.seconds
            thread = threading.Thread(
                target=killer, args=(name, server_pid, args.complaints, deadline, kills)
            )
            thread.daemon = True
            thread.start()
            began = time.perf_counter()
            outcomes = file_complaints(port, run_id, range(args.complaints), args.clients)
            seconds = time.perf_counter() - began
            thread.join(RESTART_TIMEOUT * 2 + 5)
            _master, workers_after = gunicorn_workers(server_pid)
        acknowledged = [o.tracking_code for o in outcomes if o.tracking_code]
        proof = verify(name, acknowledged)
        keys = verify_keys(name, run_id, outcomes)
    load = summarise(outcomes, seconds)
    never_sent = sum(1 for o in outcomes if o.attempts == 0)
    checks = [
        (
            f"the workers were killed {len(kills)} times, all mid-load",
            len(kills) == len(KILL_FRACTIONS)
            and all(k["stored_when_killed"] < args.complaints for k in kills),
        ),
        (
            f"every acknowledged complaint is there (missing {proof['missing']} "
            f"of {proof['acknowledged']:,}), each exactly once "
            f"(more than once: {proof['stored_more_than_once']})",
            proof["missing"] == 0
            and proof["stored_more_than_once"] == 0
            and proof["acknowledged_twice"] == 0,
        ),
        (
            f"no Idempotency-Key stored twice ({keys['keys_stored_more_than_once']}, "
            f"requests stored twice: {keys['requests_stored_more_than_once']}, "
            f"rows without key: {keys['rows_without_key']})",
            keys["keys_stored_more_than_once"] == 0
            and keys["requests_stored_more_than_once"] == 0
            and keys["rows_without_key"] == 0,
        ),
        (
            "no complaint stored that no client was told about, beyond lost responses "
            f"({keys['stored_unacknowledged_otherwise']} others, "
            f"{keys['rows_from_elsewhere']} from elsewhere)",
            keys["stored_unacknowledged_otherwise"] == 0 and keys["rows_from_elsewhere"] == 0,
        ),
    ]
    passed = all(ok for _label, ok in checks)
    kill_cells = "; ".join(
        f"{len(k['killed'])} killed at {k['stored_when_killed']:,} stored, "
        f"{len(k['restarted'])} back in {k['restart_seconds']} s"
        for k in kills
    )
    lines = [
        f"Crash bench, {started_at}: {args.complaints:,} complaints, {args.clients} clients, "
        f"{len(workers)} web workers × 4 threads, PostgreSQL {postgres}, "
        f"revision {git_revision()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| requests (never sent: time limit) | {load['requested']:,} ({never_sent}) |",
        f"| acknowledged with 201 | {load['acknowledged']:,} |",
        f"| failed after {intake.MAX_ATTEMPTS} attempts | {load['failed']} {load['failures']} |",
        f"| retried (same Idempotency-Key) | {load['retried']} |",
        f"| seconds, complaints/s | {load['seconds']}, {load['throughput_per_s']} |",
        f"| p50 / p95 / max (ms) | {load['p50_ms']} / {load['p95_ms']} / {load['max_ms']} |",
        f"| worker kills | {kill_cells or 'none'} |",
        f"| workers at the end | {len(workers_after)} |",
        f"| rows in the table | {proof['rows_in_table']:,} |",
        f"| acknowledged codes stored exactly once | {proof['stored_of_acknowledged']:,} "
        f"of {proof['acknowledged']:,} |",
        f"| acknowledged but missing | {proof['missing']} |",
        f"| Idempotency-Keys stored more than once | {keys['keys_stored_more_than_once']} |",
        f"| stored, key sent, no 201 (response lost in the kill) "
        f"| {keys['stored_but_response_lost']} |",
        f"| stored, unacknowledged otherwise | {keys['stored_unacknowledged_otherwise']} |",
        f"| sent, never stored, never acknowledged | {keys['sent_not_stored_not_acknowledged']} |",
        f"| `submitted` events / complaints with one | {proof['submitted_events']:,} / "
        f"{proof['complaints_with_a_submitted_event']:,} |",
        "",
    ]
    lines += [f"- {'PASS' if ok else 'FAIL'}: {label}" for label, ok in checks]
    lines += [
        "",
        f"**{'PASS' if passed else 'FAIL'}**: every acknowledged complaint is there.",
    ]
    print("\n".join(lines))
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--complaints", type=int, default=1500, help="complaints to file")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit of the load")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args(argv)
    if not 30 <= args.complaints <= 20_000:
        parser.error("--complaints must be between 30 and 20000")
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    if not 5 <= args.seconds <= 600:
        parser.error("--seconds must be between 5 and 600")

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # unwinds through the server's and database's cleanup

    signal.signal(signal.SIGTERM, terminate)
    try:
        return run(args)
    except (RuntimeError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
