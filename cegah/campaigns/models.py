"""Campaigns run by circular letter: a schedule of materials that civil servants of the target
agencies share from their own accounts, self-reported confirmations and tracked short links."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.accounts.access import active_memberships
from cegah.accounts.models import Role
from cegah.agencies.models import AgencyType
from cegah.lib.encryption import BlindIndexField, EncryptedCharField, EncryptedEmailField
from cegah.messaging.models import Channel as MessageChannel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User
    from cegah.library.models import LibraryItem

# Who runs a campaign in the organiser (or any agency above it).
MANAGER_ROLES = frozenset({Role.CAMPAIGN_MANAGER, Role.AGENCY_ADMIN})
NATIONAL_TYPES = frozenset({AgencyType.KPK, AgencyType.MINISTRY, AgencyType.NATIONAL_AGENCY})


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class Channel(models.TextChoices):
    WHATSAPP_STATUS = "whatsapp_status", _("WhatsApp status")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X")
    YOUTUBE = "youtube", _("YouTube")
    BANNER = "banner", _("Banner")
    BILLBOARD = "billboard", _("Billboard")
    POSTER = "poster", _("Poster")
    MEETING = "meeting", _("Meeting")


OFFLINE_CHANNELS = frozenset({Channel.BANNER, Channel.BILLBOARD, Channel.POSTER, Channel.MEETING})


class Group(models.TextChoices):
    """Who takes part: civil servants, and the groups that joined Klaten's campaign."""

    ASN = "asn", _("Civil servants (ASN)")
    PKK = "pkk", _("PKK (family welfare movement)")
    DHARMA_WANITA = "dharma_wanita", _("Dharma Wanita")


# The channels a reminder can go through, in the fixed order of preference.
REMINDER_CHANNELS = ("whatsapp", "telegram", "email")


def default_reminder_channels() -> list[str]:
    return list(REMINDER_CHANNELS)


class ReminderPreference(models.TextChoices):
    """How a participant wants to be reminded: the campaign's order, one channel, or never."""

    AUTOMATIC = "", _("The campaign's first channel I can be reached on")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("Email")
    NONE = "none", _("No reminders")


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def managed_by(self, user: User | AnonymousUser) -> CampaignQuerySet:
        """Campaigns whose organiser is an agency (or under an agency) where the person is a
        campaign manager or agency administrator."""
        paths = [m.agency.path for m in active_memberships(user) if m.role in MANAGER_ROLES]
        if not paths:
            return self.none()
        query = Q()
        for path in paths:
            query |= Q(organiser__path__startswith=path)
        return self.filter(query)

    def joinable(self) -> CampaignQuerySet:
        """National campaigns a regional government may join with its own copy."""
        return self.filter(
            organiser__type__in=NATIONAL_TYPES,
            status__in=[Status.PUBLISHED, Status.RUNNING],
            parent__isnull=True,
        )


