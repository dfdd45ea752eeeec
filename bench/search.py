"""Site search with 100,000 documents, on SQLite and on PostgreSQL, over HTTP and in-process.

For each engine:

1. loads 100,000 generated Indonesian-ish documents (a fixed random seed; vocabulary: common
   Indonesian words and their affixed forms written below, plus every word of
   `/work/shared/domain.md`, drawn with Zipf-like weights; no downloads) into the search index
   through `cegah.search.backend.index_documents`, in a database of its own:
   `var/bench/search.sqlite3` for SQLite, `cegah_bench_search` for PostgreSQL (created on
   127.0.0.1 with `createdb -U postgres` when missing);
2. measures in-process: the first search (which loads the whole index into the process's
   memory, `cegah/search/engine.py`), then `cegah.search.query.search()` and the page `/cari/`
   through Django's test client, each query of the mix once as warm-up then 5 times, and
   reports p50/p95. Every match is counted and ranked (BM25 over the whole index);
3. starts the production server (`manage.py serve --no-worker`: gunicorn gthread, the helpers
   of `home_vs_trivial.py`) on that database and loads it with `wrk` (a Lua script rotating
   the query mix: the HTML page and the JSON API in turn) for a warm-up and a measured run,
   and reports requests/s and p50/p95/p99; then `/ping` the same way as the baseline.

Target: p95 ≤ 100 ms over HTTP on both engines. Results are printed as Markdown and written to
var/bench/search.json. The databases are kept for reruns (`--reuse` skips the load when the
index already holds the documents); `--drop` removes them afterwards.

Usage: .venv/bin/python bench/search.py [--engine sqlite|postgresql|both] [--documents 100000]
       [--seconds 10] [--connections 16] [--web-workers N] [--reuse] [--drop] [--strict]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from home_vs_trivial import production_server, run_wrk, wrk_version

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "var" / "bench"
JSON_PATH = OUT_DIR / "search.json"
SQLITE_PATH = OUT_DIR / "search.sqlite3"
PG_NAME = "cegah_bench_search"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
DOMAIN_MD = Path("/work/shared/domain.md")

SEED = 2026
TARGET_P95_MS = 100.0
WARMUP_SECONDS = 2
IN_PROCESS_REPEATS = 5

# The head of the vocabulary: Indonesian words a prevention site is full of, with the
# affixed forms people write, so stemming has real work to do.
INDONESIAN = """
korupsi antikorupsi pencegahan mencegah cegah gratifikasi suap menyuap penyuapan disuap
pemerasan memeras diperas pungutan pungli liar memungut dipungut laporan melaporkan
pelaporan dilaporkan pelapor lapor laporkan pegawai kepegawaian pejabat penyelenggara
negara pemerintah pemerintahan daerah kabupaten kota provinsi desa kecamatan dinas
sekolah guru murid orang tua siswa rumah sakit puskesmas layanan pelayanan publik
perizinan izin mengurus pengurusan sertifikat tanah kendaraan pajak retribusi bantuan
sosial bansos anggaran pengadaan barang jasa proyek tender lelang kontrak rekanan
pengusaha hadiah parsel bingkisan uang tunai transfer rekening kekayaan harta lhkpn
konflik kepentingan integritas survei penilaian spi mcp stranas pemantauan monitoring
berita hoaks kabar bohong menyesatkan klarifikasi fakta cek verifikasi sumber pesan
whatsapp grup media sosial kampanye sosialisasi edukasi literasi materi poster video
infografis surat edaran imbauan wajib larangan sanksi hukuman pidana penjara denda
komisi pemberantasan kpk inspektorat aparat pengawasan pengawas internal unit upg
hari kerja batas waktu tiga puluh lima belas tahun bulan minggu nilai rupiah juta ribu
menerima diterima penerima memberi pemberian pemberi menolak penolakan mengembalikan
keluhan pengaduan mengadu aduan warga masyarakat petugas kantor loket antrean biaya
jujur peduli mandiri disiplin tanggung jawab kerja keras sederhana berani adil
"""
FILLER = "yang dan di ke dari untuk dengan pada ini itu atau juga tidak akan telah sudah oleh"
TOPICS = (
    "gratifikasi",
    "suap",
    "pemerasan",
    "pungli",
    "lhkpn",
    "konflik-kepentingan",
    "nilai-antikorupsi",
    "pelayanan-publik",
)
KINDS = (("news", 40), ("library", 30), ("factcheck", 20), ("page", 10))
URL_PREFIX = {"news": "/berita/", "library": "/pustaka/", "factcheck": "/cek-fakta/", "page": "/"}

# The query mix: what people type (inflected, one to three words, some with a filter, some
# on page 2, a few that find nothing). Each is sent to the page and to the API.
QUERIES: list[dict[str, str]] = [
    {"q": "korupsi"},
    {"q": "gratifikasi"},
    {"q": "melaporkan gratifikasi"},
    {"q": "laporan pungutan liar"},
    {"q": "pungli sekolah"},
    {"q": "suap perizinan"},
    {"q": "penyuapan pejabat daerah"},
    {"q": "kepegawaian"},
    {"q": "hoaks bansos"},
    {"q": "cek fakta whatsapp"},
    {"q": "lhkpn pejabat"},
    {"q": "konflik kepentingan pengadaan"},
    {"q": "hadiah parsel lebaran"},
    {"q": "pemerasan kendaraan"},
    {"q": "sertifikat tanah biaya"},
    {"q": "integritas survei"},
    {"q": "gratifikasi", "type": "library"},
    {"q": "pungli", "topic": "pungli"},
    {"q": "suap", "type": "news", "page": "2"},
    {"q": "laporan", "dari": "2025-01-01", "sampai": "2025-12-31"},
    {"q": "antikorupsi kampanye poster"},
    {"q": "disiplin jujur"},
    {"q": "monitoring center prevention"},
    {"q": "qwertyuiop"},
]


# --- documents --------------------------------------------------------------------------------


def vocabulary() -> tuple[list[str], list[float]]:
    """Words and weights: the Indonesian head first, then domain.md's words by frequency."""
    head = INDONESIAN.split()
    counts: Counter[str] = Counter()
    if DOMAIN_MD.exists():
        text = DOMAIN_MD.read_text(encoding="utf-8").lower()
        counts.update(w for w in re.findall(r"[a-z]{3,}", text) if w not in head)
    tail = [w for w, _n in counts.most_common()]
    words = head + tail
    # Zipf-like: the n-th word is drawn with weight 1/(n + 10).
    weights = [1.0 / (rank + 10) for rank in range(len(words))]
    return words, weights


