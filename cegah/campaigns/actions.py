"""Use cases that write campaigns: create, schedule, move through the states, join, add and
import participants, confirm shares and count clicks. Each writes its event in the same
transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cegah.accounts.models import Membership, Role
from cegah.campaigns.importing import Report, Row, merge_key
from cegah.campaigns.models import (
    MAX_ITEMS_PER_DAY,
    Campaign,
    CampaignEvent,
    CampaignTarget,
    Channel,
    Click,
    DailySalt,
    EventKind,
    Participant,
    ReminderPreference,
    ScheduleDay,
    ScheduleItem,
    Share,
    Status,
    new_short_code,
)
from cegah.campaigns.reminders import available_channels
from cegah.lib.encryption import blind_index, encrypt
from cegah.lib.errors import ActionRefused

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.agencies.models import Agency
    from cegah.lib.uploads import CleanFile
    from cegah.library.models import LibraryItem

BATCH = 2000


class CampaignError(ActionRefused):
    """A request the campaign's state does not allow; `message` is shown to the person."""


def _event(campaign: Campaign, actor: User | None, kind: EventKind, note: str = "") -> None:
    CampaignEvent.objects.create(campaign=campaign, actor=actor, kind=kind, note=note[:500])


def _set_targets(campaign: Campaign, agencies: Iterable[Agency]) -> None:
    wanted = {a.pk for a in agencies}
    current = set(campaign.target_rows.filter(joined=False).values_list("agency_id", flat=True))
    if campaign.participants.filter(agency_id__in=current - wanted).exists():
        raise CampaignError(_("An agency with participants cannot be removed from the targets."))
    campaign.target_rows.filter(joined=False, agency_id__in=current - wanted).delete()
    CampaignTarget.objects.bulk_create(
        [CampaignTarget(campaign=campaign, agency_id=pk) for pk in wanted - current],
        ignore_conflicts=True,
    )


def _store_circular(campaign: Campaign, circular: CleanFile | None) -> None:
    if circular is not None:
        campaign.circular_pdf.save(f"se-{secrets.token_hex(8)}.pdf", ContentFile(circular.data))


@transaction.atomic
def create_campaign(
    *,
    actor: User | None,
    organiser: Agency,
    targets: Iterable[Agency],
    circular: CleanFile | None = None,
    form_token: str | None = None,
    **fields: Any,
) -> tuple[Campaign, bool]:
    """A new draft campaign; the same form submitted twice (same `form_token`) makes one."""
    if form_token:
        existing = Campaign.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
    campaign = Campaign(organiser=organiser, created_by=actor, form_token=form_token, **fields)
    campaign.full_clean(exclude=["circular_pdf"])
    campaign.save()
    _set_targets(campaign, targets)
    _store_circular(campaign, circular)
    _event(campaign, actor, EventKind.CREATED)
    return campaign, True


@transaction.atomic
def update_campaign(
    *,
    actor: User,
    campaign: Campaign,
    targets: Iterable[Agency],
    circular: CleanFile | None = None,
    **fields: Any,
) -> Campaign:
    """Change a campaign that has not finished."""
    if campaign.status == Status.FINISHED:
        raise CampaignError(_("A finished campaign cannot be changed."))
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["circular_pdf"])
    campaign.save()
    _set_targets(campaign, targets)
    _store_circular(campaign, circular)
    _event(campaign, actor, EventKind.UPDATED)
    return campaign


@transaction.atomic
def set_schedule_day(
    *,
    actor: User | None,
    campaign: Campaign,
    day: dt.date,
    items: Sequence[LibraryItem] = (),
    caption: str,
    item: LibraryItem | None = None,
) -> ScheduleDay:
    """Put one or more library items (in this order) and the caption on a day of the
    campaign, replacing what was there. `item` is the one-item shorthand."""
    chosen = list(dict.fromkeys([*items, *([item] if item is not None else [])]))
    if campaign.status == Status.FINISHED:
        raise CampaignError(_("A finished campaign cannot be changed."))
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise CampaignError(_("The day must be within the campaign's period."))
    if not chosen:
        raise CampaignError(_("Choose at least one material for the day."))
    if len(chosen) > MAX_ITEMS_PER_DAY:
        raise CampaignError(
            _("A day can carry at most %(count)s materials.") % {"count": MAX_ITEMS_PER_DAY}
        )
    if any(not i.is_published for i in chosen):
        raise CampaignError(_("Only published library materials can be scheduled."))
    entry, _created = ScheduleDay.objects.update_or_create(
        campaign=campaign, day=day, defaults={"caption": caption.strip()}
    )
    entry.entries.all().delete()
    ScheduleItem.objects.bulk_create(
        ScheduleItem(day=entry, item=i, position=position) for position, i in enumerate(chosen)
    )
    _event(
        campaign,
        actor,
        EventKind.UPDATED,
        f"schedule {day.isoformat()}: items {', '.join(str(i.pk) for i in chosen)}",
    )
    return entry


