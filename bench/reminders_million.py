"""One campaign day's reminders for 1,000,000 participants, planned and sent by two workers
through the outbox sink, with one worker killed halfway: each participant must get exactly
one message, in under 10 minutes.

On PostgreSQL (database `cegah_bench_queue` on 127.0.0.1, created when missing; another with
`--database-url` or `BENCH_DATABASE_URL`), migrated first:

1. makes a regency with 30 units and a campaign running today (Jakarta time) with material
   today and a reminder at 00:00, and N participants with a WhatsApp number (once; reused on
   reruns with the same N; bulk inserts of 10,000);
2. empties the reminders, the outbox and the queue, starts two workers of the chosen queue
   (`db`: django-tasks-db's `db_worker`, SKIP LOCKED; `rq`: django-tasks-rq's `rqworker
   --job-class django_tasks_rq.Job` on Redis DB 5), then starts the clock and runs the
   planner (`reminders.plan_reminders()`, as the periodic job would: each chunk's rows and
   its job commit together, so the workers send while it plans);
3. when half the reminders are sent and both workers are in the middle of a job, kills one
   worker and its children (RQ's work horse) with SIGKILL and starts a replacement;
   the killed worker's claimed rows stay "sending" until their lease
   (`CAMPAIGN_REMINDER_LEASE`, here `--lease` seconds) runs out, and the planner's recovery
   (`reminders.requeue_retries`, every 5 minutes in production, here every `--lease` / 2
   seconds) queues them again;
4. stops the clock when every reminder is sent, then checks the outbox: one message per
   participant (its key names participant and day), no duplicates, none missing.

The channel rate is lifted (`MESSAGING_RATE_WHATSAPP=1000000/second`): the bench measures
the queue and the database, not WhatsApp's limits. Prints the steps and one summary line;
exits 1 when a message is missing or duplicated, or when the time is over the goal (600 s
for 1,000,000, scaled to N for a quick run: the projection assumes a linear cost).

Usage: .venv/bin/python bench/reminders_million.py [--participants 1000000]
       [--queue db|rq|both] [--chunk 1000] [--lease 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cegah_bench_queue"
RQ_URL = "redis://127.0.0.1:6379/5"
GOAL_SECONDS_PER_MILLION = 600.0
DAY_CODE = "bench-queue"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--queue", choices=["db", "rq", "both"], default="db")
    parser.add_argument("--chunk", type=int, default=1000, help="participants per job")
    parser.add_argument("--lease", type=int, default=20, help="seconds a job holds its rows")
    parser.add_argument(
        "--requeue-after",
        type=int,
        default=0,
        help="seconds before an unclaimed queued row counts as lost (default: 3 × the goal)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-kill", action="store_true", help="do not kill a worker")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return parser.parse_args()


def goal_seconds(n: int) -> float:
    return GOAL_SECONDS_PER_MILLION * n / 1_000_000


def requeue_after(args: argparse.Namespace) -> int:
    """Seconds before a queued row no job claimed counts as lost: longer than the queue's
    backlog (about the goal), or the planner queues live jobs again."""
    return args.requeue_after or int(max(goal_seconds(args.participants), 60))


def environment(args: argparse.Namespace, queue: str) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cegah.settings")
    env.pop("CEGAH_ENV", None)  # the real task backend, not the test one
    env.update(
        DATABASE_URL=args.database_url,
        DEBUG="false",
        LOG_LEVEL="WARNING",  # the sink logs a line per message at INFO
        MESSAGING_RATE_WHATSAPP="1000000/second",
        CAMPAIGN_REMINDER_CHUNK=str(args.chunk),
        CAMPAIGN_REMINDER_LEASE=str(args.lease),
        CAMPAIGN_REMINDER_REQUEUE_AFTER=str(requeue_after(args)),
        TASKS_QUEUE=queue,
    )
    if queue == "rq":
        env["TASKS_RQ_URL"] = RQ_URL
    return env


def create_database(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    # Fixed arguments; the PostgreSQL client tools come from PATH.
    subprocess.run(  # noqa: S603
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],  # noqa: S607
        capture_output=True,
        check=False,
    )


def seed(n: int) -> tuple[Any, dt.date]:
    """The running campaign of today with `n` participants (made once, reused)."""
    from _engines import bench_regency
    from django.utils import timezone

    from cegah.campaigns import actions
    from cegah.campaigns.models import Campaign, Participant, ScheduleDay, ScheduleItem, Status
    from cegah.library.models import Kind, LibraryItem

    regency, units = bench_regency(DAY_CODE)
    today = timezone.localdate(timezone.now(), ZoneInfo("Asia/Jakarta"))
    campaign = Campaign.objects.filter(organiser=regency).first()
    if campaign is None:
        campaign, _ = actions.create_campaign(
            actor=None,
            organiser=regency,
            targets=units,
            title="Bench",
            starts_on=today,
            ends_on=today,
            reminder_time=dt.time(0, 0),
        )
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Status.RUNNING,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
        reminder_time=dt.time(0, 0),
        reminder_channels=["whatsapp"],
    )
    campaign.refresh_from_db()
    if not ScheduleDay.objects.filter(campaign=campaign, day=today).exists():
        item = LibraryItem.objects.create(
            kind=Kind.CAPTION, title="Bench", caption="Tolak gratifikasi", owner_agency=regency
        )
        entry = ScheduleDay.objects.create(campaign=campaign, day=today, caption="Tolak!")
        ScheduleItem.objects.create(day=entry, item=item)
    have = Participant.objects.filter(campaign=campaign).count()
    if have != n:
        from django.db import connection

        print(f"seeding {n} participants (had {have})", flush=True)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # The bench database holds nothing else: drop every participant (and what
            # hangs on them) at once instead of a million cascading deletes.
            cursor.execute("TRUNCATE campaigns_participant CASCADE")
        batch = 10_000
        for first in range(0, n, batch):
            Participant.objects.bulk_create(
                [
                    Participant(
                        campaign=campaign,
                        agency=units[i % 30],
                        name=f"Peserta {i}",
                        nip=f"{199001012015011000 + i}",
                        phone=f"+62812{i:08d}",
                        code=f"q{i:09d}",
                    )
                    for i in range(first, min(first + batch, n))
                ]
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE campaigns_participant")
        print(f"seeded in {time.perf_counter() - start:.0f} s", flush=True)
    return campaign, today


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE campaigns_reminder, messaging_outboxmessage, "
            "django_tasks_database_dbtaskresult"
        )


def start_worker(queue: str, env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    if queue == "db":
        command = ["db_worker", "--no-startup-delay", "--interval", "0.2", "--worker-id", name]
    else:
        command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    log = (ROOT / "var" / "bench" / f"queue-{name}.log").open("wb")
    return subprocess.Popen(  # noqa: S603 -- manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def descendants(pid: int) -> list[int]:
    """The process's children and theirs (RQ runs each job in a forked work horse in a
    session of its own, which a kill of the worker's process group would miss)."""
    found = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    for child in map(int, children):
        found += [child, *descendants(child)]
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process and its finished children (Linux
    /proc), 0 when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, and the same of waited-for children (RQ forks a work horse per job).
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def database_cpu(seen: dict[int, float]) -> None:
    """Note the CPU seconds of each PostgreSQL backend serving the bench database (a local
    server only; this process's own backend too: the planner's inserts, and the polling)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        for (pid,) in cursor.fetchall():
            seen[pid] = max(seen.get(pid, 0.0), cpu_seconds(pid))


def status_counts(campaign: Any, day: dt.date) -> dict[str, int]:
    from django.db.models import Count

    from cegah.campaigns.models import Reminder

    rows = Reminder.objects.filter(campaign=campaign, day=day).values_list("status")
    return dict(rows.annotate(n=Count("id")).values_list("status", "n"))


def verify(campaign: Any, day: dt.date) -> dict[str, int]:
    """Outbox messages per participant: how many got none, how many more than one."""
    from django.db import connection

    prefix = "campaign-reminder:"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT key) FROM messaging_outboxmessage WHERE key LIKE %s",
            [f"{prefix}%"],
        )
        total, distinct = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM campaigns_participant p WHERE p.campaign_id = %s "
            "AND NOT EXISTS (SELECT 1 FROM messaging_outboxmessage o "
            "WHERE o.key = %s || p.id || ':' || %s)",
            [campaign.pk, prefix, day.isoformat()],
        )
        (missing,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM campaigns_reminder WHERE campaign_id = %s AND day = %s "
            "AND attempts > 1",
            [campaign.pk, day],
        )
        (retaken,) = cursor.fetchone()
    return {
        "messages": total,
        "duplicates": total - distinct,
        "missing": missing,
        "retaken": retaken,
    }


def run(args: argparse.Namespace, queue: str) -> tuple[bool, str]:
    from django.conf import settings

    from cegah.campaigns import reminders

    campaign, day = seed(args.participants)
    reset()
    if queue == "rq":
        import django_rq

        django_rq.get_connection("default").flushdb()
    env = environment(args, queue)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    workers = {
        f"w{i + 1}": start_worker(queue, env, f"{queue}-w{i + 1}") for i in range(args.workers)
    }
    time.sleep(3)  # the workers load Django
    n = args.participants
    start = time.perf_counter()
    planned = reminders.plan_reminders()
    plan_s = time.perf_counter() - start
    print(f"{queue}: planned {planned} in {plan_s:.1f} s", flush=True)
    killed_at = None
    worker_cpu = 0.0
    backends: dict[int, float] = {}
    last_recovery = time.perf_counter()
    counts: dict[str, int] = {}
    timeout = requeue_after(args) + max(10 * goal_seconds(n), 600)
    while True:
        time.sleep(0.5)
        counts = status_counts(campaign, day)
        database_cpu(backends)
        done = counts.get("sent", 0) + counts.get("skipped", 0) + counts.get("failed", 0)
        now = time.perf_counter()
        # Killed mid-job: once half is sent and both workers hold claimed rows (a kill
        # between two jobs would prove nothing).
        busy = counts.get("sending", 0) >= min(2 * args.chunk, n - counts.get("sent", 0))
        if killed_at is None and not args.no_kill and counts.get("sent", 0) >= n // 2 and busy:
            victim = workers.pop("w1")
            worker_cpu += cpu_seconds(victim.pid)
            for pid in [victim.pid, *descendants(victim.pid)]:
                os.kill(pid, signal.SIGKILL)
            victim.wait()
            killed_at = now - start
            workers["w3"] = start_worker(queue, env, f"{queue}-w3")
            print(
                f"{queue}: killed worker 1 (pid {victim.pid}) at {killed_at:.1f} s, "
                f"{counts.get('sent', 0)} sent; started a replacement",
                flush=True,
            )
        if killed_at is not None and now - last_recovery >= args.lease / 2:
            # What the periodic planner does every 5 minutes in production.
            reminders.requeue_retries(campaign, day, chunk=settings.CAMPAIGN_REMINDER_CHUNK)
            last_recovery = now
        if done >= planned:
            break
        if now - start > timeout:
            print(f"{queue}: gave up after {now - start:.0f} s: {counts}", flush=True)
            break
    elapsed = time.perf_counter() - start
    worker_cpu += sum(cpu_seconds(w.pid) for w in workers.values())
    database_cpu(backends)
    planner_cpu = time.process_time()
    for worker in workers.values():
        worker.send_signal(signal.SIGTERM)
    for worker in workers.values():
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    check = verify(campaign, day)
    goal = goal_seconds(n)
    once = check["duplicates"] == 0 and check["missing"] == 0 and planned == n
    ok = once and elapsed <= goal
    rate = counts.get("sent", 0) / elapsed if elapsed else 0.0
    projected = elapsed * 1_000_000 / n
    summary = (
        f"{'PASS' if ok else 'FAIL'} queue={queue} participants={n} chunk={args.chunk} "
        f"workers={args.workers} elapsed={elapsed:.1f}s plan={plan_s:.1f}s rate={rate:.0f}/s "
        f"projected_1M={projected:.0f}s goal={goal:.0f}s killed_at="
        f"{'none' if killed_at is None else f'{killed_at:.1f}s'} messages={check['messages']} "
        f"duplicates={check['duplicates']} missing={check['missing']} "
        f"retaken={check['retaken']} worker_cpu={worker_cpu:.0f}s "
        f"bench_cpu={planner_cpu:.0f}s db_cpu={sum(backends.values()):.0f}s statuses={counts} "
        f"load={os.getloadavg()[0]:.1f}/{os.cpu_count()}cpu"
    )
    return ok, summary


def main() -> int:
    args = parse()
    queues = ["db", "rq"] if args.queue == "both" else [args.queue]
    create_database(args.database_url)
    results = []
    for queue in queues:
        # Each queue runs in a child of its own: the settings read the queue from the env.
        if os.environ.get("BENCH_QUEUE_CHILD") != queue:
            env = environment(args, queue)
            env["BENCH_QUEUE_CHILD"] = queue
            out = subprocess.run(  # noqa: S603 -- this script with its own arguments
                [sys.executable, __file__, *sys.argv[1:], "--queue", queue],
                env=env,
                cwd=ROOT,
                check=False,
            )
            results.append(out.returncode)
            continue
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        ok, summary = run(args, queue)
        print(summary, flush=True)
        return 0 if ok else 1
    return 1 if any(results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
