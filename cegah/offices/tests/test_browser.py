"""On a 360 px phone, with and without JavaScript: from the office search to an office page,
then to its "report it" link, which opens the complaint form tagged with the office."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from cegah.offices.tests.factories import make_office, make_service, make_standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = Path("/tmp/shots/offices")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_citizen_finds_an_office_and_its_report_link_on_a_phone(
    browser: Browser, live_server: object, javascript: bool
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    office = make_office("DUK-3310", "Disdukcapil Kabupaten Klaten", "dukcapil", "33.10.25")
    make_office("DUK-5171", "Disdukcapil Kota Denpasar", "dukcapil", "51.71")
    make_standard(office, make_service())
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    suffix = "js" if javascript else "nojs"

    page.goto(f"{live_server}/unit-layanan/")
    page.get_by_label("Nama, jenis atau tempat").fill("dukcapil klaten")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.locator("#results-title")).to_have_text("1 unit layanan ditemukan")
    page.screenshot(path=SHOTS / f"search-{suffix}.png", full_page=True)
    page.get_by_role("link", name="Disdukcapil Kabupaten Klaten").click()

    expect(page).to_have_url(f"{live_server}/unit-layanan/DUK-3310/")
    expect(page.locator("h1")).to_have_text("Disdukcapil Kabupaten Klaten")
    expect(page.locator("#svc-akta-kelahiran")).to_have_text("Akta kelahiran")
    expect(page.locator("main")).to_contain_text("GRATIS")
    page.wait_for_load_state("load")  # styles included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways ({width}px)"
    page.screenshot(path=SHOTS / f"office-{suffix}.png", full_page=True)

    page.get_by_role("link", name="Ada yang janggal? Laporkan").first.click()
    expect(page).to_have_url(f"{live_server}/keluhan/baru/?kantor=DUK-3310")
    # The complaint form names the office it was opened from.
    expect(page.locator("main")).to_contain_text("Disdukcapil Kabupaten Klaten")
    page.screenshot(path=SHOTS / f"complaint-{suffix}.png", full_page=True)

    # The region page leads to the office too.
    page.goto(f"{live_server}/unit-layanan/wilayah/33.10/")
    page.screenshot(path=SHOTS / f"region-{suffix}.png", full_page=True)
    page.get_by_role("link", name="Disdukcapil Kabupaten Klaten").click()
    expect(page).to_have_url(f"{live_server}/unit-layanan/DUK-3310/")
    context.close()
