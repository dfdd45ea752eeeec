"""Anti-corruption villages and schools of integrity: indicators as data, progress across
years, the public pages, and the staff form that records an assessment (404 for others)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.accounts.models import User
from cegah.integrity.demo import seed_integrity_demo
from cegah.integrity.models import (
    Assessment,
    AssessmentChange,
    Indicator,
    Participant,
    ProgrammeKind,
)
from cegah.integrity.programmes import progress_of
from cegah.test import Personas

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def village() -> Participant:
    return Participant.objects.get(name="Kalurahan Panggungharjo")


def test_school_indicators_are_data_with_their_source_and_confidence(published: None) -> None:
    school = list(Indicator.objects.filter(programme=ProgrammeKind.SCHOOL).order_by("order"))
    assert [i.code for i in school] == [
        "admission",
        "funds",
        "no_gifts_levies",
        "dapodik",
        "code_of_conduct",
    ]
    assert all(i.source and i.source.key == "SB19" for i in school)
    # The fifth indicator's name is cut off in the only source: marked unsure.
    assert [i.confidence for i in school][-1] == "unsure"
    assert {i.confidence for i in school[:4]} == {"likely"}
    # The published seed has no assessment: no source gives figures.
    assert not Assessment.objects.exists()


def test_progress_counts_indicators_met_per_year_and_the_change(published: None) -> None:
    indicators = list(Indicator.objects.filter(programme=ProgrammeKind.VILLAGE))
    place = village()
    for year, values in {
        2024: {"governance": 90, "oversight": 40},  # 1 met; later year given first
        2022: {"governance": 70, "oversight": 69.9, "public_service": 75},  # 2 met (70 counts)
        2023: {"governance": 80, "oversight": 80, "public_service": 80, "participation": "x"},
    }.items():
        Assessment.objects.create(participant=place, year=year, values=values, confidence="sure")
    progress = progress_of(place, indicators)
    assert [(y.year, y.met, y.total, y.change) for y in progress.years] == [
        (2022, 2, 5, None),
        (2023, 3, 5, 1),
        (2024, 1, 5, -2),
    ]
    assert progress.latest is not None and progress.latest.percent == 20
    # A missing or unreadable value is "not met", never a crash.
    cells = {i.code: (v, ok) for i, v, ok in progress.years[1].values}
    assert cells["participation"] == (None, False) and cells["local_wisdom"] == (None, False)


def test_public_pages_show_progress_and_mark_demo_data(db: None) -> None:
    seed_integrity_demo(False)
    page = Client().get("/integritas/program/desa/").content.decode()
    assert "Kalurahan Panggungharjo" in page and "Penguatan tata laksana" in page
    assert "2023: 4 dari 5 terpenuhi" in page and "+1 indikator terpenuhi" in page
    assert "data contoh" in page.lower()
    place = village()
    detail = Client().get(f"/integritas/program/desa/{place.pk}/").content.decode()
    assert "3 dari 5 indikator terpenuhi" in detail and "4 dari 5 indikator terpenuhi" in detail
    assert '<svg class="chart"' in detail and "<table>" in detail
    school = Client().get("/integritas/program/sekolah/").content.decode()
    assert "SMP Negeri Contoh 1 Klaten" in school and "PPDB yang akuntabel" in school
    # The government page links its participants and their progress.
    gov = Client().get("/integritas/34.02/").content.decode()
    assert f"/integritas/program/desa/{place.pk}/" in gov and "4 dari 5 indikator" in gov
    en = Client().get("/en/integritas/program/sekolah/").content.decode()
    assert "Accountable and transparent admission" in en
    assert Client().get("/integritas/program/kampus/").status_code == 404
    assert Client().get(f"/integritas/program/sekolah/{place.pk}/").status_code == 404
    # Demo figures are idempotent.
    seed_integrity_demo(False)
    assert Assessment.objects.filter(demo=True).count() == 5


def form_data(token: str = "tok-1", **extra: str) -> dict[str, str]:
    return {
        "year": "2024",
        "source_title": "Laporan penilaian desa antikorupsi 2024",
        "source_url": "https://example.org/penilaian",
        "confidence": "sure",
        "v_governance": "85",
        "v_oversight": "72.5",
        "v_public_service": "",
        "form_token": token,
        **extra,
    }


def test_a_kpk_officer_records_an_assessment_once_with_who_and_when(
    personas: Personas, published: None
) -> None:
    place = village()
    url = f"/integritas/kelola/program/{place.pk}/penilaian/"
    officer = login(personas.kpk_officer)
    form = officer.get(url)
    assert form.status_code == 200 and "Penguatan pengawasan" in form.content.decode()
    response = officer.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/integritas/program/desa/{place.pk}/"
    # A double submit of the same form records nothing more.
    officer.post(url, form_data())
    assessment = Assessment.objects.get(participant=place)
    assert assessment.values == {"governance": 85.0, "oversight": 72.5}
    assert not assessment.demo and assessment.confidence == "sure"
    change = AssessmentChange.objects.get()
    assert change.actor == personas.kpk_officer and change.before == {}
    assert change.at is not None and change.after["values"] == assessment.values
    # Changing the year again is another logged change with the values before.
    officer.post(url, form_data(token="tok-2", v_governance="60"))
    assessment.refresh_from_db()
    assert assessment.values["governance"] == 60.0
    latest = AssessmentChange.objects.order_by("-pk").first()
    assert latest is not None and latest.before["values"]["governance"] == 85.0
    page = Client().get(f"/integritas/program/desa/{place.pk}/").content.decode()
    assert "Laporan penilaian desa antikorupsi 2024" in page and "1 dari 5" in page


def test_invalid_input_keeps_what_was_typed_and_stores_nothing(
    personas: Personas, published: None
) -> None:
    place = village()
    url = f"/integritas/kelola/program/{place.pk}/penilaian/"
    response = login(personas.kpk_officer).post(
        url, form_data(v_governance="120", v_oversight="72.5", source_title="")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="120"' in page and 'value="72.5"' in page
    assert "100" in page and "wajib" in page.lower()
    assert "setidaknya satu indikator" not in page
    empty = login(personas.kpk_officer).post(
        url, form_data(v_governance="", v_oversight="", v_public_service="")
    )
    assert empty.status_code == 422 and "setidaknya satu indikator" in empty.content.decode()
    assert not Assessment.objects.exists() and not AssessmentChange.objects.exists()


def test_other_agencies_and_citizens_get_404(personas: Personas, published: None) -> None:
    place = village()
    url = f"/integritas/kelola/program/{place.pk}/penilaian/"
    for user in (personas.officer_b, personas.admin_a, personas.citizen):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, form_data()).status_code == 404
    assert not Assessment.objects.exists()
    public = Client().get(f"/integritas/program/desa/{place.pk}/").content.decode()
    assert "penilaian/" not in public


def test_the_government_page_costs_a_bounded_number_of_queries(
    personas: Personas, published: None
) -> None:
    seed_integrity_demo(False)
    client = Client()
    with CaptureQueriesContext(connection) as cold:
        assert client.get("/integritas/33.10/").status_code == 200
    # The platform counts of each year are cached per government and year: the next view
    # reads them with no query at all.
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/integritas/33.10/").status_code == 200
    assert len(warm) <= 8, [q["sql"] for q in warm.captured_queries]
    # A cold cache counts each of the three years afresh (about eight queries a year).
    assert len(cold) <= len(warm) + 3 * 9
