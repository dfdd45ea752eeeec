"""The campaign dashboard, its stats API and a participant's personal page with 100,000
participants × 3 days, on SQLite and PostgreSQL, timed in-process (server time, no network).

Uses the databases of `campaign_reminders.py` (run it first: it makes a running campaign of
24–26 April 2024 with 30 units and 100,000 participants). Adds, once, confirmations for the
three days (day 1: 10 %, day 2: 50 %, day 3: 30 % of the participants; 2 channels for some),
a few thousand short-link clicks and the reminders of day 2 (one per participant who had not
confirmed, 2% failed), then times with Django's test client, at 25 April 2024
09:00 Jakarta time: the organiser's dashboard `/kampanye/<pk>/dasbor/`, the stats API
`GET /api/v1/campaigns/<pk>/stats` (token) and 200 different participants' personal pages
`/kampanye/saya/<token>/`. Each page is requested once to warm up, then N times; p50/p95.
Then downloads the whole participation list per person (`/kampanye/<pk>/partisipasi.csv`,
100,000 rows, streamed) three times.

Targets (issue 6): dashboard and stats p95 ≤ 300 ms; personal page p95 ≤ 50 ms. Our own
bound for the participation CSV of 100,000 people: ≤ 10 s for the whole download.

Needs collected static files (`make setup`, or `manage.py collectstatic`): it runs with
DEBUG off, as in production.

Usage: .venv/bin/python bench/campaign_pages.py [--engine sqlite|postgresql|both] [--runs 30]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import command_line, run_child

TARGETS_MS = {"dashboard": 300.0, "stats": 300.0, "personal": 50.0}
# Not an issue figure: our own bound for downloading the whole participation list.
EXPORT_TARGET_MS = 10_000.0


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
    from cegah.campaigns.models import (
        Campaign,
        Click,
        Participant,
        Reminder,
        ReminderStatus,
        Share,
    )

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
    if not Reminder.objects.filter(campaign=campaign, day=days[1]).exists():
        # The day measured has had its reminders: one row per participant who had not
        # confirmed, as the planner leaves them (the dashboard counts them by status).
        confirmed = set(
            Share.objects.filter(participant__campaign=campaign, day=days[1]).values_list(
                "participant_id", flat=True
            )
        )
        Reminder.objects.bulk_create(
            (
                Reminder(
                    participant_id=pk,
                    campaign=campaign,
                    day=days[1],
                    channel="whatsapp",
                    recipient="+6281100000000",
                    status=ReminderStatus.SENT if pk % 50 else ReminderStatus.FAILED,
                )
                for pk in ids
                if pk not in confirmed
            ),
            batch_size=5000,
        )
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
        # The participation list per person (everyone, streamed): the whole download, 3 times.
        times, size, lines = [], 0, 0
        for _ in range(3):
            start = time.perf_counter()
            response = client.get(f"/kampanye/{campaign.pk}/partisipasi.csv")
            body = b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            size, lines = len(body), body.count(b"\n")
        out["participation_csv"] = {
            "p50_ms": _p(times, 0.5),
            "max_ms": round(max(times), 1),
            "runs": len(times),
            "bytes": size,
            "rows": lines - 1,
        }
    return out


def run_engine(engine: str, n: int) -> dict[str, object]:
    return run_child(
        __file__, engine, "reminders", ["--runs", str(n)], create=False, env={"DEBUG": "false"}
    )


def main() -> int:
    engines, size = command_line(__doc__ or "", measure, "runs", 30)
    print("| engine | page | p50 (ms) | p95 (ms) | target p95 (ms) | result |")
    print("|---|---|---:|---:|---:|---|")
    ok = True
    exports = []
    for engine in engines:
        r = run_engine(engine, size)
        for name, target in TARGETS_MS.items():
            m = r[name]
            assert isinstance(m, dict)
            passed = m["p95_ms"] <= target
            ok = ok and passed
            print(
                f"| {engine} | {name} | {m['p50_ms']} | {m['p95_ms']} | {target:.0f} | {'PASS' if passed else 'FAIL'} |"
            )
        exports.append((engine, r["participation_csv"]))
    print()
    print(
        "| engine | participation CSV | rows | size | p50 (ms) | max (ms) | bound (ms) | result |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for engine, e in exports:
        assert isinstance(e, dict)
        passed = e["max_ms"] <= EXPORT_TARGET_MS
        ok = ok and passed
        print(
            f"| {engine} | whole download | {e['rows']} | {e['bytes'] / 1e6:.1f} MB | "
            f"{e['p50_ms']} | {e['max_ms']} | {EXPORT_TARGET_MS:.0f} | "
            f"{'PASS' if passed else 'FAIL'} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
