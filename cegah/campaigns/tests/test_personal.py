"""The participant's personal page: signed link, today's material, sharing, confirmation."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign, Participant, Share, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])


@pytest.fixture
def sri(campaign: Campaign, people: People) -> Participant:
    return make_participant(campaign, people.p.unit_a, "Sri Wahyuni", "198805122015032004")


@pytest.fixture
def budi(campaign: Campaign, people: People) -> Participant:
    return make_participant(campaign, people.unit_b, "Budi Santoso", "197501012000031001")


def url(participant: Participant) -> str:
    return f"/kampanye/saya/{personal_token(participant)}/"


def test_the_page_shows_todays_material_caption_with_short_link_and_whatsapp_link(
    client: Client, sri: Participant, budi: Participant
) -> None:
    response = client.get(url(sri))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sri Wahyuni" in page
    assert "Budi Santoso" not in page
    assert "Hari 1: tolak suap!" in page
    assert "Hari 2" not in page
    text = f"Hari 1: tolak suap!\n\nhttp://testserver/s/{sri.code}"
    assert f'href="https://wa.me/?text={quote(text, safe="")}"' in page
    assert f"/s/{sri.code}" in page and f"/s/{budi.code}" not in page
    assert "<video" in page and "campaigns/share.js" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_forged_or_altered_link_gets_404(
    client: Client, sri: Participant, budi: Participant
) -> None:
    token = personal_token(sri)
    forged = f"{budi.pk}.{token.split('.', 1)[1]}"
    assert client.get(f"/kampanye/saya/{forged}/").status_code == 404
    assert client.get(f"/kampanye/saya/{sri.pk}/").status_code == 404


def test_the_link_expires_at_the_end_of_the_campaign(client: Client, sri: Participant) -> None:
    with time_machine.travel(
        dt.datetime(2024, 4, 26, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False
    ):
        assert client.get(url(sri)).status_code == 200
    with time_machine.travel(
        dt.datetime(2024, 4, 27, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False
    ):
        response = client.get(url(sri))
        assert response.status_code == 410
        assert "Sri Wahyuni" not in response.content.decode()
        assert (
            client.post(url(sri), {"day": "2024-04-26", "channel": "whatsapp_status"}).status_code
            == 410
        )
    assert not Share.objects.exists()


def test_a_finished_campaign_closes_the_link(
    client: Client, campaign: Campaign, sri: Participant
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(status=Status.FINISHED)
    assert client.get(url(sri)).status_code == 410


def test_confirming_twice_records_once(client: Client, sri: Participant) -> None:
    data = {"day": "2024-04-24", "channel": "whatsapp_status"}
    first = client.post(url(sri), data)
    second = client.post(url(sri), {**data, "proof_url": "https://instagram.com/p/abc"})
    assert first.status_code == second.status_code == 302
    share = Share.objects.get()
    assert (share.participant, share.day, share.channel) == (
        sri,
        dt.date(2024, 4, 24),
        "whatsapp_status",
    )
    assert share.proof_url == "https://instagram.com/p/abc"
    page = client.get(url(sri)).content.decode()
    assert "WhatsApp" in page
    client.post(url(sri), {"day": "2024-04-24", "channel": "instagram"})
    assert Share.objects.count() == 2


def test_a_screenshot_is_kept_as_proof(client: Client, sri: Participant) -> None:
    out = io.BytesIO()
    Image.new("RGB", (60, 120), "green").save(out, format="PNG")
    client.post(
        url(sri),
        {
            "day": "2024-04-24",
            "channel": "whatsapp_status",
            "proof": SimpleUploadedFile("s.png", out.getvalue()),
        },
    )
    share = Share.objects.get()
    assert share.proof_file.name.endswith(".png")


def test_a_future_day_or_a_channel_outside_the_campaign_is_refused(
    client: Client, sri: Participant
) -> None:
    assert (
        client.post(url(sri), {"day": "2024-04-25", "channel": "whatsapp_status"}).status_code
        == 400
    )
    assert client.post(url(sri), {"day": "2024-04-24", "channel": "tiktok"}).status_code == 400
    assert not Share.objects.exists()


def test_the_page_works_for_pictures_in_story_format(client: Client, people: People) -> None:
    from cegah.library.tests.factories import make_item

    item = make_item(people.p.agency_a, image=True)
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], item=item)
    participant = make_participant(campaign, people.p.unit_a, "Rina")
    page = client.get(url(participant)).content.decode()
    assert item.rendition_url("story") in page


def test_an_earlier_campaign_day_may_still_be_confirmed_but_never_a_later_one(
    client: Client, sri: Participant
) -> None:
    with time_machine.travel(
        dt.datetime(2024, 4, 25, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False
    ):
        assert (
            client.post(url(sri), {"day": "2024-04-24", "channel": "instagram"}).status_code == 302
        )
        assert (
            client.post(url(sri), {"day": "2024-04-26", "channel": "instagram"}).status_code == 400
        )
    assert list(Share.objects.values_list("day", flat=True)) == [dt.date(2024, 4, 24)]


def test_the_page_shows_the_participants_own_record_and_clicks_and_nobody_elses(
    client: Client, sri: Participant, budi: Participant
) -> None:
    from cegah.campaigns.models import Click

    Share.objects.create(participant=sri, day=dt.date(2024, 4, 24), channel="whatsapp_status")
    Share.objects.create(participant=budi, day=dt.date(2024, 4, 25), channel="instagram")
    Click.objects.create(participant=sri, day=dt.date(2024, 4, 24), visitor="a" * 64, hits=3)
    Click.objects.create(participant=budi, day=dt.date(2024, 4, 24), visitor="b" * 64, hits=9)

    with time_machine.travel(dt.datetime(2024, 4, 25, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get("/en" + url(sri)).content.decode()

    record = page[page.index('id="record-heading"') :]
    assert "Wednesday, 24 April: WhatsApp status" in record
    assert "Thursday, 25 April: not confirmed" in record
    assert "26 April" not in record  # a day still to come
    assert "opened 3 times" in record
    assert "Instagram" not in record.split("</section>")[0]
