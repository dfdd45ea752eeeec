"""KPK sees every regency's campaign numbers and a national overview, never the people behind
them; an officer of another regency still sees nothing; a participant imported from a list
reaches their own page from the workspace."""

from __future__ import annotations

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from openpyxl import load_workbook

from cegah.accounts.models import Role, User
from cegah.audit.models import AccessLog
from cegah.campaigns import actions
from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign, Share, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, token_for
from cegah.campaigns.tests.test_campaigns import login
from cegah.test import make_user

pytestmark = pytest.mark.django_db

SRI_NIP = "198805122015032004"
AGUS_NIP = "199001012015031002"


@pytest.fixture
def regency(people: People) -> Campaign:
    """Klaten's own campaign, on its first day: Sri (Dinas Pendidikan) confirmed, Agus and
    Dewi (Dinas Kesehatan) not yet."""
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni", SRI_NIP)
    make_participant(campaign, people.p.unit_a, "Agus Setiawan", AGUS_NIP)
    make_participant(campaign, people.unit_b, "Dewi Lestari")
    Share.objects.create(participant=sri, day=DAYS[0], channel="whatsapp_status")
    return campaign


@pytest.fixture
def kpk_people(people: People) -> list[User]:
    """KPK's campaign manager and a KPK officer: both see numbers across the country."""
    return [people.kpk_manager, people.p.kpk_officer]


PERSONAL = ("Sri Wahyuni", "Agus Setiawan", "Dewi Lestari", SRI_NIP, AGUS_NIP)


def test_kpk_sees_a_regencys_numbers_per_agency_but_no_one_in_them(
    client: Client, people: People, regency: Campaign, kpk_people: list[User]
) -> None:
    for person in kpk_people:
        login(client, person)

        response = client.get(f"/kampanye/{regency.pk}/dasbor/")

        assert response.status_code == 200
        page = response.content.decode()
        assert "Dinas Pendidikan Kabupaten Klaten" in page and "Dinas Kesehatan" in page
        assert "1 (50,0%)" in page  # Dinas Pendidikan on day 1
        # How many have not confirmed, per agency: a number, not a list of names.
        counts = page[page.index("Jumlah yang belum konfirmasi") :]
        assert re.search(r"Dinas Kesehatan Kabupaten Klaten</th><td>1</td><td>1</td>", counts)
        assert not any(text in page for text in PERSONAL)
        assert "partisipasi.csv" not in page
        assert "nama dan NIP pesertanya hanya untuk penyelenggara" in page
    assert AccessLog.objects.filter(actor=people.kpk_manager, object_id=str(regency.pk)).exists()


def test_kpk_gets_the_report_and_the_stats_of_every_agency(
    client: Client, people: People, regency: Campaign
) -> None:
    login(client, people.kpk_manager)
    xlsx = client.get(f"/kampanye/{regency.pk}/laporan.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    cells = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    assert "klaten-disdik" in cells and "klaten-dinkes" in cells
    assert not any(text in cell for text in PERSONAL for cell in cells)
    assert client.get(f"/kampanye/{regency.pk}/laporan.pdf").status_code == 200

    data = client.get(
        f"/api/v1/campaigns/{regency.pk}/stats", headers=token_for(people.kpk_manager)
    ).json()
    assert [a["code"] for a in data["agencies"]] == ["klaten-dinkes", "klaten-disdik"]
    assert data["participants"] == 3


def test_kpk_gets_404_for_every_list_of_people_and_for_managing(
    client: Client, people: People, regency: Campaign, kpk_people: list[User]
) -> None:
    for person in kpk_people:
        login(client, person)
        for path in (
            "partisipasi.csv",
            "peserta/tautan.csv",
            "peserta/impor/",
            "peserta/templat.xlsx",
            "kelola/",
            "ubah/",
        ):
            assert client.get(f"/kampanye/{regency.pk}/{path}").status_code == 404, path


def test_kpk_does_not_see_a_draft(client: Client, people: People) -> None:
    draft = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT)
    login(client, people.kpk_manager)
    assert client.get(f"/kampanye/{draft.pk}/dasbor/").status_code == 404
    assert client.get(f"/kampanye/{draft.pk}/laporan.xlsx").status_code == 404


