"""Each retention purge removes or empties what is past its period and keeps the rest; the
command lists the counts without touching anything under --dry-run."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.audit.models import AccessKind, AccessLog
from cegah.campaigns.models import Campaign, Participant
from cegah.complaints import actions as complaint_actions
from cegah.complaints.models import Complaint, Status
from cegah.messaging.models import OutboxMessage
from cegah.privacy import tasks
from cegah.privacy.tests.factories import complaint_by, participation_of
from cegah.test import Personas

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=JAKARTA)


def test_outbox_messages_go_after_their_days(settings: SettingsWrapper) -> None:
    settings.PRIVACY_OUTBOX_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        OutboxMessage.objects.create(channel="email", recipient="lama@example.org", body="lama")
        clock.shift(dt.timedelta(days=20))
        OutboxMessage.objects.create(channel="email", recipient="baru@example.org", body="baru")
        clock.shift(dt.timedelta(days=11))
        assert tasks.purge_outbox_messages.enqueue().return_value == 1
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["baru@example.org"]


def close(complaint: Complaint, p: Personas) -> Complaint:
    complaint_actions.close_complaint(
        actor=p.kpk_officer,
        complaint=complaint,
        reason="cannot_be_verified",
        message="Tidak jelas.",
    )
    complaint.refresh_from_db()
    return complaint


def test_a_closed_complaint_loses_its_reporter_identity_after_the_years(
    personas: Personas, regions: None, settings: SettingsWrapper
) -> None:
    p = personas
    settings.PRIVACY_COMPLAINT_IDENTITY_YEARS = 5
    with time_machine.travel(START, tick=False) as clock:
        old = close(complaint_by(p.citizen), p)
        still_open = complaint_by(p.citizen, description="Pungutan liar yang masih diperiksa.")
        clock.shift(dt.timedelta(days=365 * 4))
        recent = close(complaint_by(p.citizen, description="Pungutan liar lain, lebih baru."), p)
        clock.move_to(dt.datetime(2031, 1, 6, 9, 0, tzinfo=JAKARTA))
        assert tasks.purge_complaint_identities.enqueue().return_value == 1
        # Run again: nothing left to empty.
        assert tasks.purge_complaint_identities.enqueue().return_value == 0
    old.refresh_from_db()
    assert old.status == Status.CLOSED and old.description
    assert (old.reporter_name, old.reporter_email, old.reporter_phone) == ("", "", "")
    assert old.reporter is None
    for kept in (still_open, recent):
        kept.refresh_from_db()
        assert kept.reporter_email == "sri.rahayu@example.org"
        assert kept.reporter == p.citizen


def test_participants_lose_their_contacts_some_days_after_the_campaign_ends(
    personas: Personas, settings: SettingsWrapper
) -> None:
    settings.PRIVACY_PARTICIPANT_CONTACT_DAYS = 90
    ended = participation_of(personas.citizen, personas)  # the campaign ended in April 2024
    recent = participation_of(personas.asn_a, personas, title="Kampanye baru")
    Campaign.objects.filter(pk=recent.campaign_id).update(ends_on=dt.date(2024, 4, 26))
    with time_machine.travel(dt.datetime(2024, 7, 25, 9, 0, tzinfo=JAKARTA), tick=False):
        # 90 days after 26 April: not yet.
        assert tasks.purge_participant_contacts.enqueue().return_value == 0
    with time_machine.travel(dt.datetime(2024, 7, 26, 9, 0, tzinfo=JAKARTA), tick=False):
        assert tasks.purge_participant_contacts.enqueue().return_value == 2
    ended.refresh_from_db()
    assert (ended.phone, ended.email, ended.telegram_chat_id) == ("", "", "")
    assert ended.name == "Sri Rahayu" and ended.nip and ended.user == personas.citizen
    assert Participant.objects.exclude(phone="").count() == 0


def test_access_log_rows_go_after_the_years(personas: Personas, settings: SettingsWrapper) -> None:
    settings.PRIVACY_ACCESS_LOG_YEARS = 5
    with time_machine.travel(START, tick=False) as clock:
        AccessLog.objects.create(
            actor_label="a@example.org", kind=AccessKind.VIEW, object_type="x.y", object_id="1"
        )
        clock.shift(dt.timedelta(days=2))
        AccessLog.objects.create(
            actor_label="b@example.org", kind=AccessKind.VIEW, object_type="x.y", object_id="2"
        )
        clock.move_to(dt.datetime(2031, 1, 6, 9, 0, tzinfo=JAKARTA))
        assert tasks.purge_access_logs.enqueue().return_value == 1
    assert list(AccessLog.objects.values_list("object_id", flat=True)) == ["2"]


def test_expired_sessions_are_cleared() -> None:
    with time_machine.travel(START, tick=False) as clock:
        old = SessionStore()
        old.set_expiry(60)
        old.create()
        fresh = SessionStore()
        fresh.set_expiry(3600 * 24)
        fresh.create()
        clock.shift(dt.timedelta(hours=1))
        assert tasks.purge_expired_sessions.enqueue().return_value == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]


def test_the_dry_run_lists_every_kind_with_its_count_and_changes_nothing(
    personas: Personas, settings: SettingsWrapper
) -> None:
    settings.PRIVACY_OUTBOX_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        OutboxMessage.objects.create(channel="email", recipient="lama@example.org", body="lama")
        participation_of(personas.citizen, personas)
        clock.shift(dt.timedelta(days=31))
        out = io.StringIO()
        call_command("purge_expired_data", "--dry-run", stdout=out)
        lines = dict(line.split("\t", 1) for line in out.getvalue().splitlines())
        assert set(lines) == {
            "kept_uploads",
            "chat_conversations",
            "unanswered_questions",
            "outbox_messages",
            "complaint_identities",
            "participant_contacts",
            "access_logs",
            "expired_sessions",
        }
        assert lines["outbox_messages"].startswith("30 d\t1 due")
        assert lines["participant_contacts"].startswith("90 d\t1 due")
        assert "chat.tasks.purge_expired_conversations" in lines["chat_conversations"]
        assert OutboxMessage.objects.count() == 1
        assert Participant.objects.exclude(phone="").count() == 1

        out = io.StringIO()
        call_command("purge_expired_data", "--kind", "outbox_messages", stdout=out)
        assert out.getvalue().strip() == "outbox_messages\t1 purged"
    assert not OutboxMessage.objects.exists()
    assert Participant.objects.exclude(phone="").count() == 1


def test_the_new_purges_are_scheduled_every_night() -> None:
    from crontask import scheduler

    scheduled = {job.name for job in scheduler.get_jobs()}
    for name in (
        "purge_outbox_messages",
        "purge_complaint_identities",
        "purge_participant_contacts",
        "purge_access_logs",
        "purge_expired_sessions",
    ):
        assert any(name in job for job in scheduled), name
