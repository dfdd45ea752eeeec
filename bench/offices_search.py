"""Searching 500,000 service offices: p50/p95 of the search page and the API, on PostgreSQL.

Uses the offices `bench/offices_import.py` left in `cegah_bench_offices` (run it first). For
300 queries of the kinds people type (a village or district name, "puskesmas <district>",
"sd negeri 2 <village>", "kua <regency>", a word cut short while typing, a kind within a
regency, one common word that matches a third of all offices), it times:

- `page`: GET `/unit-layanan/?q=…` through Django's test client (search, capped count, first
  20 offices with their region, the template), and
- `api`: GET `/api/v1/offices?q=…` (search, count, first 50).

Each query runs once to warm up, then is timed. Target: p95 ≤ 100 ms for the page.

Usage: .venv/bin/python bench/offices_search.py [--engine postgresql|sqlite] [--queries 300]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import run_child

ROOT = Path(__file__).resolve().parent.parent


def queries(n: int) -> list[dict[str, str]]:
    from cegah.regions.models import Level, Region

    rng = random.Random(7)
    villages = list(Region.objects.filter(level=Level.VILLAGE).values_list("name", flat=True))
    districts = list(Region.objects.filter(level=Level.DISTRICT).values_list("name", flat=True))
    regencies = list(Region.objects.filter(level=Level.REGENCY).values_list("code", "name"))
    out: list[dict[str, str]] = []
    for i in range(n):
        shape = i % 8
        if shape == 0:
            out.append({"q": rng.choice(villages)})
        elif shape == 1:
            out.append({"q": f"puskesmas {rng.choice(districts)}"})
        elif shape == 2:
            out.append({"q": f"sd negeri {rng.randint(1, 9)} {rng.choice(villages)}"})
        elif shape == 3:
            out.append({"q": f"kua {rng.choice(regencies)[1]}"})
        elif shape == 4:
            name = rng.choice(districts)
            out.append({"q": name[: max(3, len(name) // 2)]})
        elif shape == 5:
            code, _ = rng.choice(regencies)
            out.append({"wilayah": code, "jenis": rng.choice(["school", "puskesmas", "kua"])})
        elif shape == 6:
            code, _ = rng.choice(regencies)
            out.append({"wilayah": code, "q": "kantor desa"})
        else:
            out.append({"q": rng.choice(["sekolah", "sd negeri", "puskesmas", "dukcapil"])})
    return out


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def measure(n: int) -> dict[str, object]:
    import django

    # The test profile renders pages without collected static files (no manifest needed);
    # the database is still the bench's own (DATABASE_URL).
    os.environ["CEGAH_ENV"] = "test"
    django.setup()
    from django.db import connection
    from django.test import Client

    from cegah.offices.models import Office

    offices = Office.objects.count()
    client = Client()
    sample = queries(n)
    timings: dict[str, list[float]] = {"page": [], "api": []}
    slowest: list[tuple[float, str]] = []
    for params in sample:
        for name, url in (("page", "/unit-layanan/"), ("api", "/api/v1/offices")):
            api_params = {
                "q": params.get("q", ""),
                "region": params.get("wilayah", ""),
                **({"kind": params["jenis"]} if "jenis" in params else {}),
            }
            arguments = params if name == "page" else api_params
            response = client.get(url, arguments, HTTP_HOST="127.0.0.1")  # warm
            assert response.status_code == 200, (url, arguments, response.status_code)
            start = time.perf_counter()
            client.get(url, arguments, HTTP_HOST="127.0.0.1")
            elapsed = time.perf_counter() - start
            timings[name].append(elapsed)
            if name == "page":
                slowest.append((elapsed, str(params)))
    slowest.sort(reverse=True)
    return {
        "engine": connection.vendor,
        "offices": offices,
        "queries": n,
        "page": _percentiles(timings["page"]),
        "api": _percentiles(timings["api"]),
        "slowest": [f"{s * 1000:.0f} ms {q}" for s, q in slowest[:5]],
    }


def main() -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.queries)))
        return 0
    result = run_child(
        __file__,
        args.engine,
        "offices",
        ["--queries", str(args.queries)],
        create=False,
    )
    print("| engine | offices | queries | what | p50 (ms) | p95 (ms) | max (ms) |")
    print("|---|---|---|---|---|---|---|")
    for what in ("page", "api"):
        r = result[what]
        assert isinstance(r, dict)
        print(
            f"| {result['engine']} | {result['offices']:,} | {result['queries']} | {what} "
            f"| {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |"
        )
    print("\nSlowest page queries:")
    for line in result["slowest"]:  # type: ignore[attr-defined]
        print(f"- {line}")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    page = result["page"]
    assert isinstance(page, dict)
    return 0 if page["p95_ms"] <= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
