"""Reminders on each campaign day to participants who have not confirmed yet.

`plan_reminders()` runs every few minutes (`tasks.plan_campaign_reminders`). For each running
campaign with a reminder time that has passed today (the organiser's local time) and
material scheduled today, it claims one `Reminder` row per participant who has not
confirmed today and has an address on one of the campaign's reminder channels — inserted
with ON CONFLICT DO NOTHING on the unique (participant, day), so a second run claims
nothing — and queues the claimed participants in chunks of `CAMPAIGN_REMINDER_CHUNK` as
background jobs (`tasks.send_campaign_reminders`). Each chunk is one INSERT … SELECT whose
rows commit together with their job, so workers start sending while a large campaign is
still being planned, and a planner that stops halfway leaves the rest to its next run. The
planner reads no address (phone numbers are encrypted at rest): the job reads the
participant's current address when sending and records it on the row once sent.

Each job first claims its chunk in one statement: planned rows (and rows whose lease has run
out, see below) move to "sending" with `next_attempt_at` set to the end of a lease
(`CAMPAIGN_REMINDER_LEASE`), locked with SKIP LOCKED so two jobs never take the same row.
Participants who confirmed in the meantime (or turned reminders off) are skipped. The job
then sends at the channel's rate (`MESSAGING_RATES`), in groups: a group is taken only if
its rows are still "sending" with this job's lease (the lease end is the job's token), and
marked sent in the same transaction as the sending. For the outbox sink the messages are rows
of that transaction too, so a worker killed mid-group leaves neither message nor "sent"; for
a real provider a group is one message, so a killed worker can repeat at most the one in
flight. A job that runs long extends its lease as it goes.

A worker that dies leaves its rows "sending" with a lease that runs out: the planner's next
run queues them again (`requeue_retries`) and the new job claims them. A try cut short this
way counts as a try. A worker that dies after taking a job but before its claim committed
leaves the rows queued and unclaimed: after `CAMPAIGN_REMINDER_REQUEUE_AFTER` the planner
queues them again too (a job too many finds nothing to claim). Rows of an earlier day still
queued or claimed are marked failed: reminders are not sent a day late.

A participant's own choice (`Participant.reminder_channel`) comes first when the campaign
offers that channel and the participant has an address on it; "none" means no reminders.

A transient failure (network, timeout, HTTP 429/5xx: `DeliveryError.transient`) puts the row
back to planned with `next_attempt_at` after a growing pause (`RETRY_DELAYS`), on the same day
only; the planner queues rows whose time has come. A permanent failure, the last try, or a
retry that would fall on the next day marks the row failed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import Counter
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cegah.campaigns import access
from cegah.campaigns.models import (
    Campaign,
    Participant,
    Reminder,
    ReminderPreference,
    ReminderStatus,
    ScheduleDay,
    Share,
    Status,
)
from cegah.messaging import channels
from cegah.messaging.throttle import wait_turn

logger = logging.getLogger(__name__)

# Which participant field holds the address for each channel.
ADDRESS_FIELD = {"whatsapp": "phone", "telegram": "telegram_chat_id", "email": "email"}
# The pause before each retry of a transient failure; one first try plus these.
RETRY_DELAYS = (dt.timedelta(minutes=5), dt.timedelta(minutes=15), dt.timedelta(minutes=45))
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS)
# The error kept on a row still queued, or claimed by a worker that stopped, when its day
# is over: reminders are not sent on a later day.
NOT_SENT_IN_TIME = "Not sent on its day (the job or its worker stopped); not sent later."

# Sent addresses are written encrypted, as the field stores them (decision 0022).
RECIPIENT = Reminder._meta.get_field("recipient")


def due_day(campaign: Campaign, now: dt.datetime | None = None) -> dt.date | None:
    """Today (organiser's time) when the campaign's reminder for today is due, else None."""
    if campaign.status != Status.RUNNING or campaign.reminder_time is None:
        return None
    local = timezone.localtime(now or timezone.now(), campaign.zone)
    today = local.date()
    if not campaign.starts_on <= today <= campaign.ends_on:
        return None
    if local.time() < campaign.reminder_time:
        return None
    return today


def _channels(campaign: Campaign) -> list[str]:
    return [c for c in campaign.reminder_channels if c in ADDRESS_FIELD] or ["email"]


def available_channels(campaign: Campaign, participant: Participant) -> list[str]:
    """The campaign's reminder channels the participant has an address on, in its order."""
    return [c for c in _channels(campaign) if getattr(participant, ADDRESS_FIELD[c])]


def choose_channel(order: list[str], preference: str, addresses: dict[str, str]) -> str | None:
    """The channel one participant is reminded on: their own choice when the campaign offers
    it and they have an address there, else the first of the campaign's order they can be
    reached on; None for nobody (no address, or reminders turned off)."""
    if preference == ReminderPreference.NONE:
        return None
    if preference in order and addresses.get(preference):
        return preference
    return next((name for name in order if addresses.get(name)), None)


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plan_for_campaign(
    campaign: Campaign,
    day: dt.date,
    *,
    chunk: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Claim today's reminders of one campaign and queue them in chunks, with the retries
    whose time has come; returns how many were queued."""
    if not ScheduleDay.objects.filter(campaign=campaign, day=day).exists():
        return 0
    size = chunk or settings.CAMPAIGN_REMINDER_CHUNK
    requeued = requeue_retries(campaign, day, chunk=size, now=now)
    # Who is done (confirmed, or already has today's row) comes as two sets of ids, not as
    # anti-joins over the whole campaign: on PostgreSQL a freshly imported campaign has no
    # statistics yet and the planner may pick a nested-loop anti-join; and a rerun every five
    # minutes then reads ids only. Each chunk of the others is one INSERT … SELECT and one
    # job. No address is read (nor decrypted) here: the send job reads it from the
    # participant, so the reminder row keeps no copy of it.
    done = set(
        Share.objects.filter(participant__campaign=campaign, day=day).values_list(
            "participant_id", flat=True
        )
    )
    done.update(
        Reminder.objects.filter(campaign=campaign, day=day).values_list("participant_id", flat=True)
    )
    ids = [
        pk
        for pk in Participant.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=10_000)
        if pk not in done
    ]
    planned = 0
    for part in _chunks(ids, size):
        planned += _plan_chunk(campaign, day, part)
    if planned:
        logger.info("Campaign %s: %d reminders planned for %s", campaign.pk, planned, day)
    return planned + requeued


def _has_address(channel: str) -> Q:
    # An empty address is stored empty, also in encrypted columns.
    return ~Q(**{ADDRESS_FIELD[channel]: ""})


def _plan_chunk(campaign: Campaign, day: dt.date, ids: list[int]) -> int:
    """Insert the reminder rows of these participants who need one (not confirmed today,
    reachable, not already reminded: ON CONFLICT DO NOTHING on the unique participant + day)
    and queue their job, in one transaction; returns how many."""
    order = _channels(campaign)
    # choose_channel() in SQL: the participant's own choice when offered and reachable
    # there, else the first channel of the campaign's order they can be reached on.
    choice = [
        When(Q(reminder_channel=name) & _has_address(name), then=Value(name)) for name in order
    ]
    fallback = [When(_has_address(name), then=Value(name)) for name in order]
    now = timezone.now()
    # A queued row that no job has claimed by then lost its job (a worker died before the
    # claim committed): the planner then queues it again.
    lost_after = now + dt.timedelta(seconds=settings.CAMPAIGN_REMINDER_REQUEUE_AFTER)
    rows = (
        Participant.objects.filter(campaign=campaign, pk__in=ids)
        .exclude(reminder_channel=ReminderPreference.NONE)
        .exclude(Exists(Share.objects.filter(participant=OuterRef("pk"), day=day)))
        .annotate(reminder_by=Case(*choice, *fallback, output_field=CharField()))
        .filter(reminder_by__isnull=False)
        .order_by()
        .values_list(
            "pk",
            Value(campaign.pk, output_field=IntegerField()),
            Value(day, output_field=DateField()),
            "reminder_by",
            Value("", output_field=CharField()),
            Value(ReminderStatus.PLANNED.value, output_field=CharField()),
            Value("", output_field=CharField()),
            Value(0, output_field=IntegerField()),
            Value(lost_after, output_field=DateTimeField()),
            Value(now, output_field=DateTimeField()),
        )
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(Reminder._meta.db_table)
    fields = {f.name: str(f.column) for f in Reminder._meta.concrete_fields}
    columns = ", ".join(
        connection.ops.quote_name(fields[name])
        for name in (
            "participant",
            "campaign",
            "day",
            "channel",
            "recipient",
            "status",
            "error",
            "attempts",
            "next_attempt_at",
            "created_at",
        )
    )
    participant = connection.ops.quote_name(fields["participant"])
    with transaction.atomic(), connection.cursor() as cursor:
        # A planner running at the same moment inserts each row once: the other's conflict
        # is ignored and it does not queue that participant.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select} "
            f"ON CONFLICT DO NOTHING RETURNING {participant}",
            params,
        )
        planned = sorted(pk for (pk,) in cursor.fetchall())
        if planned:
            _enqueue(campaign, day, planned)
    return len(planned)


def _enqueue(campaign: Campaign, day: dt.date, participant_ids: list[int]) -> None:
    """Queue one send job. django-tasks-db writes it in the caller's transaction, so the rows
    and their job commit together; Redis (TASKS_QUEUE=rq) gets it once the transaction has
    committed, or a worker could look for the rows before they exist."""
    from cegah.campaigns.tasks import send_campaign_reminders

    def enqueue() -> None:
        send_campaign_reminders.enqueue(
            campaign_id=campaign.pk, day=day.isoformat(), participant_ids=participant_ids
        )

    if settings.TASKS_QUEUE == "rq":
        transaction.on_commit(enqueue)
    else:
        enqueue()


def requeue_retries(
    campaign: Campaign, day: dt.date, *, chunk: int, now: dt.datetime | None = None
) -> int:
    """Queue again the campaign's reminders of `day` whose retry time has come, those whose
    job was lost before it claimed them, and those a job claimed but whose lease ran out (its
    worker died); the same left over from an earlier day are given up. Returns how many were
    queued."""
    now = now or timezone.now()
    # The partial index on next_attempt_at finds them: it holds the rows still queued or
    # waiting for a retry, and those claimed by a job at work.
    waiting = Reminder.objects.filter(
        campaign=campaign,
        status__in=[ReminderStatus.PLANNED, ReminderStatus.SENDING],
        next_attempt_at__isnull=False,
    )
    earlier = waiting.filter(day__lt=day)
    # A retry keeps its provider's error; a row no job got to says so.
    earlier.filter(status=ReminderStatus.PLANNED, attempts__gt=0).update(
        status=ReminderStatus.FAILED, next_attempt_at=None
    )
    earlier.update(status=ReminderStatus.FAILED, next_attempt_at=None, error=NOT_SENT_IN_TIME)
    planned = waiting.filter(day=day, status=ReminderStatus.PLANNED, next_attempt_at__lte=now)
    retries = planned.filter(attempts__gt=0)
    lost = planned.filter(attempts=0)
    ids = sorted(retries.values_list("participant_id", flat=True))
    # Rows of a dead worker's job are left "sending": the new job claims them because their
    # lease has run out, and until one does, every planner run queues them again (a job too
    # many finds nothing to claim).
    orphans = sorted(
        [
            *lost.values_list("participant_id", flat=True),
            *waiting.filter(
                day=day, status=ReminderStatus.SENDING, next_attempt_at__lte=now
            ).values_list("participant_id", flat=True),
        ]
    )
    if not ids and not orphans:
        return 0
    with transaction.atomic():
        # Cleared so the next planner run does not queue them again; a planner running at the
        # same moment may still queue some twice, and the send job's claim sends them once.
        retries.update(next_attempt_at=None)
        lost.update(
            next_attempt_at=now + dt.timedelta(seconds=settings.CAMPAIGN_REMINDER_REQUEUE_AFTER)
        )
        for part in [*_chunks(ids, chunk), *_chunks(orphans, chunk)]:
            _enqueue(campaign, day, part)
    if orphans:
        logger.warning(
            "Campaign %s: %d reminders of lost jobs or stopped workers queued again for %s",
            campaign.pk,
            len(orphans),
            day,
        )
    if ids:
        logger.info("Campaign %s: %d reminders queued again for %s", campaign.pk, len(ids), day)
    return len(ids) + len(orphans)


def plan_reminders(now: dt.datetime | None = None, *, chunk: int | None = None) -> int:
    """Plan the reminders of every running campaign whose reminder time has passed today."""
    planned = 0
    for campaign in Campaign.objects.filter(
        status=Status.RUNNING, reminder_time__isnull=False
    ).select_related("organiser"):
        day = due_day(campaign, now)
        if day is not None:
            planned += plan_for_campaign(campaign, day, chunk=chunk, now=now)
    return planned


# Stands for the token and the code in the two links, reversed once instead of per message.
_SLOT = "REMINDERSLOT"


@functools.lru_cache(maxsize=16)
def _links(site_url: str, urlconf: str | None) -> tuple[str, str]:
    with translation.override("id"):
        return (
            site_url + reverse("campaigns:personal", args=[_SLOT], urlconf=urlconf),
            site_url + reverse("short:follow", args=[_SLOT], urlconf=urlconf),
        )


def reminder_text(participant: Participant, entry: ScheduleDay) -> str:
    """The reminder, in Indonesian: the day's materials by title, the personal page and the
    caption's short link."""
    page, short = _links(settings.SITE_URL, get_urlconf())
    page = page.replace(_SLOT, access.personal_token(participant))
    short = short.replace(_SLOT, participant.code)
    with translation.override("id"):
        return _(
            "Hello {name}, today's material for “{campaign}” is ready ({materials}) but you "
            "have not confirmed sharing it yet.\n\nOpen your page, share it and tap "
            "“I have shared it”: {page}\n\nLink for your caption: {short}"
        ).format(
            name=participant.name,
            campaign=entry.campaign.title,
            materials=entry.titles(),
            page=page,
            short=short,
        )


def reminder_subject(campaign: Campaign) -> str:
    with translation.override("id"):
        return _("Reminder: {campaign}").format(campaign=campaign.title)


def retry_at(campaign: Campaign, day: dt.date, attempts: int) -> dt.datetime | None:
    """When to try again after `attempts` tries ended in a transient failure: after the
    growing pause, unless that is the last try or falls after the campaign day (organiser's
    time); None then."""
    if attempts >= MAX_ATTEMPTS:
        return None
    when = timezone.now() + RETRY_DELAYS[attempts - 1]
    end_of_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), campaign.zone)
    return when if when < end_of_day else None


