"""Fact-checks (Cek Fakta): suspicious messages from the public, grouped into claims that
fact-checkers answer with one published verdict.

A `Claim` is a group of near-identical submissions (see `matching.py`); its status moves
new → checking → done (a verdict is published) or out of scope. Each `Submission` is what one
person sent, with an optional email address to be told the verdict; the addresses are
personal data that only fact-checkers see.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cegah.lib.errors import ActionRefused
from cegah.lib.imagehash import SAME_PICTURE_BITS, distance

if TYPE_CHECKING:
    from cegah.accounts.models import User

MAX_TEXT = 5000


class FactcheckError(ActionRefused):
    """A step that is not allowed in the claim's current state; the message says why."""


class Status(models.TextChoices):
    NEW = "new", _("New")
    CHECKING = "checking", _("Checking")
    DONE = "done", _("Done")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


OPEN_STATUSES = (Status.NEW, Status.CHECKING)


class Verdict(models.TextChoices):
    FALSE = "false", _("Hoax/False")
    MISLEADING = "misleading", _("Misleading")
    PARTLY_TRUE = "partly_true", _("Partly true")
    TRUE = "true", _("True")
    UNVERIFIABLE = "unverifiable", _("Cannot be verified")


# ClaimReview's numeric rating, 1 (worst) to 5 (best): how true the claim turned out to be.
# "Cannot be verified" sits in the middle: shown neither false nor true.
RATING_VALUES = {
    Verdict.FALSE: 1,
    Verdict.MISLEADING: 2,
    Verdict.UNVERIFIABLE: 3,
    Verdict.PARTLY_TRUE: 4,
    Verdict.TRUE: 5,
}
WORST_RATING = 1
BEST_RATING = 5


class ClaimQuerySet(models.QuerySet["Claim"]):
    def published(self) -> ClaimQuerySet:
        return self.filter(status=Status.DONE, published_at__isnull=False)

    def open(self) -> ClaimQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_second_review(self) -> ClaimQuerySet:
        return self.filter(status=Status.CHECKING, review_requested_at__isnull=False)

    def with_counts(self) -> ClaimQuerySet:
        return self.annotate(submission_count=models.Count("submissions"))


