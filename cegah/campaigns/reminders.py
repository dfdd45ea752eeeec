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
twice; participants who confirmed in the meantime are skipped.
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


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plan_for_campaign(campaign: Campaign, day: dt.date, *, chunk: int | None = None) -> int:
    """Claim today's reminders of one campaign and queue them in chunks; returns how many."""
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
    done.update(Reminder.objects.filter(in_campaign).values_list("participant_id", flat=True))
    candidates = (
        Participant.objects.filter(campaign=campaign)
        .filter(reachable)
        .values_list("pk", *(ADDRESS_FIELD[name] for name in order))
        .order_by("pk")
    )
    rows: list[Reminder] = []
    for pk, *addresses in candidates.iterator(chunk_size=5000):
        if pk in done:
            continue
        for name, address in zip(order, addresses, strict=True):
            if address:
                rows.append(Reminder(participant_id=pk, day=day, channel=name, recipient=address))
                break
    if not rows:
        return 0
    size = chunk or settings.CAMPAIGN_REMINDER_CHUNK
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
    return len(rows)


def plan_reminders(now: dt.datetime | None = None, *, chunk: int | None = None) -> int:
    """Plan the reminders of every running campaign whose reminder time has passed today."""
    planned = 0
    for campaign in Campaign.objects.filter(
        status=Status.RUNNING, reminder_time__isnull=False
    ).select_related("organiser"):
        day = due_day(campaign, now)
        if day is not None:
            planned += plan_for_campaign(campaign, day, chunk=chunk)
    return planned


def reminder_text(participant: Participant, entry: ScheduleDay) -> str:
    """The reminder, in Indonesian: the personal page and the caption's short link."""
    with translation.override("id"):
        page = settings.SITE_URL + reverse(
            "campaigns:personal", args=[access.personal_token(participant)]
        )
        short = settings.SITE_URL + reverse("short:follow", args=[participant.code])
        return _(
            "Hello {name}, today's material for “{campaign}” is ready but you have not "
            "confirmed sharing it yet.\n\nOpen your page, share it and tap "
            "“I have shared it”: {page}\n\nLink for your caption: {short}"
        ).format(name=participant.name, campaign=participant.campaign.title, page=page, short=short)


def reminder_subject(campaign: Campaign) -> str:
    with translation.override("id"):
        return _("Reminder: {campaign}").format(campaign=campaign.title)


def send_chunk(
    campaign_id: int,
    day: dt.date,
    participant_ids: list[int],
    *,
    sleep: Callable[[float], None] | None = None,
) -> dict[str, int]:
    """Send the planned reminders of these participants, at each channel's rate."""
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    entry = (
        ScheduleDay.objects.filter(campaign_id=campaign_id, day=day)
        .select_related("campaign")
        .first()
    )
    reminders = (
        Reminder.objects.filter(
            participant_id__in=participant_ids, day=day, status=ReminderStatus.PLANNED
        )
        .select_related("participant", "participant__campaign")
        .order_by("participant_id")
    )
    confirmed = set(
        Share.objects.filter(participant_id__in=participant_ids, day=day).values_list(
            "participant_id", flat=True
        )
    )
    for reminder in reminders:
        # Claim: only the run that moves the row out of "planned" sends it.
        claimed = Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.PLANNED)
        campaign = reminder.participant.campaign
        if (
            entry is None
            or reminder.participant_id in confirmed
            or campaign.status != Status.RUNNING
        ):
            counts["skipped"] += claimed.update(status=ReminderStatus.SKIPPED)
            continue
        if not claimed.update(status=ReminderStatus.SENDING):
            continue
        wait_turn(reminder.channel, **({"sleep": sleep} if sleep else {}))
        try:
            channels.send(
                reminder.channel,
                reminder.recipient,
                reminder_text(reminder.participant, entry),
                key=f"campaign-reminder:{reminder.participant_id}:{day.isoformat()}",
                subject=reminder_subject(campaign),
            )
        except channels.DeliveryError as exc:
            logger.warning("Reminder %s failed: %s", reminder.pk, exc)
            Reminder.objects.filter(pk=reminder.pk).update(
                status=ReminderStatus.FAILED, error=str(exc)[:500]
            )
            counts["failed"] += 1
            continue
        Reminder.objects.filter(pk=reminder.pk).update(
            status=ReminderStatus.SENT, sent_at=timezone.now()
        )
        counts["sent"] += 1
    return counts
