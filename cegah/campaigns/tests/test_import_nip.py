"""A NIP is never silently changed on import: numeric NIP cells are refused with their line and
the fix, the template keeps the NIP column as text, Indonesian column names are read, and a
file that only pretends to be a workbook imports nothing and says what it is."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from cegah.campaigns import importing
from cegah.campaigns.models import Campaign, Group, Participant
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, token_for
from cegah.campaigns.tests.test_campaigns import login
from cegah.test import make_agency

pytestmark = pytest.mark.django_db

# The NIP of the issue: typed into a number cell, Excel keeps 197203032012031008.
NIP = "197203032012031002"
SRI = "198805122015032004"


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, campaign: Campaign, content: bytes, name: str, **data: str) -> Any:
    return client.post(
        f"/kampanye/{campaign.pk}/peserta/impor/",
        {"file": SimpleUploadedFile(name, content), **data},
    )


def api_upload(
    client: Client, campaign: Campaign, people: People, content: bytes, name: str
) -> Any:
    return client.post(
        f"/api/v1/campaigns/{campaign.pk}/participants/import",
        {"file": SimpleUploadedFile(name, content)},
        headers=token_for(people.manager),
    )


def error_rows(page: str) -> list[tuple[str, str, str]]:
    """The error table of the upload page as (line, column, problem)."""
    table = page[page.index('id="errors-caption"') :]
    return [
        (line, column, problem)
        for line, column, problem in re.findall(
            r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", table
        )
    ]


# Numbers in the NIP column


def test_every_numeric_nip_cell_is_refused_with_its_line_and_the_fix(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = workbook(
        ["nip", "name", "unit_code"],
        [SRI, "Sri Wahyuni", "klaten-disdik"],  # text: fine
        [
            float(NIP),
            "Rusak Diam-diam",
            "klaten-disdik",
        ],  # what Excel stores: ...008, valid-looking
        [int(NIP), "Angka Utuh", "klaten-dinkes"],  # even a number with every digit intact
        [float("198805122015032000"), "Bulat", "klaten-dinkes"],
    )
    login(client, people.manager)

    response = upload(client, campaign, content, "peserta.xlsx")

    assert response.status_code == 422
    rows = error_rows(response.content.decode())
    assert [(line, column) for line, column, _problem in rows] == [
        ("3", "nip"),
        ("4", "nip"),
        ("5", "nip"),
    ]
    assert all("Format kolom NIP sebagai Teks" in problem for _l, _c, problem in rows)
    assert all("15 digit" in problem for _l, _c, problem in rows)
    assert "tidak ada yang diimpor" in response.content.decode().lower()
    assert not Participant.objects.exists()


def test_the_api_refuses_a_numeric_nip_that_still_looks_valid(
    client: Client, people: People, campaign: Campaign
) -> None:
    stored_by_excel = float(NIP)
    assert f"{stored_by_excel:.0f}" == "197203032012031008"  # the changed NIP of the issue
    content = workbook(["nip", "name", "unit_code"], [stored_by_excel, "Agus", "klaten-disdik"])

    response = api_upload(client, campaign, people, content, "p.xlsx")

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["line"], error["column"]) == (2, "nip")
    assert "Teks" in error["msg"]
    assert not Participant.objects.filter(nip__startswith="1972").exists()


def test_nips_in_a_text_column_are_stored_exactly_as_typed(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = workbook(["nip", "name", "unit_code"], [NIP, "Agus", "klaten-disdik"])

    response = api_upload(client, campaign, people, content, "p.xlsx")

    assert response.status_code == 200, response.content
    assert Participant.objects.get().nip == NIP


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.97203E+17", "notasi ilmiah"),
        ("1,97203E+17", "notasi ilmiah"),
        ("197203032012031000", "tidak berakhir dengan 000"),
    ],
)
def test_a_csv_nip_a_spreadsheet_wrote_as_a_number_is_refused(
    client: Client, people: People, campaign: Campaign, cell: str, expected: str
) -> None:
    content = f'nip;name;unit_code\n"{cell}";Agus;klaten-disdik\n'.encode()

    response = api_upload(client, campaign, people, content, "p.csv")

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["line"], error["column"]) == (2, "nip")
    assert expected in error["msg"] and "Teks" in error["msg"]
    assert not Participant.objects.exists()


# Indonesian column names


def test_indonesian_column_names_are_read_beside_the_english_ones(
    client: Client, people: People, people_campaign_with_groups: Campaign
) -> None:
    campaign = people_campaign_with_groups
    content = (
        "NIP;Nama Lengkap;Kode Unit;No. HP;Surel;Kelompok\n"
        f"{SRI};Sri Wahyuni;klaten-disdik;0812-3456-7890;sri@example.org;\n"
        ";Ibu Warsini;klaten-dinkes;0813 1111 2222;;PKK\n"
    ).encode()

    response = api_upload(client, campaign, people, content, "daftar.csv")

    assert response.status_code == 200, response.content
    stored = {
        p.name: (p.nip, p.agency.code, p.phone, p.email, p.group)
        for p in campaign.participants.all()
    }
    assert stored == {
        "Sri Wahyuni": (SRI, "klaten-disdik", "+6281234567890", "sri@example.org", Group.ASN),
        "Ibu Warsini": ("", "klaten-dinkes", "+6281311112222", "", Group.PKK),
    }


@pytest.fixture
def people_campaign_with_groups(people: People) -> Campaign:
    return make_campaign(
        people.manager,
        people.p.agency_a,
        [people.p.unit_a, people.unit_b],
        groups=[Group.ASN, Group.PKK],
    )


def test_errors_name_the_column_as_the_file_writes_it(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = f"nip,nama,kode_unit\n{SRI},,klaten-bali\n".encode()

    errors = api_upload(client, campaign, people, content, "p.csv").json()["errors"]

    assert {(e["line"], e["column"]) for e in errors} == {(2, "nama"), (2, "kode_unit")}


def test_one_column_under_two_names_is_refused(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = f"nip,nama,kode_unit,email,surel\n{SRI},Sri,klaten-disdik,,\n".encode()

    [error] = api_upload(client, campaign, people, content, "p.csv").json()["errors"]

    assert (error["line"], error["column"]) == (1, "surel")
    assert "“email” dan “surel” adalah kolom yang sama" in error["msg"]


# The template


def test_the_template_has_a_text_nip_column_indonesian_names_and_the_campaigns_units(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)

    response = client.get(f"/kampanye/{campaign.pk}/peserta/templat.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Peserta", "Kode unit", "Petunjuk"]
    sheet = book["Peserta"]
    assert [c.value for c in sheet[1]] == ["nip", "nama", "kode_unit", "telepon", "email"]
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet["A2"].number_format == "@" and sheet["A2001"].number_format == "@"
    assert sheet["D2"].number_format == "@"  # phone: the leading 0 stays
    units = [tuple(r) for r in book["Kode unit"].iter_rows(min_row=2, values_only=True)]
    assert units == [
        ("klaten-dinkes", "Dinas Kesehatan Kabupaten Klaten"),
        ("klaten-disdik", "Dinas Pendidikan Kabupaten Klaten"),
    ]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["A2:A1048576"].type == "textLength" and rules["A2:A1048576"].formula1 == "18"
    assert rules["C2:C1048576"].formula1 == "'Kode unit'!$A$2:$A$3"
    assert "Teks" in " ".join(str(r[0]) for r in book["Petunjuk"].iter_rows(values_only=True))


def resolve(book: Any, formula: str) -> list[Any]:
    """The values of the cells a validation formula such as 'Kode unit'!$A$2:$A$4 names."""
    match = re.fullmatch(r"'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match is not None, formula
    title, first_col, first_row, last_col, last_row = match.groups()
    cells = book[title.replace("''", "'")][f"{first_col}{first_row}:{last_col}{last_row}"]
    return [cell.value for row in cells for cell in row]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_templates_unit_code_column_picks_from_the_campaigns_units(
    client: Client, people: People, prefix: str
) -> None:
    social = make_agency(
        "klaten-dinsos",
        "Dinas Sosial Kabupaten Klaten",
        parent=people.p.agency_a,
        region=people.p.agency_a.region,
    )
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b, social]
    )
    login(client, people.manager)

    response = client.get(f"{prefix}/kampanye/{campaign.pk}/peserta/templat.xlsx")

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    unit_column = [c.value for c in sheet[1]].index("kode_unit" if not prefix else "unit_code")
    assert unit_column == 2  # column C
    [rule] = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    # Every row of column C below the header, and nothing else.
    assert str(rule.sqref) == "C2:C1048576"
    # The drop-down lists exactly the campaign's unit codes, from the codes sheet.
    assert resolve(book, rule.formula1) == ["klaten-dinkes", "klaten-disdik", "klaten-dinsos"]
    assert set(resolve(book, rule.formula1)) == set(campaign.targets.values_list("code", flat=True))
    assert rule.showErrorMessage and rule.showInputMessage
    assert not rule.showDropDown  # in the file format, true would hide the arrow
    if not prefix:
        assert rule.prompt == "Pilih unit dari daftar."
        assert rule.error == "Pilih salah satu kode di lembar “Kode unit”."


def test_the_template_filled_in_imports_unchanged(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    book = load_workbook(
        io.BytesIO(client.get(f"/kampanye/{campaign.pk}/peserta/templat.xlsx").content)
    )
    sheet = book["Peserta"]
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = (
        NIP,
        "Agus",
        "klaten-disdik",
        "081234567890",
    )
    out = io.BytesIO()
    book.save(out)

    response = upload(client, campaign, out.getvalue(), "templat.xlsx")

    assert response.status_code == 302
    agus = Participant.objects.get()
    assert (agus.nip, agus.phone) == (NIP, "+6281234567890")


def test_the_english_template_has_the_english_column_names_and_a_group_column(
    client: Client, people: People, people_campaign_with_groups: Campaign
) -> None:
    login(client, people.manager)
    response = client.get(f"/en/kampanye/{people_campaign_with_groups.pk}/peserta/templat.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Participants", "Unit codes", "Instructions"]
    assert [c.value for c in book["Participants"][1]] == list(
        ("nip", "name", "unit_code", "phone", "email", "group")
    )


def test_the_import_page_offers_the_template(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/peserta/impor/").content.decode()
    assert f'href="/kampanye/{campaign.pk}/peserta/templat.xlsx"' in page
    assert "nama atau name" in page


@pytest.mark.parametrize(
    ("prefix", "pairs"),
    [
        (
            "",
            [
                "nama atau name",
                "kode_unit atau unit_code",
                "telepon atau phone",
                "email atau surel",
            ],
        ),
        ("/en", ["name or nama", "unit_code or kode_unit", "phone or telepon", "email or surel"]),
    ],
)
def test_the_file_fields_help_names_each_column_in_both_languages_as_the_importer_reads_them(
    client: Client, people: People, campaign: Campaign, prefix: str, pairs: list[str]
) -> None:
    login(client, people.manager)
    page = client.get(f"{prefix}/kampanye/{campaign.pk}/peserta/impor/").content.decode()

    help_text = re.search(r'<p class="help" id="id_file_helptext">(.*?)</p>', page, re.S)
    assert help_text is not None
    text = help_text.group(1)
    for pair in pairs:
        assert pair in text
    # Every name the help gives is one the importer reads, for the column it says.
    columns = text.split(":", 1)[1].split("(", 1)[0]
    named = re.findall(r"(\w+) (?:atau|or) (\w+)", columns)
    assert len(named) == 5  # and the NIP, the same in both
    for first, second in named:
        column = importing.ALIASES[first]
        assert importing.ALIASES[second] == column
        assert column in importing.COLUMNS


def test_only_the_campaigns_managers_get_the_template(
    client: Client, people: People, campaign: Campaign
) -> None:
    url = f"/kampanye/{campaign.pk}/peserta/templat.xlsx"
    assert client.get(url).status_code == 302  # to log in
    for person in (people.p.officer_b, people.p.asn_a, people.kpk_manager):
        login(client, person)
        assert client.get(url).status_code == 404


# Files that are not what their name says


def old_xls() -> bytes:
    """The first bytes of an Excel 97–2003 file (an OLE2 compound document)."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + b"\xfe\xff" * 100


