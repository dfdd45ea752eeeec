"""Use cases that change fact-checks. Each checks that the step is allowed, writes the change
and its `ClaimEvent` in one transaction, and queues the emails and search updates it causes
in that same transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cegah.complaints.actions import clean_text
from cegah.factchecks import notify, search
from cegah.factchecks.access import fact_checker_agency, is_fact_checker
from cegah.factchecks.matching import (
    MAX_CANDIDATES,
    WINDOW_DAYS,
    Fingerprint,
    best_matches,
    first_url,
    image_fingerprint,
)
from cegah.factchecks.models import (
    OPEN_STATUSES,
    Claim,
    ClaimEvent,
    EventKind,
    FactcheckError,
    Status,
    Submission,
    Verdict,
)
from cegah.lib.uploads import CleanFile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

# Paths under /cek-fakta/ that a published article's address may not take.
RESERVED_SLUGS = frozenset({"kirim", "terkirim", "periksa", "antrean", "en"})


def _lock(claim: Claim) -> Claim:
    """Re-read the claim under a row lock, so two fact-checkers acting at once act in turn."""
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _require_fact_checker(actor: User | AnonymousUser) -> User:
    if not is_fact_checker(actor):
        raise FactcheckError(_("Only fact-checkers can do this."))
    return actor  # type: ignore[return-value]


def candidate_claims(fingerprint: Fingerprint, *, published_only: bool = False) -> list[Claim]:
    """The claims a new message is compared with (see matching.py): recent or published
    ones, and any with the same link or normalised text however old."""
    recent = Q(first_seen_at__gte=timezone.now() - dt.timedelta(days=WINDOW_DAYS))
    condition = recent | Q(published_at__isnull=False)
    if fingerprint.text_key:
        condition |= Q(text_key=fingerprint.text_key)
    if fingerprint.url_key:
        condition |= Q(url_key=fingerprint.url_key)
    if fingerprint.image_hash:
        condition |= Q(image_hash=fingerprint.image_hash)
    qs = Claim.objects.filter(condition)
    if published_only:
        qs = qs.published()
    qs = qs.only(
        "pk",
        "status",
        "fingerprint",
        "text_key",
        "url_key",
        "image_hash",
        "created_at",
        "published_at",
        "slug",
        "headline",
        "claim_text",
        "verdict",
    )
    return list(qs.order_by("-created_at", "-pk")[:MAX_CANDIDATES])


def submit_message(
    *,
    text: str = "",
    link: str = "",
    image: CleanFile | None = None,
    contact_email: str = "",
    language: str = "id",
    idempotency_key: str | None = None,
) -> tuple[Submission, bool]:
    """Receive a suspicious message from anyone; returns the submission and whether it is new.

    The message joins the claim it duplicates (same link, same or very similar text, the
    same picture even re-compressed, resized or re-captioned) or starts a new one; a claim
    without an image takes the hash of the first one that joins it. A repeated
    `idempotency_key` (a form sent twice) returns the first submission. When the claim already has a published verdict (or was set aside as out of
    scope) and an address was given, the verdict (or the reason) is sent at once.
    """
    text = clean_text(text)
    link = link.strip()
    contact_email = contact_email.strip().lower()
    if not text and not link and image is None:
        raise FactcheckError(_("Paste the message, give a link or attach an image."))
    image_hash = image_fingerprint(image.data) if image is not None else ""
    fingerprint = Fingerprint.of(text, link, image_hash)
    try:
        with transaction.atomic():
            matches = best_matches(fingerprint, candidate_claims(fingerprint), limit=1)
            if matches:
                claim = matches[0].claim
                similarity: float | None = matches[0].score
            else:
                claim = Claim.objects.create(
                    claim_text=text[:1000] or link,
                    fingerprint=fingerprint.text,
                    text_key=fingerprint.text_key,
                    url_key=fingerprint.url_key,
                    image_hash=image_hash,
                    appearance_url=(link or first_url(text))[:2000],
                )
                similarity = None
            if image_hash and not claim.image_hash:
                claim.image_hash = image_hash
                claim.save(update_fields=["image_hash", "updated_at"])
            submission = Submission(
                claim=claim,
                text=text,
                link=link[:2000],
                contact_email=contact_email,
                language=language,
                similarity=similarity,
                idempotency_key=idempotency_key or None,
            )
            if image is not None:
                submission.image.save(image.name, ContentFile(image.data), save=False)
                submission.image_type = image.content_type
                submission.image_hash = image_hash
            submission.save()
            ClaimEvent.record(
                claim, EventKind.JOINED if similarity is not None else EventKind.SUBMITTED
            )
            if claim.is_published and contact_email:
                notify.send_verdict(claim, [submission])
            elif claim.status == Status.OUT_OF_SCOPE and contact_email:
                notify.send_set_aside(claim, [submission], set_aside_reason(claim))
    except IntegrityError:
        if idempotency_key:
            existing = Submission.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        raise
    return submission, True


@transaction.atomic
def assign_claim(*, actor: User | AnonymousUser, claim: Claim, assignee: User | None) -> Claim:
    """Give the claim to a fact-checker (or to nobody); a new claim starts being checked."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if assignee is not None and not is_fact_checker(assignee):
        raise FactcheckError(_("Only fact-checkers can be assigned."))
    if claim.status not in OPEN_STATUSES:
        raise FactcheckError(_("Only claims that are new or being checked can be assigned."))
    claim.assignee = assignee
    if claim.status == Status.NEW and assignee is not None:
        claim.status = Status.CHECKING
    claim.save(update_fields=["assignee", "status", "updated_at"])
    name = (assignee.full_name or assignee.email) if assignee else _("nobody")
    ClaimEvent.record(claim, EventKind.ASSIGNED, user, name)
    return claim


