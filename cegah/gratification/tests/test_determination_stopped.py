"""A report returned as incomplete and not sent again within the completion working days of its
rules version is closed: the determination stops, once, with an event and one email."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client

from cegah.gratification import actions
from cegah.gratification.models import EventKind, GratificationReport, ReportStatus
from cegah.gratification.tasks import stop_determinations
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import create_draft, submit, submitted_reports
from cegah.lib.workdays import add_working_days

JAKARTA = ZoneInfo("Asia/Jakarta")
JAYAPURA = ZoneInfo("Asia/Jayapura")


def at(day: dt.date, hour: int, zone: ZoneInfo = JAKARTA) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=zone), tick=False)


def _returned_by_upg(client: Client, people: Gratification) -> GratificationReport:
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client))
    client.force_login(people.upg_a)
    response = client.post(
        f"/gratifikasi/laporan/{report.pk}/kembalikan-upg/",
        {"return_by_upg-message": "Lampirkan foto."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED_BY_UPG
    return report


def test_a_report_not_completed_in_time_is_stopped_once_with_one_email(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    report = _returned_by_upg(client, people)
    # Returned on Mon 23 Nov 2026 under PerKPK 1/2026: 20 working days to complete it.
    assert report.complete_by == add_working_days(dt.date(2026, 11, 23), 20)
    with at(report.complete_by, 23):  # type: ignore[arg-type]
        assert stop_determinations.enqueue().return_value == 0
    day_after = report.complete_by + dt.timedelta(days=1)  # type: ignore[operator]
    with at(day_after, 1):
        assert stop_determinations.enqueue().return_value == 1
        assert stop_determinations.enqueue().return_value == 0
    with at(day_after, 20):
        assert stop_determinations.enqueue().return_value == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.DETERMINATION_STOPPED
    (event,) = report.events.filter(kind=EventKind.DETERMINATION_STOPPED)
    assert (event.from_status, event.to_status, event.actor) == (
        ReportStatus.RETURNED_BY_UPG,
        ReportStatus.DETERMINATION_STOPPED,
        None,
    )
    (email,) = mailoutbox
    assert email.to == ["asn@example.org"]
    assert report.number in email.subject
    assert f"/gratifikasi/laporan/{report.pk}/" in email.body
    assert "dihentikan" in email.body  # in the reporter's language, Indonesian


def test_the_deadline_is_read_in_the_zone_of_the_reporters_agency(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    people.p.unit_a.timezone = "Asia/Jayapura"  # the reporter's own agency
    people.p.unit_a.save()
    report = _returned_by_upg(client, people)
    assert report.complete_by is not None
    # 23:30 in Jakarta on the last day is already the next day in Jayapura.
    with at(report.complete_by, 23):
        assert stop_determinations.enqueue().return_value == 1
    assert len(mailoutbox) == 1


def test_a_report_sent_again_in_time_is_not_stopped(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    report = _returned_by_upg(client, people)
    client.force_login(people.p.asn_a)
    report = submit(client, report)
    assert report.status == ReportStatus.AT_UPG and report.complete_by is None
    with at(dt.date(2027, 3, 1), 9):
        assert stop_determinations.enqueue().return_value == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.AT_UPG
    assert mailoutbox == []


def test_a_report_returned_by_kpk_under_the_2019_rules_gets_30_working_days(
    client: Client, people: Gratification, mailoutbox: list[Any]
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    client.force_login(people.p.asn_a)
    report = submit(client, create_draft(client, received_on="2026-01-19"))
    client.force_login(people.kpk_grat)
    client.post(
        f"/gratifikasi/laporan/{report.pk}/kembalikan-kpk/",
        {"return_by_kpk-message": "Kronologi?"},
    )
    report.refresh_from_db()
    assert report.complete_by == add_working_days(dt.date(2026, 11, 23), 30)
    twentieth = add_working_days(dt.date(2026, 11, 23), 21)
    with at(twentieth, 9):
        assert stop_determinations.enqueue().return_value == 0
    with at(report.complete_by + dt.timedelta(days=1), 9):  # type: ignore[operator]
        assert stop_determinations.enqueue().return_value == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DETERMINATION_STOPPED
    assert len(mailoutbox) == 1
    # The stopped report can no longer be changed or sent.
    client.force_login(people.p.asn_a)
    client.post(f"/gratifikasi/laporan/{report.pk}/kirim/")
    report.refresh_from_db()
    assert report.status == ReportStatus.DETERMINATION_STOPPED


def test_stopped_determinations_are_counted_in_the_statistics(
    client: Client, people: Gratification
) -> None:
    reports = submitted_reports(people.p.asn_a, people.p.unit_a, 5)
    for report in reports:
        actions.return_by_upg(actor=people.upg_a, report=report, message="Lampirkan foto.")
    day_after = reports[0].complete_by + dt.timedelta(days=1)
    with at(day_after, 1):
        assert stop_determinations.enqueue().return_value == 5
    response = client.get("/gratifikasi/statistik/", {"tahun": 2026})
    november = response.context["months"][10]
    assert (november.reports, november.determination_stopped) == (5, 5)
    assert "Penetapan dihentikan" in response.content.decode()
    lines = client.get("/gratifikasi/statistik/csv/", {"tahun": 2026}).content.decode()
    header, *rows = lines.splitlines()
    assert header.endswith(",Penetapan dihentikan")
    assert "2026,November,Nasional,5,10000000,100.0,0,0,0,0,5" in rows