def generate(count: int) -> Iterator[Any]:
    """`count` SearchDocs, the same ones on every run."""
    from cegah.search.documents import SearchDoc

    rng = random.Random(SEED)
    words, weights = vocabulary()
    cumulative = list(itertools.accumulate(weights))
    filler = FILLER.split()
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    span = int(dt.timedelta(days=5 * 365).total_seconds())
    kinds = [k for k, _w in KINDS]
    kind_weights = [w for _k, w in KINDS]

    def sentence(n: int) -> str:
        picked = rng.choices(words, cum_weights=cumulative, k=n)
        for i in range(0, n, 4):
            picked.insert(i, rng.choice(filler))
        return " ".join(picked).capitalize() + "."

    for i in range(count):
        kind = rng.choices(kinds, kind_weights)[0]
        title = sentence(rng.randint(4, 8)).rstrip(".")
        body = " ".join(sentence(rng.randint(8, 16)) for _ in range(rng.randint(4, 9)))
        yield SearchDoc(
            kind=kind,
            key=str(i),
            language="en" if i % 10 == 9 else "id",
            title=title,
            body=body,
            url=f"{URL_PREFIX[kind]}{i}/",
            topics=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
            published_at=start + dt.timedelta(seconds=rng.randrange(span)),
        )


# --- in the child process: load and measure in-process ----------------------------------------


