#!/usr/bin/env python3
"""Faults survived, measured (issue 17): `make cluster` under a locust load while a web node is
killed, PostgreSQL restarts and Redis stops and starts; then the database must hold every
acknowledged complaint and campaign confirmation exactly once.

It starts the cluster on its own ports (28080 proxy, 28081/28082 web nodes), database
(`cegah_cluster_faults`, dropped first), Redis DB 10 (flushed first) and var dir
(`var/bench/cluster-faults`), waits for `/healthz`, opens today's confirmations in a copy of
the demo Klaten campaign (same participants) and fetches their personal links, then runs
`bench/locustfile.py` headless on loopback. During the load, at 20 %, 45 % and 70 % of it:

1. web1 is killed with SIGKILL (its process group); the cluster starts it again;
2. PostgreSQL is stopped (`pg_ctlcluster <version> main stop -m fast`), left down for
   `--pg-down` seconds and started again; the script waits until it accepts connections;
3. Redis is shut down (its cluster DB emptied first, as a restart without persistence loses
   it; the other DBs are saved to an RDB file and loaded back, the file is removed after)
   and started again with the same settings, read from it before (`CONFIG GET`).

PostgreSQL and Redis are shared with other people's tests: each fault happens once per run,
and both are started again whatever happens (Ctrl-C, an error). `--no-faults` runs the load
alone.

Exit status: 0 when nothing was lost or duplicated and no request answered a 500 or anything
unexpected; 1 otherwise; 2 when the run itself failed. Results: `var/bench/cluster-faults/`
(`records.jsonl`, one line per attempt; `summary.json`; the cluster's logs).
"""

# A bench script: it runs fixed local commands (make, psql, pg_ctlcluster, redis-cli, locust).
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "cluster-faults"
DATABASE = "cegah_cluster_faults"
REDIS_DB = 10
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc"]
# What each kind of request must answer when it is acknowledged, and what a client may retry.
ACKNOWLEDGED = {"page": {200}, "complaint": {201}, "share_page": {200}, "share": {302}}
RETRYABLE = {0, 429, 502, 503, 504}
REDIS_SETTINGS = ["bind", "port", "dir", "dbfilename", "save", "appendonly", "logfile",
                  "protected-mode", "maxmemory", "databases"]  # fmt: skip
MARKER = re.compile(r"Penanda uji (cf[0-9a-z]+-\d+-\d+)")

