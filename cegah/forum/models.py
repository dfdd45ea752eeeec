"""The forum: public questions by topic, answered officially by the agency concerned, with
flags, a review hold for posts carrying personal data or links, and one moderation queue.

A thread's public state follows its opening post: a thread whose opening post is held or
hidden is not listed. `Thread.search_terms` holds the analysed title, opening post and
official answer (`cegah.lib.textanalysis`), padded with spaces; PostgreSQL indexes it as a
`tsvector('simple')` with GIN (migration 0002), SQLite matches it with LIKE (decision 0015).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cegah.agencies.models import Agency


class Topic(models.TextChoices):
    GRATIFICATION = "gratifikasi", _("Gratification")
    ILLEGAL_LEVIES = "pungli", _("Illegal levies")
    SERVICES = "layanan", _("Public services")
    CAMPAIGNS = "kampanye", _("Campaigns")
    INTEGRITY = "integritas", _("Integrity")
    COMPLAINTS = "pengaduan", _("Complaints")
    OTHER = "lainnya", _("Other")


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")


class FlagReason(models.TextChoices):
    ABUSE = "abuse", _("Insults, threats or harassment")
    PERSONAL_DATA = "personal_data", _("Personal data of someone")
    FALSE = "false", _("False or misleading")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class Member(models.Model):
    """A person's forum identity: the only name others see, and whether they may post."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_member"
    )
    display_name = models.CharField(_("display name"), max_length=60)
    is_blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.TextField(_("reason for the block"), blank=True)
    # Telegram: the chat the bot tells about official answers, linked when the person opens
    # the bot with `/start forum<telegram_code>` (cegah.forum.telegram).
    telegram_chat_id = models.CharField(max_length=32, blank=True, default="")
    telegram_code = models.CharField(max_length=24, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return self.display_name


class ThreadQuerySet(models.QuerySet["Thread"]):
    def public(self) -> ThreadQuerySet:
        """Threads whose opening post is published."""
        return self.filter(is_public=True)

    def answered(self, value: bool = True) -> ThreadQuerySet:
        return self.filter(answered_at__isnull=not value)

    def for_agency(self, agency: Agency) -> ThreadQuerySet:
        """Threads about the agency or any unit below it."""
        return self.filter(agency__path__startswith=agency.path)

    def in_region(self, code: str) -> ThreadQuerySet:
        """Threads in the region or anywhere inside it (codes are dotted: 33 ⊃ 33.10)."""
        return self.filter(Q(region_id=code) | Q(region__code__startswith=f"{code}."))


class Thread(models.Model):
    """A public question on one topic, optionally about a region and an agency concerned
    (which owes the official answer; KPK when none is given)."""

    title = models.CharField(_("title"), max_length=160)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency concerned"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads"
    )
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("asked"))
    last_activity_at = models.DateTimeField()
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The date (in the agency's zone) by which the official answer is due.
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    support_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    search_terms = models.TextField(default="", editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["is_public", "-last_activity_at"], name="forum_thread_list_idx"),
            models.Index(
                fields=["topic", "is_public", "-last_activity_at"], name="forum_thread_topic_idx"
            ),
            models.Index(
                fields=["agency", "is_public", "-last_activity_at"],
                name="forum_thread_agency_idx",
            ),
            models.Index(
                fields=["region", "is_public", "-last_activity_at"],
                name="forum_thread_region_idx",
            ),
            models.Index(
                fields=["is_public", "answer_due"],
                condition=Q(answered_at__isnull=True),
                name="forum_thread_unanswered_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk])


class Post(models.Model):
    """The opening post of a thread or a reply; an official one is the answer of the agency
    concerned (or KPK) and is pinned at the top."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField(_("text"))
    is_opening = models.BooleanField(default=False)
    official_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("official answer of"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    # Why a post waits for review (links, a phone number, an ID number); empty otherwise.
    held_reason = models.CharField(max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    # Set while the post waits in the moderation queue (held, or hidden by flags).
    queued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    # The form's one-time token (or the API's Idempotency-Key): a second submit of the same
    # form finds this post instead of writing another.
    form_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "form_token"],
                condition=~Q(form_token=""),
                name="forum_post_unique_token",
            )
        ]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="forum_post_thread_idx"),
            models.Index(
                fields=["queued_at"],
                condition=Q(queued_at__isnull=False),
                name="forum_post_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"

    @property
    def is_official(self) -> bool:
        return self.official_agency_id is not None

    @property
    def held_reason_text(self) -> str:
        """Why the post waits for review, in the active language."""
        from cegah.forum.screening import describe

        return describe(self.held_reason.split(",")) if self.held_reason else ""

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.PUBLISHED


class Flag(models.Model):
    """One person's report that a post breaks the rules; one per person per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_flag_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}: {self.reason}"


class Support(models.Model):
    """One person's vote of support for a question."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="forum_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class Follow(models.Model):
    """A person told when the official answer arrives (the asker follows their own thread)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="forum_follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class EventKind(models.TextChoices):
    POSTED = "posted", _("Posted")
    HELD = "held", _("Held for review")
    FLAGGED = "flagged", _("Flagged")
    AUTO_HIDDEN = "auto_hidden", _("Hidden after flags")
    HIDDEN = "hidden", _("Hidden by a moderator")
    RESTORED = "restored", _("Restored")
    EDITED = "edited", _("Edited by a moderator")
    BLOCKED = "blocked", _("Member blocked")
    OFFICIAL = "official", _("Official answer")
    QUEUE_ALERT = "queue_alert", _("Queue alert sent")


class ModerationEvent(models.Model):
    """The log of what happened to a post and who decided it (append-only)."""

    kind = models.CharField(max_length=16, choices=EventKind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")

    def __str__(self) -> str:
        return f"{self.kind} {self.post_id}"