class Campaign(models.Model):
    """One campaign of an organiser agency, usually ordered by a circular letter (SE).

    A regional government that joins a national campaign gets a campaign of its own whose
    `parent` is the national one, with a copy of the schedule it may adjust.
    """

    organiser = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("organiser"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("joined national campaign"),
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    circular_number = models.CharField(_("circular letter number"), max_length=100, blank=True)
    circular_date = models.DateField(_("circular letter date"), null=True, blank=True)
    circular_signatory = models.CharField(_("signed by"), max_length=200, blank=True)
    circular_pdf = models.FileField(
        _("circular letter (PDF)"), upload_to="campaigns/circulars/%Y/", blank=True
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    channels = models.JSONField(_("channels"), default=list, blank=True)
    groups = models.JSONField(_("participant groups"), default=list, blank=True)
    landing_url = models.URLField(
        _("landing page"),
        blank=True,
        help_text=_("Where the short links lead; the campaign's own public page when empty."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    reminder_time = models.TimeField(
        _("reminder time"),
        null=True,
        blank=True,
        default=dt.time(7, 0),
        help_text=_(
            "Each campaign day at this time (the organiser's local time), participants who "
            "have not confirmed yet get a reminder. Empty: no reminders."
        ),
    )
    reminder_channels = models.JSONField(
        _("reminder channels"),
        default=default_reminder_channels,
        blank=True,
        help_text=_("In order of preference; each participant gets the first one they can."),
    )
    targets = models.ManyToManyField(
        "agencies.Agency",
        through="CampaignTarget",
        related_name="targeted_by_campaigns",
        verbose_name=_("target agencies"),
    )
    form_token = models.CharField(  # noqa: DJ001 -- unique when given: one campaign per form
        max_length=64, unique=True, null=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.organiser.timezone)

    def today(self) -> dt.date:
        """Today's date where the organiser is."""
        return timezone.localtime(timezone.now(), self.zone).date()

    def ends_at(self) -> dt.datetime:
        """The end of the last day, in the organiser's zone: when personal links expire."""
        return dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time(), self.zone)

    @property
    def is_national(self) -> bool:
        return self.organiser.type in NATIONAL_TYPES

    @property
    def is_open_to_participants(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.RUNNING) and timezone.now() < self.ends_at()

    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]

    def online_channels(self) -> list[Channel]:
        return [
            Channel(c) for c in self.channels if c in Channel.values and c not in OFFLINE_CHANNELS
        ]

    def reminder_channel_labels(self) -> list[str]:
        return [
            str(MessageChannel(c).label) for c in self.reminder_channels if c in REMINDER_CHANNELS
        ]

    def group_labels(self) -> list[str]:
        return [str(Group(g).label) for g in self.groups if g in Group.values]

    def days(self) -> list[dt.date]:
        return [
            self.starts_on + dt.timedelta(days=i)
            for i in range((self.ends_on - self.starts_on).days + 1)
        ]


class CampaignTarget(models.Model):
    """An agency whose people take part: one of the organiser's units, or an agency that joined."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="target_rows")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    joined = models.BooleanField(_("joined from outside"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "agency"], name="campaign_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.agency_id}"


# How many library items one campaign day may carry: a status of a few pictures or a video
# and a poster, not an album.
MAX_ITEMS_PER_DAY = 4


class ScheduleDayQuerySet(models.QuerySet["ScheduleDay"]):
    def with_items(self) -> ScheduleDayQuerySet:
        """Each day with its items in order, pictures and owners included (two queries)."""
        return self.prefetch_related(
            models.Prefetch(
                "entries",
                queryset=ScheduleItem.objects.select_related(
                    "item", "item__image", "item__owner_agency"
                ).order_by("position", "id"),
            )
        )


class ScheduleDay(models.Model):
    """What is shared on one day of the campaign: one or more library items (in the order the
    organiser put them) and the caption to post with them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="schedule")
    day = models.DateField(_("day"))
    items = models.ManyToManyField(
        "library.LibraryItem",
        through="ScheduleItem",
        related_name="campaign_days",
        verbose_name=_("material"),
    )
    caption = models.TextField(_("caption"), max_length=2000)

    objects = ScheduleDayQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("schedule day")
        verbose_name_plural = _("schedule days")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day"], name="campaign_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.day}"

    def ordered_items(self) -> list[LibraryItem]:
        """The day's items in order (from `with_items()`'s prefetch when there is one)."""
        return [entry.item for entry in self.entries.all()]

    def titles(self) -> str:
        """The items' titles, quoted and joined: for reminders and the calendar."""
        return "; ".join(f"“{item.title}”" for item in self.ordered_items())


