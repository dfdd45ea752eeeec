"""Privacy: a report is seen by its reporter, the UPG of the reporter's government and KPK's
gratification officers; everybody else gets a 404 on every address, and staff views are logged."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.accounts.models import User
from cegah.audit.models import AccessLog
from cegah.gratification.models import GratificationReport
from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import DECIDE, create_draft, submit

GET_PATHS = [
    "",
    "ubah/",
    "tanda-terima/",
    "tanda-terima.pdf",
    "keputusan/",
    "keputusan.pdf",
    "bukti/{evidence}/",
]
POST_PATHS = [
    "kirim/",
    "kembalikan-upg/",
    "teruskan/",
    "kembalikan-kpk/",
    "verifikasi/",
    "tetapkan/",
    "serah-terima/",
]
OUTSIDERS = ["officer_b", "asn_a2", "citizen", "kpk_officer", "admin_a"]


def _decided_report(client: Client, people: Gratification) -> GratificationReport:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    client.force_login(people.p.asn_a)
    photo = SimpleUploadedFile("foto.png", out.getvalue(), "image/png")
    report = submit(client, create_draft(client, evidence=photo))
    client.force_login(people.upg_a)
    client.post(f"/gratifikasi/laporan/{report.pk}/teruskan/")
    client.force_login(people.kpk_grat)
    client.post(f"/gratifikasi/laporan/{report.pk}/verifikasi/")
    client.post(
        f"/gratifikasi/laporan/{report.pk}/tetapkan/",
        {**DECIDE, "decide-decision": "milik_penerima"},
    )
    report.refresh_from_db()
    assert report.decision == "milik_penerima"
    return report


def _person(people: Gratification, name: str) -> User:
    user: User = getattr(people, name, None) or getattr(people.p, name)
    return user


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_else_gets_404_on_every_report_address(
    client: Client, people: Gratification, who: str
) -> None:
    report = _decided_report(client, people)
    evidence = report.evidence.get()
    client.force_login(_person(people, who))
    for path in GET_PATHS:
        url = f"/gratifikasi/laporan/{report.pk}/{path.format(evidence=evidence.pk)}"
        assert client.get(url).status_code == 404, url
    for path in POST_PATHS:
        url = f"/gratifikasi/laporan/{report.pk}/{path}"
        assert client.post(url, {"decide-decision": "milik_negara"}).status_code == 404, url
    report.refresh_from_db()
    assert report.decision == "milik_penerima"
    assert not AccessLog.objects.filter(actor=_person(people, who)).exists()


def test_an_anonymous_visitor_is_sent_to_log_in_on_every_report_address(
    client: Client, people: Gratification
) -> None:
    report = _decided_report(client, people)
    client.logout()
    for path in GET_PATHS:
        url = f"/gratifikasi/laporan/{report.pk}/{path.format(evidence=1)}"
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"], url


def test_a_draft_is_seen_by_its_reporter_only(client: Client, people: Gratification) -> None:
    client.force_login(people.p.asn_a)
    report = create_draft(client)
    for who in (people.upg_a, people.kpk_grat):
        client.force_login(who)
        assert client.get(f"/gratifikasi/laporan/{report.pk}/").status_code == 404


def test_the_upg_of_another_government_sees_nothing(client: Client, people: Gratification) -> None:
    from cegah.accounts.models import Role
    from cegah.test import make_user

    report = _decided_report(client, people)
    upg_b = make_user("upg.b@example.org", (people.p.agency_b, Role.GRATIFICATION_OFFICER))
    client.force_login(upg_b)
    assert client.get(f"/gratifikasi/laporan/{report.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["upg_a", "kpk_grat"])
def test_every_staff_view_writes_an_access_log_row(
    client: Client, people: Gratification, who: str
) -> None:
    report = _decided_report(client, people)
    evidence = report.evidence.get()
    user = _person(people, who)
    client.force_login(user)
    before = AccessLog.objects.for_object(report).filter(actor=user).count()
    paths = [
        "",
        "tanda-terima/",
        "tanda-terima.pdf",
        "keputusan/",
        "keputusan.pdf",
        f"bukti/{evidence.pk}/",
    ]
    for path in paths:
        assert client.get(f"/gratifikasi/laporan/{report.pk}/{path}").status_code == 200
    rows = AccessLog.objects.for_object(report).filter(actor=user)
    assert rows.count() == before + len(paths)
    assert set(rows.values_list("kind", flat=True)) == {"view", "download"}


def test_the_reporters_own_views_are_not_logged(client: Client, people: Gratification) -> None:
    report = _decided_report(client, people)
    client.force_login(people.p.asn_a)
    assert client.get(f"/gratifikasi/laporan/{report.pk}/").status_code == 200
    assert not AccessLog.objects.filter(actor=people.p.asn_a).exists()
