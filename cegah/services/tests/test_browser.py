"""On a 360 px phone, with and without JavaScript: from the fee check, ask in one's own
words, read the official fee, tap "I was asked for more" and land on the complaint form
prefilled with the service and both amounts.

Screenshots go to /tmp/shots/services/ (or CEGAH_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cegah.regions.actions import ensure_region
from cegah.services.actions import load_fees

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("CEGAH_SHOTS", "/tmp/shots/services")


def shot(page: Page, name: str) -> None:
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_person_checks_the_skck_fee_and_reports_being_asked_for_more(
    browser: Browser, live_server: object, javascript: bool
) -> None:
    load_fees(actor=None)
    ensure_region("33.10.25")
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    suffix = "js" if javascript else "no-js"

    page.goto(f"{live_server}/cek-biaya/")
    page.get_by_label("Layanan apa? Tanya dengan kata-kata Anda").fill("bikin skck brp ya")
    page.locator("summary", has_text="Tanggal, wilayah").click()
    page.get_by_label("Berapa yang diminta kepada Anda?").fill("35000")
    shot(page, f"1-question-{suffix}")
    page.get_by_role("button", name="Cek biaya").click()

    answer = page.locator(".fee-answer")
    expect(answer.locator("h2").first).to_have_text("SKCK (Surat Keterangan Catatan Kepolisian)")
    expect(answer.locator(".fee-amount").first).to_contain_text("Rp30.000")
    expect(answer).to_contain_text("PP 76/2020")
    expect(answer).to_contain_text("Rp5.000 lebih")
    page.wait_for_load_state("load")  # styles included
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
    shot(page, f"2-answer-{suffix}")

    page.get_by_role("link", name="Saya diminta lebih").first.click()
    expect(page).to_have_url(
        f"{live_server}/keluhan/baru/?layanan=skck&biaya_resmi=30000&diminta=35000"
    )
    context_card = page.locator("#fee-context")
    expect(context_card).to_contain_text("SKCK")
    expect(context_card).to_contain_text("30.000")
    expect(page.get_by_label("Jumlah yang diminta kepada Anda")).to_have_value("35000")
    shot(page, f"3-complaint-{suffix}")
    context.close()
