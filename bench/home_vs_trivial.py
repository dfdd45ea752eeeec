"""Home page against a trivial view, on the production server, over loopback.

Starts `manage.py serve --no-worker` (gunicorn gthread, whitenoise: what production runs) on a
free port of 127.0.0.1, loads `/` and then `/ping` in the same run with 16 concurrent
keep-alive clients, and reports requests/s and p50/p95/p99 latency for both, their ratio, and
the home page's weight with all its same-origin assets as a browser accepting gzip would fetch
them. Results are printed as Markdown and written to var/bench/home_vs_trivial.json.

The load comes from `wrk` when it is installed (Debian: `apt-get install wrk`), otherwise from a
pure-Python generator (threads and keep-alive `http.client`), which is slower and competes with
the server for the CPU: its numbers are a lower bound and the output says so.

Usage: .venv/bin/python bench/home_vs_trivial.py [--seconds 10] [--rounds 1]
       [--url http://127.0.0.1:8000] [--web-workers N] [--cookie NAME=VALUE] [--python-client]
       [--strict]
Exit status: 0, or 1 with --strict when a target is missed, 2 when the run itself failed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import gzip
import http.client
import ipaddress
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import FrameType
from typing import IO, Any

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
JSON_PATH = OUT_DIR / "home_vs_trivial.json"
SERVER_LOG = OUT_DIR / "server.log"

CONNECTIONS = 16
WRK_THREADS = 2
WARMUP_SECONDS = 2.0
# Every request says what a browser says; GZipMiddleware then compresses the home page.
REQUEST_HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "cegah-bench"}
# The Python client's hard cap per client, on top of the time limit.
MAX_REQUESTS_PER_CLIENT = 500_000
# The page-weight fetch stops after this many responses.
MAX_ASSETS = 200

# Less idle CPU than this just before the run means something else was using the machine.
QUIET_IDLE = 0.90

# Measured in this order in each round: the home page, then the trivial view.
PATHS = ("/", "/ping")

TARGET_RATIO = 0.40
TARGET_HOME_P95_MS = 100.0
TARGET_PAGE_BYTES = 150 * 1024

# Prints one JSON line when wrk finishes; latencies are in microseconds inside wrk.
WRK_LUA = """
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["User-Agent"] = "cegah-bench"
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.6f, "bytes": %d, "rps": %.3f, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, "max_ms": %.3f, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\\n',
    summary.requests, seconds, summary.bytes, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclasses.dataclass
class LoadResult:
    """One URL under load."""

    path: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclasses.dataclass
class Asset:
    """One response of the page-weight fetch, sizes as they travelled."""

    url: str
    kind: str
    status: int
    content_encoding: str
    header_bytes: int
    body_bytes: int

    @property
    def wire_bytes(self) -> int:
        return self.header_bytes + self.body_bytes


# --- the server -------------------------------------------------------------------------------


def free_loopback_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_ping(base_url: str, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """Returns once GET /ping answers 200; fails if the server dies or the time runs out."""
    deadline = time.monotonic() + timeout
    host, port = split_base_url(base_url)
    last_error = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"the server exited with code {proc.returncode} before answering; see {SERVER_LOG}"
            )
        conn = http.client.HTTPConnection(host, port, timeout=2)
        try:
            conn.request("GET", "/ping")
            response = conn.getresponse()
            body = response.read()
            if response.status == 200 and body.strip() == b"ok":
                return
            last_error = f"HTTP {response.status}"
        except OSError as exc:
            last_error = str(exc)
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"{base_url}/ping did not answer within {timeout:.0f} s ({last_error})")


@contextlib.contextmanager
def production_server(web_workers: int | None) -> Iterator[str]:
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
    base_url = f"http://127.0.0.1:{port}"
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
            wait_for_ping(base_url, proc, timeout=60)
            yield base_url
        finally:
            stop_process_group(proc)


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL if it is still there after 20 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # Gunicorn's workers may outlive serve by a moment; make sure the group is gone.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def split_base_url(base_url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"{base_url!r}: only http://HOST:PORT is supported")
    return parts.hostname, parts.port or 80


def require_loopback(base_url: str) -> str:
    """The URL's origin, if its host is a loopback address; the benchmark loads nothing else."""
    host, port = split_base_url(base_url)
    try:
        addresses = {
            str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        }
    except socket.gaierror as exc:
        raise ValueError(f"{host!r} does not resolve: {exc}") from exc
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_loopback:
            raise ValueError(f"{host!r} resolves to {address}, which is not a loopback address")
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return f"http://{netloc}"


