"""Importing 100,000 campaign participants from CSV and from XLSX, on SQLite and PostgreSQL.

For each engine, in a database of its own (`var/bench/campaign_import.sqlite3`; PostgreSQL
`cegah_bench_campaigns` on 127.0.0.1, created with `createdb -U postgres` when missing),
migrated first:

1. makes a regency with 30 units and a campaign targeting them (once; reused on reruns);
2. generates N rows (a fixed random seed) with valid NIPs, names, unit codes, phones and
   emails, 1% of NIPs repeated (merged: the last row wins), as CSV bytes and as XLSX bytes;
3. for each format: deletes the campaign's participants, then times what the API does —
   `importing.check_file()` (parse and validate every row) and
   `actions.import_participants()` (one transaction, bulk_create in batches) — and checks
   the stored count.

Target: ≤ 60 s for 100,000 rows, check and import together. Prints Markdown.

Usage: .venv/bin/python bench/campaign_import.py [--engine sqlite|postgresql|both] [--rows 100000]
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import bench_regency, command_line, run_child


def rows(n: int, units: list[str]) -> list[list[str]]:
    rng = random.Random(20240424)
    first = ["Sri", "Budi", "Dewi", "Agus", "Rina", "Joko", "Siti", "Eko", "Wahyu", "Nur"]
    last = ["Wahyuni", "Santoso", "Lestari", "Prasetyo", "Rahayu", "Hidayat", "Saputra"]
    out: list[list[str]] = []
    for i in range(n):
        if i and rng.random() < 0.01:
            nip = out[rng.randrange(len(out))][0]  # a repeated NIP: merged
        else:
            born = f"{rng.randint(1965, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            appointed = f"{int(born[:4]) + rng.randint(20, 24)}{rng.randint(1, 12):02d}"
            nip = f"{born}{appointed}{rng.choice('12')}{i % 1000:03d}"
        out.append(
            [
                nip,
                f"{rng.choice(first)} {rng.choice(last)} {i}",
                rng.choice(units),
                f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
                f"asn{i}@klaten.example.org" if i % 3 else "",
            ]
        )
    return out


def as_csv(data: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nip", "name", "unit_code", "phone", "email"])
    writer.writerows(data)
    return out.getvalue().encode()


def as_xlsx(data: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["nip", "name", "unit_code", "phone", "email"])
    for row in data:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(n: int) -> dict[str, object]:
    """Runs inside a child process whose DATABASE_URL names the engine's database."""
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from cegah.campaigns import actions, importing
    from cegah.campaigns.models import Campaign, Participant

    call_command("migrate", verbosity=0)
    regency, units = bench_regency("bench-klaten")
    campaign = Campaign.objects.filter(organiser=regency).first()
    if campaign is None:
        campaign, _ = actions.create_campaign(
            actor=None,
            organiser=regency,
            targets=units,
            title="Bench",
            starts_on=dt.date(2024, 4, 24),
            ends_on=dt.date(2024, 4, 26),
        )
    data = rows(n, [u.code for u in units])
    files = {"csv": as_csv(data), "xlsx": as_xlsx(data)}
    result: dict[str, object] = {"engine": connection.vendor, "rows": n}
    for fmt, content in files.items():
        Participant.objects.filter(campaign=campaign).delete()
        start, cpu_start = time.perf_counter(), time.process_time()
        report = importing.check_file(campaign, io.BytesIO(content), f"p.{fmt}")
        checked, cpu_checked = time.perf_counter(), time.process_time()
        assert report.ok, report.errors[:5]
        counts = actions.import_participants(actor=None, campaign=campaign, report=report)
        done, cpu_done = time.perf_counter(), time.process_time()
        stored = Participant.objects.filter(campaign=campaign).count()
        assert stored == counts["created"] == len(report.rows), (stored, counts)
        result[fmt] = {
            "bytes": len(content),
            "check_s": round(checked - start, 2),
            "import_s": round(done - checked, 2),
            "total_s": round(done - start, 2),
            "cpu_check_s": round(cpu_checked - cpu_start, 2),
            "cpu_import_s": round(cpu_done - cpu_checked, 2),
            "stored": stored,
            "merged": report.duplicates,
        }
    return result


def run_engine(engine: str, n: int) -> dict[str, object]:
    return run_child(__file__, engine, "campaigns", ["--rows", str(n)])


def main() -> int:
    engines, size = command_line(__doc__ or "", measure, "rows", 100_000)
    print(
        "| engine | format | file | check (s) | import (s) | total (s) "
        "| CPU check/import (s) | stored | merged |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for engine in engines:
        result = run_engine(engine, size)
        for fmt in ("csv", "xlsx"):
            r = result[fmt]
            assert isinstance(r, dict)
            worst = max(worst, r["total_s"])
            print(
                f"| {engine} | {fmt} | {r['bytes'] / 1e6:.1f} MB | {r['check_s']} | "
                f"{r['import_s']} | {r['total_s']} | {r['cpu_check_s']}/{r['cpu_import_s']} | "
                f"{r['stored']} | {r['merged']} |"
            )
    print(f"\nWorst total: {worst} s wall clock (target ≤ 60 s for {size} rows).")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    return 0 if worst <= 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