def address(reminder: Reminder) -> str:
    """Where the reminder goes: the participant's current address on its channel (read when
    sending, so a corrected number is used and the row keeps no copy)."""
    field = ADDRESS_FIELD.get(reminder.channel)
    return str(getattr(reminder.participant, field)) if field else ""


def _claimable(now: dt.datetime) -> Q:
    """Rows a send job may take: planned and queued (never tried), or planned for a retry
    whose time has come, or claimed by a job whose lease has run out."""
    planned = Q(status=ReminderStatus.PLANNED) & (
        Q(attempts=0) | Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return planned | Q(status=ReminderStatus.SENDING, next_attempt_at__lte=now)


def _claim(
    entry: ScheduleDay | None,
    day: dt.date,
    participant_ids: list[int],
    until: dt.datetime,
) -> tuple[list[Reminder], int]:
    """Claim the chunk's sendable rows until `until` (the lease) and skip those who need no
    reminder any more; returns the claimed rows and how many were skipped."""
    # One short statement: a worker killed before it commits leaves its rows queued (the
    # planner queues them again after CAMPAIGN_REMINDER_REQUEUE_AFTER), one killed after
    # leaves them claimed (queued again when the lease runs out). SKIP LOCKED: a row another
    # job is claiming right now is that job's.
    free = (
        Reminder.objects.filter(
            _claimable(timezone.now()), participant_id__in=participant_ids, day=day
        )
        .select_for_update(skip_locked=True)
        .values("pk")
    )
    with transaction.atomic():
        taken = Reminder.objects.filter(pk__in=Subquery(free)).update(
            status=ReminderStatus.SENDING, attempts=F("attempts") + 1, next_attempt_at=until
        )
    if not taken:
        return [], 0
    rows = list(
        Reminder.objects.filter(
            participant_id__in=participant_ids,
            day=day,
            status=ReminderStatus.SENDING,
            next_attempt_at=until,
        )
        .select_related("participant")
        .order_by("participant_id")
    )
    confirmed = set(
        Share.objects.filter(participant_id__in=participant_ids, day=day).values_list(
            "participant_id", flat=True
        )
    )
    skip = {
        r.pk
        for r in rows
        if entry is None
        or r.participant_id in confirmed
        or entry.campaign.status != Status.RUNNING
        or r.participant.reminder_channel == ReminderPreference.NONE
        or not address(r)
    }
    skipped = 0
    if skip:
        skipped = Reminder.objects.filter(
            pk__in=skip, status=ReminderStatus.SENDING, next_attempt_at=until
        ).update(status=ReminderStatus.SKIPPED, next_attempt_at=None)
    return [r for r in rows if r.pk not in skip], skipped


def _groups(rows: list[Reminder]) -> Iterator[list[Reminder]]:
    """Rows for the sink go together (they are stored in one transaction); a message to a
    real provider is a group of its own, so a worker that dies repeats at most one."""
    batched = {c: channels.in_transaction(c) for c in {r.channel for r in rows}}
    group: list[Reminder] = []
    for r in rows:
        if not batched[r.channel]:
            if group:
                yield group
                group = []
            yield [r]
            continue
        group.append(r)
    if group:
        yield group


def send_chunk(
    campaign_id: int,
    day: dt.date,
    participant_ids: list[int],
    *,
    sleep: Callable[[float], None] | None = None,
) -> dict[str, int]:
    """Send the planned reminders of these participants, at each channel's rate, each at most
    once however often (or however many times at once) the job runs."""
    counts = {"sent": 0, "skipped": 0, "failed": 0, "retrying": 0}
    entry = (
        ScheduleDay.objects.filter(campaign_id=campaign_id, day=day)
        .select_related("campaign", "campaign__organiser")
        .with_items()
        .first()
    )
    lease = dt.timedelta(seconds=settings.CAMPAIGN_REMINDER_LEASE)
    until = timezone.now() + lease
    claimed, counts["skipped"] = _claim(entry, day, participant_ids, until)
    if not claimed or entry is None:
        return counts
    pending = len(claimed)
    for group in _groups(claimed):
        for channel, n in Counter(r.channel for r in group).items():
            wait_turn(channel, **({"sleep": sleep} if sleep else {}), cost=n)
        _send_group(group, entry, day, until, counts)
        pending -= len(group)
        if pending and timezone.now() > until - lease / 2:
            # Still going at half the lease: extend it, or the planner would hand the rest
            # to another job while this one is alive.
            later = timezone.now() + lease
            Reminder.objects.filter(
                pk__in=[r.pk for r in claimed],
                status=ReminderStatus.SENDING,
                next_attempt_at=until,
            ).update(next_attempt_at=later)
            until = later
    return counts


def _send_group(
    group: list[Reminder],
    entry: ScheduleDay,
    day: dt.date,
    until: dt.datetime,
    counts: dict[str, int],
) -> None:
    """Send one group and record it, in one transaction; rows no longer held with this
    job's lease (another job took them over) are left alone."""
    with transaction.atomic(), channels.batch():
        mine = set(
            Reminder.objects.filter(
                pk__in=[r.pk for r in group], status=ReminderStatus.SENDING, next_attempt_at=until
            )
            .select_for_update()
            .values_list("pk", flat=True)
        )
        sent: dict[int, str] = {}  # pk → the address it went to
        for reminder in group:
            if reminder.pk not in mine:
                continue
            participant = reminder.participant
            campaign = entry.campaign
            try:
                channels.send(
                    reminder.channel,
                    address(reminder),
                    reminder_text(participant, entry),
                    key=f"campaign-reminder:{reminder.participant_id}:{day.isoformat()}",
                    subject=reminder_subject(campaign),
                )
            except channels.DeliveryError as exc:
                again = retry_at(campaign, day, reminder.attempts) if exc.transient else None
                logger.warning(
                    "Reminder %s failed (try %d%s): %s",
                    reminder.pk,
                    reminder.attempts,
                    ", retrying" if again else "",
                    exc,
                )
                Reminder.objects.filter(pk=reminder.pk).update(
                    status=ReminderStatus.PLANNED if again else ReminderStatus.FAILED,
                    next_attempt_at=again,
                    error=str(exc)[:500],
                )
                counts["retrying" if again else "failed"] += 1
                continue
            sent[reminder.pk] = address(reminder)
        if sent:
            # The address is recorded once sent (the planner does not copy it), in the same
            # statement that marks the rows sent.
            Reminder.objects.filter(pk__in=sent).update(
                status=ReminderStatus.SENT,
                sent_at=timezone.now(),
                error="",
                next_attempt_at=None,
                recipient=Case(
                    *(
                        When(pk=pk, then=Value(to, output_field=RECIPIENT))
                        for pk, to in sent.items()
                    ),
                    output_field=RECIPIENT,
                ),
            )
        counts["sent"] += len(sent)
