"""Choosing reminder channels: the organiser on the campaign form, the participant on their
personal page ("Pengingat")."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign, Participant, ReminderPreference
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign
from cegah.campaigns.tests.test_campaigns import form_data, login

pytestmark = pytest.mark.django_db


def test_the_organiser_picks_reminder_channels_and_they_keep_the_fixed_order(
    client: Client, people: People
) -> None:
    login(client, people.manager)
    page = client.get("/kampanye/baru/").content.decode()
    boxes = re.findall(r'name="reminder_channels" value="(\w+)"', page)
    assert boxes == ["whatsapp", "telegram", "email"]
    data = form_data(people, reminder_time="07:30", reminder_channels=["email", "whatsapp"])
    response = client.post("/kampanye/baru/", data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.reminder_channels == ["whatsapp", "email"]
    detail = client.get(response["Location"]).content.decode()
    assert "07:30" in detail
    assert "WhatsApp, Email" in detail


def test_changing_the_campaign_shows_and_keeps_its_reminder_channels(
    client: Client, people: People
) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], reminder_channels=["telegram"]
    )
    login(client, people.manager)
    page = client.get(f"/kampanye/{campaign.pk}/ubah/").content.decode()
    checked = re.findall(r'name="reminder_channels" value="(\w+)"[^>]*checked', page)
    assert checked == ["telegram"]
    data = form_data(people, reminder_time="06:00", reminder_channels=["telegram", "email"])
    data["targets"] = [people.p.unit_a.pk]
    assert client.post(f"/kampanye/{campaign.pk}/ubah/", data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.reminder_channels == ["telegram", "email"]


def test_a_reminder_time_needs_at_least_one_channel(client: Client, people: People) -> None:
    login(client, people.manager)
    response = client.post("/kampanye/baru/", form_data(people, reminder_time="07:00"))
    assert response.status_code == 200
    assert "Pilih setidaknya satu saluran" in response.content.decode()
    assert not Campaign.objects.exists()


def test_no_reminder_time_is_shown_as_no_reminders(client: Client, people: People) -> None:
    login(client, people.manager)
    client.post("/kampanye/baru/", form_data(people))
    campaign = Campaign.objects.get()
    assert campaign.reminder_time is None
    page = client.get(f"/kampanye/{campaign.pk}/kelola/").content.decode()
    assert "Pengingat: tidak ada" in page


# The participant's own choice


@pytest.fixture
def campaign(people: People) -> Campaign:
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])


@pytest.fixture
def sri(campaign: Campaign, people: People) -> Participant:
    return Participant.objects.create(
        campaign=campaign,
        agency=people.p.unit_a,
        name="Sri Wahyuni",
        phone="+6281234567890",
        email="sri@klaten.example.org",
    )


def url(participant: Participant) -> str:
    return f"/kampanye/saya/{personal_token(participant)}/"


def test_the_page_offers_the_channels_the_participant_can_be_reached_on(
    client: Client, sri: Participant
) -> None:
    page = client.get(url(sri)).content.decode()
    assert "Pengingat" in page
    values = re.findall(r'name="remind_via" value="(\w+)"', page)
    assert values == ["whatsapp", "email", "none"]  # no Telegram chat yet
    assert re.search(r'value="whatsapp"[^>]*checked', page)  # what they get today
    assert "+62812…7890" in page and "+6281234567890" not in page.split("Pengingat", 1)[1]
    assert "s…@klaten.example.org" in page


def test_the_participant_chooses_email_and_then_no_reminders(
    client: Client, sri: Participant
) -> None:
    response = client.post(f"{url(sri)}pengingat/", {"remind_via": "email"})
    assert response.status_code == 302
    assert response["Location"] == url(sri)
    sri.refresh_from_db()
    assert sri.reminder_channel == "email"
    page = client.get(response["Location"]).content.decode()
    assert "Pilihan pengingat Anda tersimpan." in page
    assert re.search(r'value="email"[^>]*checked', page)
    client.post(f"{url(sri)}pengingat/", {"remind_via": "none"})
    sri.refresh_from_db()
    assert sri.reminder_channel == ReminderPreference.NONE


def test_a_channel_without_an_address_or_outside_the_campaign_is_refused(
    client: Client, sri: Participant, campaign: Campaign
) -> None:
    for channel in ("telegram", "sms"):
        response = client.post(f"{url(sri)}pengingat/", {"remind_via": channel}, follow=True)
        assert "Pilih salah satu pilihan." in response.content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(reminder_channels=["whatsapp"])
    client.post(f"{url(sri)}pengingat/", {"remind_via": "email"})
    sri.refresh_from_db()
    assert sri.reminder_channel == ReminderPreference.AUTOMATIC


def test_the_choice_needs_the_csrf_token_like_the_pages_other_forms(sri: Participant) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{url(sri)}pengingat/", {"remind_via": "email"}).status_code == 403
    page = client.get(url(sri)).content.decode()
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[-1]
    response = client.post(
        f"{url(sri)}pengingat/", {"remind_via": "email", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_forged_link_cannot_change_anyones_choice(client: Client, sri: Participant) -> None:
    assert (
        client.post(f"/kampanye/saya/{sri.pk}/pengingat/", {"remind_via": "none"}).status_code
        == 404
    )
    sri.refresh_from_db()
    assert sri.reminder_channel == ReminderPreference.AUTOMATIC


def test_a_campaign_without_reminders_shows_no_choice(
    client: Client, sri: Participant, campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(reminder_time=None)
    assert "Pengingat" not in client.get(url(sri)).content.decode()


def test_the_telegram_link_appears_only_with_a_bot_and_telegram_among_the_channels(
    client: Client, sri: Participant, campaign: Campaign, settings: SettingsWrapper
) -> None:
    settings.TELEGRAM_BOT_USERNAME = ""
    assert "t.me/" not in client.get(url(sri)).content.decode()
    settings.TELEGRAM_BOT_USERNAME = "CegahBot"
    page = client.get(url(sri)).content.decode()
    link = re.search(r'href="https://t\.me/CegahBot\?start=([^"]+)"', page)
    assert link is not None
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", link.group(1))
    Campaign.objects.filter(pk=campaign.pk).update(reminder_channels=["whatsapp", "email"])
    assert "t.me/" not in client.get(url(sri)).content.decode()
