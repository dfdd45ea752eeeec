"""Nightly retention purges (docs/privacy.md). The kinds whose app already purges them
(kept uploads, chat conversations, unanswered questions) keep their own jobs."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from cegah.privacy import retention


@cron("10 3 * * *")
@task()
def purge_outbox_messages() -> int:
    """Outbox messages older than `PRIVACY_OUTBOX_RETENTION_DAYS`."""
    return retention.run("outbox_messages")


@cron("20 3 * * *")
@task()
def purge_complaint_identities() -> int:
    """The reporter's identity of complaints closed `PRIVACY_COMPLAINT_IDENTITY_YEARS` ago."""
    return retention.run("complaint_identities")


@cron("30 3 * * *")
@task()
def purge_participant_contacts() -> int:
    """Participants' contacts `PRIVACY_PARTICIPANT_CONTACT_DAYS` after their campaign ended."""
    return retention.run("participant_contacts")


@cron("40 3 * * Sun")
@task()
def purge_access_logs() -> int:
    """Access-log rows older than `PRIVACY_ACCESS_LOG_YEARS` (weekly)."""
    return retention.run("access_logs")


@cron("50 3 * * *")
@task()
def purge_expired_sessions() -> int:
    """Expired sessions (what `manage.py clearsessions` does)."""
    return retention.run("expired_sessions")