def child(args: argparse.Namespace) -> int:
    """Runs with DATABASE_URL set by the parent: migrate, load if needed, time in-process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cegah.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from cegah.search.backend import index_documents
    from cegah.search.models import Entry
    from cegah.search.query import Filters, search

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # what `make setup` does
    report: dict[str, Any] = {"vendor": connection.vendor}
    have = Entry.objects.count()
    if args.reuse and have == args.documents:
        report["load_seconds"] = None
        print(f"  reusing the {have:,} documents already indexed", flush=True)
    else:
        Entry.objects.all().delete()
        began = time.perf_counter()
        done = 0
        batch: list[Any] = []
        for doc in generate(args.documents):
            batch.append(doc)
            if len(batch) == 2000:
                done += index_documents(batch)
                batch = []
                if done % 20000 == 0:
                    print(f"  {done:,} indexed ({time.perf_counter() - began:.0f} s)", flush=True)
        done += index_documents(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE search_entry" if connection.vendor == "postgresql" else "ANALYZE"
            )
        report["load_seconds"] = round(time.perf_counter() - began, 1)
        print(f"  loaded {done:,} documents in {report['load_seconds']} s", flush=True)
    report["documents"] = Entry.objects.count()

    def timed(fn: Any) -> list[float]:
        samples = []
        for _ in range(IN_PROCESS_REPEATS):
            for query in QUERIES:
                began = time.perf_counter()
                fn(query)
                samples.append((time.perf_counter() - began) * 1000)
        return sorted(samples)

    def run_search(query: dict[str, str]) -> Any:
        filters = Filters(
            language="id",
            kind=query.get("type"),
            topic=query.get("topic"),
            date_from=dt.date.fromisoformat(query["dari"]) if "dari" in query else None,
            date_to=dt.date.fromisoformat(query["sampai"]) if "sampai" in query else None,
        )
        return search(query["q"], filters, page=int(query.get("page", 1)))

    client = Client()

    def run_page(query: dict[str, str]) -> None:
        response = client.get("/cari/", query)
        assert response.status_code == 200, response.status_code

    # The first search of a process loads the whole index into memory (`engine.py`).
    began = time.perf_counter()
    run_search(QUERIES[0])
    report["index_load_ms"] = round((time.perf_counter() - began) * 1000, 1)
    counts = {}
    for query in QUERIES:  # warm-up, and what each query finds
        counts[urllib.parse.urlencode(query)] = run_search(query).count
        run_page(query)
    search_ms = timed(run_search)
    page_ms = timed(run_page)
    report |= {
        "matches": counts,
        "search_p50_ms": round(statistics.median(search_ms), 2),
        "search_p95_ms": round(search_ms[int(0.95 * (len(search_ms) - 1))], 2),
        "search_max_ms": round(search_ms[-1], 2),
        "page_p50_ms": round(statistics.median(page_ms), 2),
        "page_p95_ms": round(page_ms[int(0.95 * (len(page_ms) - 1))], 2),
    }
    Path(args.child_report).write_text(json.dumps(report))
    return 0


# --- the parent: databases, server, load ------------------------------------------------------

LUA = """
local paths = %(paths)s
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {
    ["Accept-Encoding"] = "gzip", ["User-Agent"] = "cegah-bench",
  })
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "seconds": %%.6f, "bytes": %%d, "rps": %%.3f, '
    .. '"p50_ms": %%.3f, "p95_ms": %%.3f, "p99_ms": %%.3f, "mean_ms": %%.3f, "max_ms": %%.3f, '
    .. '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}}\\n',
    summary.requests, seconds, summary.bytes, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""
PING_LUA = LUA.replace("%(paths)s", '{"/ping"}').replace("%%", "%")


def request_paths() -> list[str]:
    paths = []
    for query in QUERIES:
        qs = urllib.parse.urlencode(query)
        paths.append(f"/cari/?{qs}")
        paths.append(f"/api/v1/search?{qs}")
    return paths


def lua_script() -> str:
    rows = ", ".join(json.dumps(p) for p in request_paths())
    return LUA % {"paths": "{" + rows + "}"}