@transaction.atomic
def remove_schedule_day(*, actor: User, campaign: Campaign, day: dt.date) -> None:
    if campaign.status == Status.FINISHED:
        raise CampaignError(_("A finished campaign cannot be changed."))
    campaign.schedule.filter(day=day).delete()
    _event(campaign, actor, EventKind.UPDATED, f"schedule {day.isoformat()} removed")


# The only moves between states, and the event each writes.
TRANSITIONS: dict[str, tuple[set[str], str, EventKind]] = {
    "publish": ({Status.DRAFT}, Status.PUBLISHED, EventKind.PUBLISHED),
    "start": ({Status.PUBLISHED}, Status.RUNNING, EventKind.STARTED),
    "finish": ({Status.PUBLISHED, Status.RUNNING}, Status.FINISHED, EventKind.FINISHED),
}


@transaction.atomic
def change_status(*, actor: User | None, campaign: Campaign, transition: str) -> Campaign:
    """Move a campaign draft → published → running → finished; anything else is refused."""
    sources, target, kind = TRANSITIONS[transition]
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in sources:
        raise CampaignError(
            _("A campaign that is “%(status)s” cannot do that.")
            % {"status": campaign.get_status_display()}
        )
    if transition == "publish":
        if not campaign.schedule.exists():
            raise CampaignError(_("Plan at least one day of the schedule before publishing."))
        if not campaign.target_rows.exists():
            raise CampaignError(_("Choose at least one target agency before publishing."))
    campaign.status = target
    campaign.save(update_fields=["status"])
    _event(campaign, actor, kind)
    if transition == "publish":
        _catch_up_with_the_clock(campaign, actor)
    return campaign


def _catch_up_with_the_clock(campaign: Campaign, actor: User | None) -> None:
    """A campaign published on or after its first day runs at once, rather than at the
    clock's next turn (`advance_campaigns`): reminders wait for "running". One published
    after its last day is finished at once, as the clock would."""
    today = campaign.today()
    for due, status, kind, note in (
        (campaign.starts_on <= today, Status.RUNNING, EventKind.STARTED, "on publishing"),
        (campaign.ends_on < today, Status.FINISHED, EventKind.FINISHED, "on publishing"),
    ):
        if due:
            campaign.status = status
            campaign.save(update_fields=["status"])
            _event(campaign, actor, kind, note)


@transaction.atomic
def join_campaign(*, actor: User, campaign: Campaign, agency: Agency) -> Campaign:
    """A regional government joins a national campaign: it becomes a target of the national
    campaign and gets its own draft copy with the schedule, to adjust and publish itself."""
    if not campaign.is_national or campaign.status not in (Status.PUBLISHED, Status.RUNNING):
        raise CampaignError(_("Only a published national campaign can be joined."))
    existing = Campaign.objects.filter(parent=campaign, organiser=agency).first()
    if existing is not None:
        return existing
    CampaignTarget.objects.get_or_create(
        campaign=campaign, agency=agency, defaults={"joined": True}
    )
    copy = Campaign.objects.create(
        organiser=agency,
        parent=campaign,
        title=campaign.title,
        goal=campaign.goal,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        channels=list(campaign.channels),
        groups=list(campaign.groups),
        landing_url=campaign.landing_url,
        created_by=actor,
    )
    for original in campaign.schedule.with_items():
        day = ScheduleDay.objects.create(campaign=copy, day=original.day, caption=original.caption)
        ScheduleItem.objects.bulk_create(
            ScheduleItem(day=day, item_id=e.item_id, position=e.position)
            for e in original.entries.all()
        )
    CampaignTarget.objects.create(campaign=copy, agency=agency)
    _event(copy, actor, EventKind.CREATED, f"copy of campaign {campaign.pk}")
    _event(campaign, actor, EventKind.JOINED, agency.code)
    return copy


def _unique_codes(participants: list[Participant]) -> None:
    """Give any participant whose code is already taken a fresh one (one query a batch)."""
    while True:
        codes = {p.code for p in participants}
        taken = set(Participant.objects.filter(code__in=codes).values_list("code", flat=True))
        if not taken and len(codes) == len(participants):
            return
        seen: set[str] = set()
        for p in participants:
            if p.code in taken or p.code in seen:
                p.code = new_short_code()
            seen.add(p.code)