# --- the load ---------------------------------------------------------------------------------


def run_wrk(
    wrk: str,
    url: str,
    seconds: float,
    lua_path: Path,
    cookie: str | None,
    connections: int = CONNECTIONS,
) -> LoadResult:
    """One wrk run (16 connections and 2 threads unless told); the Lua script reports the
    numbers."""
    command = [
        wrk,
        "--connections",
        str(connections),
        "--threads",
        str(min(WRK_THREADS, connections)),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "--script",
        str(lua_path),
        *(["--header", f"Cookie: {cookie}"] if cookie else []),
        url,
    ]
    completed = subprocess.run(  # noqa: S603 - a fixed command line, the URL is checked
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((row for row in completed.stdout.splitlines() if row.startswith("WRK_JSON ")), None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed (exit {completed.returncode}): {completed.stderr or completed.stdout}"
        )
    data: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
    return LoadResult(
        path=urllib.parse.urlsplit(url).path or "/",
        requests=int(data["requests"]),
        seconds=float(data["seconds"]),
        rps=float(data["rps"]),
        p50_ms=float(data["p50_ms"]),
        p95_ms=float(data["p95_ms"]),
        p99_ms=float(data["p99_ms"]),
        mean_ms=float(data["mean_ms"]),
        max_ms=float(data["max_ms"]),
        errors={key: int(value) for key, value in data["errors"].items()},
    )


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks; 0 for an empty list."""
    if not sorted_values:
        return 0.0
    rank = fraction * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def run_python_load(url: str, seconds: float, cookie: str | None) -> LoadResult:
    """The fallback: 16 threads, each with one keep-alive connection, for `seconds`."""
    host, port = split_base_url(url)
    path = urllib.parse.urlsplit(url).path or "/"
    headers = REQUEST_HEADERS | ({"Cookie": cookie} if cookie else {})
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors = {"connect": 0, "read": 0, "status": 0}
    lock = threading.Lock()
    start_barrier = threading.Barrier(CONNECTIONS + 1)
    deadline_box: list[float] = []

    def client(index: int) -> None:
        mine = latencies[index]
        conn: http.client.HTTPConnection | None = None
        start_barrier.wait()
        deadline = deadline_box[0]
        while time.perf_counter() < deadline and len(mine) < MAX_REQUESTS_PER_CLIENT:
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=5)
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors["connect" if isinstance(exc, ConnectionRefusedError) else "read"] += 1
                conn.close()
                conn = None
                continue
            mine.append(time.perf_counter() - began)
            if response.status >= 400:
                with lock:
                    errors["status"] += 1
            if response.will_close:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline_box.append(began + seconds)
    start_barrier.wait()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    elapsed = time.perf_counter() - began
    values = sorted(ms * 1000 for per_client in latencies for ms in per_client)
    return LoadResult(
        path=path,
        requests=len(values),
        seconds=elapsed,
        rps=len(values) / elapsed if elapsed else 0.0,
        p50_ms=percentile(values, 0.50),
        p95_ms=percentile(values, 0.95),
        p99_ms=percentile(values, 0.99),
        mean_ms=sum(values) / len(values) if values else 0.0,
        max_ms=values[-1] if values else 0.0,
        errors=errors,
    )


def load(
    base_url: str,
    path: str,
    seconds: float,
    wrk: str | None,
    lua: Path | None,
    cookie: str | None = None,
) -> LoadResult:
    """One run against one path, with wrk when there is one."""
    url = base_url + path
    if wrk is not None and lua is not None:
        return run_wrk(wrk, url, seconds, lua, cookie)
    return run_python_load(url, seconds, cookie)


def median_of(path: str, rounds: list[LoadResult]) -> LoadResult:
    """The median of each figure over the rounds; counts are summed, the maximum is the maximum."""
    if len(rounds) == 1:
        return rounds[0]
    errors: dict[str, int] = {}
    for result in rounds:
        for key, value in result.errors.items():
            errors[key] = errors.get(key, 0) + value
    return LoadResult(
        path=path,
        requests=sum(r.requests for r in rounds),
        seconds=sum(r.seconds for r in rounds),
        rps=statistics.median(r.rps for r in rounds),
        p50_ms=statistics.median(r.p50_ms for r in rounds),
        p95_ms=statistics.median(r.p95_ms for r in rounds),
        p99_ms=statistics.median(r.p99_ms for r in rounds),
        mean_ms=statistics.median(r.mean_ms for r in rounds),
        max_ms=max(r.max_ms for r in rounds),
        errors=errors,
    )


# --- the page weight --------------------------------------------------------------------------


class AssetParser(HTMLParser):
    """The URLs a browser fetches to render the page: stylesheets, scripts, images, icons."""

    LINK_RELS = frozenset(
        {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
         "manifest", "mask-icon"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if rels & self.LINK_RELS and attributes.get("href"):
                self.assets.append((attributes["href"], "/".join(sorted(rels))))
        elif tag == "script" and attributes.get("src"):
            self.assets.append((attributes["src"], "script"))
        elif tag in {"img", "source", "input"}:
            if attributes.get("src") and (tag != "input" or attributes.get("type") == "image"):
                self.assets.append((attributes["src"], tag))
            for candidate in attributes.get("srcset", "").split(","):
                if candidate.strip():
                    self.assets.append((candidate.split()[0], f"{tag} srcset"))
        elif tag == "video" and attributes.get("poster"):
            self.assets.append((attributes["poster"], "video poster"))


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def css_urls(css: str) -> list[str]:
    """url(...) and @import references of a stylesheet, data: URLs left out."""
    found = [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]
    return [url for url in found if url and not url.startswith("data:")]


def fetch(base_url: str, url: str, kind: str) -> tuple[Asset, bytes]:
    """GET with Accept-Encoding: gzip; sizes as sent, the decoded body for parsing."""
    host, port = split_base_url(base_url)
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", target or "/", headers=REQUEST_HEADERS)
        response = conn.getresponse()
        raw = response.read()
        status_line = f"HTTP/1.1 {response.status} {response.reason}\r\n"
        header_bytes = (
            len(status_line)
            + sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
            + 2
        )
        encoding = response.getheader("Content-Encoding", "") or ""
    finally:
        conn.close()
    body = gzip.decompress(raw) if encoding == "gzip" else raw
    asset = Asset(target or "/", kind, response.status, encoding, header_bytes, len(raw))
    return asset, body


def page_weight(base_url: str) -> list[Asset]:
    """`/` and every same-origin asset it references (CSS references too), each once."""
    origin = urllib.parse.urlsplit(base_url)[:2]
    home, html = fetch(base_url, base_url + "/", "document")
    assets = [home]
    seen = {base_url + "/"}
    parser = AssetParser()
    parser.feed(html.decode("utf-8", "replace"))
    queue = [(urllib.parse.urljoin(base_url + "/", url), kind) for url, kind in parser.assets]
    while queue and len(assets) < MAX_ASSETS:
        url, kind = queue.pop(0)
        url = urllib.parse.urldefrag(url).url
        if urllib.parse.urlsplit(url)[:2] != origin or url in seen:
            continue
        seen.add(url)
        asset, body = fetch(base_url, url, kind)
        assets.append(asset)
        if "stylesheet" in kind or asset.url.endswith(".css"):
            queue += [
                (urllib.parse.urljoin(url, ref), f"css ref ({asset.url})")
                for ref in css_urls(body.decode("utf-8", "replace"))
            ]
    return assets


# --- the report -------------------------------------------------------------------------------


def git_revision() -> str:
    """The checked-out commit, `+dirty` when tracked files differ from it; best effort."""
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        head = subprocess.run(  # noqa: S603 - git found on PATH, fixed arguments
            [git, "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(  # noqa: S603 - git found on PATH, fixed arguments
            [git, "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if status else "")


def wrk_version(wrk: str) -> str:
    completed = subprocess.run(  # noqa: S603 - the wrk found on PATH
        [wrk, "--version"], capture_output=True, text=True, timeout=10, check=False
    )
    first = (completed.stdout or completed.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk"


def result_row(label: str, result: LoadResult) -> str:
    return (
        f"| {label} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p95_ms:.1f} "
        f"| {result.p99_ms:.1f} | {result.requests:,} | {result.error_count} |"
    )


def markdown(
    home: LoadResult, ping: LoadResult, rounds: dict[str, list[LoadResult]], assets: list[Asset]
) -> str:
    rows = [
        "| URL | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        result_row("`/`", home),
        result_row("`/ping`", ping),
    ]
    ratio = home.rps / ping.rps if ping.rps else 0.0
    rows.append("")
    rows.append(f"Ratio home/trivial throughput: **{ratio:.2f}** ({ratio:.0%})")
    count = len(rounds["/"])
    if count > 1:
        rows[0] = rows[0].replace("| URL |", "| URL (median of rounds) |")
        rows += ["", "| Round | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | requests | errors |"]
        rows.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for index in range(count):
            for path in PATHS:
                rows.append(result_row(f"{index + 1} `{path}`", rounds[path][index]))
        ratios = [
            h.rps / p.rps if p.rps else 0.0
            for h, p in zip(rounds["/"], rounds["/ping"], strict=True)
        ]
        rows.append("")
        rows.append(f"Ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}")
    rows.append("")
    rows += [
        "| Resource | kind | status | encoding | body bytes | with headers |",
        "| --- | --- | ---: | --- | ---: | ---: |",
    ]
    for asset in assets:
        rows.append(
            f"| `{asset.url}` | {asset.kind} | {asset.status} | {asset.content_encoding or '-'} "
            f"| {asset.body_bytes:,} | {asset.wire_bytes:,} |"
        )
    body = sum(a.body_bytes for a in assets)
    wire = sum(a.wire_bytes for a in assets)
    rows.append(f"| **total** | | | | **{body:,}** | **{wire:,}** ({wire / 1024:.1f} KiB) |")
    return "\n".join(rows)


def verdicts(home: LoadResult, ping: LoadResult, assets: list[Asset]) -> list[tuple[str, bool]]:
    ratio = home.rps / ping.rps if ping.rps else 0.0
    wire = sum(a.wire_bytes for a in assets)
    all_ok = all(200 <= a.status < 300 for a in assets)
    return [
        (f"throughput ratio {ratio:.2f} >= {TARGET_RATIO:.2f}", ratio >= TARGET_RATIO),
        (
            f"home p95 {home.p95_ms:.1f} ms <= {TARGET_HOME_P95_MS:.0f} ms",
            home.p95_ms <= TARGET_HOME_P95_MS,
        ),
        (
            f"page weight {wire / 1024:.1f} KiB < {TARGET_PAGE_BYTES / 1024:.0f} KiB",
            wire < TARGET_PAGE_BYTES and all_ok,
        ),
        (
            f"no errors ({home.error_count} on /, {ping.error_count} on /ping)",
            home.error_count == 0 and ping.error_count == 0,
        ),
    ]


def cpu_idle_fraction(seconds: float = 1.0) -> float | None:
    """The share of all CPUs left idle over `seconds`, from /proc/stat; None where there is none."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + (fields[4] if len(fields) > 4 else 0), sum(fields[:8])

    try:
        idle_1, total_1 = sample()
        time.sleep(seconds)
        idle_2, total_2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (idle_2 - idle_1) / (total_2 - total_1) if total_2 > total_1 else None


def run(args: argparse.Namespace) -> int:
    idle_before = cpu_idle_fraction()
    load_before = os.getloadavg()[0]
    quiet = "unknown" if idle_before is None else f"{idle_before:.0%} idle"
    if idle_before is not None and idle_before < QUIET_IDLE:
        print(
            f"WARNING: the CPUs were only {idle_before:.0%} idle before starting: something "
            "else is using the machine, and the numbers will be lower and noisier than they "
            "should be.",
            flush=True,
        )
    wrk = None if args.python_client else shutil.which("wrk")
    if wrk is None:
        why = "--python-client given" if args.python_client else "wrk is not installed"
        print(
            f"NOTE: {why}; using the pure-Python load generator (16 threads, keep-alive). "
            "It shares the CPU with the server, so its numbers are a lower bound. "
            "For the reference numbers: apt-get install wrk.",
            flush=True,
        )
        tool = f"python {platform.python_version()} http.client, {CONNECTIONS} threads"
    else:
        tool = f"{wrk_version(wrk)}, {CONNECTIONS} connections, {WRK_THREADS} threads"

    with contextlib.ExitStack() as stack:
        if args.url:
            base_url = require_loopback(args.url)
            wait_for_ping(base_url, None, timeout=10)
            server = f"already running at {base_url}"
        else:
            base_url = stack.enter_context(production_server(args.web_workers))
            workers = args.web_workers if args.web_workers is not None else "default"
            server = f"manage.py serve --no-worker (web workers: {workers}) at {base_url}"
        lua: Path | None = None
        if wrk is not None:
            lua_file: IO[str] = stack.enter_context(
                tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="cegah-bench-")
            )
            lua_file.write(WRK_LUA)
            lua_file.flush()
            lua = Path(lua_file.name)
        assets = page_weight(base_url)
        print(f"Warming up: {WARMUP_SECONDS:.0f} s on each of {', '.join(PATHS)}", flush=True)
        for path in PATHS:
            load(base_url, path, WARMUP_SECONDS, wrk, lua, args.cookie)
        rounds: dict[str, list[LoadResult]] = {path: [] for path in PATHS}
        for number in range(1, args.rounds + 1):
            for path in PATHS:
                print(f"Round {number}/{args.rounds}: {path} for {args.seconds} s", flush=True)
                rounds[path].append(load(base_url, path, args.seconds, wrk, lua, args.cookie))
        home = median_of("/", rounds["/"])
        ping = median_of("/ping", rounds["/ping"])

    table = markdown(home, ping, rounds, assets)
    checks = verdicts(home, ping, assets)
    passed = all(ok for _, ok in checks)
    python = Path(sys.executable)
    if python.is_relative_to(BASE_DIR):
        python = python.relative_to(BASE_DIR)
    command_line = shlex.join([str(python), *sys.argv])
    print()
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {tool}, "
        f"{args.rounds} round(s) of {args.seconds} s per URL after a {WARMUP_SECONDS:.0f} s "
        f"warm-up; {server}; cookie: {args.cookie or 'none'}; revision {git_revision()}; "
        f"CPU before: {quiet}, load average {load_before:.2f}"
    )
    print()
    print(table)
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}: {label}")
    print(f"{'PASS' if passed else 'FAIL'} overall")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_idle_before": None if idle_before is None else round(idle_before, 3),
            "load_average_1min_before": round(load_before, 2),
        },
        "command": command_line,
        "revision": git_revision(),
        "server": server,
        "load_generator": tool,
        "seconds_per_url": args.seconds,
        "warmup_seconds": WARMUP_SECONDS,
        "request_headers": REQUEST_HEADERS | ({"Cookie": args.cookie} if args.cookie else {}),
        "rounds": args.rounds,
        "results": {r.path: dataclasses.asdict(r) for r in (home, ping)},
        "results_per_round": {
            path: [dataclasses.asdict(r) for r in results] for path, results in rounds.items()
        },
        "ratio": home.rps / ping.rps if ping.rps else 0.0,
        "page_weight": {
            "body_bytes": sum(a.body_bytes for a in assets),
            "wire_bytes": sum(a.wire_bytes for a in assets),
            "assets": [dataclasses.asdict(a) | {"wire_bytes": a.wire_bytes} for a in assets],
        },
        "targets": {
            "ratio_min": TARGET_RATIO,
            "home_p95_ms_max": TARGET_HOME_P95_MS,
            "page_bytes_max": TARGET_PAGE_BYTES,
        },
        "checks": [{"check": label, "passed": ok} for label, ok in checks],
        "passed": passed,
    }
    JSON_PATH.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Results written to {JSON_PATH.relative_to(BASE_DIR)}")
    return 1 if args.strict and not passed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--seconds", type=int, default=10, help="measured seconds per URL (default 10)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternate / and /ping this many times and report medians (default 1)",
    )
    parser.add_argument(
        "--url", help="measure this already running server (loopback only) instead of starting one"
    )
    parser.add_argument(
        "--web-workers", type=int, help="gunicorn workers for the started server (serve's default)"
    )
    parser.add_argument(
        "--cookie",
        help=(
            "send this Cookie header with every load request, e.g. "
            "sessionid=0123456789abcdef0123456789abcdef to measure the page a visitor with a "
            "session gets (not served from the anonymous page cache)"
        ),
    )
    parser.add_argument(
        "--python-client", action="store_true", help="use the Python load generator even with wrk"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds must be between 1 and 600")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    if args.cookie is not None and (not args.cookie or any(c in args.cookie for c in "\r\n")):
        parser.error("--cookie must be one non-empty line")

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # unwinds through the server's cleanup

    signal.signal(signal.SIGTERM, terminate)
    try:
        return run(args)
    except (RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
