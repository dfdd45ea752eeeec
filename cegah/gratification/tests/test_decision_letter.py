"""The decision letter reaches the reporter within 7 working days of KPK's decision: its due
date is stored, the reporter is emailed a link, KPK records the delivery, and the KPK inbox
flags letters not sent by their due date."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from cegah.gratification.models import EventKind, GratificationReport, ReportStatus
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import DECIDE, create_draft, submit
from cegah.lib.workdays import add_working_days

JAKARTA = ZoneInfo("Asia/Jakarta")


def _decided(client: Client, people: Gratification) -> GratificationReport:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    response = client.post(
        f"/gratifikasi/laporan/{report.pk}/tetapkan/", {**DECIDE, "decide-decision": "milik_negara"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DECIDED
    return report


def test_the_decision_stores_the_letter_due_date_and_emails_the_reporter_a_link(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    report = _decided(client, people)
    assert report.letter_due == add_working_days(dt.date(2026, 11, 23), 7)
    assert report.letter_sent_at is None
    (email,) = mailoutbox
    assert email.to == ["asn@example.org"]
    assert report.number in email.subject
    assert f"/gratifikasi/laporan/{report.pk}/keputusan/" in email.body
    assert "Milik negara" in email.body  # in the reporter's language, Indonesian


def test_a_kpk_officer_marks_the_letter_sent_once_with_an_event(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people)
    url = f"/gratifikasi/laporan/{report.pk}/surat-terkirim/"
    response = client.post(url, {"mark_letter_sent-message": "Dikirim lewat pos, resi 123."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.letter_sent_at is not None
    (event,) = report.events.filter(kind=EventKind.LETTER_SENT)
    assert event.actor == people.kpk_grat and event.message == "Dikirim lewat pos, resi 123."
    client.post(url)
    assert report.events.filter(kind=EventKind.LETTER_SENT).count() == 1
    # Delivered: it leaves the KPK inbox.
    assert client.get("/gratifikasi/laporan/kpk/").context["reports"] == []


def test_only_kpk_gratification_officers_may_mark_the_letter_sent(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people)
    url = f"/gratifikasi/laporan/{report.pk}/surat-terkirim/"
    for who in (people.p.asn_a, people.upg_a):
        client.force_login(who)
        client.post(url)
    for who in (people.p.officer_b, people.p.kpk_officer):
        client.force_login(who)
        assert client.post(url).status_code == 404
    report.refresh_from_db()
    assert report.letter_sent_at is None
    assert not report.events.filter(kind=EventKind.LETTER_SENT).exists()


def test_the_kpk_inbox_flags_a_letter_not_sent_by_its_due_date(
    client: Client, people: Gratification
) -> None:
    report = _decided(client, people)
    assert report.letter_due is not None
    with time_machine.travel(
        dt.datetime.combine(report.letter_due, dt.time(12), tzinfo=JAKARTA), tick=False
    ):
        response = client.get("/gratifikasi/laporan/kpk/")
        assert response.context["reports"] == [report]
        assert "Surat keputusan terlambat" not in response.content.decode()
    next_day = report.letter_due + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(next_day, dt.time(9), tzinfo=JAKARTA)):
        response = client.get("/gratifikasi/laporan/kpk/")
        assert "Surat keputusan terlambat" in response.content.decode()
        assert GratificationReport.objects.overdue().get() == report
        client.post(f"/gratifikasi/laporan/{report.pk}/surat-terkirim/")
        report.refresh_from_db()
        assert not report.letter_overdue
        assert not GratificationReport.objects.overdue().exists()