@transaction.atomic
def add_participants_from_accounts(*, actor: User, campaign: Campaign) -> int:
    """Every civil servant with an account in a target agency (or a unit below one) who is not
    a participant yet; returns how many were added."""
    if campaign.status == Status.FINISHED:
        raise CampaignError(_("A finished campaign cannot be changed."))
    targets = list(campaign.targets.all())
    present = set(campaign.participants.exclude(user=None).values_list("user_id", flat=True))
    present_nips = set(campaign.participants.exclude(nip="").values_list("nip", flat=True))
    by_path = sorted(targets, key=lambda a: -len(a.path))
    if not targets:
        return 0
    under_targets = Q()
    for target in targets:
        under_targets |= Q(agency__path__startswith=target.path)
    memberships = (
        Membership.objects.active()
        .filter(under_targets, role=Role.CIVIL_SERVANT)
        .select_related("user", "agency")
        .order_by("user_id")
    )
    new: dict[int, Participant] = {}
    for m in memberships.iterator(chunk_size=BATCH):
        if m.user_id in present or m.user_id in new or not m.user.is_active:
            continue
        # The nearest target agency at or above the member's agency.
        agency = next((t for t in by_path if m.agency.path.startswith(t.path)), None)
        if agency is None or (m.user.nip and m.user.nip in present_nips):
            continue
        new[m.user_id] = Participant(
            campaign=campaign,
            agency=agency,
            user=m.user,
            nip=m.user.nip or "",
            name=m.user.full_name or m.user.email,
            phone=m.user.phone,
            email=m.user.email,
        )
    rows = list(new.values())
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        _unique_codes(chunk)
        Participant.objects.bulk_create(chunk)
    _event(campaign, actor, EventKind.PARTICIPANTS_ADDED, str(len(rows)))
    return len(rows)


def _insert_rows(campaign: Campaign, rows: list[Row]) -> None:
    """Insert new participants with one parameterised statement per batch: building 100,000
    model instances costs more than the database work, so plain tuples go to `executemany`.
    Bypassing the model, this encrypts phone and email and fills their blind indexes itself."""
    table = connection.ops.quote_name(Participant._meta.db_table)
    columns = [
        "campaign_id",
        "agency_id",
        "group",
        "nip",
        "name",
        "phone",
        "email",
        "phone_hash",
        "email_hash",
        "code",
        "created_at",
    ]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608 -- fixed names
    now = Participant._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            codes = _fresh_codes(len(chunk))
            cursor.executemany(
                sql,
                [
                    (
                        campaign.pk,
                        r.agency_id,
                        r.group,
                        r.nip,
                        r.name,
                        encrypt(r.phone),
                        encrypt(r.email),
                        blind_index(r.phone, "phone"),
                        blind_index(r.email, "email"),
                        code,
                        now,
                    )
                    for r, code in zip(chunk, codes, strict=True)
                ],
            )


