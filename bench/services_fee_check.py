"""The fee check (`check_fee`, what `/cek-biaya/` and `/api/v1/services/fee-check` call),
timed in-process: over the seeded national table, then with 5,000 services.

In a database of its own (`var/bench/services_fee_check.sqlite3`, or PostgreSQL
`cegah_bench_services_fee_check` on 127.0.0.1; both migrated here): loads the national table
(`load_fees`), times the 48 questions of `cegah/services/tests/test_questions.py` five times
each (top-1 accuracy printed), then adds services up to N (default 5,000; a fixed seed), each
with a name, five phrasings and a description in Indonesian-ish words drawn from the
vocabulary of `bench/search.py`, and two fee items, and times the same questions again. The
first check after a change rebuilds the in-memory BM25 index ("first check").

Usage: .venv/bin/python bench/services_fee_check.py [--engine sqlite|postgresql|both] [--services 5000]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import command_line, run_child

SEED = 14
ROUNDS = 5


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def measure(services: int) -> dict[str, object]:
    import datetime as dt
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from search import vocabulary

    from cegah.services.actions import load_fees
    from cegah.services.models import Confidence, FeeItem, LegalBasis, Sector, Service
    from cegah.services.public import check_fee
    from cegah.services.tests.test_questions import QUESTIONS

    call_command("migrate", verbosity=0)
    FeeItem.objects.filter(service__code__startswith="bench-").delete()
    Service.objects.filter(code__startswith="bench-").delete()
    load_fees(actor=None)
    on = dt.date(2026, 6, 1)

    def run() -> dict[str, object]:
        start = time.perf_counter()
        check_fee("skck", on=on)
        first = (time.perf_counter() - start) * 1000
        times: list[float] = []
        right = 0
        for _ in range(ROUNDS):
            right = 0
            for question, expected in QUESTIONS:
                language = "en" if question.startswith(("How", "birth")) else "id"
                start = time.perf_counter()
                answers = check_fee(question, on=on, language=language)
                times.append((time.perf_counter() - start) * 1000)
                right += bool(answers) and answers[0].service_code == expected
        return {
            "services": Service.objects.public().count(),
            "first_check_ms": round(first, 1),
            "p50_ms": _p(times, 0.5),
            "p95_ms": _p(times, 0.95),
            "top1": f"{right}/{len(QUESTIONS)}",
        }

    seeded = run()
    rng = random.Random(SEED)
    words, weights = vocabulary()

    def text(n: int) -> str:
        return " ".join(rng.choices(words, weights=weights, k=n))

    missing = services - Service.objects.count()
    made = [
        Service(
            code=f"bench-{n}",
            name=text(4),
            name_en=text(4),
            sector=Sector.OTHER,
            description=text(15),
            aliases="\n".join(text(3) for _ in range(5)),
            live=True,
        )
        for n in range(max(missing, 0))
    ]
    Service.objects.bulk_create(made, batch_size=1000)
    items = [
        FeeItem(
            service=s,
            variant=f"v{k}",
            amount_idr=rng.choice([0, 10_000, 50_000]),
            valid_from=dt.date(2020, 1, 1),
            confidence=Confidence.LIKELY,
            live=True,
        )
        for s in Service.objects.filter(code__startswith="bench-")
        for k in (1, 2)
    ]
    FeeItem.objects.bulk_create(items, batch_size=1000)
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(fee_item=i, title="Perda contoh")
            for i in FeeItem.objects.filter(service__code__startswith="bench-")
        ],
        batch_size=1000,
    )
    large = run()
    return {"seeded": seeded, "large": large}


def main() -> int:
    engines, size = command_line(__doc__ or "", measure, "services", 5_000)
    print("| engine | services | first check (ms) | p50 (ms) | p95 (ms) | top-1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for engine in engines:
        r = run_child(
            __file__,
            engine,
            "services_fee_check",
            ["--services", str(size)],
            env={"DEBUG": "false"},
        )
        for key in ("seeded", "large"):
            m = r[key]
            assert isinstance(m, dict)
            print(
                f"| {engine} | {m['services']} | {m['first_check_ms']} | {m['p50_ms']} | "
                f"{m['p95_ms']} | {m['top1']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