def test_an_officer_of_another_regency_still_gets_404_everywhere(
    client: Client, people: People, regency: Campaign
) -> None:
    login(client, people.p.officer_b)
    for path in ("dasbor/", "laporan.xlsx", "laporan.pdf", "partisipasi.csv", "kelola/"):
        assert client.get(f"/kampanye/{regency.pk}/{path}").status_code == 404, path
    assert client.get("/kampanye/nasional/").status_code == 404
    response = client.get(
        f"/api/v1/campaigns/{regency.pk}/stats", headers=token_for(people.p.officer_b)
    )
    assert response.status_code == 404


def test_a_civil_servant_and_a_regencys_manager_do_not_get_the_national_overview(
    client: Client, people: People, regency: Campaign
) -> None:
    assert client.get("/kampanye/nasional/").status_code == 302  # to log in
    for person in (people.p.asn_a, people.manager, people.head_a):
        login(client, person)
        assert client.get("/kampanye/nasional/").status_code == 404


def test_kpks_campaign_manager_finds_the_national_overview_from_the_campaign_list(
    client: Client, people: People
) -> None:
    login(client, people.kpk_manager)

    page = client.get("/kampanye/").content.decode()

    link = re.search(r'<a class="button secondary" href="/kampanye/nasional/">(.*?)</a>', page)
    assert link is not None and link.group(1) == "Kampanye di seluruh Indonesia"
    assert client.get("/kampanye/nasional/").status_code == 200


def test_a_regencys_campaign_manager_gets_no_link_to_the_national_overview(
    client: Client, people: People, regency: Campaign
) -> None:
    for person in (people.manager, people.p.officer_b):
        login(client, person)

        response = client.get("/kampanye/")

        assert response.status_code == 200
        assert "/kampanye/nasional/" not in response.content.decode()
        assert client.get("/kampanye/nasional/").status_code == 404


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))


@pytest.fixture
def national(client: Client, people: People) -> Campaign:
    """KPK's national campaign, joined by Pemprov Bali, whose running copy has two people."""
    campaign = make_campaign(
        people.kpk_manager, people.p.kpk, [people.p.kpk], status=Status.RUNNING, title="Hakordia"
    )
    login(client, people.p.officer_b)
    assert client.post(f"/kampanye/{campaign.pk}/ikut/").status_code == 302
    copy = Campaign.objects.get(parent=campaign)
    copy = actions.change_status(actor=people.p.officer_b, campaign=copy, transition="publish")
    if copy.status != Status.RUNNING:  # published on its first day, it may start at once
        copy = actions.change_status(actor=people.p.officer_b, campaign=copy, transition="start")
    made = make_participant(copy, people.p.agency_b, "Made Wirawan")
    make_participant(copy, people.p.agency_b, "Ketut Sari")
    Share.objects.create(participant=made, day=DAYS[0], channel="whatsapp_status")
    client.logout()
    return campaign


def test_the_national_overview_lists_every_running_campaign_with_its_numbers(
    client: Client, people: People, regency: Campaign, national: Campaign
) -> None:
    make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT)
    login(client, people.p.kpk_officer)

    response = client.get("/kampanye/nasional/")

    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<li class="card national-campaign">(.*?)</li>', page, re.S)
    assert len(rows) == 3  # Bali's copy, KPK's Hakordia, Klaten's; not the draft
    klaten = next(r for r in rows if f"/kampanye/{regency.pk}/dasbor/" in r)
    assert "Pemerintah Kabupaten Klaten" in klaten
    assert figures(klaten) == {
        "Hari": "Hari ke-1 dari 3",
        "Instansi sasaran": "2",
        "Peserta": "3",
        "Konfirmasi pada hari yang sedang berjalan": "1 (33,3%)",
        "Rata-rata persentase sejauh ini": "33,3%",
    }
    bali = next(r for r in rows if "Pemerintah Provinsi Bali" in r)
    assert "ikut “Hakordia”" in bali
    assert "1 (50,0%)" in bali
    summary = page[: page.index('<ul class="workspace">')]
    assert re.search(r"<dt>Kampanye</dt><dd>3</dd>", summary)
    assert re.search(r"<dt>Peserta</dt><dd>5</dd>", summary)
    assert re.search(r"<dt>Konfirmasi hari ini</dt><dd>2</dd>", summary)
    assert not any(name in page for name in (*PERSONAL, "Made Wirawan", "Ketut Sari"))
    # Each campaign opens on its numbers.
    assert client.get(f"/kampanye/{regency.pk}/dasbor/").status_code == 200


