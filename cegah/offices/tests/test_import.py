"""The bulk import through the staff page: every bad row with its line, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from cegah.offices.models import ImportRecord, Office, SchoolFunds, ServiceStandard, VillageFunds
from cegah.offices.tests.factories import make_office, make_service
from cegah.test import PASSWORD, Personas

pytestmark = pytest.mark.django_db

HEADER = "kode,jenis,nama,kode_wilayah,alamat,telepon\n"


def _post(client: Client, personas: Personas, data: bytes, name: str = "unit.csv", **fields: str):
    client.login(email=personas.admin_a.email, password=PASSWORD)
    return client.post(
        reverse("offices:import"),
        {
            "kind": fields.get("kind", "offices"),
            "agency": fields.get("agency", personas.agency_a.code),
            "file": SimpleUploadedFile(name, data),
            **({"dry_run": "on"} if fields.get("dry_run") else {}),
        },
    )


def test_a_good_file_imports_every_office(client: Client, personas: Personas) -> None:
    data = (
        HEADER
        + "20309471,sekolah,SD Negeri 1 Klaten,33.10,Jl. Pemuda 1,0272-321000\n"
        + "P3310001,puskesmas,Puskesmas Klaten Tengah,3310,,\n"
    ).encode()
    response = _post(client, personas, data)
    assert response.status_code == 200
    assert "2 baru" in response.content.decode()
    school = Office.objects.get(code="20309471")
    assert school.kind == "school" and school.region_id == "33.10"
    assert school.agency == personas.agency_a
    assert " klaten" in school.search_text
    assert Office.objects.get(code="P3310001").region_id == "33.10"
    record = ImportRecord.objects.get()
    assert (record.created, record.updated, record.actor) == (2, 0, personas.admin_a)


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_imported(
    client: Client, personas: Personas
) -> None:
    data = (
        HEADER
        + "20309471,sekolah,SD Negeri 1 Klaten,33.10,,\n"  # line 2: good
        + "20309472,bengkel,SD Negeri 2,33.10,,\n"  # line 3: unknown kind
        + "20309473,sekolah,,33.10,,\n"  # line 4: no name
        + "20309471,sekolah,SD lagi,33.10,,\n"  # line 5: repeated code
        + "20309474,sekolah,SD Negeri 4,99.99,,\n"  # line 6: no such region
    ).encode()
    response = _post(client, personas, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Tidak ada yang diimpor" in page
    for line in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>"):
        assert line in page
    assert "<td>2</td>" not in page
    assert "baris 2" in page  # the repeated code names the first line
    assert not Office.objects.exists()
    assert not ImportRecord.objects.exists()


def test_an_error_after_the_first_batch_rolls_back_the_batches_written(
    client: Client, personas: Personas, settings: object
) -> None:
    from cegah.offices import actions

    rows = "".join(f"K{i:05d},kua,KUA {i},33.10,,\n" for i in range(30))
    rows += "BAD CODE,kua,KUA x,33.10,,\n"
    original = actions.BATCH
    actions.BATCH = 10  # three batches written before the bad row is read
    try:
        response = _post(client, personas, (HEADER + rows).encode())
    finally:
        actions.BATCH = original
    assert response.status_code == 422
    assert "<td>32</td>" in response.content.decode()
    assert not Office.objects.exists()


def test_a_dry_run_checks_and_imports_nothing(client: Client, personas: Personas) -> None:
    data = (HEADER + "20309471,sekolah,SD Negeri 1 Klaten,33.10,,\n").encode()
    response = _post(client, personas, data, dry_run="1")
    assert response.status_code == 200
    assert not Office.objects.exists()


def test_an_xlsx_workbook_imports_like_a_csv(client: Client, personas: Personas) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NPSN", "Jenis", "Nama Sekolah", "Kode Wilayah"])
    sheet.append([20309471, "SD", "SD Negeri 1 Klaten", "33.10"])
    sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    response = _post(client, personas, buffer.getvalue(), name="sekolah.xlsx")
    assert response.status_code == 200
    assert Office.objects.get(code="20309471").name == "SD Negeri 1 Klaten"


def test_a_missing_column_is_an_error_on_line_1(client: Client, personas: Personas) -> None:
    response = _post(client, personas, b"kode,nama\n1,SD\n")
    assert response.status_code == 422
    page = response.content.decode()
    assert "<td>1</td>" in page and "Kolom ini tidak ada." in page


def test_an_office_of_another_agency_is_not_overwritten(client: Client, personas: Personas) -> None:
    make_office("50100001", "Puskesmas Denpasar", "puskesmas", "51", agency=personas.agency_b)
    data = (HEADER + "50100001,puskesmas,Diganti,33.10,,\n").encode()
    response = _post(client, personas, data)
    assert response.status_code == 422
    assert Office.objects.get(code="50100001").name == "Puskesmas Denpasar"


def test_sector_figures_and_standards_import_for_the_agency_offices(
    client: Client, personas: Personas
) -> None:
    make_office("20309471", agency=personas.agency_a)
    make_office("33.10.01.2001", "Kantor Desa Ngalas", "village_office", agency=personas.agency_a)
    make_service()
    bos = b"npsn;tahun;tahap;jumlah_siswa;penerimaan;penggunaan\n20309471;2024;1;210;Rp 47.250.000;45.000.000\n20309471;2024;2;210;47.250.000;\n"
    assert _post(client, personas, bos, kind="bos").status_code == 200
    assert SchoolFunds.objects.get(stage=1).received_idr == 47_250_000
    dd = b'kode_desa,tahun,tahap,pagu,penyaluran\n33.10.01.2001,2024,1,"1.000.000.000",400000000\n33.10.01.2001,2024,2,1000000000,2000000000\n'
    response = _post(client, personas, dd, kind="village_funds")
    assert response.status_code == 422
    assert "<td>3</td>" in response.content.decode()
    assert not VillageFunds.objects.exists()
    standards = b"kode,kode_layanan,persyaratan,jangka_waktu\n33.10.01.2001,akta-kelahiran,Surat keterangan lahir,1 hari\n33.10.01.2001,tidak-ada,,\n"
    response = _post(client, personas, standards, kind="standards")
    assert response.status_code == 422 and "tidak-ada" in response.content.decode()
    assert (
        _post(client, personas, standards.rsplit(b"\n", 2)[0] + b"\n", kind="standards").status_code
        == 200
    )
    assert ServiceStandard.objects.get().completion_time == "1 hari"


def test_bos_figures_for_an_office_that_is_not_a_school_are_refused(
    client: Client, personas: Personas
) -> None:
    make_office("P1", "Puskesmas", "puskesmas", agency=personas.agency_a)
    response = _post(client, personas, b"npsn,tahun,penerimaan\nP1,2024,100\n", kind="bos")
    assert response.status_code == 422
    assert not SchoolFunds.objects.exists()


def test_a_file_kept_on_disk_by_django_is_streamed_too(
    client: Client, personas: Personas, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # the upload goes to a temporary file
    rows = "".join(f"K{i:04d};kua;KUA {i};33.10;;\n" for i in range(50))
    data = ("kode;jenis;nama;kode_wilayah;alamat;telepon\n" + rows).encode()
    response = _post(client, personas, data)
    assert response.status_code == 200
    assert Office.objects.count() == 50