class ScheduleItem(models.Model):
    """One library item on one campaign day, at its place in the day's order."""

    day = models.ForeignKey(ScheduleDay, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(
        "library.LibraryItem",
        on_delete=models.PROTECT,
        related_name="campaign_uses",
        verbose_name=_("material"),
    )
    position = models.PositiveSmallIntegerField(_("order in the day"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("material of a day")
        verbose_name_plural = _("materials of a day")
        constraints = [
            models.UniqueConstraint(fields=["day", "item"], name="schedule_item_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day_id} · {self.position} · {self.item_id}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    PUBLISHED = "published", _("Published")
    STARTED = "started", _("Started")
    FINISHED = "finished", _("Finished")
    JOINED = "joined", _("Joined a national campaign")
    PARTICIPANTS_ADDED = "participants_added", _("Participants added")
    PARTICIPANTS_IMPORTED = "participants_imported", _("Participants imported")


class CampaignEvent(models.Model):
    """One step in a campaign's history: who did what, when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.kind}"


def new_short_code() -> str:
    """Eight random characters of lowercase base32 (a–z, 2–7: no 0/1 to mistake for o/l);
    32^8 ≈ 10^12 codes, and a collision is replaced before saving (`actions._unique_codes`)."""
    return base64.b32encode(secrets.token_bytes(5)).decode().lower()


class Participant(models.Model):
    """A person asked to share: a civil servant of a target agency (from an account or an
    import), or a member of PKK or Dharma Wanita. `code` is the personal short link."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_participations",
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices, default=Group.ASN)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    name = models.CharField(_("name"), max_length=150)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    email = EncryptedEmailField(_("email"), blank=True)
    # Blind indexes: an import merges rows by phone or email, and a person finds the rows
    # that name their verified email (`workspace.participant_rows`).
    phone_hash = BlindIndexField(source="phone", kind="phone")
    email_hash = BlindIndexField(source="email", kind="email")
    telegram_chat_id = models.CharField(
        _("Telegram chat ID"), max_length=32, blank=True, default="", db_default=""
    )
    reminder_channel = models.CharField(
        _("reminded through"),
        max_length=8,
        choices=ReminderPreference.choices,
        blank=True,
        default=ReminderPreference.AUTOMATIC,
        db_default=ReminderPreference.AUTOMATIC,
    )
    code = models.CharField(max_length=12, unique=True, default=new_short_code)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "nip"],
                condition=~Q(nip=""),
                name="participant_unique_nip",
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "agency"], name="participant_agency_idx"),
            # The dashboard's "not confirmed" list walks this in order and stops at 500.
            models.Index(fields=["campaign", "agency", "name"], name="participant_agency_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


def proof_storage() -> Storage:
    """Screenshots show people's phones: private storage when the deployment has one."""
    return storages["private"] if "private" in settings.STORAGES else default_storage


def proof_path(instance: Share, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"campaigns/proof/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Share(models.Model):
    """A participant's own statement "Sudah saya bagikan": one per participant, day and channel."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="shares")
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    proof_url = models.URLField(_("link to the post"), blank=True)
    proof_file = models.FileField(
        _("screenshot"), upload_to=proof_path, storage=proof_storage, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day", "channel"], name="share_once_per_day_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.day} · {self.channel}"


class DailySalt(models.Model):
    """Today's random salt for visitor hashes. Yesterday's is deleted as soon as today's is
    made, so a stored hash can no longer be linked to an IP address once its day is over."""

    day = models.DateField(unique=True)
    value = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.day.isoformat()


class Click(models.Model):
    """Visits of one short link on one day by one (anonymous) visitor: `visitor` is a hash of
    IP and user agent with the day's salt, `hits` how often that visitor came."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="clicks")
    day = models.DateField()
    visitor = models.CharField(max_length=64)
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day", "visitor"], name="click_unique_visitor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.day}"


class ReminderStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped (confirmed meanwhile)")
    FAILED = "failed", _("Failed")


class Reminder(models.Model):
    """The one reminder a participant may get on one campaign day: the row is claimed before
    anything is sent, so running the planner again (or twice at once) sends nothing more.
    A transient failure puts the row back to planned with a later `next_attempt_at`."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="reminders")
    # The participant's campaign, repeated here so that a day's reminders of one campaign are
    # one index range (the planner's "already claimed" set, the dashboard's counts).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", editable=False
    )
    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=16)
    # The address the reminder went to, recorded once sent: a phone number, encrypted like the
    # participant's own (decision 0022).
    recipient = EncryptedCharField(_("recipient"), max_length=320)
    status = models.CharField(
        _("status"), max_length=8, choices=ReminderStatus.choices, default=ReminderStatus.PLANNED
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    # Tries so far; after a transient failure the row is planned again for `next_attempt_at`
    # (the same day only), and the planner queues it once that time has come.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "participant_id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="reminder_once_per_day")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(next_attempt_at__isnull=False),
                name="reminder_retry_idx",
            ),
            models.Index(fields=["campaign", "day", "status"], name="reminder_campaign_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} · {self.day} · {self.channel}"