@transaction.atomic
def start_checking(*, actor: User | AnonymousUser, claim: Claim) -> Claim:
    """Take a new claim: it is now being checked, by the actor unless someone else has it."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.NEW:
        raise FactcheckError(_("Only a new claim can be started."))
    claim.status = Status.CHECKING
    if claim.assignee_id is None:
        claim.assignee = user
    claim.save(update_fields=["status", "assignee", "updated_at"])
    ClaimEvent.record(claim, EventKind.STARTED, user)
    return claim


@transaction.atomic
def mark_out_of_scope(*, actor: User | AnonymousUser, claim: Claim, reason: str) -> Claim:
    """Not a matter for the fact-checkers (not about corruption or public service, or not a
    claim at all). The reason is written for the public: everyone who left an address for
    the claim is sent it, once (setting aside again after a reopening tells nobody twice)."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status not in OPEN_STATUSES:
        raise FactcheckError(_("Only claims that are new or being checked can be set aside."))
    reason = clean_text(reason)
    if not reason:
        raise FactcheckError(_("Write why the claim is out of scope."))
    claim.status = Status.OUT_OF_SCOPE
    claim.save(update_fields=["status", "updated_at"])
    ClaimEvent.record(claim, EventKind.OUT_OF_SCOPE, user, reason)
    notify.send_set_aside(claim, list(claim.submissions.all()), reason)
    return claim


def set_aside_reason(claim: Claim) -> str:
    """The reason given when the claim was last set aside as out of scope."""
    event = claim.events.filter(kind=EventKind.OUT_OF_SCOPE).order_by("-created_at", "-pk").first()
    return event.message if event else ""


@transaction.atomic
def reopen_claim(*, actor: User | AnonymousUser, claim: Claim) -> Claim:
    """Bring a claim set aside as out of scope back to the queue."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.OUT_OF_SCOPE:
        raise FactcheckError(_("Only a claim set aside as out of scope can be reopened."))
    claim.status = Status.NEW
    claim.save(update_fields=["status", "updated_at"])
    ClaimEvent.record(claim, EventKind.REOPENED, user)
    return claim


@transaction.atomic
def add_note(*, actor: User | AnonymousUser, claim: Claim, message: str) -> ClaimEvent:
    """An internal note for the other fact-checkers (never public)."""
    user = _require_fact_checker(actor)
    text = clean_text(message)
    if not text:
        raise FactcheckError(_("Write the note."))
    return ClaimEvent.record(claim, EventKind.NOTE, user, text)


@transaction.atomic
def save_verdict(
    *,
    actor: User | AnonymousUser,
    claim: Claim,
    claim_text: str,
    verdict: Verdict | str,
    headline: str,
    explanation: str,
    sources: str,
) -> Claim:
    """Write or change the verdict while the claim is being checked (not yet public)."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.CHECKING:
        raise FactcheckError(_("Start checking the claim before writing its verdict."))
    claim.claim_text = clean_text(claim_text)[:1000]
    claim.verdict = Verdict(verdict)
    claim.headline = clean_text(headline)[:200]
    claim.explanation = clean_text(explanation)
    claim.sources = clean_text(sources)
    claim.save()
    ClaimEvent.record(claim, EventKind.VERDICT_SAVED, user, claim.get_verdict_display())
    return claim


def _unique_slug(claim: Claim) -> str:
    base = slugify(claim.headline or claim.claim_text)[:100].strip("-") or "cek-fakta"
    if base in RESERVED_SLUGS:
        base = f"cek-fakta-{base}"
    slug, n = base, 1
    while Claim.objects.filter(slug=slug).exclude(pk=claim.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def publish_verdict(*, actor: User | AnonymousUser, claim: Claim) -> Claim:
    """Publish the verdict as a public article, put it in site search, and tell everyone
    who left an address for this claim (each address once, ever)."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.CHECKING:
        raise FactcheckError(_("Only a claim being checked can be published."))
    missing = [
        label
        for label, value in (
            (_("verdict"), claim.verdict),
            (_("headline"), claim.headline),
            (_("explanation"), claim.explanation),
            (_("sources"), claim.sources.strip()),
        )
        if not value
    ]
    if missing:
        raise FactcheckError(
            _("Write the %(missing)s before publishing.") % {"missing": ", ".join(missing)}
        )
    claim.status = Status.DONE
    claim.slug = claim.slug or _unique_slug(claim)
    claim.published_at = timezone.now()
    claim.published_by = user
    claim.agency = fact_checker_agency(user)
    claim.save()
    ClaimEvent.record(claim, EventKind.PUBLISHED, user, claim.get_verdict_display())
    search.index_claim(claim)
    notify.send_verdict(claim, list(claim.submissions.all()))
    return claim


@transaction.atomic
def unpublish_verdict(*, actor: User | AnonymousUser, claim: Claim, reason: str) -> Claim:
    """Withdraw a published verdict to correct it: the article and its search entry go;
    the address is kept for when it is published again."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if not claim.is_published:
        raise FactcheckError(_("This verdict is not published."))
    claim.status = Status.CHECKING
    claim.published_at = None
    claim.save(update_fields=["status", "published_at", "updated_at"])
    ClaimEvent.record(claim, EventKind.UNPUBLISHED, user, clean_text(reason))
    search.unindex_claim(claim)
    return claim