# Runs in the cluster's environment (`manage.py shell -c`): a running copy of the demo Klaten
# campaign with the demo participants, one material scheduled today; prints the personal links.
FIXTURE = """
import datetime as dt, json
from django.db import transaction
from cegah.agencies.models import Agency
from cegah.campaigns import access, actions, demo
from cegah.campaigns.importing import Report, Row
from cegah.campaigns.models import Campaign, Group
from cegah.library.models import LibraryItem
TOKEN = "bench-cluster-faults"
source = Campaign.objects.get(form_token=demo.FORM_TOKEN)
campaign = Campaign.objects.filter(form_token=TOKEN).first()
if campaign is None:
    today = source.today()
    item = LibraryItem.objects.published().filter(form_token__startswith="demo-library-").first()
    units = Agency.objects.filter(parent=source.organiser, is_active=True).order_by("code")
    with transaction.atomic():
        campaign, _new = actions.create_campaign(
            actor=None, organiser=source.organiser, targets=list(units), form_token=TOKEN,
            title="Uji ketahanan klaster", goal=source.goal,
            circular_number=source.circular_number, circular_date=source.circular_date,
            circular_signatory=source.circular_signatory, starts_on=today,
            ends_on=today + dt.timedelta(days=2), channels=source.channels,
            groups=[Group.ASN, Group.PKK, Group.DHARMA_WANITA],
        )
        actions.set_schedule_day(actor=None, campaign=campaign, day=today, items=[item],
                                 caption="Layanan publik gratis: jangan beri tip kepada petugas.")
        report = Report()
        for line, p in enumerate(source.participants.order_by("id"), start=2):
            row = Row(line=line, nip=p.nip, name=p.name, agency_id=p.agency_id, phone=p.phone,
                      email=p.email, group=p.group)
            report.rows[row.key] = row
            report.lines += 1
        actions.import_participants(actor=None, campaign=campaign, report=report)
        campaign = actions.change_status(actor=None, campaign=campaign, transition="publish")
print("FIXTURE " + json.dumps({
    "campaign": campaign.pk, "status": campaign.status, "day": campaign.today().isoformat(),
    "channels": [c.value for c in campaign.online_channels()],
    "participants": [
        {"id": p.pk, "code": p.code, "token": access.personal_token(p)}
        for p in campaign.participants.order_by("id")
    ],
}))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def get(url: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def redis(*args: str, db: int | None = None) -> str:
    command = ["redis-cli", *(["-n", str(db)] if db is not None else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    return done.stdout.strip()


def pg_ready() -> bool:
    done = subprocess.run(
        ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], capture_output=True, timeout=10
    )
    return done.returncode == 0


def pg_cluster() -> tuple[str, str]:
    """The installed PostgreSQL cluster on port 5432, e.g. ("15", "main")."""
    for line in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True
    ).stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] == "5432":
            return fields[0], fields[1]
    raise SystemExit("No PostgreSQL cluster on port 5432 (pg_lsclusters).")


class Shared:
    """PostgreSQL and Redis as found, and how to bring them back whatever happens."""

    def __init__(self) -> None:
        self.pg_version, self.pg_name = pg_cluster()
        self.pg_stopped = False
        self.redis_config: dict[str, str] = {}
        self.redis_stopped = False
        self.redis_rdb_existed = False

    # PostgreSQL
    def pg_stop(self) -> None:
        self.pg_stopped = True
        subprocess.run(
            ["pg_ctlcluster", self.pg_version, self.pg_name, "stop", "-m", "fast"],
            check=True, timeout=60,
        )  # fmt: skip

    def pg_start(self) -> None:
        subprocess.run(
            ["pg_ctlcluster", self.pg_version, self.pg_name, "start"], check=True, timeout=60
        )
        deadline = time.monotonic() + 60
        while not pg_ready():
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not accept connections within 60 s")
            time.sleep(0.2)
        self.pg_stopped = False

    def pg_restart(self, down: float) -> None:
        self.pg_stop()
        time.sleep(down)
        self.pg_start()

    # Redis
    def redis_restart(self, down: float) -> None:
        self.redis_stop()
        time.sleep(down)
        self.redis_start()

    def redis_read_config(self) -> dict[str, str]:
        config: dict[str, str] = {}
        for name in REDIS_SETTINGS:
            lines = redis("config", "get", name).splitlines()
            if len(lines) >= 2:
                config[lines[0]] = lines[1]
            elif len(lines) == 1:
                config[lines[0]] = ""
        return config

    def redis_stop(self) -> None:
        self.redis_config = self.redis_read_config()
        if redis("ping") != "PONG" or "port" not in self.redis_config:
            raise RuntimeError("Redis does not answer on its default port")
        rdb = Path(self.redis_config["dir"]) / self.redis_config["dbfilename"]
        self.redis_rdb_existed = rdb.exists()
        # The cluster's own state is lost, as in a restart without persistence; other
        # people's databases are saved and loaded back.
        redis("flushdb", db=REDIS_DB)
        self.redis_stopped = True
        redis("shutdown", "save")

    def redis_start(self) -> None:
        config = self.redis_config
        command = ["redis-server", "--daemonize", "yes"]
        for name in REDIS_SETTINGS:
            if name in config:
                command += [f"--{name}", config[name]]
        subprocess.run(command, cwd=config.get("dir") or "/", check=True, timeout=30)
        deadline = time.monotonic() + 30
        while redis("ping") != "PONG":
            if time.monotonic() > deadline:
                raise RuntimeError("Redis did not answer within 30 s of starting")
            time.sleep(0.2)
        self.redis_stopped = False
        rdb = Path(config["dir"]) / config["dbfilename"]
        if not self.redis_rdb_existed:
            rdb.unlink(missing_ok=True)
        after = self.redis_read_config()
        if after != config:
            log(f"WARNING: Redis settings differ after the restart: {config} -> {after}")

    def restore(self) -> None:
        if self.pg_stopped:
            log("Starting PostgreSQL again (it was left stopped).")
            self.pg_start()
        if self.redis_stopped and redis("ping") != "PONG":
            log("Starting Redis again (it was left stopped).")
            self.redis_start()


def cluster_env(port: int, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CEGAH_VAR_DIR": str(var),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "PORT": str(port),
        "CLUSTER_WEB_PORTS": f"{port + 1},{port + 2}",
        # The load must measure faults, not the intake limit.
        "COMPLAINTS_SUBMIT_RATE": "1000000/hour",
        "CLUSTER_RESTART_SECONDS": "3",
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def phase_of(t: float, phases: list[dict[str, Any]]) -> str:
    for phase in phases:
        # Requests started just before the fault may be the ones it cuts.
        if phase["start"] - 1 <= t <= phase["end"] + 5:
            return str(phase["name"])
    return "steady"


def verify(records: list[dict[str, Any]], fixture: dict[str, Any], run: str) -> dict[str, Any]:
    """What the database holds against what the load was told."""
    import psycopg

    attempts = [r for r in records if r["kind"] in ACKNOWLEDGED]
    acked_complaints = {r["marker"] for r in attempts if r["kind"] == "complaint" and r["ack"]}
    tried_complaints = {r["marker"] for r in attempts if r["kind"] == "complaint"}
    codes: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r["kind"] == "complaint_code":
            codes[r["marker"]].add(re.sub(r"[^0-9A-Z]", "", str(r["code"]).upper()))
    acked_shares = {r["marker"] for r in attempts if r["kind"] == "share" and r["ack"]}
    ids = [p["id"] for p in fixture["participants"]]
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}") as conn:
        rows = conn.execute(
            "SELECT tracking_code, description FROM complaints_complaint WHERE description LIKE %s",
            [f"%Penanda uji cf{run}-%"],
        ).fetchall()
        share_rows = conn.execute(
            "SELECT participant_id, day, channel, count(*) FROM campaigns_share "
            "WHERE participant_id = ANY(%s) GROUP BY 1, 2, 3",
            [ids],
        ).fetchall()
    stored: dict[str, list[str]] = defaultdict(list)
    for code, description in rows:
        found = MARKER.search(description)
        if found:
            stored[found.group(1)].append(re.sub(r"[^0-9A-Z]", "", str(code).upper()))
    shares = {f"{pid}/{day.isoformat()}/{channel}": n for pid, day, channel, n in share_rows}
    lost = sorted(m for m in acked_complaints if m not in stored)
    duplicated = sorted(m for m, found in stored.items() if len(found) > 1)
    never_sent = sorted(m for m in stored if m not in tried_complaints)
    unacknowledged = sorted(
        m for m in stored if m in tried_complaints and m not in acked_complaints
    )
    wrong_code = sorted(
        m for m in acked_complaints
        if m in stored and (len(codes[m]) != 1 or not codes[m] <= set(stored[m]))
    )  # fmt: skip
    share_lost = sorted(m for m in acked_shares if m not in shares)
    share_duplicated = sorted(m for m, n in shares.items() if n > 1)
    return {
        "complaints": {
            "tried": len(tried_complaints),
            "acknowledged": len(acked_complaints),
            "stored": len(stored),
            "lost": lost,
            "duplicated": duplicated,
            "stored_never_sent": never_sent,
            "stored_not_acknowledged": unacknowledged,
            "acknowledged_with_another_code": wrong_code,
        },
        "shares": {
            "tried": len({r["marker"] for r in attempts if r["kind"] == "share"}),
            "acknowledged": len(acked_shares),
            "stored_for_participants": len(shares),
            "lost": share_lost,
            "duplicated": share_duplicated,
        },
    }


def summarise(
    records: list[dict[str, Any]], phases: list[dict[str, Any]], checks: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    attempts = [r for r in records if r["kind"] in ACKNOWLEDGED]
    problems: list[str] = []
    by_kind: dict[str, Any] = {}
    for kind in ACKNOWLEDGED:
        mine = [r for r in attempts if r["kind"] == kind]
        acked = [r["ms"] for r in mine if r["ack"]]
        by_kind[kind] = {
            "requests": len(mine),
            "acknowledged": len(acked),
            "p50_ms": round(percentile(acked, 0.50), 1) if acked else None,
            "p95_ms": round(percentile(acked, 0.95), 1) if acked else None,
            "p50_all_ms": round(percentile([r["ms"] for r in mine], 0.50), 1) if mine else None,
            "p95_all_ms": round(percentile([r["ms"] for r in mine], 0.95), 1) if mine else None,
        }
    per_phase: dict[str, Counter[str]] = defaultdict(Counter)
    unexpected: Counter[str] = Counter()
    no_retry_after = 0
    for r in attempts:
        phase = phase_of(r["t"], phases)
        per_phase[phase]["requests"] += 1
        if r["ack"]:
            per_phase[phase]["acknowledged"] += 1
            continue
        per_phase[phase][str(r["status"])] += 1
        if r["status"] not in RETRYABLE:
            unexpected[f"{r['kind']} {r['status']} ({phase})"] += 1
        if r["status"] == 503 and not r.get("retry_after"):
            no_retry_after += 1
    oddities = Counter(r["kind"] for r in records if r["kind"].startswith("share_") and
                       r["kind"] not in ACKNOWLEDGED)  # fmt: skip
    complaints, shares = checks["complaints"], checks["shares"]
    for what, items in (
        ("acknowledged complaints missing from the database", complaints["lost"]),
        ("complaints stored more than once", complaints["duplicated"]),
        ("acknowledged complaints whose code differs from the stored one",
         complaints["acknowledged_with_another_code"]),
        ("complaints stored that the load never sent", complaints["stored_never_sent"]),
        ("acknowledged confirmations missing from the database", shares["lost"]),
        ("confirmations stored more than once", shares["duplicated"]),
    ):  # fmt: skip
        if items:
            problems.append(f"{len(items)} {what}: {', '.join(items[:10])}")
    if unexpected:
        problems.append(f"answers neither acknowledged nor retryable: {dict(unexpected)}")
    if oddities:
        problems.append(f"campaign page oddities: {dict(oddities)}")
    summary = {
        "requests": len(attempts),
        "by_kind": by_kind,
        "per_phase": {phase: dict(counts) for phase, counts in per_phase.items()},
        "phases": phases,
        "checks": checks,
        "503_without_retry_after": no_retry_after,
        "nodes": dict(Counter(r["node"] for r in attempts if r["node"])),
        "problems": problems,
    }
    return summary, problems


def print_summary(summary: dict[str, Any]) -> None:
    print("\n| kind | attempts | acknowledged | p50 ack (ms) | p95 ack (ms) | p95 all (ms) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, row in summary["by_kind"].items():
        print(f"| {kind} | {row['requests']:,} | {row['acknowledged']:,} | {row['p50_ms']} | "
              f"{row['p95_ms']} | {row['p95_all_ms']} |")  # fmt: skip
    statuses = sorted(
        {k for counts in summary["per_phase"].values() for k in counts}
        - {"requests", "acknowledged"}
    )
    heads = "".join(f" {s} |" for s in statuses)
    print("\n| phase | window (s from start) | attempts | acknowledged |" + heads)
    print("| --- | --- | ---: | ---: |" + " ---: |" * len(statuses))
    windows = {p["name"]: f"{p['start_rel']:.0f}–{p['end_rel']:.0f}" for p in summary["phases"]}
    for phase, counts in summary["per_phase"].items():
        print(f"| {phase} | {windows.get(phase, '')} | {counts.get('requests', 0):,} | "
              f"{counts.get('acknowledged', 0):,} |"
              + "".join(f" {counts.get(s, 0)} |" for s in statuses))  # fmt: skip
    c, s = summary["checks"]["complaints"], summary["checks"]["shares"]
    print(f"\nComplaints: {c['tried']} sent, {c['acknowledged']} acknowledged, {c['stored']} "
          f"stored; lost {len(c['lost'])}, duplicated {len(c['duplicated'])}, stored but never "
          f"acknowledged (client gave up) {len(c['stored_not_acknowledged'])}, code mismatch "
          f"{len(c['acknowledged_with_another_code'])}.")  # fmt: skip
    print(f"Confirmations: {s['tried']} distinct tried, {s['acknowledged']} acknowledged, "
          f"{s['stored_for_participants']} stored for the campaign (earlier runs' too with "
          f"--keep-db); lost {len(s['lost'])}, duplicated {len(s['duplicated'])}.")  # fmt: skip
    print(f"503 answers without Retry-After: {summary['503_without_retry_after']}; "
          f"nodes: {summary['nodes']}")  # fmt: skip


def wait_healthy(base: str, cluster: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cluster.poll() is not None:
            return False
        if get(base + "/healthz", timeout=5) == 200:
            return True
        time.sleep(2)
    return False


def stop_group(popen: subprocess.Popen[Any], seconds: float) -> None:
    if popen.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(popen.pid, signal.SIGTERM)
    try:
        popen.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()


def kill_web1(pids: Path, web_port: int) -> None:
    old = int((pids / "web1.pid").read_text())
    os.killpg(old, signal.SIGKILL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        with contextlib.suppress(FileNotFoundError, ValueError):
            if (
                int((pids / "web1.pid").read_text()) != old
                and get(f"http://127.0.0.1:{web_port}/ping", timeout=3) == 200
            ):
                return
        time.sleep(0.5)
    raise RuntimeError("web1 did not come back within 180 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--users", type=int, default=10, help="locust users (default 10)")
    parser.add_argument("--no-faults", action="store_true", help="the load alone")
    parser.add_argument("--port", type=int, default=28080, help="proxy port; nodes on +1, +2")
    parser.add_argument(
        "--keep-db", action="store_true", help="reuse the database of the last run (faster start)"
    )
    parser.add_argument("--pg-down", type=float, default=3.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--redis-down", type=float, default=8.0, help="seconds Redis stays down")
    args = parser.parse_args()
    if not 30 <= args.duration <= 900 or not 1 <= args.users <= 100:
        parser.error("--duration must be 30–900 s and --users 1–100")
    base = f"http://127.0.0.1:{args.port}"
    busy = [p for p in (args.port, args.port + 1, args.port + 2) if not port_free(p)]
    if busy:
        log(f"Ports in use: {busy}")
        return 2
    locust = Path(sys.executable).with_name("locust")
    if not locust.exists() or (
        not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists()
    ):
        log("Needs locust in this Python's venv (pip install locust) and haproxy.")
        return 2

    if VAR.exists():
        shutil.rmtree(VAR)
    VAR.mkdir(parents=True)
    if not args.keep_db:
        subprocess.run([*PG_ADMIN, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"], check=True)
    redis("flushdb", db=REDIS_DB)
    env = cluster_env(args.port, VAR)
    pids = VAR / "cluster"
    shared = Shared()
    run = time.strftime("%H%M%S").lower()
    load1 = os.getloadavg()[0]
    log(f"Load average before: {load1:.1f} on {os.cpu_count()} CPUs; PostgreSQL "
        f"{shared.pg_version}/{shared.pg_name}; faults: {'no' if args.no_faults else 'yes'}")  # fmt: skip
    cluster_log = (VAR / "make-cluster.log").open("wb")
    cluster = subprocess.Popen(
        ["make", "cluster"], cwd=ROOT, env=env, stdout=cluster_log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    load: subprocess.Popen[bytes] | None = None
    phases: list[dict[str, Any]] = []
    failed = ""
    records_path = VAR / "records.jsonl"

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        started = time.monotonic()
        if not wait_healthy(base, cluster, 900):
            failed = "the cluster did not answer /healthz within 900 s"
            return 2
        log(f"Cluster healthy after {time.monotonic() - started:.0f} s.")
        prepared = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", FIXTURE],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        line = next((x for x in prepared.stdout.splitlines() if x.startswith("FIXTURE ")), "")
        if not line:
            failed = f"the campaign fixture failed: {prepared.stderr[-2000:]}"
            return 2
        fixture = json.loads(line.removeprefix("FIXTURE "))
        fixture["run"] = run
        (VAR / "fixture.json").write_text(json.dumps(fixture))
        log(f"Campaign {fixture['campaign']} ({fixture['status']}) on {fixture['day']}: "
            f"{len(fixture['participants'])} participants, channels {fixture['channels']}.")  # fmt: skip
        load_env = {**os.environ, "CF_FIXTURE": str(VAR / "fixture.json"),
                    "CF_RECORDS": str(records_path)}  # fmt: skip
        locust_log = (VAR / "locust.log").open("wb")
        load = subprocess.Popen(
            [str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.users),
             "--run-time", f"{args.duration}s", "--stop-timeout", "40", "--host", base,
             "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
            cwd=ROOT, env=load_env, stdout=locust_log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        t0 = time.time()
        log(f"Load started: {args.users} users for {args.duration} s.")
        faults: list[tuple[float, str, Callable[[], None]]] = [] if args.no_faults else [
            (0.20, "web1 killed", lambda: kill_web1(pids, args.port + 1)),
            (0.45, "PostgreSQL restart", lambda: shared.pg_restart(args.pg_down)),
            (0.70, "Redis stop/start", lambda: shared.redis_restart(args.redis_down)),
        ]  # fmt: skip
        for at, name, act in faults:
            time.sleep(max(0.0, t0 + at * args.duration - time.time()))
            log(f"Fault: {name}.")
            start = time.time()
            act()
            end = time.time()
            phases.append({"name": name, "start": start, "end": end,
                           "start_rel": start - t0, "end_rel": end - t0})  # fmt: skip
            log(f"… {name}: back after {end - start:.1f} s.")
        try:
            load.wait(timeout=args.duration + 120)
        except subprocess.TimeoutExpired:
            failed = "locust did not stop in time"
            return 2
        locust_log.close()
        log("Load finished; checking the database.")
        records = [json.loads(x) for x in records_path.read_text().splitlines() if x.strip()]
        checks = verify(records, fixture, run)
        summary, problems = summarise(records, phases, checks)
        summary.update(
            started=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(t0)),
            duration=args.duration, users=args.users, faults=not args.no_faults,
            load_average_before=load1, locust=_locust_version(locust),
        )  # fmt: skip
        (VAR / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
        print_summary(summary)
        for problem in problems:
            print("FAIL " + problem)
        print("PASS: nothing lost or duplicated." if not problems else "FAIL")
        return 1 if problems else 0
    except KeyboardInterrupt:
        failed = "interrupted"
        return 2
    except Exception as error:  # the shared services must come back whatever failed
        failed = f"{type(error).__name__}: {error}"
        return 2
    finally:
        try:
            shared.restore()
        finally:
            if load is not None:
                stop_group(load, 30)
            stop_group(cluster, 60)
            cluster_log.close()
            if failed:
                log(f"Run failed: {failed}")
                for path in [*sorted(pids.glob("*.log")), VAR / "make-cluster.log",
                             VAR / "locust.log"]:  # fmt: skip
                    if path.exists():
                        tail = path.read_text(errors="replace").splitlines()[-15:]
                        print(f"--- {path.name}\n" + "\n".join(tail))


def _locust_version(locust: Path) -> str:
    done = subprocess.run([str(locust), "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).strip()


if __name__ == "__main__":
    sys.exit(main())
