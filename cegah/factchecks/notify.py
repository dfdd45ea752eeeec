"""Telling people who left an address what became of their message: the verdict once it is
published, or the fact-checkers' reason when they set the claim aside as out of scope.

Sent like every other email of the platform: rendered in the submitter's language and
queued as a background task in the same transaction as the step that causes it (outside
production the mail backend writes to `cegah.messaging`'s outbox instead of sending). Each
address of a claim is told each thing once: the submissions it came with are marked
`notified_at` (the verdict) or `set_aside_notified_at` (set aside), so publishing again
after a correction, or setting aside again after a reopening, tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cegah.complaints.notify import deliver_email
from cegah.factchecks.models import Claim, Submission


def _send_once(
    claim: Claim,
    submissions: Iterable[Submission],
    *,
    marker: str,
    subject: Callable[[], str],
    template: str,
    context: Callable[[], dict[str, Any]],
) -> int:
    """Email each address among `submissions` whose `marker` is still empty (and that no
    other submission of the claim was told under it), then set the marker; returns how many
    emails were queued. `subject` and `context` are called in the submitter's language."""
    pending: dict[str, list[Submission]] = {}
    for submission in submissions:
        if submission.contact_email and getattr(submission, marker) is None:
            pending.setdefault(submission.contact_email.lower(), []).append(submission)
    if not pending:
        return 0
    already = set(
        claim.submissions.filter(
            contact_email__in=list(pending), **{f"{marker}__isnull": False}
        ).values_list("contact_email", flat=True)
    )
    now = timezone.now()
    sent = 0
    for email, group in pending.items():
        Submission.objects.filter(pk__in=[s.pk for s in group]).update(**{marker: now})
        for s in group:
            setattr(s, marker, now)
        if email in already:
            continue
        language = group[0].language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = subject()
            body = render_to_string(template, context())
        deliver_email.enqueue(subject=str(title), body=body, to=[email])
        sent += 1
    return sent


def send_verdict(claim: Claim, submissions: Iterable[Submission]) -> int:
    """Email the verdict to each address among `submissions` not told before; returns how
    many emails were queued."""
    return _send_once(
        claim,
        submissions,
        marker="notified_at",
        subject=lambda: _("Cek Fakta: the verdict on the message you sent"),
        template="factchecks/email/verdict.txt",
        context=lambda: {
            "claim": claim,
            "verdict": claim.get_verdict_display(),
            "url": f"{settings.SITE_URL}{claim.public_url()}",
        },
    )


def send_set_aside(claim: Claim, submissions: Iterable[Submission], reason: str) -> int:
    """Tell each address among `submissions` not told before that the claim was set aside
    as out of scope, with the fact-checker's reason (written for the public); returns how
    many emails were queued."""
    return _send_once(
        claim,
        submissions,
        marker="set_aside_notified_at",
        subject=lambda: _("Cek Fakta: about the message you sent"),
        template="factchecks/email/set_aside.txt",
        context=lambda: {
            "reason": reason,
            "archive_url": f"{settings.SITE_URL}{reverse('factchecks:archive')}",
        },
    )
