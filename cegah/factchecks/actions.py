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
    COLLECTION,
    MAX_CANDIDATES,
    WINDOW_DAYS,
    Fingerprint,
    best_matches,
    claim_match_terms,
    first_url,
    image_fingerprint,
)
from cegah.factchecks.models import (
    OPEN_STATUSES,
    Claim,
    ClaimEvent,
    EventKind,
    FactcheckError,
    ReviewPolicy,
    Status,
    Submission,
    Verdict,
)
from cegah.lib.uploads import CleanFile
from cegah.search.engine import record_changes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency

# Paths under /cek-fakta/ that a published article's address may not take.
RESERVED_SLUGS = frozenset({"kirim", "terkirim", "periksa", "antrean", "kebijakan-tinjauan", "en"})


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


def _refresh_match_terms(claim: Claim) -> None:
    """Analyse the claim's wordings again for "Periksa pesan" and tell every process."""
    claim.match_terms = claim_match_terms(claim)
    Claim.objects.filter(pk=claim.pk).update(match_terms=claim.match_terms)
    record_changes(COLLECTION, [claim.pk])


def refresh_all_match_terms(*, dry_run: bool = False) -> tuple[int, int]:
    """Analyse every published claim's wordings again (after the synonym list changed);
    returns (claims read, claims whose terms changed). Running it twice changes nothing."""
    read = changed = 0
    for claim in Claim.objects.published().order_by("pk").iterator(chunk_size=500):
        read += 1
        terms = claim_match_terms(claim)
        if terms != claim.match_terms:
            changed += 1
            if not dry_run:
                with transaction.atomic():
                    claim.match_terms = terms
                    Claim.objects.filter(pk=claim.pk).update(match_terms=terms)
                    record_changes(COLLECTION, [claim.pk])
    return read, changed


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
            if claim.is_published and text:
                _refresh_match_terms(claim)  # one more known wording
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
    variants: str = "",
) -> Claim:
    """Write or change the verdict while the claim is being checked (not yet public). A
    change to a verdict waiting for its second review withdraws the request: the reviewer
    must see the final text."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.CHECKING:
        raise FactcheckError(_("Start checking the claim before writing its verdict."))
    before = _verdict_fields(claim)
    claim.claim_text = clean_text(claim_text)[:1000]
    claim.verdict = Verdict(verdict)
    claim.headline = clean_text(headline)[:200]
    claim.explanation = clean_text(explanation)
    claim.sources = clean_text(sources)
    claim.variants = clean_text(variants)[:5000]
    withdrawn = claim.awaits_second_review and _verdict_fields(claim) != before
    if withdrawn:
        claim.review_requested_by = None
        claim.review_requested_at = None
    claim.save()
    ClaimEvent.record(claim, EventKind.VERDICT_SAVED, user, claim.get_verdict_display())
    if withdrawn:
        ClaimEvent.record(
            claim, EventKind.REVIEW_WITHDRAWN, user, _("The verdict was changed after the request.")
        )
    return claim


def _verdict_fields(claim: Claim) -> tuple[str, ...]:
    return (
        claim.claim_text,
        claim.verdict,
        claim.headline,
        claim.explanation,
        claim.sources,
        claim.variants,
    )


def _unique_slug(claim: Claim) -> str:
    base = slugify(claim.headline or claim.claim_text)[:100].strip("-") or "cek-fakta"
    if base in RESERVED_SLUGS:
        base = f"cek-fakta-{base}"
    slug, n = base, 1
    while Claim.objects.filter(slug=slug).exclude(pk=claim.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _missing_for_publication(claim: Claim) -> None:
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


def second_review_required(agency: Agency | None) -> bool:
    """Whether the agency's policy in force asks a second fact-checker to approve."""
    policy = ReviewPolicy.objects.current_for(agency.pk if agency else None)
    return bool(policy and policy.second_review_required)


@transaction.atomic
def set_review_policy(
    *, actor: User | AnonymousUser, agency: Agency, required: bool, reason: str = ""
) -> ReviewPolicy:
    """Ask (or stop asking) a second fact-checker to approve the agency's verdicts. Only an
    administrator of the agency (or of one above it) may; every change is a new row."""
    user = _require_agency_admin(actor, agency)
    current = ReviewPolicy.objects.select_for_update().filter(agency=agency).first()
    if current is not None and current.second_review_required == required:
        return current
    return ReviewPolicy.objects.create(
        agency=agency,
        second_review_required=required,
        reason=clean_text(reason)[:2000],
        set_by=user,
    )


