"""Reminders: reporters whose drafts are due within three working days get one email a day,
however often the job runs."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from cegah.gratification.models import EventKind, ReminderSent
from cegah.gratification.tasks import remind_drafts
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import create_draft, submit

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(*args, tzinfo=JAKARTA), tick=False)


def test_a_draft_is_reminded_once_a_day_in_its_last_three_working_days(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    client.force_login(people.p.asn_a)
    # Received Mon 16 Nov; agency A has a UPG, so the draft must reach it by Mon 30 Nov.
    report = create_draft(client)
    assert report.upg_deadline == dt.date(2026, 11, 30)
    assert remind_drafts.enqueue().return_value == 0  # Mon 23 Nov: five working days left
    with at(2026, 11, 24, 8, 0):
        assert remind_drafts.enqueue().return_value == 0  # four left
    with at(2026, 11, 25, 8, 0):
        assert remind_drafts.enqueue().return_value == 1  # three left
        assert remind_drafts.enqueue().return_value == 0
    with at(2026, 11, 25, 16, 0):
        assert remind_drafts.enqueue().return_value == 0
    assert len(mailoutbox) == 1
    with at(2026, 11, 26, 8, 0):
        assert remind_drafts.enqueue().return_value == 1
        assert remind_drafts.enqueue().return_value == 0
    assert [m.to for m in mailoutbox] == [["asn@example.org"], ["asn@example.org"]]
    rows = ReminderSent.objects.filter(report=report).order_by("day")
    assert [(r.day, r.deadline, r.working_days_left) for r in rows] == [
        (dt.date(2026, 11, 25), dt.date(2026, 11, 30), 3),
        (dt.date(2026, 11, 26), dt.date(2026, 11, 30), 2),
    ]
    assert report.events.filter(kind=EventKind.REMINDED).count() == 2


def test_the_reminder_names_the_deadline_and_links_to_the_draft(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    client.force_login(people.p.asn_a)
    report = create_draft(client)
    with at(2026, 11, 30, 7, 0):
        assert remind_drafts.enqueue().return_value == 1
    (email,) = mailoutbox
    assert "30 Nov" in email.subject
    assert "Batas waktunya hari ini." in email.body  # in the reporter's language, Indonesian
    assert f"/gratifikasi/laporan/{report.pk}/" in email.body
    assert "Amplop berisi uang tunai" in email.body


def test_sent_and_overdue_drafts_are_not_reminded(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    client.force_login(people.p.asn_a)
    submit(client, create_draft(client))
    create_draft(client, form_token="token-2", received_on="2026-11-02")  # due 16 Nov
    with at(2026, 11, 26, 8, 0):
        assert remind_drafts.enqueue().return_value == 0
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_without_a_upg_the_deadline_for_kpk_counts(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    client.force_login(people.p.asn_a)
    report = create_draft(client)
    assert report.deadline is not None
    with at(2026, 11, 27, 8, 0):  # past the UPG's date, far from KPK's
        assert remind_drafts.enqueue().return_value == 0
    day = report.deadline
    with at(day.year, day.month, day.day, 8, 0):
        assert remind_drafts.enqueue().return_value == 1
    assert ReminderSent.objects.get().deadline == report.deadline


def test_a_reminder_the_mail_server_refused_is_sent_on_the_next_run(
    client: Client,
    people: Gratification,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client.force_login(people.p.asn_a)
    create_draft(client)

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("gone")

    with at(2026, 11, 27, 8, 0), monkeypatch.context() as patch:
        patch.setattr("cegah.gratification.actions.send_mail", refuse)
        assert remind_drafts.enqueue().return_value == 0
    assert not ReminderSent.objects.exists()
    with at(2026, 11, 27, 9, 0):
        assert remind_drafts.enqueue().return_value == 1
    assert len(mailoutbox) == 1
