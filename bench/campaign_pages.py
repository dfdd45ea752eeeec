"""The campaign dashboard, its stats API and a participant's personal page with 100,000
participants × 3 days, on SQLite and PostgreSQL, timed in-process (server time, no network).

Uses the databases of `campaign_reminders.py` (run it first: it makes a running campaign of
24–26 April 2024 with 30 units and 100,000 participants). Adds, once, confirmations for the
three days (day 1: 10 %, day 2: 50 %, day 3: 30 % of the participants; 2 channels for some)
and a few thousand short-link clicks, then times with Django's test client, at 25 April 2024
09:00 Jakarta time: the organiser's dashboard `/kampanye/<pk>/dasbor/`, the stats API
`GET /api/v1/campaigns/<pk>/stats` (token) and 200 different participants' personal pages
`/kampanye/saya/<token>/`. Each page is requested once to warm up, then N times; p50/p95.

Targets (issue 6): dashboard and stats p95 ≤ 300 ms; personal page p95 ≤ 50 ms.

Usage: .venv/bin/python bench/campaign_pages.py [--engine sqlite|postgresql|both] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/cegah_bench_reminders"
SQLITE_PATH = ROOT / "var" / "bench" / "campaign_reminders.sqlite3"
TARGETS_MS = {"dashboard": 300.0, "stats": 300.0, "personal": 50.0}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def measure(runs: int) -> dict[str, object]:
    import django

    django.setup()
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.db import connection
    from django.test import Client

    from cegah.accounts.models import Membership, Role, User
    from cegah.api.actions import create_api_token
    from cegah.campaigns import access
    from cegah.campaigns.models import Campaign, Click, Participant, Share

    campaign = Campaign.objects.get(organiser__code="bench-rem")
    days = [campaign.starts_on + dt.timedelta(days=i) for i in range(3)]
    ids = list(Participant.objects.filter(campaign=campaign).values_list("pk", flat=True))
    if not Share.objects.filter(participant__campaign=campaign, day=days[1]).exists():
        shares = [
            Share(participant_id=pk, day=days[1], channel="whatsapp_status") for pk in ids[::2]
        ]
        shares += [Share(participant_id=pk, day=days[1], channel="instagram") for pk in ids[::7]]
        shares += [
            Share(participant_id=pk, day=days[2], channel="whatsapp_status") for pk in ids[1::3]
        ]
        Share.objects.bulk_create(shares, batch_size=5000)
    if not Click.objects.filter(participant__campaign=campaign).exists():
        clicks = [
            Click(participant_id=pk, day=days[i % 3], visitor=f"{i:016x}")
            for i, pk in enumerate(ids[::20])
        ]
        Click.objects.bulk_create(clicks, batch_size=5000, ignore_conflicts=True)
    manager, _ = User.objects.get_or_create(email="bench.manager@example.org")
    Membership.objects.get_or_create(
        user=manager, agency=campaign.organiser, role=Role.CAMPAIGN_MANAGER
    )
    _token, token = create_api_token(actor=manager, name="bench")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    people = list(Participant.objects.filter(campaign=campaign).order_by("pk")[::500][:200])
    tokens = [access.personal_token(p) for p in people]
    now = dt.datetime(2024, 4, 25, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    out: dict[str, object] = {"engine": connection.vendor, "participants": len(ids)}
    with time_machine.travel(now, tick=True):
        urls = {
            "dashboard": (f"/kampanye/{campaign.pk}/dasbor/", {}),
            "stats": (
                f"/api/v1/campaigns/{campaign.pk}/stats",
                {"HTTP_AUTHORIZATION": f"Bearer {token}"},
            ),
        }
        for name, (url, headers) in urls.items():
            assert client.get(url, **headers).status_code == 200, name
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url, **headers)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            out[name] = {"p50_ms": _p(times, 0.5), "p95_ms": _p(times, 0.95), "runs": runs}
        anonymous = Client(HTTP_HOST="127.0.0.1")
        assert anonymous.get(f"/kampanye/saya/{tokens[0]}/").status_code == 200
        times = []
        for t in tokens:
            start = time.perf_counter()
            response = anonymous.get(f"/kampanye/saya/{t}/")
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        out["personal"] = {"p50_ms": _p(times, 0.5), "p95_ms": _p(times, 0.95), "runs": len(times)}
    return out


def run_engine(engine: str, runs: int) -> dict[str, object]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cegah.settings", DEBUG="false")
    env.pop("CEGAH_ENV", None)
    env["DATABASE_URL"] = PG_URL if engine == "postgresql" else f"sqlite:///{SQLITE_PATH}"
    if engine == "sqlite" and not SQLITE_PATH.exists():
        raise SystemExit("Run bench/campaign_reminders.py first (it makes the participants).")
    out = subprocess.run(  # noqa: S603 -- this script with fixed arguments
        [sys.executable, __file__, "--child", "--runs", str(runs)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{engine}: the measurement failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.runs)))
        return 0
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    print("| engine | page | p50 (ms) | p95 (ms) | target p95 (ms) | result |")
    print("|---|---|---:|---:|---:|---|")
    ok = True
    for engine in engines:
        r = run_engine(engine, args.runs)
        for name, target in TARGETS_MS.items():
            m = r[name]
            assert isinstance(m, dict)
            passed = m["p95_ms"] <= target
            ok = ok and passed
            print(
                f"| {engine} | {name} | {m['p50_ms']} | {m['p95_ms']} | {target:.0f} | {'PASS' if passed else 'FAIL'} |"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
