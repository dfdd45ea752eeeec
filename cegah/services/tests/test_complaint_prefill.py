"""'I was asked for more': the complaint form arrives prefilled and stores the context; the
flow, anonymity and routing are the complaint flow's own."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import form_data, login
from cegah.regions.actions import ensure_region
from cegah.services.public import overcharge_complaint_url
from cegah.test import Personas

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fees")]


@pytest.fixture
def regions(db: None) -> None:
    for code in ("33.10.25", "51.71"):
        ensure_region(code)


def test_the_link_carries_service_office_and_both_fees() -> None:
    url = overcharge_complaint_url(
        service_code="skck", office_code="polsek-1", official_fee_idr=30000, asked_idr=35000
    )
    assert url == "/keluhan/baru/?layanan=skck&kantor=polsek-1&biaya_resmi=30000&diminta=35000"


def test_the_form_is_prefilled_and_the_complaint_stores_the_context(
    client: Client, regions: None
) -> None:
    html = unescape(
        client.get(
            "/keluhan/baru/?layanan=skck&kantor=polsek-1&biaya_resmi=30000&diminta=35000"
        ).content.decode()
    )
    assert "SKCK (Surat Keterangan Catatan Kepolisian)" in html
    assert 'name="service_code" value="skck"' in html
    assert 'name="office_code" value="polsek-1"' in html
    assert 'name="official_fee_idr" value="30000"' in html
    assert 'name="asked_fee_idr" value="35000"' in html
    assert "selected>Pungutan liar lainnya</option>" in html  # a police fee: other levies
    data = form_data(
        service_code="skck",
        office_code="polsek-1",
        official_fee_idr="30000",
        asked_fee_idr="35000",
        anonymous="on",
    )
    response = client.post("/keluhan/baru/", data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.service_code, complaint.office_code) == ("skck", "polsek-1")
    assert (complaint.official_fee_idr, complaint.asked_fee_idr) == (30000, 35000)
    assert complaint.anonymous and complaint.reporter_name == ""


def test_an_office_the_registry_knows_fills_the_place(
    client: Client, regions: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cegah.complaints import fee_context

    class Office:
        name, url, region_code = "Polsek Klaten Tengah", "/unit-layanan/polsek-1/", "33.10.25"

    monkeypatch.setattr(fee_context, "_office_summary", lambda code: Office())
    html = unescape(client.get("/keluhan/baru/?layanan=skck&kantor=polsek-1").content.decode())
    assert 'value="Polsek Klaten Tengah"' in html
    assert "Kantor: Polsek Klaten Tengah" in html


def test_malformed_parameters_are_dropped(client: Client, regions: None) -> None:
    html = client.get("/keluhan/baru/?layanan=<x>&biaya_resmi=banyak&diminta=-5").content.decode()
    assert 'id="fee-context"' not in html
    assert 'name="official_fee_idr" value' not in html


def test_a_double_submit_creates_one_complaint(client: Client, regions: None) -> None:
    data = form_data(service_code="skck", official_fee_idr="30000", asked_fee_idr="50000")
    client.post("/keluhan/baru/", data)
    client.post("/keluhan/baru/", data)
    assert Complaint.objects.count() == 1


def test_staff_see_the_service_and_official_fee_against_the_amount_asked(
    client: Client, personas: Personas, regions: None
) -> None:
    client.post(
        "/keluhan/baru/",
        form_data(
            service_code="skck",
            office_code="polsek-x",
            official_fee_idr="30000",
            asked_fee_idr="35000",
        ),
    )
    complaint = Complaint.objects.get()
    login(client, personas.kpk_officer)
    html = unescape(client.get(f"/keluhan/kelola/{complaint.pk}/").content.decode())
    assert "SKCK (Surat Keterangan Catatan Kepolisian)" in html
    assert "polsek-x" in html  # an office the registry does not know: shown as its code
    assert "Rp30.000" in html and "Rp35.000" in html
    assert "Rp5.000" in html