def not_a_workbook_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("foto.txt", "bukan lembar kerja")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        (
            "peserta.xlsx",
            f"nip,name,unit_code\n{SRI},Sri,klaten-disdik\n".encode(),
            "berkas teks (CSV)",
        ),
        ("peserta.xlsx", old_xls(), "Excel 97–2003"),
        (
            "peserta.xls",
            b"<html><body><table><tr><td>nip</td></tr></table></body></html>",
            "halaman web",
        ),
        ("peserta.xlsx", not_a_workbook_zip(), "arsip ZIP"),
        ("peserta.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "dokumen PDF"),
    ],
)
def test_a_file_named_like_a_workbook_that_is_not_one_imports_nothing_and_says_what_it_is(
    client: Client, people: People, campaign: Campaign, name: str, content: bytes, kind: str
) -> None:
    login(client, people.manager)

    # "Only check the file" unticked: the page must come back unticked, as it was sent.
    response = upload(client, campaign, content, name)

    assert response.status_code == 422
    page = response.content.decode()
    [(line, column, problem)] = error_rows(page)
    assert (line, column) == ("1", "")
    assert f"“{name}” bukan buku kerja Excel (.xlsx), melainkan" in problem
    assert kind in problem and "Simpan sebagai" in problem
    assert not Participant.objects.exists()
    assert re.search(r'<input type="checkbox" name="dry_run" id="id_dry_run">', page)


def test_the_form_keeps_only_check_ticked_after_a_refused_file(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    response = upload(client, campaign, old_xls(), "peserta.xlsx", dry_run="on")
    assert response.status_code == 422
    page = response.content.decode()
    assert re.search(r'<input type="checkbox" name="dry_run" id="id_dry_run" checked>', page)


def test_a_binary_file_named_csv_is_refused(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = api_upload(client, campaign, people, old_xls(), "peserta.csv")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert "bukan daftar peserta" in error["msg"] and "Excel 97–2003" in error["msg"]


def test_a_damaged_workbook_is_refused_with_what_to_do(
    client: Client, people: People, campaign: Campaign
) -> None:
    good = workbook(["nip", "name", "unit_code"], [SRI, "Sri", "klaten-disdik"])
    damaged = bytearray(good)
    start = damaged.index(b"xl/workbook.xml")
    damaged[start + 200 : start + 400] = b"\x00" * 200  # the workbook's compressed bytes
    response = api_upload(client, campaign, people, bytes(damaged), "p.xlsx")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert "tidak dapat dibaca" in error["msg"] and "Excel Workbook (.xlsx)" in error["msg"]
    assert not Participant.objects.exists()
