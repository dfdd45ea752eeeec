"""On a 360 px phone, with and without JavaScript: from the home page to Cek Fakta, paste a
published claim's exact text, then a paraphrase with abbreviations, and read the verdict.

Set CEGAH_SHOTS to a folder to keep phone screenshots of each step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cegah.factchecks.tests.factories import VERDICT, FactPeople, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("CEGAH_SHOTS", "")
PARAPHRASE = "Katanya kades wajib setor 5 jt ke petugas KPK, benar gak?"


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def check(page: Page, text: str) -> None:
    page.get_by_label("Pesan atau tautan yang ingin diperiksa").fill(text)
    page.get_by_role("button", name="Periksa", exact=True).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_pastes_a_published_claim_and_its_paraphrase_and_sees_the_verdict(
    browser: Browser, live_server: object, people: FactPeople, javascript: bool
) -> None:
    claim = published(people.checker_kpk)
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    suffix = "js" if javascript else "no-js"

    page.goto(f"{live_server}/")
    page.locator("summary.menu-button").click()
    page.get_by_role("link", name="Cek Fakta", exact=True).click()
    expect(page).to_have_url(f"{live_server}/cek-fakta/")
    page.get_by_role("link", name="Periksa pesan").click()
    expect(page).to_have_url(f"{live_server}/cek-fakta/periksa/")
    shot(page, f"1-check-page-{suffix}")

    check(page, str(VERDICT["claim_text"]))
    results = page.locator("#results-title")
    expect(results).to_have_text("Satu putusan cocok")
    verdict_link = page.get_by_role("link", name=str(VERDICT["headline"]))
    expect(verdict_link).to_have_attribute("href", f"/cek-fakta/{claim.slug}/")
    expect(page.locator("main")).to_contain_text("Hoaks/Salah")
    shot(page, f"2-exact-claim-{suffix}")

    check(page, PARAPHRASE)
    expect(results).to_have_text("Satu putusan cocok")
    expect(page.get_by_role("link", name=str(VERDICT["headline"]))).to_be_visible()
    shot(page, f"3-paraphrase-{suffix}")

    page.get_by_role("link", name=str(VERDICT["headline"])).click()
    expect(page).to_have_url(f"{live_server}/cek-fakta/{claim.slug}/")
    expect(page.locator("#verdict")).to_have_text("Hoaks/Salah")
    page.wait_for_load_state("load")  # styles included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
    shot(page, f"4-verdict-{suffix}")
    context.close()
