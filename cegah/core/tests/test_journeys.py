"""Each demo login, on a 360 px phone, with and without JavaScript: start at `/`, sign in through
the header's "Masuk" link, land on the workspace, and reach each of its entries by clicking
visible links only (no navigation to a deep address).

The demo data (`seed_demo`) is loaded once for the module and served by a live server of its
own, as in `test_accessibility.py`; at the end the database is put back as it was found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, Playwright, expect
from pytest_django import DjangoDbBlocker

from cegah.accounts.models import User
from cegah.agencies.demo import DEMO_PASSWORD
from cegah.agencies.models import Agency
from cegah.campaigns import actions as campaign_actions
from cegah.campaigns.models import Channel, Participant
from cegah.campaigns.tests.factories import make_video
from cegah.core.tests.demo_server import launch_chromium, served_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "locale": "id-ID",
    "extra_http_headers": {"Accept-Language": "id"},
}
RUNNING_CAMPAIGN = "Pekan Tolak Gratifikasi Klaten"

# What each demo login's workspace holds (the entries' links, in the page's order).
JOURNEYS: dict[str, list[str]] = {
    "kpk@demo.example": [
        "Keluhan untuk diverifikasi",
        "Laporan gratifikasi yang menunggu KPK",
        "Kampanye di seluruh Indonesia",
        "Kelola pustaka",
        "Jangkauan akun kami",
        "Moderasi forum",
        "Pertanyaan publik yang perlu dijawab",
        "Antarmuka redaksi",
        "Basis pengetahuan",
        "Unit layanan dan poster",
        "Angka integritas (MCP dan SPI)",
        "Log akses",
    ],
    "cekfakta.kpk@demo.example": ["Antrean cek fakta"],
    "cekfakta.bali@demo.example": ["Antrean cek fakta"],
    "setda.klaten@demo.example": [
        "Keluhan untuk instansi saya",
        "Kampanye yang saya kelola",
        "Jangkauan akun kami",
        "Pertanyaan publik yang perlu dijawab",
        "Unit layanan dan poster",
    ],
    "upg.klaten@demo.example": ["Laporan gratifikasi yang menunggu UPG"],
    "asn.klaten@demo.example": ["Laporan gratifikasi saya", "Kampanye yang saya ikuti"],
    "diskominfo.bali@demo.example": [
        "Keluhan untuk instansi saya",
        "Kampanye yang saya kelola",
        "Tinjauan kedua atas putusan",
        "Kelola pustaka",
        "Jangkauan akun kami",
        "Pertanyaan publik yang perlu dijawab",
        "Antarmuka redaksi",
        "Unit layanan dan poster",
    ],
    "warga@demo.example": [],
}
# Pages outside the site's layout (no header to come back with): back to the workspace.
OUTSIDE_THE_LAYOUT = ("/cms/",)


@dataclasses.dataclass
class Site:
    url: str


@pytest.fixture(scope="module")
def chromium(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    yield from launch_chromium(playwright, browser_type_launch_args)


def _running_campaign(klaten: Agency, unit: Agency, participant: User) -> None:
    """A Klaten campaign running today in which the demo civil servant takes part (the demo's
    own campaign has finished)."""
    manager = User.objects.get(email="setda.klaten@demo.example")
    today = timezone.localdate()
    days = [today + dt.timedelta(days=i) for i in range(3)]
    campaign, _created = campaign_actions.create_campaign(
        actor=manager,
        organiser=klaten,
        targets=[unit],
        title=RUNNING_CAMPAIGN,
        goal="Semua ASN membagikan pesan tolak gratifikasi.",
        circular_number="B/700/200/12",
        circular_date=today,
        circular_signatory="Sekretaris Daerah",
        starts_on=days[0],
        ends_on=days[-1],
        channels=[Channel.WHATSAPP_STATUS],
        groups=["asn"],
    )
    item = make_video(klaten)
    for day in days:
        campaign_actions.set_schedule_day(
            actor=manager, campaign=campaign, day=day, item=item, caption="Tolak gratifikasi!"
        )
    campaign_actions.change_status(actor=manager, campaign=campaign, transition="publish")
    Participant.objects.create(
        campaign=campaign, agency=unit, name="Guru ASN Klaten", user=participant
    )


@pytest.fixture(scope="module")
def site(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    def prepare() -> None:
        klaten = Agency.objects.get(code="pemkab-klaten")
        unit = Agency.objects.get(code="klaten-disdik")
        _running_campaign(klaten, unit, User.objects.get(email="asn.klaten@demo.example"))

    media = tmp_path_factory.mktemp("journey-media")
    with served_demo(django_db_blocker, media, prepare) as (url, _nothing):
        yield Site(url=url)


def _menu(page: Page) -> None:
    """Open the header's menu (the phone's disclosure button)."""
    page.locator("summary.menu-button").click()
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()


def _click(page: Page, link: Any) -> int:
    """Follow a visible link; the status of the page it leads to."""
    expect(link).to_be_visible()
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None
    return response.status


def _sign_in(page: Page, site: Site, email: str) -> None:
    response = page.goto(site.url + "/")
    assert response is not None and response.status == 200
    _menu(page)
    assert _click(page, page.get_by_role("link", name="Masuk", exact=True)) == 200
    page.get_by_label("Email").fill(email)
    page.get_by_label("Sandi", exact=False).fill(DEMO_PASSWORD)
    assert _click(page, page.get_by_role("button", name="Masuk")) == 200
    expect(page).to_have_url(f"{site.url}/ruang-kerja/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruang kerja")


def _back_to_workspace(page: Page, site: Site) -> None:
    if page.url.startswith(tuple(site.url + path for path in OUTSIDE_THE_LAYOUT)):
        page.go_back()
    else:
        _menu(page)
        assert _click(page, page.get_by_role("link", name="Ruang kerja", exact=True)) == 200
    expect(page).to_have_url(f"{site.url}/ruang-kerja/")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("email", list(JOURNEYS))
def test_a_demo_login_reaches_each_workspace_entry_by_clicking_from_the_home_page(
    chromium: Browser, site: Site, email: str, javascript: bool
) -> None:
    context = chromium.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        _sign_in(page, site, email)
        entries = page.locator(".workspace-entry h2 a")
        expect(entries).to_have_text(JOURNEYS[email])
        for label in JOURNEYS[email]:
            link = page.locator(".workspace-entry h2").get_by_role("link", name=label, exact=True)
            assert _click(page, link) == 200, label
            assert not page.url.startswith(f"{site.url}/akun/login/"), label
            _back_to_workspace(page, site)
        if email == "asn.klaten@demo.example":
            # The campaign entry lists the person's own page in each campaign.
            link = page.locator(".workspace-links").get_by_role("link", name=RUNNING_CAMPAIGN)
            assert _click(page, link) == 200
            expect(page.get_by_role("heading", level=1)).to_contain_text(RUNNING_CAMPAIGN)
        if not JOURNEYS[email]:
            expect(page.get_by_text(re.compile("tidak memiliki peran petugas"))).to_be_visible()
            assert _click(page, page.get_by_role("link", name="Lacak keluhan").last) == 200
    finally:
        context.close()
