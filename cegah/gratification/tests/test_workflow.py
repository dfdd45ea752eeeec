"""The report's path: the UPG, KPK's verification and decision, deadlines and inboxes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.gratification.models import GratificationReport, ReportStatus
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import DECIDE, create_draft, submit
from cegah.lib.workdays import add_working_days


def _submitted(
    client: Client, people: Gratification, token: str = "token-1", **fields: str
) -> GratificationReport:
    client.force_login(people.p.asn_a)
    return submit(client, create_draft(client, form_token=token, **fields))


def _act(
    client: Client, report: GratificationReport, segment: str, **data: str
) -> GratificationReport:
    response = client.post(f"/gratifikasi/laporan/{report.pk}/{segment}/", data)
    assert response.status_code == 302
    report.refresh_from_db()
    return report


def test_a_report_goes_to_the_upg_of_the_reporters_government_with_a_10_day_deadline(
    client: Client, people: Gratification
) -> None:
    report = _submitted(client, people)
    assert report.status == ReportStatus.AT_UPG and report.via_upg
    assert report.upg_forward_by == add_working_days(dt.date(2026, 11, 23), 10)


def test_without_a_upg_the_report_goes_straight_to_kpk(
    client: Client, people: Gratification
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    report = _submitted(client, people)
    assert report.status == ReportStatus.AT_KPK and not report.via_upg
    assert report.decide_by == add_working_days(dt.date(2026, 11, 23), 30)


def test_the_full_path_from_upg_to_kpks_decision_letter(
    client: Client, people: Gratification
) -> None:
    report = _submitted(client, people)
    client.force_login(people.upg_a)
    report = _act(client, report, "kembalikan-upg", **{"return_by_upg-message": "Lampirkan foto."})
    assert report.status == ReportStatus.RETURNED_BY_UPG
    client.force_login(people.p.asn_a)
    report = submit(client, report)
    assert report.status == ReportStatus.AT_UPG
    client.force_login(people.upg_a)
    report = _act(client, report, "teruskan")
    assert report.status == ReportStatus.AT_KPK and report.forwarded_at is not None
    client.force_login(people.kpk_grat)
    report = _act(client, report, "verifikasi")
    assert report.status == ReportStatus.VERIFIED
    report = _act(
        client,
        report,
        "tetapkan",
        **DECIDE,
        **{"decide-decision": "milik_negara_dapat_diganti_uang", "decide-amount_idr": "2000000"},
    )
    assert report.status == ReportStatus.DECIDED
    assert report.decision_amount_idr == 2_000_000 and report.decision_late is False
    report = _act(client, report, "serah-terima", **{"handover-message": "Diterima DJKN, BA-12."})
    assert report.handover_at is not None
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == [
        "created", "submitted", "returned_by_upg", "submitted", "forwarded", "verified",
        "decided", "handed_over",
    ]  # fmt: skip
    client.force_login(people.p.asn_a)
    html = client.get(f"/gratifikasi/laporan/{report.pk}/keputusan/").content.decode()
    assert "Milik negara yang dapat diganti dengan uang" in html and "Rp2.000.000" in html
    assert report.number in html


def test_a_decision_that_cannot_be_followed_up_needs_a_reason(
    client: Client, people: Gratification
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    report = _submitted(client, people)
    client.force_login(people.kpk_grat)
    report = _act(client, report, "verifikasi")
    report = _act(
        client, report, "tetapkan", **DECIDE, **{"decide-decision": "tidak_dapat_ditindaklanjuti"}
    )
    assert report.status == ReportStatus.VERIFIED
    report = _act(
        client,
        report,
        "tetapkan",
        **DECIDE,
        **{"decide-decision": "tidak_dapat_ditindaklanjuti", "decide-reason": "Tidak bernilai."},
    )
    assert report.decision == "tidak_dapat_ditindaklanjuti"


@pytest.mark.parametrize(
    ("received_on", "days"), [("2026-11-16", 20), ("2026-01-19", 30)], ids=["2026", "2019"]
)
def test_kpk_returns_an_incomplete_report_with_the_completion_days_of_its_rules(
    client: Client, people: Gratification, received_on: str, days: int
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    report = _submitted(client, people, received_on=received_on)
    client.force_login(people.kpk_grat)
    report = _act(client, report, "kembalikan-kpk", **{"return_by_kpk-message": "Kronologi?"})
    assert report.status == ReportStatus.RETURNED_BY_KPK
    assert report.complete_by == add_working_days(dt.date(2026, 11, 23), days)
    client.force_login(people.p.asn_a)
    report = submit(client, report)
    assert report.status == ReportStatus.AT_KPK


def test_the_upg_cannot_act_on_kpks_steps_nor_kpk_skip_verification(
    client: Client, people: Gratification
) -> None:
    report = _submitted(client, people)
    client.force_login(people.upg_a)
    assert _act(client, report, "verifikasi").status == ReportStatus.AT_UPG
    client.force_login(people.kpk_grat)
    report = _act(client, report, "tetapkan", **DECIDE, **{"decide-decision": "milik_penerima"})
    assert report.status == ReportStatus.AT_UPG


def test_the_upg_inbox_flags_reports_past_their_10_working_days(
    client: Client, people: Gratification
) -> None:
    report = _submitted(client, people)
    client.force_login(people.upg_a)
    response = client.get("/gratifikasi/laporan/upg/")
    assert [r.pk for r in response.context["reports"]] == [report.pk]
    assert not response.context["reports"][0].is_overdue
    with time_machine.travel(dt.datetime(2026, 12, 15, 12, 0), tick=False):
        client.force_login(people.upg_a)
        response = client.get("/gratifikasi/laporan/upg/")
        assert response.context["reports"][0].is_overdue
        assert GratificationReport.objects.overdue().count() == 1
        assert "Terlambat" in response.content.decode()


def test_the_kpk_inbox_has_a_constant_number_of_queries(
    client: Client, people: Gratification
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    _submitted(client, people, "t1")
    client.force_login(people.kpk_grat)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/gratifikasi/laporan/kpk/").status_code == 200
    for token in ("t2", "t3", "t4"):
        _submitted(client, people, token)
    client.force_login(people.kpk_grat)
    with CaptureQueriesContext(connection) as four:
        response = client.get("/gratifikasi/laporan/kpk/")
    assert len(response.context["reports"]) == 4
    assert len(four) == len(one)


def test_inboxes_are_404_for_people_without_the_role(client: Client, people: Gratification) -> None:
    client.force_login(people.p.officer_b)
    assert client.get("/gratifikasi/laporan/upg/").status_code == 404
    assert client.get("/gratifikasi/laporan/kpk/").status_code == 404
    client.force_login(people.upg_a)
    assert client.get("/gratifikasi/laporan/kpk/").status_code == 404


def test_the_upg_inbox_has_a_constant_number_of_queries(
    client: Client, people: Gratification
) -> None:
    _submitted(client, people, "t1")
    client.force_login(people.upg_a)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/gratifikasi/laporan/upg/").status_code == 200
    for token in ("t2", "t3"):
        _submitted(client, people, token)
    client.force_login(people.upg_a)
    with CaptureQueriesContext(connection) as three:
        response = client.get("/gratifikasi/laporan/upg/")
    assert len(response.context["reports"]) == 3
    assert len(three) == len(one)


def test_kpk_sees_a_report_past_its_30_working_days_as_overdue_and_a_late_decision(
    client: Client, people: Gratification
) -> None:
    people.p.agency_a.has_gratification_unit = False
    people.p.agency_a.save()
    report = _submitted(client, people)
    assert report.decide_by == add_working_days(dt.date(2026, 11, 23), 30)
    with time_machine.travel(dt.datetime(2027, 2, 1, 12, 0), tick=False):
        client.force_login(people.kpk_grat)
        response = client.get("/gratifikasi/laporan/kpk/")
        assert response.context["reports"][0].is_overdue
        report = _act(client, report, "verifikasi")
        report = _act(client, report, "tetapkan", **DECIDE, **{"decide-decision": "milik_penerima"})
    assert report.decision_late is True


def test_a_upg_officer_cannot_handle_their_own_report(
    client: Client, people: Gratification
) -> None:
    from cegah.accounts.models import Membership, Role
    from cegah.test import make_user

    officer = people.upg_a
    Membership.objects.create(user=officer, agency=people.p.agency_a, role=Role.CIVIL_SERVANT)
    officer.nip = "197501012000031001"
    officer.save()
    client.force_login(officer)
    own = submit(client, create_draft(client, form_token="own-gift"))
    assert own.status == ReportStatus.AT_UPG and own.reporter == officer
    inbox = client.get("/gratifikasi/laporan/upg/")
    assert f"/gratifikasi/laporan/{own.pk}/" not in inbox.content.decode()
    response = client.post(f"/gratifikasi/laporan/{own.pk}/teruskan/", follow=True)
    assert "Anda tidak dapat melakukan ini" in response.content.decode()
    own.refresh_from_db()
    assert own.status == ReportStatus.AT_UPG
    # A colleague in the same UPG handles it.
    colleague = make_user("upg.b@example.org", (people.p.agency_a, Role.GRATIFICATION_OFFICER))
    client.force_login(colleague)
    assert (
        f"/gratifikasi/laporan/{own.pk}/"
        in client.get("/gratifikasi/laporan/upg/").content.decode()
    )
    assert _act(client, own, "teruskan").status == ReportStatus.AT_KPK
