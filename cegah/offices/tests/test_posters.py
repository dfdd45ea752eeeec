"""Counter posters: one per office and service, and the agency batch."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cegah.offices import posters
from cegah.offices.models import PosterBatch, PosterPrint
from cegah.offices.public import posters_printed
from cegah.offices.tests.factories import make_office, make_service, make_standard
from cegah.test import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_poster_says_free_and_cites_the_regulation(client: Client, personas: Personas) -> None:
    office = make_office("DUK-3310", "Disdukcapil Klaten", "dukcapil", agency=personas.agency_a)
    make_standard(office, make_service())
    client.login(email=personas.admin_a.email, password=PASSWORD)
    response = client.get(
        reverse("offices:poster", args=["DUK-3310", "akta-kelahiran"]), {"ukuran": "A3"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "GRATIS" in text and "Akta kelahiran" in text
    assert "UU 24/2013" in text and "Pasal 79A" in text
    assert "Disdukcapil Klaten" in text
    printed = PosterPrint.objects.get()
    assert (printed.size, printed.region_code, printed.printed_by) == (
        "A3",
        "33.10",
        personas.admin_a,
    )
    assert posters_printed(region_code="33", year=printed.printed_at.year) == 1
    assert posters_printed(region_code="51", year=printed.printed_at.year) == 0


def test_a_paid_service_poster_shows_the_official_fee(client: Client, personas: Personas) -> None:
    office = make_office("SAT-1", "Satpas Polres Klaten", "satpas", agency=personas.agency_a)
    make_standard(
        office,
        make_service("sim-a", "SIM A baru", amount=120_000, basis="PP 76/2020", article="Lampiran"),
    )
    client.login(email=personas.admin_a.email, password=PASSWORD)
    response = client.get(reverse("offices:poster", args=["SAT-1", "sim-a"]))
    text = _text(response.content)
    assert "Rp120.000" in text and "PP 76/2020" in text and "GRATIS" not in text


def test_the_poster_qr_codes_point_to_the_office_page_and_its_complaint_form(
    personas: Personas,
) -> None:
    office = make_office("DUK-3310", agency=personas.agency_a)
    standard = make_standard(office, make_service())
    poster = posters.posters_for([standard])[0]
    context = poster.context()
    assert context["office_url"].endswith("/unit-layanan/DUK-3310/")
    assert context["report_url"].endswith("/keluhan/baru/?kantor=DUK-3310&layanan=akta-kelahiran")
    assert context["office_qr"] == posters.qr_data_uri(context["office_url"])
    assert context["report_qr"] == posters.qr_data_uri(context["report_url"])
    assert context["office_qr"].startswith("data:image/svg+xml;base64,")


def test_an_officer_of_another_agency_cannot_print_the_poster(
    client: Client, personas: Personas
) -> None:
    office = make_office("DUK-3310", agency=personas.agency_a)
    make_standard(office, make_service())
    client.login(email=personas.officer_b.email, password=PASSWORD)
    url = reverse("offices:poster", args=["DUK-3310", "akta-kelahiran"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert not PosterPrint.objects.exists()


def test_a_batch_prints_every_poster_of_the_agency_in_one_pdf(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    service = make_service()
    for i in range(3):
        make_standard(
            make_office(f"DESA-{i}", f"Kantor Desa {i}", agency=personas.agency_a), service
        )
    make_standard(
        make_office("BALI-1", "Kantor Bali", region="51", agency=personas.agency_b), service
    )
    client.login(email=personas.admin_a.email, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("offices:posters"), {"agency": personas.agency_a.code, "size": "A4"}
        )
    assert response.status_code == 302
    batch = PosterBatch.objects.get()  # the test profile runs the task at once
    assert batch.status == PosterBatch.Status.DONE and batch.posters == 3
    page = client.get(reverse("offices:posters")).content.decode()
    assert "Unduh (3 poster)" in page
    download = client.get(reverse("offices:batch_download", args=[batch.pk]))
    pdf = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert "Kantor Bali" not in _text(pdf)
    assert PosterPrint.objects.filter(batch=batch).count() == 3
    client.logout()
    client.login(email=personas.officer_b.email, password=PASSWORD)
    assert client.get(reverse("offices:batch_download", args=[batch.pk])).status_code == 404
    response = client.post(
        reverse("offices:posters"), {"agency": personas.agency_a.code, "size": "A4"}
    )
    assert response.status_code == 400
    assert PosterBatch.objects.count() == 1


def test_asking_twice_while_a_batch_waits_makes_one_batch(
    client: Client, personas: Personas
) -> None:
    make_standard(make_office(agency=personas.agency_a), make_service())
    client.login(email=personas.admin_a.email, password=PASSWORD)
    for _ in range(2):  # no commit in this test: the task never runs, the batch stays queued
        client.post(reverse("offices:posters"), {"agency": personas.agency_a.code, "size": "A4"})
    assert PosterBatch.objects.count() == 1
