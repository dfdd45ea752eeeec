"""Sharing as a status, not a chat message: the personal page offers the day's picture or video
itself where the phone shares files (Web Share API level 2), and otherwise (and without
JavaScript) a short illustrated "download, then add to your status" guide.

Set CEGAH_SHOTS to a folder to keep phone screenshots of the pages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Collection

from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Campaign, Participant, Share
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, make_participant, make_video
from cegah.library.models import Kind
from cegah.library.tests.factories import make_item

SHOTS = os.environ.get("CEGAH_SHOTS", "")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}

# A phone that shares files: canShare accepts pictures and videos, share() records them.
SHARING_PHONE = """
(() => {
  window.__shared = [];
  const canShare = (data) => Boolean(data && Array.isArray(data.files) && data.files.length &&
    data.files.every((f) => /^(image|video)\\//.test(f.type)));
  const share = async (data) => {
    window.__shared.push({
      files: data.files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
      text: data.text || "",
    });
  };
  Object.defineProperty(Navigator.prototype, "canShare", { value: canShare, configurable: true });
  Object.defineProperty(Navigator.prototype, "share", { value: share, configurable: true });
})();
"""


@pytest.fixture
def image_root(transactional_db: None) -> None:
    """A transactional test may start after another flushed the migration's root collection,
    which every Wagtail image belongs to."""
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def url(participant: Participant) -> str:
    return f"/kampanye/saya/{personal_token(participant)}/"


def picture_campaign(people: People) -> Campaign:
    item = make_item(people.p.agency_a, title="Layanan gratis, tanpa tip", image=True)
    return make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], item=item)


# Through the HTTP layer


@pytest.mark.django_db
def test_the_page_offers_the_pictures_file_and_the_illustrated_guide(
    client: Client, people: People
) -> None:
    campaign = picture_campaign(people)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    item = campaign.schedule.with_items().get(day="2024-04-24").ordered_items()[0]
    page = client.get(url(sri)).content.decode()
    story = item.rendition_url("story")
    link = re.search(r"<a [^>]*data-share-file[^>]*>", page)
    assert link is not None
    assert f'href="{story}"' in link.group(0)
    assert 'data-type="image/jpeg"' in link.group(0)
    assert re.search(r'data-name="[^"]+\.jpg"', link.group(0))
    # The share button waits for the script to find a phone that shares files.
    assert re.search(r'<button type="button" class="button" id="share-status" hidden', page)
    assert '<details class="status-guide" id="status-guide" open>' in page
    steps = re.findall(r'<li><img src="/static/campaigns/guide/(\w+)\.svg"', page)
    assert steps == ["download", "copy", "status", "caption", "confirm"]
    assert "Cara memasangnya di status WhatsApp Anda" in page
    assert "Kirim lewat obrolan WhatsApp" in page  # the chat link is only the second way
    assert client.get(story).status_code == 200


@pytest.mark.django_db
def test_a_video_day_shares_the_video_file(client: Client, people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    page = client.get(url(sri)).content.decode()
    link = re.search(r"<a [^>]*data-share-file[^>]*>", page)
    assert link is not None and 'data-type="video/mp4"' in link.group(0)
    assert "Unduh video" in page


@pytest.mark.django_db
def test_a_caption_only_day_has_nothing_to_share_as_a_file(client: Client, people: People) -> None:
    item = make_item(people.p.agency_a, title="Teks saja", kind=Kind.CAPTION)
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], item=item)
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    page = client.get(url(sri)).content.decode()
    assert "data-share-file" not in page
    assert 'id="share-status"' not in page and 'id="status-guide"' not in page
    assert "Hari 1: tolak suap!" in page  # the caption is still there to copy


@pytest.mark.django_db
def test_another_participants_link_shows_none_of_sris_files_or_link(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    budi = make_participant(campaign, people.unit_b, "Budi")
    page = client.get(url(budi)).content.decode()
    assert f"/s/{budi.code}" in page and f"/s/{sri.code}" not in page


# On a 360-pixel phone


def _open(browser: Browser, live_server: Any, participant: Participant, **options: Any) -> Page:
    context = browser.new_context(**PHONE, **options)
    page = context.new_page()
    page.goto(f"{live_server}{url(participant)}")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("image_root")
def test_on_a_phone_that_shares_files_the_button_shares_the_picture_itself(
    browser: Browser, live_server: Any, people: People
) -> None:
    campaign = picture_campaign(people)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    context.add_init_script(SHARING_PHONE)
    page = context.new_page()
    page.goto(f"{live_server}{url(sri)}")
    button = page.get_by_role("button", name="Bagikan ke status saya")
    expect(button).to_be_visible()
    guide = page.locator("#status-guide")
    expect(guide).not_to_have_attribute("open", "")  # folded away, still there to open
    shot(page, "personal-share-files")
    button.click()
    expect(page.locator("#share-status-message")).to_contain_text("Selesai")
    shared = json.loads(page.evaluate("JSON.stringify(window.__shared)"))
    assert len(shared) == 1
    (file,) = shared[0]["files"]
    assert file["type"] == "image/jpeg" and file["name"].endswith(".jpg")
    assert file["size"] > 10_000  # the picture itself, not an empty probe
    assert shared[0]["text"] == f"Hari 1: tolak suap!\n\n{live_server}/s/{sri.code}"
    page.get_by_label("Status WhatsApp").check()
    page.get_by_role("button", name="Sudah saya bagikan").click()
    expect(page.get_by_role("status")).to_contain_text("Terima kasih")
    assert Share.objects.filter(participant=sri, channel="whatsapp_status").count() == 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("image_root")
@pytest.mark.parametrize("javascript", [True, False], ids=["js-without-file-sharing", "no-js"])
def test_where_files_cannot_be_shared_the_guide_shows_with_the_download(
    browser: Browser, live_server: Any, people: People, javascript: bool
) -> None:
    campaign = picture_campaign(people)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    page = _open(browser, live_server, sri, java_script_enabled=javascript)
    expect(page.get_by_role("button", name="Bagikan ke status saya")).to_be_hidden()
    guide = page.locator("#status-guide")
    expect(guide).to_have_attribute("open", "")
    expect(guide.get_by_text("Buka WhatsApp, masuk ke tab Pembaruan")).to_be_visible()
    expect(guide.locator("img")).to_have_count(5)
    download = page.get_by_role("link", name="Unduh gambar")
    expect(download).to_be_visible()
    href = download.get_attribute("href") or ""
    response = page.request.get(f"{live_server}{href}")
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    shot(page, f"personal-guide-{'js' if javascript else 'nojs'}")
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("image_root")
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_organiser_picks_two_materials_on_a_phone(
    browser: Browser, live_server: Any, people: People, javascript: bool
) -> None:
    """The picker is plain checkboxes with previews: the same with or without JavaScript."""
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    make_item(people.p.kpk, title="Poster KPK tolak gratifikasi", image=True)
    make_video(people.p.agency_a, "Video Klaten")
    client = Client()
    client.force_login(people.manager)
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": str(live_server)}])
    page = context.new_page()
    page.goto(f"{live_server}/kampanye/{campaign.pk}/jadwal/2024-04-25/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Materi untuk Kamis, 25 April 2024")
    # The day carries the campaign's first video; she swaps it for two other materials.
    page.get_by_label(re.compile("Jangan beri tip petugas")).uncheck()
    page.get_by_label(re.compile("Poster KPK tolak gratifikasi")).check()
    page.get_by_label(re.compile("Video Klaten")).check()
    shot(page, f"picker-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Simpan materi hari itu").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Materi untuk Kamis, 25 April 2024 tersimpan"
    )
    day = campaign.schedule.with_items().get(day="2024-04-25")
    assert [i.title for i in day.ordered_items()] == [
        "Video Klaten",
        "Poster KPK tolak gratifikasi",
    ]
    shot(page, f"detail-{'js' if javascript else 'nojs'}")
    context.close()