def _require_agency_admin(actor: User | AnonymousUser, agency: Agency) -> User:
    from cegah.accounts.access import has_role
    from cegah.accounts.models import Role

    if not has_role(actor, Role.AGENCY_ADMIN, agency):
        raise FactcheckError(_("Only an administrator of the agency can change this."))
    return actor  # type: ignore[return-value]


@transaction.atomic
def request_second_review(*, actor: User | AnonymousUser, claim: Claim) -> Claim:
    """Hand a finished verdict to a second fact-checker of the same agency, as its policy
    asks; nothing is public until one of them approves."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.CHECKING:
        raise FactcheckError(_("Only a claim being checked can be sent for a second review."))
    if claim.awaits_second_review:
        raise FactcheckError(_("This verdict is already waiting for a second review."))
    _missing_for_publication(claim)
    if not second_review_required(fact_checker_agency(user)):
        raise FactcheckError(_("Your agency does not ask for a second review: publish it."))
    claim.review_requested_by = user
    claim.review_requested_at = timezone.now()
    claim.save(update_fields=["review_requested_by", "review_requested_at", "updated_at"])
    ClaimEvent.record(claim, EventKind.REVIEW_REQUESTED, user)
    return claim


@transaction.atomic
def return_for_changes(*, actor: User | AnonymousUser, claim: Claim, reason: str) -> Claim:
    """The second reviewer sends the verdict back to be changed, saying why (internal)."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    _require_reviewer(user, claim)
    reason = clean_text(reason)
    if not reason:
        raise FactcheckError(_("Write what should be changed."))
    claim.review_requested_by = None
    claim.review_requested_at = None
    claim.save(update_fields=["review_requested_by", "review_requested_at", "updated_at"])
    ClaimEvent.record(claim, EventKind.REVIEW_RETURNED, user, reason)
    return claim


def _require_reviewer(user: User, claim: Claim) -> None:
    """A second reviewer: another fact-checker of the agency of the one who asked."""
    if not claim.awaits_second_review or claim.review_requested_by is None:
        raise FactcheckError(_("This verdict is not waiting for a second review."))
    if claim.review_requested_by_id == user.pk:
        raise FactcheckError(_("A second review must be done by another fact-checker."))
    if fact_checker_agency(claim.review_requested_by) != fact_checker_agency(user):
        raise FactcheckError(
            _("Only a fact-checker of the same agency can give the second review.")
        )


@transaction.atomic
def publish_verdict(*, actor: User | AnonymousUser, claim: Claim) -> Claim:
    """Publish the verdict as a public article, put it in site search and in the message
    check, and tell everyone who left an address for this claim (each address once, ever).

    When the publishing agency asks for a second review, only another fact-checker of that
    agency can publish, and only a verdict handed to them with `request_second_review`;
    publishing is then their approval, recorded in the history."""
    user = _require_fact_checker(actor)
    claim = _lock(claim)
    if claim.status != Status.CHECKING:
        raise FactcheckError(_("Only a claim being checked can be published."))
    _missing_for_publication(claim)
    agency = fact_checker_agency(user)
    # A verdict handed over for review is published only by its reviewer, whatever the
    # policy of the agency of whoever else presses the button.
    if second_review_required(agency) or claim.awaits_second_review:
        if not claim.awaits_second_review:
            raise FactcheckError(
                _(
                    "Your agency asks a second fact-checker to approve each verdict: send it "
                    "for a second review."
                )
            )
        _require_reviewer(user, claim)
        requester = claim.review_requested_by
        approval = _("Approved by %(reviewer)s; written by %(author)s.") % {
            "reviewer": user.full_name or user.email,
            "author": (requester.full_name or requester.email) if requester else "—",
        }
    else:
        approval = ""
    claim.status = Status.DONE
    claim.slug = claim.slug or _unique_slug(claim)
    claim.published_at = timezone.now()
    claim.published_by = user
    claim.agency = agency
    claim.review_requested_by = None
    claim.review_requested_at = None
    claim.save()
    message = str(claim.get_verdict_display())
    ClaimEvent.record(
        claim,
        EventKind.PUBLISHED,
        user,
        f"{message}. {approval}" if approval else message,
    )
    search.index_claim(claim)
    _refresh_match_terms(claim)
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
    record_changes(COLLECTION, [claim.pk])
    return claim