def database_url(engine: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return PG_URL


def ensure_postgres_database() -> None:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{PG_NAME}'"  # noqa: S608 - constant
    exists = subprocess.run(  # noqa: S603 - fixed command line
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", query],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if exists != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_NAME], check=True)  # noqa: S603, S607


def drop(engine: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    else:
        subprocess.run(  # noqa: S603
            ["dropdb", "--force", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", PG_NAME],  # noqa: S607
            check=False,
        )


def check_paths(base_url: str) -> None:
    """Every request of the mix answers 200 before anything is timed."""
    import http.client

    host, port = urllib.parse.urlsplit(base_url).hostname, urllib.parse.urlsplit(base_url).port
    for path in request_paths():
        conn = http.client.HTTPConnection(host or "127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")


def warm_workers(base_url: str) -> float:
    """Each gunicorn worker loads the index into memory on its first request (in a thread;
    a search waits for it). New connections land on any worker, so search until ten in a
    row answer in under 0.5 s: every worker is then warm. Returns the seconds it took."""
    import http.client

    parts = urllib.parse.urlsplit(base_url)
    began = time.perf_counter()
    fast = 0
    while fast < 10 and time.perf_counter() - began < 300:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request("GET", "/cari/?q=korupsi")
            conn.getresponse().read()
        finally:
            conn.close()
        fast = fast + 1 if time.perf_counter() - started < 0.5 else 0
    return round(time.perf_counter() - began, 1)


def measure(engine: str, args: argparse.Namespace, wrk: str) -> dict[str, Any]:
    print(f"\n== {engine} ==", flush=True)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if engine == "postgresql":
        ensure_postgres_database()
    env = dict(os.environ, DATABASE_URL=database_url(engine), DEBUG="false")
    with tempfile.TemporaryDirectory() as tmp:
        child_report = Path(tmp) / "child.json"
        command = [sys.executable, __file__, "--child", "--child-report", str(child_report),
                   "--documents", str(args.documents), *(["--reuse"] if args.reuse else [])]  # fmt: skip
        subprocess.run(command, env=env, check=True, cwd=BASE_DIR)  # noqa: S603
        report: dict[str, Any] = json.loads(child_report.read_text())
        lua_path = Path(tmp) / "search.lua"
        lua_path.write_text(lua_script())
        ping_lua = Path(tmp) / "ping.lua"
        ping_lua.write_text(PING_LUA)
        saved = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = database_url(engine)
        try:
            with production_server(args.web_workers) as base_url:
                warm_seconds = warm_workers(base_url)
                print(f"  every worker warm after {warm_seconds} s", flush=True)
                check_paths(base_url)
                print(f"  loading {base_url}: {args.connections} connections ...", flush=True)
                run_wrk_n(wrk, base_url + "/cari/", WARMUP_SECONDS, lua_path, args.connections)
                result = run_wrk_n(
                    wrk, base_url + "/cari/", args.seconds, lua_path, args.connections
                )
                run_wrk_n(wrk, base_url + "/ping", WARMUP_SECONDS, ping_lua, args.connections)
                ping = run_wrk_n(wrk, base_url + "/ping", args.seconds, ping_lua, args.connections)
        finally:
            if saved is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = saved
    report["http"] = result
    report["ping"] = ping
    report["warm_seconds"] = warm_seconds
    return report


def run_wrk_n(wrk: str, url: str, seconds: float, lua: Path, connections: int) -> dict[str, Any]:
    """home_vs_trivial's run_wrk, with this run's number of connections."""
    result = run_wrk(wrk, url, seconds, lua, None, connections=connections)
    return {
        "requests": result.requests,
        "rps": round(result.rps, 1),
        "p50_ms": round(result.p50_ms, 2),
        "p95_ms": round(result.p95_ms, 2),
        "p99_ms": round(result.p99_ms, 2),
        "max_ms": round(result.max_ms, 2),
        "errors": result.error_count,
    }


def run(args: argparse.Namespace) -> int:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    load_before = os.getloadavg()[0]
    reports = {}
    try:
        for engine in engines:
            reports[engine] = measure(engine, args, wrk)
    finally:
        if args.drop:
            for engine in engines:
                drop(engine)
    when = dt.datetime.now(dt.UTC)
    print()
    print(
        f"{when:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {wrk_version(wrk)}, "
        f"{args.documents:,} documents, {len(QUERIES)} queries × (page, API), "
        f"{args.connections} connections, {args.seconds} s after {WARMUP_SECONDS} s warm-up; "
        f"load average before: {load_before:.2f}"
    )
    print()
    print("| engine | load (s) | index into memory (ms) | in-process search() p50 / p95 (ms) "
          "| page p50 / p95 (ms) | HTTP req/s | HTTP p50 / p95 / p99 (ms) | errors "
          "| /ping req/s, p95 (ms) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ok = True
    for engine, r in reports.items():
        h, p = r["http"], r["ping"]
        ok = ok and h["p95_ms"] <= TARGET_P95_MS and h["errors"] == 0
        print(
            f"| {engine} | {r['load_seconds']} | {r['index_load_ms']} | "
            f"{r['search_p50_ms']} / {r['search_p95_ms']} | "
            f"{r['page_p50_ms']} / {r['page_p95_ms']} | {h['rps']} | "
            f"{h['p50_ms']} / {h['p95_ms']} / {h['p99_ms']} | {h['errors']} | "
            f"{p['rps']}, {p['p95_ms']} |"
        )
    print()
    print(f"{'PASS' if ok else 'FAIL'}: target p95 ≤ {TARGET_P95_MS:.0f} ms over HTTP")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(
        json.dumps(
            {
                "when": when.isoformat(timespec="seconds"),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "documents": args.documents,
                "connections": args.connections,
                "seconds": args.seconds,
                "load_before": load_before,
                "engines": reports,
                "pass": ok,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {JSON_PATH.relative_to(BASE_DIR)}")
    return 1 if args.strict and not ok else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--web-workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--reuse", action="store_true", help="keep an index of the right size")
    parser.add_argument("--drop", action="store_true", help="drop the databases afterwards")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-report", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return child(args) if args.child else run(args)


if __name__ == "__main__":
    sys.exit(main())