def test_the_national_overview_finds_a_campaign_by_its_organiser(
    client: Client, people: People, regency: Campaign, national: Campaign
) -> None:
    login(client, people.kpk_manager)
    page = client.get("/kampanye/nasional/?q=klaten").content.decode()
    assert f"/kampanye/{regency.pk}/dasbor/" in page
    assert "Hakordia" not in page


def test_kpk_finds_the_overview_in_the_workspace(
    client: Client, people: People, regency: Campaign
) -> None:
    login(client, people.p.kpk_officer)
    page = client.get("/ruang-kerja/").content.decode()
    entry = page[page.index('id="campaigns-national"') :]
    assert 'href="/kampanye/nasional/"' in entry
    assert "<dt>Menunggu</dt><dd>1</dd>" in entry
    login(client, people.p.officer_b)
    assert 'id="campaigns-national"' not in client.get("/ruang-kerja/").content.decode()


# A participant from an imported list, signed in


def workspace_links(client: Client, user: User) -> list[str]:
    login(client, user)
    page = client.get("/ruang-kerja/").content.decode()
    if 'id="campaigns-participate"' not in page:
        return []
    entry = page[page.index('id="campaigns-participate"') :].split("</li>\n  </ul>", 1)[0]
    return re.findall(r'<li><a href="(/kampanye/saya/[^"]+/)">', entry)


def test_an_imported_participant_reaches_their_page_from_the_workspace_by_nip(
    client: Client, people: People, regency: Campaign
) -> None:
    agus = regency.participants.get(nip=AGUS_NIP)
    assert agus.user is None  # imported: no account linked
    account = make_user(
        "agus@klaten.example.org", (people.p.unit_a, Role.CIVIL_SERVANT), nip=AGUS_NIP
    )

    links = workspace_links(client, account)

    assert links == [f"/kampanye/saya/{personal_token(agus)}/"]
    page = client.get(links[0]).content.decode()
    assert "Agus Setiawan" in page or regency.title in page


def test_an_imported_participant_is_found_by_a_verified_email_only(
    client: Client, people: People, regency: Campaign
) -> None:
    dewi = regency.participants.get(name="Dewi Lestari")
    dewi.email = "dewi@klaten.example.org"
    dewi.save()
    account = make_user("dewi@klaten.example.org")
    EmailAddress.objects.create(user=account, email=account.email, verified=False, primary=True)
    assert workspace_links(client, account) == []

    EmailAddress.objects.filter(user=account).update(verified=True)
    dewi.save()  # any participant change refreshes the cached workspace

    assert workspace_links(client, account) == [f"/kampanye/saya/{personal_token(dewi)}/"]


def test_a_row_linked_to_another_account_is_not_found_by_nip(
    client: Client, people: People, regency: Campaign
) -> None:
    agus = regency.participants.get(nip=AGUS_NIP)
    agus.user = people.p.asn_a
    agus.save()
    account = make_user("agus.lain@example.org", nip=AGUS_NIP)
    assert workspace_links(client, account) == []


def test_a_kpk_officer_who_runs_no_campaign_is_sent_from_the_list_to_the_national_overview(
    client: Client, people: People, regency: Campaign
) -> None:
    login(client, people.p.kpk_officer)

    response = client.get("/kampanye/")

    assert response.status_code == 302 and response["Location"] == "/kampanye/nasional/"
    assert "Pemerintah Kabupaten Klaten" in client.get("/kampanye/nasional/").content.decode()
