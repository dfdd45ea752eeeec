"""On a 360 px phone, with and without JavaScript: from the knowledge base page, ask in
informal Indonesian, read the answer with its sources, open the entry's page.

Set CEGAH_SHOTS to a folder to keep phone screenshots of each step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cegah.assistant.tests.factories import load_seed
from cegah.test import ensure_gift_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _rules_seeded() -> None:
    # A transactional test may run after another one emptied the tables that migrations
    # filled (the gift rules the answer's figures come from). A serialized rollback would
    # restore them too, but clashes with the content types an earlier flush re-creates.
    ensure_gift_rules()


PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("CEGAH_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_civil_servant_asks_about_a_wedding_envelope_and_opens_the_entry(
    browser: Browser, live_server: object, javascript: bool
) -> None:
    load_seed()
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    suffix = "js" if javascript else "no-js"

    page.goto(f"{live_server}/pengetahuan/")
    expect(page.get_by_role("heading", name="Basis pengetahuan")).to_be_visible()
    shot(page, f"1-knowledge-{suffix}")
    page.get_by_label("Pertanyaan Anda").fill("amplop nikahan 1 juta harus lapor gak?")
    page.get_by_role("button", name="Tanya", exact=True).click()
    answer = page.locator(".assistant-answer")
    # The figure itself comes from the rules data (asserted in test_http.py); a transactional
    # test may run after another one emptied the tables that migrations filled.
    expect(answer).to_contain_text("tidak wajib dilaporkan sampai")
    expect(answer.get_by_role("link", name="Pasal 2 ayat (3)", exact=False)).to_be_visible()
    shot(page, f"2-answer-{suffix}")

    answer.get_by_role("link", name="Baca selengkapnya").click()
    expect(page).to_have_url(f"{live_server}/pengetahuan/amplop-pernikahan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amplop dan hadiah pernikahan")
    page.wait_for_load_state("load")  # styles included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
    shot(page, f"3-entry-{suffix}")
    context.close()
