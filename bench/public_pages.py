"""Anonymous public pages against a trivial view, on the production server, in one run.

Starts `manage.py serve --no-worker` (gunicorn gthread, WhiteNoise, GZip: what production runs,
DEBUG off) on a free loopback port and measures, with 16 keep-alive clients, each public page a
visitor without an account reads most (home, news list, library list, prevention window,
fact-check archive) and then `/ping`, reporting requests/s and p50/p95/p99 for each and its share
of `/ping`'s requests/s (target: each at least 40%). Each page is measured right before a run of
`/ping` and compared with it, so that a machine getting busier or quieter during the run does not
tilt the comparison; with `--rounds N` the median of the N pairs is reported. The pages are served
from the anonymous page cache (`cegah/core/caching.py`); to show what a cache miss costs, each page
is then measured again with a made-up session cookie, which makes the server render it every time.

Needs a migrated database with the demo content (`make setup`). The load comes from `wrk` when
installed, else from the pure-Python client of `home_vs_trivial.py` (a lower bound). Results are
printed as Markdown and written to var/bench/public_pages.json.

Usage: .venv/bin/python bench/public_pages.py [--seconds 10] [--rounds 1] [--miss-seconds 5]
       [--no-misses] [--web-workers N] [--strict]
Exit status: 0, or 1 with --strict when a target is missed, 2 when the run itself failed.
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
import statistics
import sys
import tempfile
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from home_vs_trivial import (
    BASE_DIR,
    CONNECTIONS,
    OUT_DIR,
    QUIET_IDLE,
    REQUEST_HEADERS,
    WARMUP_SECONDS,
    WRK_LUA,
    WRK_THREADS,
    LoadResult,
    cpu_idle_fraction,
    git_revision,
    load,
    median_of,
    production_server,
    split_base_url,
    wrk_version,
)

JSON_PATH = OUT_DIR / "public_pages.json"
PAGES = {
    "/": "home",
    "/berita/": "news list",
    "/pustaka/": "library list",
    "/pencegahan/": "prevention window",
    "/cek-fakta/": "fact-check archive",
}
PING = "/ping"
TARGET_RATIO = 0.40
# A session cookie no session matches: the page is rendered for every request (a miss).
MISS_COOKIE = "sessionid=bench0000000000000000000000000000"


def probe(base_url: str, path: str) -> dict[str, str]:
    """GET the page once: it must answer 200; returns the headers that show how it is cached."""
    host, port = split_base_url(base_url)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers=REQUEST_HEADERS)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}, not 200")
    return {
        name: response.getheader(name, "")
        for name in ("Cache-Control", "ETag", "Vary", "Permissions-Policy", "Content-Encoding")
    }


def row(label: str, result: LoadResult, ratio: float, miss: LoadResult | None) -> str:
    miss_cells = f"{miss.rps:,.0f} | {miss.p95_ms:.1f} |" if miss is not None else "– | – |"
    return (
        f"| {label} | {result.rps:,.0f} | {ratio:.0%} | {result.p50_ms:.1f} | {result.p95_ms:.1f} "
        f"| {result.p99_ms:.1f} | {result.error_count} | {miss_cells}"
    )


def run(args: argparse.Namespace) -> int:
    idle_before = cpu_idle_fraction()
    load_before = os.getloadavg()[0]
    if idle_before is not None and idle_before < QUIET_IDLE:
        print(
            f"WARNING: the CPUs were only {idle_before:.0%} idle before starting: the numbers "
            "will be lower and noisier than on a quiet machine.",
            flush=True,
        )
    wrk = shutil.which("wrk")
    tool = (
        f"{wrk_version(wrk)}, {CONNECTIONS} connections, {WRK_THREADS} threads"
        if wrk
        else f"python {platform.python_version()} http.client, {CONNECTIONS} threads (lower bound)"
    )
    rounds: dict[str, list[LoadResult]] = {path: [] for path in PAGES}
    pings: dict[str, list[LoadResult]] = {path: [] for path in PAGES}
    misses: dict[str, LoadResult] = {}
    headers: dict[str, dict[str, str]] = {}
    with contextlib.ExitStack() as stack:
        base_url = stack.enter_context(production_server(args.web_workers))
        lua: Path | None = None
        if wrk is not None:
            lua_file: IO[str] = stack.enter_context(
                tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="cegah-bench-")
            )
            lua_file.write(WRK_LUA)
            lua_file.flush()
            lua = Path(lua_file.name)
        for path in [*PAGES, PING]:
            headers[path] = probe(base_url, path)
        print(f"Warming up: {WARMUP_SECONDS:.0f} s on each page", flush=True)
        for path in [*PAGES, PING]:
            load(base_url, path, WARMUP_SECONDS, wrk, lua)
        for number in range(1, args.rounds + 1):
            for path in PAGES:
                print(f"Round {number}: {path}, then {PING}, {args.seconds} s each", flush=True)
                rounds[path].append(load(base_url, path, args.seconds, wrk, lua))
                pings[path].append(load(base_url, PING, args.seconds, wrk, lua))
        if not args.no_misses:
            for path in PAGES:
                print(f"Measuring {path} rendered every time for {args.miss_seconds} s", flush=True)
                misses[path] = load(base_url, path, args.miss_seconds, wrk, lua, MISS_COOKIE)

    results = {path: median_of(path, rounds[path]) for path in PAGES}
    ratios = {
        path: statistics.median(
            page.rps / ping.rps if ping.rps else 0.0
            for page, ping in zip(rounds[path], pings[path], strict=True)
        )
        for path in PAGES
    }
    ping = median_of(PING, [run for runs in pings.values() for run in runs])
    lines = [
        "| page | req/s | share of `/ping` | p50 (ms) | p95 (ms) | p99 (ms) | errors "
        "| req/s rendered every time | p95 rendered (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, name in PAGES.items():
        lines.append(row(f"{name} `{path}`", results[path], ratios[path], misses.get(path)))
    lines.append(row(f"trivial `{PING}` (all its runs)", ping, 1.0, None))
    checks = []
    for path, name in PAGES.items():
        ratio = ratios[path]
        checks.append(
            (f"{name}: {ratio:.0%} of /ping >= {TARGET_RATIO:.0%}", ratio >= TARGET_RATIO)
        )
        shared = headers[path]["Cache-Control"].startswith("public")
        checks.append(
            (f"{name}: shared with anonymous visitors ({headers[path]['Cache-Control']})", shared)
        )
    errors = sum(r.error_count for r in [*results.values(), ping, *misses.values()])
    checks.append((f"no errors ({errors})", errors == 0))
    policy = all(h["Permissions-Policy"] for h in headers.values())
    checks.append(("Permissions-Policy on every page", policy))
    passed = all(ok for _, ok in checks)

    stamp = dt.datetime.now(dt.UTC)
    print()
    print(
        f"{stamp:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {tool}, {args.rounds} round(s) of "
        f"{args.seconds} s per page, each followed by {args.seconds} s of {PING}, "
        f"after a {WARMUP_SECONDS:.0f} s warm-up (misses: {args.miss_seconds} s each); revision "
        f"{git_revision()}; CPU before: "
        f"{'unknown' if idle_before is None else f'{idle_before:.0%} idle'}, "
        f"load average {load_before:.2f}"
    )
    print()
    print("\n".join(lines))
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {label}")
    print(f"{'PASS' if passed else 'FAIL'} overall")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable)
    if python.is_relative_to(BASE_DIR):
        python = python.relative_to(BASE_DIR)
    report = {
        "date": stamp.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "cpu_idle_before": None if idle_before is None else round(idle_before, 3),
            "load_average_1min_before": round(load_before, 2),
        },
        "command": shlex.join([str(python), *sys.argv]),
        "revision": git_revision(),
        "load_generator": tool,
        "seconds_per_page": args.seconds,
        "rounds": args.rounds,
        "results": {path: dataclasses.asdict(r) for path, r in results.items()},
        "ping": dataclasses.asdict(ping),
        "results_per_round": {
            path: [
                {"page": dataclasses.asdict(page), "ping": dataclasses.asdict(after)}
                for page, after in zip(rounds[path], pings[path], strict=True)
            ]
            for path in PAGES
        },
        "rendered_every_time": {path: dataclasses.asdict(r) for path, r in misses.items()},
        "ratios": ratios,
        "headers": headers,
        "target_ratio_min": TARGET_RATIO,
        "checks": [{"check": label, "passed": ok} for label, ok in checks],
        "passed": passed,
    }
    JSON_PATH.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Results written to {JSON_PATH.relative_to(BASE_DIR)}")
    return 1 if args.strict and not passed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per page")
    parser.add_argument(
        "--rounds", type=int, default=1, help="page-then-/ping pairs per page; medians reported"
    )
    parser.add_argument(
        "--miss-seconds", type=int, default=5, help="seconds per page rendered every time"
    )
    parser.add_argument(
        "--no-misses", action="store_true", help="skip the rendered-every-time runs"
    )
    parser.add_argument("--web-workers", type=int, help="gunicorn workers (serve's default)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 600 or not 1 <= args.miss_seconds <= 600:
        parser.error("--seconds and --miss-seconds must be between 1 and 600")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    try:
        return run(args)
    except (RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
