"""Complaint intake under load: POST /api/v1/complaints on the production server and PostgreSQL.

Creates a fresh PostgreSQL database (`createdb -h 127.0.0.1 -U postgres cegah_bench_<pid>`),
migrates it, starts `manage.py serve --no-worker` (gunicorn gthread, what production runs) on a
free port of 127.0.0.1 against it, and files 2,000 complaints through the JSON API from 16
concurrent clients (Python threads, one keep-alive `http.client` connection each). It reports
throughput and p50/p95/p99 latency, then queries the database to prove that every acknowledged
tracking code is stored exactly once and that nothing unacknowledged was stored. The database
is dropped afterwards (unless --keep-db), whatever happens.

Every request carries its own `Idempotency-Key`; a request whose connection fails is sent
again with the same key (at most 3 attempts), so a retry can never file twice.

Usage: .venv/bin/python bench/complaints_intake.py [--complaints 2000] [--clients 16]
       [--rounds 1] [--web-workers N] [--wait-for-quiet SECONDS] [--keep-db] [--strict]
Exit status: 0, or 1 with --strict when a target is missed, 2 when the run itself failed.
Results are printed as Markdown and written to var/bench/complaints_intake.json.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import http.client
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
JSON_PATH = OUT_DIR / "complaints_intake.json"
SERVER_LOG = OUT_DIR / "complaints_intake_server.log"

PG_HOST = "127.0.0.1"
PG_USER = "postgres"
REGION = "33.10.25"  # Klaten Tengah, Kabupaten Klaten
CATEGORIES = ("pendidikan", "desa", "fasilitas-kesehatan", "perizinan", "pungli")
PATH = "/api/v1/complaints"
MAX_ATTEMPTS = 3
REQUEST_TIMEOUT = 30.0
# The whole load stops after this long, however many complaints are left.
MAX_LOAD_SECONDS = 600.0
QUIET_IDLE = 0.90

TARGET_RPS = 150.0
TARGET_P95_MS = 250.0


@dataclasses.dataclass
class Outcome:
    """One complaint the load tried to file."""

    index: int
    status: int = 0
    tracking_code: str = ""
    latency_ms: float = 0.0
    attempts: int = 0
    error: str = ""


# --- helpers ----------------------------------------------------------------------------------


def run_command(command: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run a fixed command; its output on failure goes into the error."""
    completed = subprocess.run(  # noqa: S603 - fixed command lines built here
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{shlex.join(command)} failed ({completed.returncode}): "
            f"{(completed.stderr or completed.stdout).strip()[-2000:]}"
        )
    return completed.stdout


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks; 0 for an empty list."""
    if not sorted_values:
        return 0.0
    rank = fraction * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def cpu_idle_fraction(seconds: float = 1.0) -> float | None:
    """Share of idle CPU over `seconds`, from /proc/stat (None elsewhere)."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return values[3] + values[4], sum(values)

    try:
        idle_a, total_a = sample()
        time.sleep(seconds)
        idle_b, total_b = sample()
    except OSError:
        return None
    return (idle_b - idle_a) / max(1, total_b - total_a)


def wait_for_quiet(limit: float, needed: float = 6.0) -> float | None:
    """Wait (at most `limit` seconds) until the CPUs have been ≥ 90 % idle for `needed`
    seconds in a row; returns the last idle share measured."""
    deadline = time.monotonic() + limit
    quiet_since: float | None = None
    idle = cpu_idle_fraction()
    while idle is not None and time.monotonic() < deadline:
        if idle >= QUIET_IDLE:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= needed:
                break
        else:
            quiet_since = None
        idle = cpu_idle_fraction()
    return idle


def git_revision() -> str:
    try:
        revision = run_command(["git", "rev-parse", "--short", "HEAD"]).strip()
        dirty = run_command(["git", "status", "--porcelain", "--untracked-files=no"]).strip()
    except (RuntimeError, OSError):
        return "unknown"
    return revision + ("+dirty" if dirty else "")


# --- the database -----------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(keep: bool) -> Iterator[str]:
    """A new, empty PostgreSQL database on loopback; dropped on the way out unless `keep`."""
    for tool in ("createdb", "dropdb"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} not found: install PostgreSQL's client (postgresql-client)")
    name = f"cegah_bench_{os.getpid()}"
    run_command(["createdb", "-h", PG_HOST, "-U", PG_USER, name], timeout=60)
    print(f"Created database {name}", flush=True)
    try:
        yield name
    finally:
        if keep:
            print(
                f"Kept database {name} (--keep-db); drop it with: dropdb -h {PG_HOST} -U {PG_USER} {name}"
            )
        else:
            # The server is stopped by then; force closes anything left over.
            run_command(
                ["dropdb", "-h", PG_HOST, "-U", PG_USER, "--if-exists", "--force", name],
                timeout=120,
            )
            print(f"Dropped database {name}", flush=True)


