"""Emails about complaints: rendered in the reader's language, sent by a background task.

The task is queued in the same transaction as the change it reports, so a change that is
rolled back sends nothing, and a sent email never waits on a slow mail server in the request.
Outside production the mail backend writes to the outbox table instead of sending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from cegah.complaints.models import Complaint, ComplaintEvent

# Events that tell the reporter something new (their own steps and the receipt excepted).
_REPORTER_EVENTS = frozenset(
    {
        "verified",
        "info_requested",
        "closed",
        "forwarded",
        "unit_assigned",
        "started",
        "resolved",
        "reply",
    }
)


@task()
def deliver_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email; the backend decides whether it really leaves."""
    return send_mail(subject, body, None, to)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _queue(to: str, language: str, subject: str, template: str, context: dict[str, Any]) -> None:
    with translation.override(language):
        body = render_to_string(template, context)
        deliver_email.enqueue(subject=str(subject), body=body, to=[to])


def send_tracking_code(complaint: Complaint, email: str, language: str) -> None:
    """The receipt: the code and the address where the complaint can be followed."""
    with translation.override(language):
        subject = _("Your complaint has been received")
        context = {
            "complaint": complaint,
            "code": complaint.display_code,
            "url": _absolute(complaint.public_url()),
            "track_url": _absolute(reverse("complaints:track")),
        }
        _queue(email, language, subject, "complaints/email/receipt.txt", context)


def notify_reporter(complaint: Complaint, event: ComplaintEvent) -> None:
    """Tell a reporter who left an email address what changed (never internal events)."""
    if event.internal or event.kind not in _REPORTER_EVENTS or not complaint.reporter_email:
        return
    language = complaint.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Your complaint has an update")
        context = {
            "complaint": complaint,
            "event": event,
            "status": complaint.get_status_display(),
            "url": _absolute(complaint.public_url()),
        }
        _queue(complaint.reporter_email, language, subject, "complaints/email/update.txt", context)


def notify_staff(
    recipients: list[tuple[str, str]], complaint: Complaint, headline_key: str, **extra: Any
) -> int:
    """Email staff about a complaint, each in their own language; never identity data."""
    for email, language in recipients:
        with translation.override(language):
            headline = _staff_headline(headline_key, complaint, **extra)
            context = {
                "complaint": complaint,
                "headline": headline,
                "url": _absolute(complaint.staff_url()),
            }
            subject = _("Complaint #%(number)s: %(headline)s") % {
                "number": complaint.pk,
                "headline": headline,
            }
            _queue(email, language, subject, "complaints/email/staff.txt", context)
    return len(recipients)


def _staff_headline(key: str, complaint: Complaint, **extra: Any) -> str:
    if key == "new":
        return _("a new complaint for your agency")
    if key == "reporter_update":
        return _("the reporter added information")
    if key == "reopened":
        return _("the reporter reopened the complaint")
    if key == "returned":
        return _("an agency returned it as not its authority")
    due = formats.date_format(extra["due"], "DATE_FORMAT") if "due" in extra else ""
    if key == "escalation_verification":
        return _("verification was due on %(due)s") % {"due": due}
    if key == "escalation_first_response":
        return _("the agency's first response was due on %(due)s") % {"due": due}
    if key == "escalation_resolution":
        return _("resolution was due on %(due)s") % {"due": due}
    raise ValueError(key)
