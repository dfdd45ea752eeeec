"""The gratification assessment API under load, on the production server, over loopback.

Starts `manage.py serve --no-worker` (gunicorn gthread: what production runs) on a free port of
127.0.0.1, checks that each sample request answers 200, then loads
`POST /api/v1/gratification/assessments` with 16 concurrent keep-alive clients (`wrk`, a Lua
script rotating three request bodies: an exempt wedding gift in Indonesian, a reportable
Lebaran parcel with a conflict of interest in English, a colleague's gift counted against the
yearly limit) for a 2 s warm-up and a 10 s measured run, and reports requests/s and
p50/p95/p99 latency; then GET /ping the same way, as the baseline of a trivial view on the same
server and machine. The target is p95 ≤ 20 ms for the assessment. The server is stopped afterwards whatever
happens. Results are printed as Markdown and written to var/bench/gratification_assessment.json.

Needs `wrk` (Debian: `apt-get install wrk`) and a migrated database (`make setup`).

Usage: .venv/bin/python bench/gratification_assessment.py [--seconds 10] [--web-workers N]
       [--strict]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from home_vs_trivial import (
    free_loopback_port,
    stop_process_group,
    wrk_version,
)

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
JSON_PATH = OUT_DIR / "gratification_assessment.json"
SERVER_LOG = OUT_DIR / "gratification_server.log"

PATH = "/api/v1/gratification/assessments"
CONNECTIONS = 16
WRK_THREADS = 2
WARMUP_SECONDS = 2
TARGET_P95_MS = 20.0
# A 1-minute load average above this before the run means the machine was not idle.
BUSY_LOAD = 0.5

# (Accept-Language, body): the three kinds of answer the endpoint gives.
SAMPLES: list[tuple[str, dict[str, Any]]] = [
    (
        "id",
        {
            "received_on": "2026-03-13",
            "value_idr": 1_200_000,
            "form": "money",
            "giver_relation": "other",
            "occasion": "wedding",
        },
    ),
    (
        "en",
        {
            "received_on": "2026-03-13",
            "value_idr": 12_000_000,
            "form": "food_parcel",
            "giver_relation": "business_partner",
            "occasion": "religious_holiday",
            "conflict_of_interest": True,
        },
    ),
    (
        "id",
        {
            "received_on": "2025-06-10",
            "value_idr": 300_000,
            "form": "goods",
            "giver_relation": "colleague",
            "occasion": "birthday",
            "same_giver_total_this_year_idr": 700_000,
        },
    ),
]

# Rotates the sample bodies; wrk calls request() for every request it sends.
LUA_REQUESTS = """
local samples = %(samples)s
local counter = 0
request = function()
  counter = counter + 1
  local sample = samples[(counter %% #samples) + 1]
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/json",
    ["Accept-Language"] = sample[1],
    ["User-Agent"] = "cegah-bench",
  }, sample[2])
end
"""

# Prints one JSON line when wrk finishes; latencies are in microseconds inside wrk.
LUA_DONE = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.6f, "rps": %.3f, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_string(text: str) -> str:
    """A Lua long-bracket string literal that cannot be closed by the text inside it."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def lua_script() -> str:
    """The assessment load: the sample bodies in turn, then the report."""
    rows = ", ".join(
        f"{{{lua_string(language)}, {lua_string(json.dumps(body))}}}" for language, body in SAMPLES
    )
    return LUA_REQUESTS % {"samples": "{" + rows + "}", "path": PATH} + LUA_DONE


# --- the server -------------------------------------------------------------------------------


