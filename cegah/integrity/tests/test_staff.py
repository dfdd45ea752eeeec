"""Importing and correcting figures: line-by-line errors, all or nothing, review by a second
person, history, and who may do it (everyone else gets a 404)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from openpyxl import Workbook

from cegah.accounts.models import Role, User
from cegah.integrity.models import (
    Correction,
    ImportBatch,
    Score,
    ScoreHistory,
    Source,
    Status,
)
from cegah.test import Personas, make_user

GOOD = (
    "wilayah,skor,kategori,peringkat,dari,cakupan_peringkat,internal,external,expert,correction\n"
    "33.10,74.10,waspada,12,36,province,72.5,85.1,70.2,2.1\n"
    "33.72,76.00,,,,,,,,\n"
)
BAD = (
    "region,score,rank,rank_of,expert\n"
    "33.10,74.10,,,70\n"
    "99.99,80,,,\n"  # line 3: no such region
    "33.72,101,,,\n"  # line 4: score above 100
    "33.09,7x,40,36,\n"  # line 5: not a number; rank above the count
    "33.10,70,,,\n"  # line 6: Klaten again
    "33.11,70,,,120\n"  # line 7: component above 100
)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kpk_editor(personas: Personas) -> User:
    return make_user("editor.kpk@example.org", (personas.kpk, Role.EDITOR))


def upload(client: Client, content: bytes, name: str = "spi.csv", **extra: str) -> object:
    data = {
        "instrument": "spi",
        "year": "2024",
        "source_title": "KPK: hasil SPI 2024 (jaga.id)",
        "source_url": "https://jaga.id/spi",
        "confidence": "sure",
        "file": SimpleUploadedFile(name, content),
        **extra,
    }
    return client.post("/integritas/kelola/impor/", data)


def test_a_file_with_bad_rows_reports_each_line_and_imports_nothing(
    personas: Personas, published: None
) -> None:
    response = upload(login(personas.kpk_officer), BAD.encode())
    assert response.status_code == 422
    errors = {(e.line, e.column) for e in response.context["errors"]}  # type: ignore[attr-defined]
    assert errors == {
        (3, "region"),
        (4, "score"),
        (5, "score"),
        (5, "rank"),
        (6, "region"),
        (7, "expert"),
    }
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "tidak ada yang diimpor" in page
    assert not ImportBatch.objects.exists() and not Correction.objects.exists()


def test_an_unknown_column_is_reported_on_line_1(personas: Personas, published: None) -> None:
    response = upload(login(personas.kpk_officer), b"region,score,dana_desa\n33.10,70,5\n")
    assert [(e.line, e.column) for e in response.context["errors"]] == [(1, "dana_desa")]  # type: ignore[attr-defined]


def test_an_import_is_published_only_after_another_person_approves_it(
    personas: Personas, kpk_editor: User, published: None
) -> None:
    officer = login(personas.kpk_officer)
    response = upload(officer, GOOD.encode())
    batch = ImportBatch.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/integritas/kelola/impor/{batch.pk}/"
    )  # type: ignore[index,attr-defined]
    assert batch.rows == 2 and batch.status == Status.PENDING
    # The same file sent twice (a double submit) makes one batch.
    assert upload(officer, GOOD.encode())["Location"] == response["Location"]  # type: ignore[index]
    assert ImportBatch.objects.count() == 1 and Correction.objects.count() == 2
    assert not Score.objects.filter(year=2024, government_id="33.10").exists()
    assert Client().get(
        "/api/v1/integrity/scores?instrument=spi&region=33.10&year=2024"
    ).json() == {"results": []}
    # The uploader cannot approve their own file.
    officer.post(f"/integritas/kelola/impor/{batch.pk}/", {"decision": "approve"})
    batch.refresh_from_db()
    assert batch.status == Status.PENDING
    # Another KPK person can.
    login(kpk_editor).post(f"/integritas/kelola/impor/{batch.pk}/", {"decision": "approve"})
    batch.refresh_from_db()
    assert batch.status == Status.APPROVED and batch.reviewed_by == kpk_editor
    klaten = Score.objects.get(instrument="spi", year=2024, government_id="33.10")
    assert klaten.score == Decimal("74.10") and klaten.published_rank == 12 and klaten.rank_of == 36
    assert klaten.components == {
        "internal": 72.5,
        "external": 85.1,
        "expert": 70.2,
        "correction": 2.1,
    }
    assert klaten.source.url == "https://jaga.id/spi" and klaten.confidence == "sure"
    assert ScoreHistory.objects.filter(score=klaten, approved_by=kpk_editor).count() == 1
    # Solo's existing 2024 score was replaced, its earlier figure kept in the history.
    solo = Score.objects.get(instrument="spi", year=2024, government_id="33.72")
    assert solo.score == Decimal("76.00")
    assert solo.history.get().before["score"] == 76.55
    # Now public, with Klaten's weakest SPI component pointing to a campaign.
    page = Client().get("/integritas/33.10/").content.decode()
    assert 'class="weakest-part"><strong>Eksper (ahli)</strong>: 70,2' in page
    assert 'class="button" href="/kampanye/baru/"' in page


def test_xlsx_files_are_read(personas: Personas, published: None) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Region", "Score", "Rank"])  # type: ignore[union-attr]
    sheet.append(["33.10", 74.1, 3])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(login(personas.kpk_officer), buffer.getvalue(), name="spi.xlsx")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Correction.objects.get().proposed["score"] == 74.1


def test_a_correction_is_reviewed_by_a_second_person_and_kept_in_the_history(
    personas: Personas, kpk_editor: User, published: None
) -> None:
    editor = login(kpk_editor)
    form = {
        "instrument": "mcp",
        "year": "2023",
        "score": "92.43",
        "published_rank": "8",
        "rank_of": "35",
        "rank_scope": "province",
        "source_title": "Solopos",
        "source_url": "https://www.solopos.com",
        "confidence": "likely",
        "reason": "Denominator stated by Solopos.",
        "form_token": "token-1",
    }
    assert editor.post("/integritas/kelola/koreksi/33.10/", form).status_code == 302
    assert editor.post("/integritas/kelola/koreksi/33.10/", form).status_code == 302
    correction = Correction.objects.get()  # a double submit makes one correction
    score = Score.objects.get(instrument="mcp", year=2023, government_id="33.10")
    assert score.rank_of is None  # not applied before review
    editor.post(f"/integritas/kelola/koreksi/{correction.pk}/tinjau/", {"decision": "approve"})
    correction.refresh_from_db()
    assert correction.status == Status.PENDING  # the proposer cannot approve it
    login(personas.kpk_officer).post(
        f"/integritas/kelola/koreksi/{correction.pk}/tinjau/", {"decision": "approve"}
    )
    score.refresh_from_db()
    assert score.rank_of == 35 and score.score == Decimal("92.43")
    history = score.history.get()
    assert history.before["rank_of"] is None and history.after["rank_of"] == 35
    assert history.proposed_by == kpk_editor and history.approved_by == personas.kpk_officer
    # The loader keeps a corrected score as corrected.
    call_command("load_integrity")
    score.refresh_from_db()
    assert score.rank_of == 35


@pytest.mark.parametrize(
    "url",
    [
        "/integritas/kelola/",
        "/integritas/kelola/impor/",
        "/integritas/kelola/koreksi/33.10/",
    ],
)
def test_only_kpk_staff_reach_the_staff_pages(
    personas: Personas, published: None, url: str
) -> None:
    for person in (personas.citizen, personas.admin_a, personas.officer_b, personas.asn_a):
        assert login(person).get(url).status_code == 404
    regional_editor = make_user("editor.klaten@example.org", (personas.agency_a, Role.EDITOR))
    assert login(regional_editor).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert login(personas.kpk_officer).get(url).status_code == 200


def test_an_officer_of_another_agency_cannot_post_an_import(
    personas: Personas, published: None
) -> None:
    assert upload(login(personas.officer_b), GOOD.encode()).status_code == 404  # type: ignore[attr-defined]
    assert not ImportBatch.objects.exists()


def test_load_integrity_dry_run_keeps_nothing_and_a_second_run_changes_nothing(db: None) -> None:
    out = io.StringIO()
    call_command("load_integrity", "--dry-run", stdout=out)
    assert "Would have: created" in out.getvalue()
    assert not Score.objects.exists() and not Source.objects.exists()
    call_command("load_integrity", stdout=io.StringIO())
    count = Score.objects.count()
    assert count > 150
    out = io.StringIO()
    call_command("load_integrity", stdout=out)
    assert "created nothing; updated nothing" in out.getvalue()
    assert Score.objects.count() == count
