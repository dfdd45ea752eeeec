"""Participants' phone numbers and emails are stored encrypted; imports still merge people by
phone or email (through the blind indexes) and the manager's link list still shows them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from cegah.campaigns.models import Campaign, Group, Participant
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign
from cegah.campaigns.tests.test_campaigns import login
from cegah.campaigns.tests.test_import_groups import HEADER, MIXED, post_file
from cegah.lib.encryption import blind_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(
        people.manager,
        people.p.agency_a,
        [people.p.unit_a, people.unit_b],
        groups=[Group.ASN, Group.PKK, Group.DHARMA_WANITA],
    )


def stored(participant: Participant) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, email, phone_hash, email_hash FROM campaigns_participant WHERE id = %s",
            [participant.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return row[0], row[1], row[2], row[3]


def test_an_imported_list_is_stored_encrypted_with_blind_indexes(
    client: Client, people: People, campaign: Campaign
) -> None:
    assert post_file(client, campaign, people, HEADER + MIXED).status_code == 200

    warsini = campaign.participants.get(name="Ibu Warsini Rahayu")
    phone, email, phone_hash, email_hash = stored(warsini)
    assert "81311112222" not in phone and phone.startswith("gAAAAA")
    assert (email, email_hash) == ("", "")
    assert phone_hash == blind_index("+6281311112222", "phone")
    lestari = campaign.participants.get(name="Ibu Lestari")
    assert "lestari" not in stored(lestari)[1]
    assert (warsini.phone, lestari.email) == ("+6281311112222", "lestari@example.org")


def test_a_second_import_finds_a_member_by_phone_and_updates_the_row(
    client: Client, people: People, campaign: Campaign
) -> None:
    post_file(client, campaign, people, HEADER + MIXED)
    again = HEADER + ",Ibu Warsini,klaten-dinkes,0813 1111 2222,warsini@example.org,pkk\n"

    response = post_file(client, campaign, people, again)

    assert response.json()["created"] == 0 and response.json()["updated"] == 1
    found = Participant.objects.get(
        campaign=campaign, phone_hash=blind_index("+6281311112222", "phone")
    )
    assert (found.name, found.email, found.agency) == (
        "Ibu Warsini",
        "warsini@example.org",
        people.unit_b,
    )
    assert stored(found)[3] == blind_index("warsini@example.org", "email")
    assert campaign.participants.count() == 3


def test_the_manager_downloads_the_links_with_phones_and_emails_in_plain_text(
    client: Client, people: People, campaign: Campaign
) -> None:
    post_file(client, campaign, people, HEADER + MIXED)
    login(client, people.manager)

    response = client.get(f"/kampanye/{campaign.pk}/peserta/tautan.csv")

    body = response.content.decode()
    assert "+6281311112222" in body and "lestari@example.org" in body