def _fresh_codes(count: int) -> list[str]:
    """`count` short codes that no participant holds yet (one query; repeats are rare)."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.update(new_short_code() for _ in range(count - len(codes)))
        codes -= set(Participant.objects.filter(code__in=codes).values_list("code", flat=True))
    return list(codes)


@transaction.atomic
def import_participants(
    *, actor: User | None, campaign: Campaign, report: Report
) -> dict[str, int]:
    """Write a checked import: new NIPs are added, NIPs already in the campaign are updated.
    Refuses a report with errors, so a file with any bad row imports nothing."""
    if not report.ok:
        raise CampaignError(_("The file has errors; nothing was imported."))
    if campaign.status == Status.FINISHED:
        raise CampaignError(_("A finished campaign cannot be changed."))
    # The same person as in the file: by NIP, else (PKK, Dharma Wanita) by phone, else email,
    # compared through their blind indexes (phone and email are encrypted).
    existing = {
        merge_key(nip, phone_hash, email_hash): pk
        for pk, nip, phone_hash, email_hash in campaign.participants.values_list(
            "pk", "nip", "phone_hash", "email_hash"
        )
        if nip or phone_hash or email_hash
    }
    created: list[Row] = []
    updated: list[Participant] = []
    for row in report.rows.values():
        phone_hash, email_hash = blind_index(row.phone, "phone"), blind_index(row.email, "email")
        key = merge_key(row.nip, phone_hash, email_hash)
        if key in existing:
            updated.append(
                Participant(
                    pk=existing[key],
                    agency_id=row.agency_id,
                    group=row.group,
                    name=row.name,
                    phone=row.phone,
                    email=row.email,
                    phone_hash=phone_hash,
                    email_hash=email_hash,
                )
            )
        else:
            created.append(row)
    _insert_rows(campaign, created)
    if updated:
        Participant.objects.bulk_update(
            updated,
            ["agency", "group", "name", "phone", "email", "phone_hash", "email_hash"],
            batch_size=BATCH,
        )
    counts = {
        "rows": report.lines,
        "created": len(created),
        "updated": len(updated),
        "duplicates_merged": report.duplicates,
    }
    _event(
        campaign,
        actor,
        EventKind.PARTICIPANTS_IMPORTED,
        ", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    return counts


def confirm_share(
    *,
    participant: Participant,
    day: dt.date,
    channel: str,
    proof_url: str = "",
    proof: CleanFile | None = None,
) -> tuple[Share, bool]:
    """Record "Sudah saya bagikan" once per participant, day and channel; a second submit
    returns the first record (adding proof to it if it had none)."""
    campaign = participant.campaign
    if not campaign.is_open_to_participants:
        raise CampaignError(_("This campaign is not open for confirmations."))
    if channel not in campaign.channels or channel not in Channel.values:
        raise CampaignError(_("Choose one of the campaign's channels."))
    if not campaign.schedule.filter(day=day).exists() or day > campaign.today():
        raise CampaignError(_("There is nothing to share on that day."))
    with transaction.atomic():
        share, created = Share.objects.get_or_create(
            participant=participant, day=day, channel=channel, defaults={"proof_url": proof_url}
        )
        changed = []
        if not created and proof_url and not share.proof_url:
            share.proof_url = proof_url
            changed.append("proof_url")
        if proof is not None and not share.proof_file:
            share.proof_file.save(proof.name, ContentFile(proof.data), save=False)
            changed.append("proof_file")
        if changed:
            share.save(update_fields=changed)
    return share, created


def set_reminder_channel(*, participant: Participant, channel: str) -> Participant:
    """A participant's own choice of how to be reminded: one of the campaign's reminder
    channels they have an address on, or "none"."""
    if channel != ReminderPreference.NONE and channel not in available_channels(
        participant.campaign, participant
    ):
        raise CampaignError(_("You cannot be reminded that way."))
    Participant.objects.filter(pk=participant.pk).update(reminder_channel=channel)
    participant.reminder_channel = channel
    return participant


def link_telegram_chat(*, participant: Participant, chat_id: str) -> Participant:
    """Store the Telegram chat a participant started the bot from. Starting the bot is asking
    to be reminded there, so Telegram becomes their choice when the campaign offers it."""
    fields: dict[str, Any] = {"telegram_chat_id": chat_id[:32]}
    if "telegram" in participant.campaign.reminder_channels:
        fields["reminder_channel"] = ReminderPreference.TELEGRAM
    Participant.objects.filter(pk=participant.pk).update(**fields)
    for name, value in fields.items():
        setattr(participant, name, value)
    return participant


# Today's salt, kept in this process so a click costs no extra query.
_salt_cache: dict[dt.date, str] = {}


def daily_salt(day: dt.date) -> str:
    """The random salt of `day`; older salts are deleted when the day's one is made."""
    cached = _salt_cache.get(day)
    if cached is not None:
        return cached
    try:
        with transaction.atomic():
            salt, _created = DailySalt.objects.get_or_create(
                day=day, defaults={"value": secrets.token_hex(32)}
            )
    except IntegrityError:
        salt = DailySalt.objects.get(day=day)
    DailySalt.objects.filter(day__lt=day).delete()
    _salt_cache.clear()
    _salt_cache[day] = salt.value
    return salt.value


def record_click(*, participant: Participant, ip: str, user_agent: str) -> Click:
    """Count one visit of a participant's short link on the campaign's day (the organiser's
    date, as every other campaign number): the visitor is a hash of IP and user agent with
    the platform day's salt (one salt for all zones, deleted when the next is made); neither
    is stored."""
    day = participant.campaign.today()
    salt = daily_salt(timezone.localdate())
    visitor = hashlib.sha256(f"{salt}|{ip}|{user_agent[:300]}".encode()).hexdigest()
    with transaction.atomic():
        click, created = Click.objects.get_or_create(
            participant=participant, day=day, visitor=visitor
        )
        if not created:
            Click.objects.filter(pk=click.pk).update(hits=F("hits") + 1)
    return click


def advance_campaigns() -> dict[str, int]:
    """Start published campaigns whose first day has come and finish those whose last day has
    passed, each on its organiser's own date (a campaign in WIT starts two hours before one in
    WIB), through `change_status` (one event each, by nobody: the clock)."""
    started = finished = 0
    # No zone of Indonesia is a whole day ahead of the platform's: tomorrow bounds the query.
    horizon = timezone.localdate() + dt.timedelta(days=1)
    candidates = Campaign.objects.select_related("organiser")
    for campaign in candidates.filter(status=Status.PUBLISHED, starts_on__lte=horizon):
        if campaign.starts_on <= campaign.today() <= campaign.ends_on:
            change_status(actor=None, campaign=campaign, transition="start")
            started += 1
    for campaign in candidates.filter(
        status__in=[Status.PUBLISHED, Status.RUNNING], ends_on__lt=horizon
    ):
        if campaign.ends_on < campaign.today():
            change_status(actor=None, campaign=campaign, transition="finish")
            finished += 1
    return {"started": started, "finished": finished}
