"""Telling people who left an address what the verdict on their message is.

Sent like every other email of the platform: rendered in the submitter's language and
queued as a background task in the same transaction as the publication (outside production
the mail backend writes to `cegah.messaging`'s outbox instead of sending). Each address of a
claim is told once: the submissions it came with are marked `notified_at`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cegah.complaints.notify import deliver_email
from cegah.factchecks.models import Claim, Submission


def send_verdict(claim: Claim, submissions: Iterable[Submission]) -> int:
    """Email the verdict to each address among `submissions` not told before; returns how
    many emails were queued."""
    pending: dict[str, list[Submission]] = {}
    for submission in submissions:
        if submission.contact_email and submission.notified_at is None:
            pending.setdefault(submission.contact_email.lower(), []).append(submission)
    if not pending:
        return 0
    already = set(
        claim.submissions.filter(
            contact_email__in=list(pending), notified_at__isnull=False
        ).values_list("contact_email", flat=True)
    )
    now = timezone.now()
    sent = 0
    for email, group in pending.items():
        ids = [s.pk for s in group]
        Submission.objects.filter(pk__in=ids).update(notified_at=now)
        for s in group:
            s.notified_at = now
        if email in already:
            continue
        language = group[0].language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("Cek Fakta: the verdict on the message you sent")
            body = render_to_string(
                "factchecks/email/verdict.txt",
                {
                    "claim": claim,
                    "verdict": claim.get_verdict_display(),
                    "url": f"{settings.SITE_URL}{claim.public_url()}",
                },
            )
        deliver_email.enqueue(subject=str(subject), body=body, to=[email])
        sent += 1
    return sent
