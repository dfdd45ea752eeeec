"""On a 360 px phone, with and without JavaScript: open Tanya Cegah, ask a question in
everyday words, read the short answer, and follow its citation to the source page.

Screenshots of each step go to /tmp/shots/chat/ (or CEGAH_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.assistant.tests.factories import load_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = Path(os.environ.get("CEGAH_SHOTS", "/tmp/shots/chat"))


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_person_asks_on_a_phone_and_follows_the_answers_citation(
    browser: Browser, live_server: object, settings: SettingsWrapper, javascript: bool
) -> None:
    settings.SITE_URL = str(live_server)
    load_seed()
    suffix = "js" if javascript else "no-js"
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()

    page.goto(f"{live_server}/tanya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tanya Cegah")
    shot(page, f"1-start-{suffix}")

    page.get_by_label("Pertanyaan Anda").fill("lhkpn tahunan paling lambat kapan ya?")
    page.get_by_role("button", name="Kirim", exact=True).click()
    latest = page.locator("#latest")
    expect(latest).to_contain_text("31 Maret")
    expect(latest).to_contain_text("Sumber:")
    expect(page.locator(".chat-in")).to_contain_text("lhkpn tahunan paling lambat kapan ya?")
    if javascript:
        # htmx swapped the conversation in: no new page was loaded.
        assert not page.url.endswith("#latest")
    else:
        assert page.url.endswith("/tanya/#latest")
    page.wait_for_load_state("load")  # styles included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
    shot(page, f"2-answer-{suffix}")

    citation = latest.locator(".chat-sources a").last
    expect(citation).to_have_attribute("href", "/pengetahuan/kapan-lapor-lhkpn/")
    citation.click()
    expect(page).to_have_url(f"{live_server}/pengetahuan/kapan-lapor-lhkpn/")
    expect(page.locator("main")).to_contain_text("31 Maret")
    shot(page, f"3-source-{suffix}")
    context.close()
