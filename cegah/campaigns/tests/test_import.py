"""Importing participants from CSV and XLSX, through the API and the upload page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from cegah.campaigns.models import Campaign, Participant
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, token_for
from cegah.campaigns.tests.test_campaigns import login
from cegah.test import make_user

pytestmark = pytest.mark.django_db

HEADER = "nip,name,unit_code,phone,email\n"
GOOD = (
    "198805122015032004,Sri Wahyuni,klaten-disdik,0812-3456-7890,sri@example.org\n"
    "197501012000031001,Budi Santoso,klaten-dinkes,,\n"
)
BAD = (
    "19880512201503200,Kurang Satu,klaten-disdik,,\n"  # line 2: 17 digits
    "198813122015032004,Bulan Salah,klaten-disdik,,\n"  # line 3: month 13
    "197501012000031001,,pemprov-bali,12345,bukan-email\n"  # line 4: four problems
)


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])


def post_file(
    client: Client,
    campaign: Campaign,
    headers: dict[str, str],
    content: bytes,
    name: str = "p.csv",
    **data: str,
) -> object:
    return client.post(
        f"/api/v1/campaigns/{campaign.pk}/participants/import",
        {"file": SimpleUploadedFile(name, content), **data},
        headers=headers,
    )


def test_a_file_with_bad_rows_imports_nothing_and_reports_every_error(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = post_file(
        client, campaign, token_for(people.manager), (HEADER + GOOD + BAD).encode()
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    errors = response.json()["errors"]  # type: ignore[attr-defined]
    found = {(e["line"], e["column"]) for e in errors}
    assert found == {
        (4, "nip"),
        (5, "nip"),
        (6, "name"),
        (6, "unit_code"),
        (6, "phone"),
        (6, "email"),
    }
    by_place = {(e["line"], e["column"]): e["msg"] for e in errors}
    assert "18" in by_place[(4, "nip")]
    assert "pemprov-bali" in by_place[(6, "unit_code")]
    assert not Participant.objects.exists()


def test_a_clean_file_imports_and_a_repeated_nip_keeps_the_last_row(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = HEADER + GOOD + "198805122015032004,Sri Wahyuni S.Pd.,klaten-dinkes,,\n"
    response = post_file(client, campaign, token_for(people.manager), content.encode())
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "dry_run": False,
        "rows": 3,
        "participants": 2,
        "duplicates_merged": 1,
        "created": 2,
        "updated": 0,
    }
    sri = Participant.objects.get(nip="198805122015032004")
    assert sri.name == "Sri Wahyuni S.Pd."
    assert sri.agency == people.unit_b
    budi = Participant.objects.get(nip="197501012000031001")
    assert budi.phone == ""
    # Importing again updates rather than duplicates.
    again = post_file(client, campaign, token_for(people.manager), (HEADER + GOOD).encode())
    assert again.json()["updated"] == 2  # type: ignore[attr-defined]
    assert Participant.objects.count() == 2
    assert Participant.objects.get(nip="198805122015032004").phone == "+6281234567890"


def test_dry_run_reports_counts_and_stores_nothing(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = post_file(
        client, campaign, token_for(people.manager), (HEADER + GOOD).encode(), dry_run="true"
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.json()["participants"] == 2  # type: ignore[attr-defined]
    assert response.json()["dry_run"] is True  # type: ignore[attr-defined]
    assert not Participant.objects.exists()


def test_xlsx_with_text_nips_imports(client: Client, people: People, campaign: Campaign) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Name", "Unit_Code", "Phone", "Email"])  # type: ignore[union-attr]
    sheet.append(["198805122015032004", "Sri", "klaten-disdik", "081234567890", None])  # type: ignore[union-attr]
    sheet.append([None, None, None, None, None])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    response = post_file(client, campaign, token_for(people.manager), out.getvalue(), "p.xlsx")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert Participant.objects.get().phone == "+6281234567890"


def test_a_missing_column_is_reported_on_line_1(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = post_file(client, campaign, token_for(people.manager), b"nip,name\n1,2\n")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["errors"] == [  # type: ignore[attr-defined]
        {
            "loc": ["body", "file", 1, "unit_code"],
            "msg": "Kolom ini tidak ada.",
            "type": "import_error",
            "line": 1,
            "column": "unit_code",
        }
    ]


def test_another_agencys_manager_gets_404_and_no_token_401(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = post_file(client, campaign, token_for(people.p.officer_b), (HEADER + GOOD).encode())
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert post_file(client, campaign, {}, (HEADER + GOOD).encode()).status_code == 401  # type: ignore[attr-defined]
    assert not Participant.objects.exists()


def test_the_upload_page_shows_the_error_table_then_imports_the_corrected_file(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)
    url = f"/en/kampanye/{campaign.pk}/peserta/impor/"
    bad = client.post(url, {"file": SimpleUploadedFile("p.csv", (HEADER + BAD).encode())})
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "<td>4</td><td>email</td>" in page
    assert not Participant.objects.exists()
    checked = client.post(
        url, {"file": SimpleUploadedFile("p.csv", (HEADER + GOOD).encode()), "dry_run": "on"}
    )
    assert "The file is correct" in checked.content.decode()
    assert not Participant.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("p.csv", (HEADER + GOOD).encode())})
    assert done.status_code == 302
    assert Participant.objects.count() == 2


def test_civil_servants_with_accounts_are_added_once(
    client: Client, people: People, campaign: Campaign
) -> None:
    make_user("asn.dinkes@example.org", (people.unit_b, "civil_servant"), full_name="Dewi")  # type: ignore[arg-type]
    make_user("asn.bali@example.org", (people.p.agency_b, "civil_servant"))  # type: ignore[arg-type]
    login(client, people.manager)
    client.post(f"/kampanye/{campaign.pk}/peserta/akun/")
    client.post(f"/kampanye/{campaign.pk}/peserta/akun/")
    names = sorted(campaign.participants.values_list("email", "agency__code"))
    assert names == [
        ("asn.dinkes@example.org", "klaten-dinkes"),
        ("asn@example.org", "klaten-disdik"),
    ]


def test_the_openapi_document_declares_the_import_and_its_422(
    client: Client, people: People
) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/campaigns/{campaign_id}/participants/import"]["post"]
    assert set(operation["responses"]) >= {"200", "422"}
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert "file" in str(body) and "dry_run" in str(body)
    assert "/api/v1/campaigns/{campaign_id}/stats" in spec["paths"]
