"""How long each kind of personal data is kept, and the jobs that delete or empty it after.

Each `RetentionKind` counts what is due (`manage.py purge_expired_data --dry-run`) and purges
it. Three kinds are purged by their own app's job, which this module only calls (it never
repeats their rules): complaint photos kept with forms never sent, chat conversations and the
assistant's unanswered-question aggregates. The others are new here and scheduled in
`cegah/privacy/tasks.py`. The periods are settings (`PRIVACY_*`, docs/privacy.md has the
table with the legal basis of each).

Rows are changed through the ORM one by one (`save()`), never with `QuerySet.update`, so
encrypted columns and their blind indexes stay consistent; empty values are stored empty,
so "still has a phone number" is a plain filter on `""`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class RetentionKind:
    """One kind of data with a retention period: `due(now)` counts the rows past it (None
    when the storage cannot be counted), `purge(now)` removes them and returns how many."""

    key: str
    label: StrOrPromise
    period: Callable[[], str]
    due: Callable[[dt.datetime], int | None]
    purge: Callable[[dt.datetime], int]
    job: str


def years_before(now: dt.datetime, years: int) -> dt.datetime:
    """The same moment `years` calendar years earlier (29 February becomes the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


# Kinds purged by their own app's job --------------------------------------------------------


def _kept_uploads_due(now: dt.datetime) -> int:
    from cegah.complaints.models import KeptUpload

    return KeptUpload.objects.expired().count()


def _kept_uploads_purge(now: dt.datetime) -> int:
    from cegah.complaints.actions import delete_expired_uploads

    return delete_expired_uploads()


def _chat_due(now: dt.datetime) -> int:
    from cegah.chat.models import Conversation

    return Conversation.objects.expired(now, settings.CHAT_RETENTION_DAYS).count()


def _chat_purge(now: dt.datetime) -> int:
    from cegah.chat.actions import purge_conversations

    return purge_conversations(now=now)


def _unanswered_due(now: dt.datetime) -> int:
    from cegah.assistant.models import UnansweredQuestion

    cutoff = now - dt.timedelta(days=int(settings.ASSISTANT_UNANSWERED_RETENTION_DAYS))
    return UnansweredQuestion.objects.filter(last_seen__lt=cutoff).count()


def _unanswered_purge(now: dt.datetime) -> int:
    from cegah.assistant.unanswered import purge_unanswered

    return purge_unanswered(int(settings.ASSISTANT_UNANSWERED_RETENTION_DAYS))


# Kinds purged here --------------------------------------------------------------------------


def _outbox(now: dt.datetime) -> QuerySet[Any]:
    from cegah.messaging.models import OutboxMessage

    cutoff = now - dt.timedelta(days=settings.PRIVACY_OUTBOX_RETENTION_DAYS)
    return OutboxMessage.objects.filter(created_at__lt=cutoff)


def _outbox_purge(now: dt.datetime) -> int:
    return int(_outbox(now).delete()[0])


def _closed_identities(now: dt.datetime) -> QuerySet[Any]:
    """Closed complaints untouched for the period that still name their reporter. The last
    change of a closed complaint is its closing or its rating, so the period runs from then."""
    from cegah.complaints.models import Complaint

    cutoff = years_before(now, settings.PRIVACY_COMPLAINT_IDENTITY_YEARS)
    named = (
        ~Q(reporter_name="")
        | ~Q(reporter_email="")
        | ~Q(reporter_phone="")
        | Q(reporter__isnull=False)
    )
    return Complaint.objects.closed().filter(named, updated_at__lt=cutoff)


def _closed_identities_purge(now: dt.datetime) -> int:
    done = 0
    while True:
        with transaction.atomic():
            batch = list(_closed_identities(now).order_by("pk")[:BATCH])
            for c in batch:
                c.reporter_name = ""
                c.reporter_email = ""
                c.reporter_phone = ""
                c.reporter = None
                c.consent_to_share_identity = False
                c.save()
        done += len(batch)
        if len(batch) < BATCH:
            return done


def _participant_contacts(now: dt.datetime) -> QuerySet[Any]:
    """Participants of campaigns that ended more than the period ago that can still be
    reached (phone, email or a Telegram chat)."""
    from cegah.campaigns.models import Participant

    last_day = timezone.localdate(now) - dt.timedelta(
        days=settings.PRIVACY_PARTICIPANT_CONTACT_DAYS
    )
    reachable = ~Q(phone="") | ~Q(email="") | ~Q(telegram_chat_id="")
    return Participant.objects.filter(reachable, campaign__ends_on__lt=last_day)


def _participant_contacts_purge(now: dt.datetime) -> int:
    from cegah.campaigns.models import Reminder

    done = 0
    while True:
        with transaction.atomic():
            batch = list(_participant_contacts(now).order_by("pk")[:BATCH])
            for p in batch:
                p.phone = ""
                p.email = ""
                p.telegram_chat_id = ""
                p.save()
            for reminder in Reminder.objects.filter(participant__in=batch).exclude(recipient=""):
                reminder.recipient = ""
                reminder.save()
        done += len(batch)
        if len(batch) < BATCH:
            return done


def _access_logs(now: dt.datetime) -> QuerySet[Any]:
    from cegah.audit.models import AccessLog

    return AccessLog.objects.filter(at__lt=years_before(now, settings.PRIVACY_ACCESS_LOG_YEARS))


def _access_logs_purge(now: dt.datetime) -> int:
    return int(_access_logs(now).delete()[0])


def _session_store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _sessions_due(now: dt.datetime) -> int | None:
    """Expired sessions in the database; None for engines that expire on their own (cache,
    signed cookies)."""
    store = _session_store()
    model = store.get_model_class() if hasattr(store, "get_model_class") else None
    if model is None:
        return None
    return int(model.objects.filter(expire_date__lt=now).count())


def _sessions_purge(now: dt.datetime) -> int:
    due = _sessions_due(now) or 0
    _session_store().clear_expired()
    return due


def _days(setting: str) -> Callable[[], str]:
    return lambda: f"{getattr(settings, setting)} d"


def _years(setting: str) -> Callable[[], str]:
    return lambda: f"{getattr(settings, setting)} y"


KINDS: tuple[RetentionKind, ...] = (
    RetentionKind(
        "kept_uploads",
        _("Complaint photos kept with forms never sent"),
        lambda: "1 d",
        _kept_uploads_due,
        _kept_uploads_purge,
        "complaints.tasks.remove_unsent_uploads",
    ),
    RetentionKind(
        "chat_conversations",
        _("Tanya Cegah conversations"),
        _days("CHAT_RETENTION_DAYS"),
        _chat_due,
        _chat_purge,
        "chat.tasks.purge_expired_conversations",
    ),
    RetentionKind(
        "unanswered_questions",
        _("Unanswered-question aggregates"),
        _days("ASSISTANT_UNANSWERED_RETENTION_DAYS"),
        _unanswered_due,
        _unanswered_purge,
        "assistant.tasks.purge_old_unanswered",
    ),
    RetentionKind(
        "outbox_messages",
        _("Messages in the outbox (recipients and bodies)"),
        _days("PRIVACY_OUTBOX_RETENTION_DAYS"),
        lambda now: int(_outbox(now).count()),
        _outbox_purge,
        "privacy.tasks.purge_outbox_messages",
    ),
    RetentionKind(
        "complaint_identities",
        _("Reporter identity of closed complaints"),
        _years("PRIVACY_COMPLAINT_IDENTITY_YEARS"),
        lambda now: int(_closed_identities(now).count()),
        _closed_identities_purge,
        "privacy.tasks.purge_complaint_identities",
    ),
    RetentionKind(
        "participant_contacts",
        _("Campaign participants' phone, email and Telegram chat"),
        _days("PRIVACY_PARTICIPANT_CONTACT_DAYS"),
        lambda now: int(_participant_contacts(now).count()),
        _participant_contacts_purge,
        "privacy.tasks.purge_participant_contacts",
    ),
    RetentionKind(
        "access_logs",
        _("Access-log entries"),
        _years("PRIVACY_ACCESS_LOG_YEARS"),
        lambda now: int(_access_logs(now).count()),
        _access_logs_purge,
        "privacy.tasks.purge_access_logs",
    ),
    RetentionKind(
        "expired_sessions",
        _("Expired sign-in sessions"),
        lambda: f"{settings.SESSION_COOKIE_AGE} s",
        _sessions_due,
        _sessions_purge,
        "privacy.tasks.purge_expired_sessions",
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}


def run(key: str, now: dt.datetime | None = None) -> int:
    """Purge one kind now; returns how many rows were removed or emptied."""
    done = BY_KEY[key].purge(now or timezone.now())
    logger.info("privacy: retention purge %s removed or emptied %s row(s)", key, done)
    return done