def database_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:5432/{name}"


def server_env(name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(name),
            "DEBUG": "false",
            "CEGAH_ENV": "development",  # messages go to the outbox table, never to people
            # The per-client limit would stop one client after 10; this measures throughput.
            "COMPLAINTS_SUBMIT_RATE": "1000000/minute",
        }
    )
    return env


def prepare(name: str) -> None:
    env = server_env(name)
    started = time.monotonic()
    run_command([sys.executable, "manage.py", "migrate", "--noinput"], env=env, timeout=600)
    run_command(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            f"from cegah.regions.actions import ensure_region; ensure_region({REGION!r})",
        ],
        env=env,
        timeout=120,
    )
    print(f"Migrated and seeded in {time.monotonic() - started:.1f} s", flush=True)


# --- the server -------------------------------------------------------------------------------


def wait_for_ping(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}; see {SERVER_LOG}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/ping")
            response = conn.getresponse()
            if response.status == 200 and response.read().strip() == b"ok":
                return
            last_error = f"HTTP {response.status}"
        except OSError as exc:
            last_error = str(exc)
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"/ping did not answer within {timeout:.0f} s ({last_error})")


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's own process group, SIGKILL if still there after 20 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def production_server(name: str, web_workers: int | None) -> Iterator[tuple[int, int]]:
    """The server on a free loopback port, in its own process group: (port, group id)."""
    port = free_loopback_port()
    command = [sys.executable, "manage.py", "serve", "--no-worker"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    if web_workers is not None:
        command += ["--web-workers", str(web_workers)]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Starting the server: {shlex.join(command)} (log: {SERVER_LOG})", flush=True)
    with SERVER_LOG.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command,
            cwd=BASE_DIR,
            env=server_env(name),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_ping(port, proc, timeout=60)
            yield port, proc.pid
        finally:
            stop_process_group(proc)


# --- the load ---------------------------------------------------------------------------------


def complaint_body(run_id: str, index: int) -> bytes:
    """A plausible complaint; every other one is anonymous, the rest named with an email."""
    data: dict[str, Any] = {
        "category": CATEGORIES[index % len(CATEGORIES)],
        "region": REGION,
        "description": (
            f"Keluhan uji beban {run_id}-{index}: petugas meminta uang Rp{50_000 + index * 10} "
            "tanpa dasar aturan apa pun dan tanpa kuitansi resmi."
        ),
        "place": f"Kantor pelayanan {index % 37}",
        "incident_date": "2026-03-02",
        "anonymous": index % 2 == 0,
        "confidential": index % 5 == 0,
    }
    if index % 2:
        data.update(
            reporter_name=f"Pelapor Uji {index}",
            reporter_email=f"pelapor{index}@example.org",
            reporter_phone="081234567890",
        )
    return json.dumps(data).encode()


def file_complaints(port: int, run_id: str, indices: range, clients: int) -> list[Outcome]:
    """`clients` threads with one keep-alive connection each take the next index until none
    is left (or the time limit passes)."""
    outcomes = [Outcome(index=i) for i in indices]
    cursor = iter(range(len(outcomes)))
    lock = threading.Lock()
    deadline = time.monotonic() + MAX_LOAD_SECONDS

    def next_slot() -> int | None:
        with lock:
            return next(cursor, None)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            while time.monotonic() < deadline and (slot := next_slot()) is not None:
                outcome = outcomes[slot]
                body = complaint_body(run_id, outcome.index)
                headers = {
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"bench-{run_id}-{outcome.index}",
                    "User-Agent": "cegah-bench",
                }
                started = time.perf_counter()
                while outcome.attempts < MAX_ATTEMPTS:
                    outcome.attempts += 1
                    try:
                        conn.request("POST", PATH, body=body, headers=headers)
                        response = conn.getresponse()
                        payload = response.read()
                    except (OSError, http.client.HTTPException) as exc:
                        outcome.error = f"{type(exc).__name__}: {exc}"
                        conn.close()  # reconnects on the next request, then the same key again
                        continue
                    outcome.status = response.status
                    if response.status == 201:
                        outcome.tracking_code = json.loads(payload)["tracking_code"]
                        outcome.error = ""
                    else:
                        outcome.error = payload[:200].decode(errors="replace")
                    break
                outcome.latency_ms = (time.perf_counter() - started) * 1000
        finally:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(MAX_LOAD_SECONDS + REQUEST_TIMEOUT * MAX_ATTEMPTS)
    return outcomes


# --- the proof --------------------------------------------------------------------------------


def verify(name: str, acknowledged: list[str]) -> dict[str, Any]:
    """Query the database: each acknowledged code stored exactly once, nothing else stored."""
    import psycopg

    codes = [code.replace("-", "") for code in acknowledged]
    with psycopg.connect(f"postgresql://{PG_USER}@{PG_HOST}:5432/{name}") as conn:
        rows = conn.execute(
            "SELECT tracking_code, count(*) FROM complaints_complaint "
            "WHERE tracking_code = ANY(%s) GROUP BY tracking_code",
            (codes,),
        ).fetchall()
        total = conn.execute("SELECT count(*) FROM complaints_complaint").fetchone()
        submitted = conn.execute(
            "SELECT count(*), count(DISTINCT complaint_id) FROM complaints_complaintevent "
            "WHERE kind = 'submitted'"
        ).fetchone()
        queued = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()
    stored: dict[str, int] = {str(code): int(n) for code, n in rows}
    acknowledged_twice = [code for code, n in Counter(codes).items() if n > 1]
    missing = [code for code in codes if code not in stored]
    duplicated = [code for code, n in stored.items() if n != 1]
    total_rows = int(total[0]) if total else -1
    return {
        "acknowledged": len(codes),
        "distinct_acknowledged": len(set(codes)),
        "acknowledged_twice": len(acknowledged_twice),
        "stored_of_acknowledged": len(stored),
        "missing": len(missing),
        "stored_more_than_once": len(duplicated),
        "rows_in_table": total_rows,
        "stored_but_not_acknowledged": total_rows - len(stored),
        "submitted_events": int(submitted[0]) if submitted else -1,
        "complaints_with_a_submitted_event": int(submitted[1]) if submitted else -1,
        "emails_queued": int(queued[0]) if queued else -1,
        "exactly_once": (
            not missing
            and not duplicated
            and not acknowledged_twice
            and total_rows == len(stored)
            and submitted is not None
            and int(submitted[0]) == int(submitted[1]) == total_rows
        ),
    }


# --- CPU accounting -------------------------------------------------------------------------


def cpu_ticks(server_group: int) -> dict[str, int]:
    """CPU ticks so far: the whole machine (busy), the server's process group, PostgreSQL's
    processes and this client; what is left over during the load was used by others."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    ticks = {"busy": sum(values) - values[3] - values[4], "all": sum(values)}
    ticks.update(server=0, postgres=0, client=0)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        used = int(fields[11]) + int(fields[12])  # utime + stime
        if int(entry) == os.getpid():
            ticks["client"] += used
        elif int(fields[2]) == server_group:
            ticks["server"] += used
        elif comm == "postgres":
            ticks["postgres"] += used
    return ticks


def cpu_shares(before: dict[str, int], after: dict[str, int]) -> dict[str, str]:
    """Each part's share of the machine's CPU during the load (2 cores = 100 %)."""
    total = max(1, after["all"] - before["all"])
    delta = {k: after[k] - before[k] for k in before}
    others = delta["busy"] - delta["server"] - delta["postgres"] - delta["client"]
    parts = {**{k: delta[k] for k in ("server", "postgres", "client")}, "others": others}
    parts["idle"] = total - delta["busy"]
    return {k: f"{max(0, v) / total:.0%}" for k, v in parts.items()}


# --- the report -------------------------------------------------------------------------------


def summarise(outcomes: list[Outcome], seconds: float) -> dict[str, Any]:
    ok = [o for o in outcomes if o.status == 201 and o.tracking_code]
    latencies = sorted(o.latency_ms for o in ok)
    failures = Counter(
        (str(o.status) if o.status else o.error.split(":")[0] or "not sent")
        for o in outcomes
        if o not in ok
    )
    return {
        "requested": len(outcomes),
        "acknowledged": len(ok),
        "failed": len(outcomes) - len(ok),
        "failures": dict(failures),
        "retried": sum(1 for o in outcomes if o.attempts > 1),
        "seconds": round(seconds, 3),
        "throughput_per_s": round(len(ok) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else 0.0,
    }


def one_round(args: argparse.Namespace, number: int) -> dict[str, Any]:
    """A fresh database and server, a warm-up, the load, and the proof."""
    run_id = f"{os.getpid()}-{int(time.time())}-{number}"
    with fresh_database(args.keep_db) as name:
        prepare(name)
        postgres = run_command(
            ["psql", "-h", PG_HOST, "-U", PG_USER, "-d", name, "-tAc", "SHOW server_version"]
        ).strip()
        with production_server(name, args.web_workers) as (port, server_group):
            warmup = file_complaints(
                port, f"{run_id}-warmup", range(args.clients * 2), args.clients
            )
            print(f"Warm-up: {sum(o.status == 201 for o in warmup)} complaints filed", flush=True)
            idle = wait_for_quiet(args.wait_for_quiet) if args.wait_for_quiet else None
            idle = cpu_idle_fraction() if idle is None else idle
            if idle is not None and idle < QUIET_IDLE:
                print(f"WARNING: the CPU was only {idle:.0%} idle before the load: expect noise.")
            ticks = cpu_ticks(server_group)
            began = time.perf_counter()
            outcomes = file_complaints(port, run_id, range(args.complaints), args.clients)
            seconds = time.perf_counter() - began
            cpu = cpu_shares(ticks, cpu_ticks(server_group))
        acknowledged = [o.tracking_code for o in [*warmup, *outcomes] if o.tracking_code]
        proof = verify(name, acknowledged)
    load = summarise(outcomes, seconds)
    print(
        f"Round {number}: {load['throughput_per_s']}/s, p95 {load['p95_ms']} ms, "
        f"exactly once: {proof['exactly_once']}, CPU {cpu}",
        flush=True,
    )
    return {
        "postgres": postgres,
        "cpu_idle_before": f"{idle:.0%}" if idle is not None else "unknown",
        "cpu_during_load": cpu,
        "load": load,
        "proof": proof,
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        f"Intake bench, {report['started_at']}: {report['complaints']:,} complaints per round, "
        f"{report['clients']} clients, {report['web_workers'] or 2} web workers × 4 threads, "
        f"PostgreSQL {report['postgres']}, revision {report['revision']}",
        "",
        "| round | complaints/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | acknowledged "
        "| failed | stored exactly once | CPU: server / PostgreSQL / client / others / idle |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for number, r in enumerate(report["rounds"], start=1):
        load, proof, cpu = r["load"], r["proof"], r["cpu_during_load"]
        lines.append(
            f"| {number} | {load['throughput_per_s']} | {load['p50_ms']} | {load['p95_ms']} "
            f"| {load['p99_ms']} | {load['max_ms']} | {load['acknowledged']:,} "
            f"| {load['failed']} | {'yes' if proof['exactly_once'] else 'NO'} "
            f"({proof['stored_of_acknowledged']:,}/{proof['acknowledged']:,}) "
            f"| {cpu['server']} / {cpu['postgres']} / {cpu['client']} / {cpu['others']} "
            f"/ {cpu['idle']} |"
        )
    median = report["median"]
    lines += [
        "",
        f"Median of {len(report['rounds'])} round(s): {median['throughput_per_s']} complaints/s, "
        f"p95 {median['p95_ms']} ms.",
        "",
    ]
    lines += [f"- {'PASS' if ok else 'FAIL'}: {label}" for label, ok in report["checks"]]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    started_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rounds = [one_round(args, number) for number in range(1, args.rounds + 1)]
    median = {
        key: round(statistics.median(r["load"][key] for r in rounds), 1)
        for key in ("throughput_per_s", "p50_ms", "p95_ms", "p99_ms")
    }
    failed = sum(r["load"]["failed"] for r in rounds)
    checks = [
        (
            f"throughput (median) {median['throughput_per_s']}/s ≥ {TARGET_RPS:.0f}/s",
            median["throughput_per_s"] >= TARGET_RPS,
        ),
        (
            f"p95 (median) {median['p95_ms']} ms ≤ {TARGET_P95_MS:.0f} ms",
            median["p95_ms"] <= TARGET_P95_MS,
        ),
        (f"every complaint acknowledged (failed: {failed})", failed == 0),
        (
            "every acknowledged complaint stored exactly once, nothing else stored",
            all(r["proof"]["exactly_once"] for r in rounds),
        ),
    ]
    report = {
        "started_at": started_at,
        "revision": git_revision(),
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} CPUs, {platform.platform()}",
        "postgres": rounds[0]["postgres"],
        "complaints": args.complaints,
        "clients": args.clients,
        "web_workers": args.web_workers,
        "rounds": rounds,
        "median": median,
        "checks": checks,
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(markdown(report))
    print(f"\nWritten to {JSON_PATH}")
    return 1 if args.strict and not all(ok for _label, ok in checks) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--complaints", type=int, default=2000, help="complaints to file")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--web-workers", type=int, help="gunicorn workers (serve's default: 2)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat, each with a fresh database (default 1)"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--wait-for-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="first wait up to this long for the CPUs to be ≥ 90%% idle for 6 s",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not 1 <= args.complaints <= 100_000:
        parser.error("--complaints must be between 1 and 100000")
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds must be between 1 and 10")

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