def wait_for_ping(port: int, proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Returns once GET /ping answers 200; fails if the server dies or the time runs out."""
    deadline = time.monotonic() + timeout
    last_error = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {proc.returncode} before answering; see {SERVER_LOG}"
            )
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/ping")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
            last_error = f"HTTP {response.status}"
        except OSError as exc:
            last_error = str(exc)
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"/ping did not answer within {timeout:.0f} s ({last_error})")


@contextlib.contextmanager
def production_server(web_workers: int | None) -> Iterator[int]:
    """`manage.py serve --no-worker` on a free loopback port, stopped whatever happens."""
    port = free_loopback_port()
    command = [
        sys.executable,
        str(BASE_DIR / "manage.py"),
        "serve",
        "--no-worker",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if web_workers is not None:
        command += ["--web-workers", str(web_workers)]
    env = dict(os.environ)
    env["DEBUG"] = "false"  # never measure the debug mode by accident
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Starting the server: {shlex.join(command)} (log: {SERVER_LOG})", flush=True)
    with SERVER_LOG.open("wb") as log:
        # Its own process group, so that one signal reaches serve, gunicorn and its workers.
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_ping(port, proc, timeout=60)
            yield port
        finally:
            stop_process_group(proc)


# --- the load ---------------------------------------------------------------------------------


def check_samples(port: int) -> list[dict[str, Any]]:
    """Each sample once: it must answer 200 with an assessment, or the numbers mean nothing."""
    answers = []
    for language, body in SAMPLES:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request(
                "POST",
                PATH,
                body=json.dumps(body),
                headers={"Content-Type": "application/json", "Accept-Language": language},
            )
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError(
                f"{PATH} answered {response.status} to {body}: {raw[:300]!r}; "
                "is the database migrated (make setup)?"
            )
        answer: dict[str, Any] = json.loads(raw)
        answers.append(answer)
    return answers


def run_wrk(wrk: str, port: int, path: str, seconds: int, lua_path: Path) -> dict[str, Any]:
    """One wrk run with 16 connections and 2 threads; the Lua script reports the numbers."""
    command = [
        wrk,
        "--connections",
        str(CONNECTIONS),
        "--threads",
        str(WRK_THREADS),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "5s",
        "--script",
        str(lua_path),
        f"http://127.0.0.1:{port}{path}",
    ]
    completed = subprocess.run(  # noqa: S603 - a fixed command line on loopback
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((row for row in completed.stdout.splitlines() if row.startswith("WRK_JSON ")), None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed (exit {completed.returncode}): {completed.stderr or completed.stdout}"
        )
    result: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
    return result


def run(args: argparse.Namespace) -> int:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    load_before = os.getloadavg()[0]
    if load_before > BUSY_LOAD:
        print(
            f"WARNING: the load average is {load_before:.2f} before starting: something else "
            "is using the CPU, and the numbers will be lower and noisier than they should be.",
            flush=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        lua_path = Path(tmp) / "assessment.lua"
        lua_path.write_text(lua_script())
        ping_lua = Path(tmp) / "ping.lua"
        ping_lua.write_text(LUA_DONE)
        with production_server(args.web_workers) as port:
            answers = check_samples(port)
            print(
                f"Loading POST {PATH}: {WARMUP_SECONDS} s warm-up, then {args.seconds} s "
                f"with {CONNECTIONS} clients ...",
                flush=True,
            )
            run_wrk(wrk, port, PATH, WARMUP_SECONDS, lua_path)
            result = run_wrk(wrk, port, PATH, args.seconds, lua_path)
            print("Loading GET /ping, the same way, as the baseline ...", flush=True)
            run_wrk(wrk, port, "/ping", WARMUP_SECONDS, ping_lua)
            ping = run_wrk(wrk, port, "/ping", args.seconds, ping_lua)
    errors = sum(result["errors"].values())
    ok = result["p95_ms"] <= TARGET_P95_MS and errors == 0
    when = dt.datetime.now(dt.UTC)
    server = f"manage.py serve --no-worker ({args.web_workers or 'default'} web workers)"
    print()
    print(
        f"{when:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {wrk_version(wrk)}, "
        f"{CONNECTIONS} connections, {args.seconds} s after a {WARMUP_SECONDS} s warm-up; "
        f"{server}; load average before: {load_before:.2f}"
    )
    print()
    print("| request | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| POST {PATH} (3 bodies in turn) | {result['rps']:.0f} | {result['p50_ms']:.2f} | "
        f"{result['p95_ms']:.2f} | {result['p99_ms']:.2f} | {errors} |"
    )
    print(
        f"| GET /ping (baseline: a trivial view) | {ping['rps']:.0f} | {ping['p50_ms']:.2f} | "
        f"{ping['p95_ms']:.2f} | {ping['p99_ms']:.2f} | {sum(ping['errors'].values())} |"
    )
    print()
    print(f"Assessment throughput is {result['rps'] / ping['rps']:.0%} of /ping's.")
    verdict = "PASS" if ok else "FAIL"
    print(
        f"{verdict}: p95 {result['p95_ms']:.2f} ms (target ≤ {TARGET_P95_MS:.0f} ms), {errors} errors"
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(
        json.dumps(
            {
                "when": when.isoformat(timespec="seconds"),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "tool": wrk_version(wrk),
                "server": server,
                "connections": CONNECTIONS,
                "seconds": args.seconds,
                "load_before": load_before,
                "target_p95_ms": TARGET_P95_MS,
                "result": result,
                "ping": ping,
                "samples": [
                    {"language": language, "request": body, "must_report": answer["must_report"]}
                    for (language, body), answer in zip(SAMPLES, answers, strict=True)
                ],
                "pass": ok,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {JSON_PATH.relative_to(BASE_DIR)}")
    return 1 if args.strict and not ok else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds (default 10)")
    parser.add_argument("--web-workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
