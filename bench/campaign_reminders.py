"""Planning one day's campaign reminders for 100,000 participants, on SQLite and PostgreSQL.

For each engine, in a database of its own (`var/bench/campaign_reminders.sqlite3`;
PostgreSQL `cegah_bench_reminders` on 127.0.0.1, created with `createdb -U postgres` when
missing), migrated first, with the real task backend (django-tasks-db):

1. makes a regency with 30 units, a running campaign of 24–26 April 2024 with material
   every day and a reminder at 07:00, and N participants (once; reused on reruns): 80% with
   a phone (WhatsApp), 15% with only an email, 5% with neither; 10% have confirmed day 1;
2. deletes the day's reminders and queued jobs, then times `reminders.plan_reminders()` at
   08:00 Jakarta time: find who has not confirmed, claim one `Reminder` row each (insert on
   conflict do nothing) and enqueue the chunks (500 participants a job) — the enqueue time;
3. times a second run (claims nothing, queues nothing) and checks the counts.

Sending is not timed: it is bounded by the channel rates (e.g. 20 WhatsApp messages a second).
Target: ≤ 30 s for 100,000 participants. Prints Markdown.

Usage: .venv/bin/python bench/campaign_reminders.py [--engine sqlite|postgresql|both]
       [--participants 100000]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engines import bench_regency, command_line, run_child


def measure(n: int) -> dict[str, object]:
    """Runs inside a child process whose DATABASE_URL names the engine's database."""
    import django

    django.setup()
    import datetime as dt
    import math
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from cegah.campaigns import actions, reminders
    from cegah.campaigns.models import (
        Campaign,
        Participant,
        Reminder,
        ScheduleDay,
        ScheduleItem,
        Share,
        Status,
    )
    from cegah.library.models import Kind, LibraryItem

    assert "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
    call_command("migrate", verbosity=0)
    day = dt.date(2024, 4, 24)
    regency, units = bench_regency("bench-rem")
    campaign = Campaign.objects.filter(organiser=regency).first()
    if campaign is None:
        campaign, _ = actions.create_campaign(
            actor=None,
            organiser=regency,
            targets=units,
            title="Bench",
            starts_on=day,
            ends_on=day + dt.timedelta(days=2),
            reminder_time=dt.time(7, 0),
        )
        item = LibraryItem.objects.create(
            kind=Kind.CAPTION, title="Bench", caption="Tolak gratifikasi", owner_agency=regency
        )
        for i in range(3):
            entry = ScheduleDay.objects.create(
                campaign=campaign, day=day + dt.timedelta(days=i), caption="Tolak!"
            )
            ScheduleItem.objects.create(day=entry, item=item)
        Campaign.objects.filter(pk=campaign.pk).update(status=Status.RUNNING)
    if Participant.objects.filter(campaign=campaign).count() != n:
        Participant.objects.filter(campaign=campaign).delete()
        people = []
        for i in range(n):
            kind = i % 20
            people.append(
                Participant(
                    campaign=campaign,
                    agency=units[i % 30],
                    name=f"Peserta {i}",
                    nip=f"{199001012015011000 + i}",
                    phone=f"+62812{i:08d}" if kind < 16 else "",
                    email=f"asn{i}@klaten.example.org" if 16 <= kind < 19 else "",
                    code=f"r{i:09d}",
                )
            )
        Participant.objects.bulk_create(people, batch_size=5000)
        ids = list(Participant.objects.filter(campaign=campaign).values_list("pk", flat=True))
        Share.objects.bulk_create(
            [Share(participant_id=pk, day=day, channel="whatsapp_status") for pk in ids[::10]],
            batch_size=5000,
        )
    Reminder.objects.filter(participant__campaign=campaign).delete()
    DBTaskResult.objects.all().delete()
    confirmed = Share.objects.filter(participant__campaign=campaign, day=day).count()
    reachable = Participant.objects.filter(campaign=campaign).exclude(phone="", email="").count()
    now = dt.datetime(2024, 4, 24, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

    start, cpu_start = time.perf_counter(), time.process_time()
    planned = reminders.plan_reminders(now)
    first, cpu_first = time.perf_counter(), time.process_time()
    again = reminders.plan_reminders(now)
    second = time.perf_counter()

    jobs = DBTaskResult.objects.count()
    expected = (
        reachable
        - Share.objects.filter(participant__campaign=campaign, day=day)
        .exclude(participant__phone="", participant__email="")
        .count()
    )
    assert planned == expected == Reminder.objects.filter(day=day).count(), (planned, expected)
    assert again == 0
    assert jobs == math.ceil(planned / settings.CAMPAIGN_REMINDER_CHUNK), jobs
    return {
        "engine": connection.vendor,
        "participants": n,
        "confirmed": confirmed,
        "planned": planned,
        "jobs": jobs,
        "plan_s": round(first - start, 2),
        "cpu_plan_s": round(cpu_first - cpu_start, 2),
        "again_s": round(second - first, 2),
    }


def run_engine(engine: str, n: int) -> dict[str, object]:
    return run_child(__file__, engine, "reminders", ["--participants", str(n)])


def main() -> int:
    engines, size = command_line(__doc__ or "", measure, "participants", 100_000)
    print(
        "| engine | participants | confirmed | planned | jobs | plan + enqueue (s) "
        "| CPU (s) | second run (s) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for engine in engines:
        r = run_engine(engine, size)
        plan_s = float(r["plan_s"])  # type: ignore[arg-type]
        worst = max(worst, plan_s)
        print(
            f"| {engine} | {r['participants']} | {r['confirmed']} | {r['planned']} | {r['jobs']} "
            f"| {r['plan_s']} | {r['cpu_plan_s']} | {r['again_s']} |"
        )
    print(f"\nWorst: {worst} s wall clock (target ≤ 30 s for {size} participants).")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    return 0 if worst <= 30 else 1


if __name__ == "__main__":
    raise SystemExit(main())