class Claim(models.Model):
    """One claim circulating in one or more near-identical messages, and its verdict."""

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    claim_text = models.TextField(
        _("claim"), max_length=MAX_TEXT, help_text=_("The claim in short, as it circulates.")
    )
    # What grouping compares: see matching.py.
    fingerprint = models.TextField(_("normalised text"), blank=True)
    text_key = models.CharField(max_length=64, blank=True, db_index=True)
    url_key = models.CharField(max_length=500, blank=True, db_index=True)
    # dHash of the claim's first image, 16 hex digits (see cegah/lib/imagehash.py).
    image_hash = models.CharField(max_length=16, blank=True, db_index=True)
    appearance_url = models.URLField(_("where it appeared"), max_length=2000, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    # The verdict, written while checking and public once published.
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    # Other wordings of the claim in circulation, one a line: "Periksa pesan" matches them
    # too (see matching.py).
    variants = models.TextField(
        _("other wordings"),
        max_length=5000,
        blank=True,
        help_text=_("Other ways the claim circulates, one a line; the message check finds them."),
    )
    explanation = models.TextField(_("explanation"), max_length=20000, blank=True)
    # What "Periksa pesan" compares, analysed when the verdict is published and when a
    # message joins it: one line per wording (claim, headline, other wordings, messages
    # sent), its canonical terms separated by spaces (see matching.py).
    match_terms = models.TextField(blank=True, editable=False)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("One source a line: a title and/or its address.")
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True, null=True, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A verdict waiting for a second fact-checker of the same agency (when the agency's
    # `ReviewPolicy` asks for one): who asked, and when. Cleared when it is published,
    # returned or changed.
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second review asked by"),
    )
    review_requested_at = models.DateTimeField(_("second review asked"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return self.headline or self.claim_text[:80]

    def get_absolute_url(self) -> str:
        """The article's path in the language of the page being shown."""
        return reverse("factchecks:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.DONE and self.published_at is not None

    @property
    def awaits_second_review(self) -> bool:
        return self.status == Status.CHECKING and self.review_requested_at is not None

    @property
    def variant_lines(self) -> list[str]:
        return [line.strip() for line in self.variants.splitlines() if line.strip()]

    @property
    def rating_value(self) -> int | None:
        return RATING_VALUES.get(Verdict(self.verdict)) if self.verdict else None

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def public_url(self) -> str:
        """The article's path in Indonesian, the site's default language."""
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("factchecks:detail", args=[self.slug])

    def staff_url(self) -> str:
        return reverse("factchecks:staff_detail", args=[self.pk])


def image_storage() -> Storage:
    """Submitted images are private: only fact-checkers open them, through a checked view."""
    return storages["private"] if "private" in settings.STORAGES else default_storage


def image_path(instance: Submission, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"factchecks/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Submission(models.Model):
    """What one person sent: a message, a link and/or an image, and optionally an address
    to be told the verdict (personal data: fact-checkers only, every view logged)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="submissions")
    text = models.TextField(_("message"), max_length=MAX_TEXT, blank=True)
    link = models.URLField(_("link"), max_length=2000, blank=True)
    image = models.FileField(_("image"), upload_to=image_path, storage=image_storage, blank=True)
    image_type = models.CharField(max_length=50, blank=True)
    # dHash of the cleaned image; empty without an image or when it is too plain to compare.
    image_hash = models.CharField(max_length=16, blank=True)
    contact_email = models.EmailField(_("email for the verdict"), blank=True)
    language = models.CharField(max_length=8, default="id")
    similarity = models.FloatField(
        _("similarity to the claim"),
        null=True,
        blank=True,
        help_text=_("Empty for the submission that started the claim."),
    )
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    notified_at = models.DateTimeField(_("told the verdict"), null=True, blank=True)
    set_aside_notified_at = models.DateTimeField(_("told it was set aside"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"#{self.pk} → {self.claim_id}"

    @property
    def image_distance(self) -> int | None:
        """How many of 64 bits this image's hash differs from its claim's, when the
        submission joined the claim and the two pictures count as the same; else None."""
        if self.similarity is None or not self.image_hash or not self.claim.image_hash:
            return None
        bits = distance(self.image_hash, self.claim.image_hash)
        return bits if bits <= SAME_PICTURE_BITS else None


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    JOINED = "joined", _("Another submission joined")
    ASSIGNED = "assigned", _("Assigned")
    STARTED = "started", _("Checking started")
    OUT_OF_SCOPE = "out_of_scope", _("Marked out of scope")
    REOPENED = "reopened", _("Reopened")
    VERDICT_SAVED = "verdict_saved", _("Verdict draft saved")
    REVIEW_REQUESTED = "review_requested", _("Second review asked for")
    REVIEW_RETURNED = "review_returned", _("Returned by the second reviewer")
    REVIEW_WITHDRAWN = "review_withdrawn", _("Second review request withdrawn")
    PUBLISHED = "published", _("Verdict published")
    UNPUBLISHED = "unpublished", _("Verdict withdrawn")
    NOTE = "note", _("Internal note")


class ReviewPolicyQuerySet(models.QuerySet["ReviewPolicy"]):
    def current_for(self, agency_id: int | None) -> ReviewPolicy | None:
        """The agency's policy in force: its latest row."""
        if agency_id is None:
            return None
        return self.filter(agency_id=agency_id).order_by("-set_at", "-pk").first()


class ReviewPolicy(models.Model):
    """Whether an agency's verdicts need a second fact-checker before publication. Rows are
    only ever added: the latest is in force, the others are the history of who changed it,
    when and why."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("agency"),
    )
    second_review_required = models.BooleanField(_("a second fact-checker must approve"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)

    objects = ReviewPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-set_at"], name="factchecks_policy_agency")]
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.second_review_required}"


class ClaimEvent(models.Model):
    """A line of the claim's internal history, notes included (never public)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind}"

    @classmethod
    def record(
        cls, claim: Claim, kind: EventKind, actor: User | None = None, message: str = ""
    ) -> ClaimEvent:
        return cls.objects.create(claim=claim, kind=kind, actor=actor, message=message)
