"""Reminders on each campaign day to participants who have not confirmed yet.

`plan_reminders()` runs every few minutes (`tasks.plan_campaign_reminders`). For each running
campaign with a reminder time that has passed today (the organiser's local time) and
material scheduled today, it claims one `Reminder` row per participant who has not
confirmed today and has an address on one of the campaign's reminder channels — inserted
with ON CONFLICT DO NOTHING on the unique (participant, day), so a second run claims
nothing — and queues the claimed participants in chunks of `CAMPAIGN_REMINDER_CHUNK` as
background jobs (`tasks.send_campaign_reminders`).

Each job sends its chunk at the channel's rate (`MESSAGING_RATES`), moving each row from
planned to sending with a conditional UPDATE first, so a job that runs twice sends nothing
twice; participants who confirmed in the meantime (or turned reminders off) are skipped.

A participant's own choice (`Participant.reminder_channel`) comes first when the campaign
offers that channel and the participant has an address on it; "none" means no reminders.

A transient failure (network, timeout, HTTP 429/5xx: `DeliveryError.transient`) puts the row
back to planned with `next_attempt_at` after a growing pause (`RETRY_DELAYS`), on the same day
only; the planner queues rows whose time has come. A permanent failure, the last try, or a
retry that would fall on the next day marks the row failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
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
    from cegah.campaigns.tasks import send_campaign_reminders

    if not ScheduleDay.objects.filter(campaign=campaign, day=day).exists():
        return 0
    order = _channels(campaign)
    reachable = Q()
    for name in order:
        reachable |= ~Q(**{ADDRESS_FIELD[name]: ""})
    # Who is done (confirmed, or already claimed) comes as two sets, not as anti-joins in
    # the query: on PostgreSQL a freshly imported campaign has no statistics yet, and the
    # planner then picks a nested-loop anti-join (100,000 participants: 30 s instead of 3).
    in_campaign = Q(participant__campaign=campaign, day=day)
    done = set(Share.objects.filter(in_campaign).values_list("participant_id", flat=True))
    done.update(
        Reminder.objects.filter(campaign=campaign, day=day).values_list("participant_id", flat=True)
    )
    candidates = (
        Participant.objects.filter(campaign=campaign)
        .filter(reachable)
        .exclude(reminder_channel=ReminderPreference.NONE)
        .values_list("pk", "reminder_channel", *(ADDRESS_FIELD[name] for name in order))
        .order_by("pk")
    )
    rows: list[Reminder] = []
    for pk, preference, *addresses in candidates.iterator(chunk_size=5000):
        if pk in done:
            continue
        by_channel = dict(zip(order, addresses, strict=True))
        channel = choose_channel(order, preference, by_channel)
        if channel is not None:
            rows.append(
                Reminder(
                    participant_id=pk,
                    campaign_id=campaign.pk,
                    day=day,
                    channel=channel,
                    recipient=by_channel[channel],
                )
            )
    size = chunk or settings.CAMPAIGN_REMINDER_CHUNK
    requeued = requeue_retries(campaign, day, chunk=size, now=now)
    if not rows:
        return requeued
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        # A planner running at the same moment may have inserted some of the same rows
        # (ignored here) and queue them too: the send job claims each row again with a
        # conditional UPDATE before sending, so such an overlap still sends once.
        ids = [r.participant_id for r in rows]
        for part in _chunks(ids, size):
            send_campaign_reminders.enqueue(
                campaign_id=campaign.pk, day=day.isoformat(), participant_ids=part
            )
    logger.info("Campaign %s: %d reminders planned for %s", campaign.pk, len(rows), day)
    return len(rows) + requeued


def requeue_retries(
    campaign: Campaign, day: dt.date, *, chunk: int, now: dt.datetime | None = None
) -> int:
    """Queue again the campaign's reminders of `day` whose retry time has come; a retry left
    over from an earlier day is given up. Returns how many were queued."""
    from cegah.campaigns.tasks import send_campaign_reminders

    now = now or timezone.now()
    # Few rows ever wait for a retry: the partial index on next_attempt_at finds them.
    in_campaign = Reminder.objects.filter(
        campaign=campaign, status=ReminderStatus.PLANNED, next_attempt_at__isnull=False
    )
    in_campaign.filter(day__lt=day).update(status=ReminderStatus.FAILED, next_attempt_at=None)
    due = in_campaign.filter(day=day, next_attempt_at__lte=now)
    ids = list(due.values_list("participant_id", flat=True).order_by("participant_id"))
    if not ids:
        return 0
    with transaction.atomic():
        # Cleared so the next planner run does not queue them again; a planner running at the
        # same moment may still queue some twice, and the send job's claim sends them once.
        due.update(next_attempt_at=None)
        for part in _chunks(ids, chunk):
            send_campaign_reminders.enqueue(
                campaign_id=campaign.pk, day=day.isoformat(), participant_ids=part
            )
    logger.info("Campaign %s: %d reminders queued again for %s", campaign.pk, len(ids), day)
    return len(ids)


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


def reminder_text(participant: Participant, entry: ScheduleDay) -> str:
    """The reminder, in Indonesian: the day's materials by title, the personal page and the
    caption's short link."""
    with translation.override("id"):
        page = settings.SITE_URL + reverse(
            "campaigns:personal", args=[access.personal_token(participant)]
        )
        short = settings.SITE_URL + reverse("short:follow", args=[participant.code])
        return _(
            "Hello {name}, today's material for “{campaign}” is ready ({materials}) but you "
            "have not confirmed sharing it yet.\n\nOpen your page, share it and tap "
            "“I have shared it”: {page}\n\nLink for your caption: {short}"
        ).format(
            name=participant.name,
            campaign=participant.campaign.title,
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


def send_chunk(
    campaign_id: int,
    day: dt.date,
    participant_ids: list[int],
    *,
    sleep: Callable[[float], None] | None = None,
) -> dict[str, int]:
    """Send the planned reminders of these participants, at each channel's rate."""
    counts = {"sent": 0, "skipped": 0, "failed": 0, "retrying": 0}
    entry = (
        ScheduleDay.objects.filter(campaign_id=campaign_id, day=day)
        .select_related("campaign")
        .with_items()
        .first()
    )
    # A row waiting for its retry time is not this job's to send.
    ready = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    reminders = (
        Reminder.objects.filter(
            ready, participant_id__in=participant_ids, day=day, status=ReminderStatus.PLANNED
        )
        .select_related("participant", "participant__campaign", "participant__campaign__organiser")
        .order_by("participant_id")
    )
    confirmed = set(
        Share.objects.filter(participant_id__in=participant_ids, day=day).values_list(
            "participant_id", flat=True
        )
    )
    for reminder in reminders:
        # Claim: only the run that moves the row out of "planned" sends it.
        claimed = Reminder.objects.filter(ready, pk=reminder.pk, status=ReminderStatus.PLANNED)
        participant = reminder.participant
        campaign = participant.campaign
        if (
            entry is None
            or reminder.participant_id in confirmed
            or campaign.status != Status.RUNNING
            or participant.reminder_channel == ReminderPreference.NONE
        ):
            counts["skipped"] += claimed.update(status=ReminderStatus.SKIPPED)
            continue
        attempts = reminder.attempts + 1
        if not claimed.update(
            status=ReminderStatus.SENDING, attempts=attempts, next_attempt_at=None
        ):
            continue
        wait_turn(reminder.channel, **({"sleep": sleep} if sleep else {}))
        try:
            channels.send(
                reminder.channel,
                reminder.recipient,
                reminder_text(participant, entry),
                key=f"campaign-reminder:{reminder.participant_id}:{day.isoformat()}",
                subject=reminder_subject(campaign),
            )
        except channels.DeliveryError as exc:
            again = retry_at(campaign, day, attempts) if exc.transient else None
            logger.warning(
                "Reminder %s failed (try %d%s): %s",
                reminder.pk,
                attempts,
                ", retrying" if again else "",
                exc,
            )
            Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.SENDING).update(
                status=ReminderStatus.PLANNED if again else ReminderStatus.FAILED,
                next_attempt_at=again,
                error=str(exc)[:500],
            )
            counts["retrying" if again else "failed"] += 1
            continue
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.SENT, sent_at=timezone.now(), error=""
        )
        counts["sent"] += 1
    return counts
