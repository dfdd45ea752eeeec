"""Importing members of PKK and Dharma Wanita, who have no NIP, beside civil servants."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from cegah.campaigns.models import Campaign, Group, Participant
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, token_for
from cegah.campaigns.tests.test_campaigns import login
from cegah.lib.encryption import blind_index

pytestmark = pytest.mark.django_db

HEADER = "nip,name,unit_code,phone,email,group\n"
MIXED = (
    "198805122015032004,Sri Wahyuni,klaten-disdik,0812-3456-7890,,\n"  # ASN by default
    ",Ibu Warsini,klaten-disdik,0813-1111-2222,,PKK\n"
    ",Ibu Lestari,klaten-dinkes,,lestari@example.org,Dharma Wanita\n"
    ",Ibu Warsini Rahayu,klaten-disdik,+6281311112222,,pkk\n"  # same phone: last row wins
)


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(
        people.manager,
        people.p.agency_a,
        [people.p.unit_a, people.unit_b],
        groups=[Group.ASN, Group.PKK, Group.DHARMA_WANITA],
    )


def post_file(client: Client, campaign: Campaign, people: People, content: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/campaigns/{campaign.pk}/participants/import",
        {"file": SimpleUploadedFile("p.csv", content.encode()), **data},
        headers=token_for(people.manager),
    )


def test_members_without_nip_are_imported_in_their_group_and_merged_by_phone(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = post_file(client, campaign, people, HEADER + MIXED)

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 3
    assert response.json()["duplicates_merged"] == 1
    stored = {p.name: (p.group, p.nip, p.phone, p.email) for p in campaign.participants.all()}
    assert stored == {
        "Sri Wahyuni": (Group.ASN, "198805122015032004", "+6281234567890", ""),
        "Ibu Warsini Rahayu": (Group.PKK, "", "+6281311112222", ""),
        "Ibu Lestari": (Group.DHARMA_WANITA, "", "", "lestari@example.org"),
    }


def test_a_second_import_updates_members_without_nip_instead_of_adding_them_again(
    client: Client, people: People, campaign: Campaign
) -> None:
    post_file(client, campaign, people, HEADER + MIXED)
    again = HEADER + ",Ibu Lestari Wulandari,klaten-disdik,,LESTARI@example.org,dharma_wanita\n"

    response = post_file(client, campaign, people, again)

    assert response.status_code == 200, response.content
    assert response.json()["created"] == 0
    assert response.json()["updated"] == 1
    lestari = Participant.objects.get(
        campaign=campaign, email_hash=blind_index("lestari@example.org", "email")
    )
    assert (lestari.name, lestari.agency) == ("Ibu Lestari Wulandari", people.p.unit_a)
    assert campaign.participants.count() == 3


def test_group_rules_are_reported_by_line_and_nothing_is_imported(
    client: Client, people: People, campaign: Campaign
) -> None:
    bad = (
        ",Tanpa NIP,klaten-disdik,0812-3456-7890,,\n"  # line 2: ASN without NIP
        ",Ibu Tanpa Kontak,klaten-disdik,,,pkk\n"  # line 3: no NIP, no phone, no email
        ",Ibu Karang Taruna,klaten-disdik,0812-9999-0000,,karang taruna\n"  # line 4
        "19880512201503200,Ibu Salah NIP,klaten-disdik,,,pkk\n"  # line 5: a NIP given is checked
    )

    response = post_file(client, campaign, people, HEADER + MIXED.splitlines()[0] + "\n" + bad)

    assert response.status_code == 422
    found = {(e["line"], e["column"]) for e in response.json()["errors"]}
    assert found == {(3, "nip"), (4, "phone"), (5, "group"), (6, "nip")}
    messages = {e["line"]: e["msg"] for e in response.json()["errors"]}
    assert "karang taruna" in messages[5]
    with translation.override("id"):
        assert messages[4] == gettext(
            "Without a NIP, give a phone number or an email to tell this person apart."
        )
    assert not campaign.participants.exists()


def test_a_group_the_campaign_does_not_include_is_refused(client: Client, people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], groups=[Group.ASN]
    )

    response = post_file(
        client, campaign, people, HEADER + ",Ibu Warsini,klaten-disdik,0813-1111-2222,,pkk\n"
    )

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["line"], error["column"]) == (2, "group")
    assert "PKK" in error["msg"]
    assert not campaign.participants.exists()


def test_a_file_of_pkk_members_needs_no_nip_column(
    client: Client, people: People, campaign: Campaign
) -> None:
    content = "name,unit_code,phone,group\nIbu Warsini,klaten-disdik,0813-1111-2222,pkk\n"

    response = post_file(client, campaign, people, content)

    assert response.status_code == 200, response.content
    assert campaign.participants.get().group == Group.PKK


def test_the_upload_page_explains_the_group_column(
    client: Client, people: People, campaign: Campaign
) -> None:
    login(client, people.manager)

    page = client.get(f"/en/kampanye/{campaign.pk}/peserta/impor/")

    assert page.status_code == 200
    assert "dharma_wanita" in page.content.decode()
