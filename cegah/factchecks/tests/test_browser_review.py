"""On a 360 px phone without JavaScript: an agency administrator asks for a second review, a
fact-checker sends the verdict, a colleague finds it marked in the queue and approves it.

Set CEGAH_SHOTS to a folder to keep phone screenshots of each step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from cegah.accounts.models import Role, User
from cegah.factchecks import actions
from cegah.factchecks.models import Claim, Status
from cegah.factchecks.tests.factories import VERDICT, FactPeople, submit
from cegah.test import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = os.environ.get("CEGAH_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def signed_in(browser: Browser, live_server: object, user: User) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=False, **PHONE)  # type: ignore[arg-type]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )
    return context


def test_a_second_fact_checker_approves_the_verdict_on_a_phone(
    browser: Browser, live_server: object, people: FactPeople
) -> None:
    admin = make_user("admin@bali.example", (people.diskominfo, Role.AGENCY_ADMIN))
    colleague = make_user(
        "cekfakta2@bali.example", (people.diskominfo, Role.FACT_CHECKER), full_name="Ayu Bali"
    )
    claim = actions.start_checking(actor=people.checker_bali, claim=submit().claim)

    settings_page = signed_in(browser, live_server, admin).new_page()
    settings_page.goto(f"{live_server}/cek-fakta/kebijakan-tinjauan/")
    settings_page.get_by_label(
        "Pemeriksa fakta kedua dari instansi harus menyetujui setiap putusan sebelum diterbitkan"
    ).check()
    settings_page.get_by_label("Mengapa diubah? (disimpan dalam riwayat)").fill("Rapat redaksi")
    settings_page.get_by_role("button", name="Simpan").click()
    expect(settings_page.get_by_role("status")).to_contain_text(
        "Pengaturan tinjauan sudah disimpan."
    )
    shot(settings_page, "5-review-policy")

    author = signed_in(browser, live_server, people.checker_bali).new_page()
    author.goto(f"{live_server}/cek-fakta/antrean/{claim.pk}/")
    expect(author.get_by_role("button", name="Terbitkan putusan")).to_have_count(0)
    author.get_by_label("Putusan", exact=True).select_option(label="Hoaks/Salah")
    author.get_by_label("Judul").fill(str(VERDICT["headline"]))
    author.get_by_label("Penjelasan").fill(str(VERDICT["explanation"]))
    author.get_by_label("Sumber", exact=True).fill(str(VERDICT["sources"]))
    author.get_by_role("button", name="Kirim untuk tinjauan kedua").click()
    expect(author.get_by_role("status")).to_contain_text("Putusan menunggu pemeriksa fakta kedua.")
    expect(author.locator("#second-review")).to_contain_text("Diminta oleh Cek Fakta Bali")

    reviewer = signed_in(browser, live_server, colleague).new_page()
    reviewer.goto(f"{live_server}/cek-fakta/antrean/")
    expect(reviewer.locator("#awaiting-review")).to_have_text("1 putusan menunggu tinjauan kedua.")
    expect(reviewer.locator("main")).to_contain_text("Menunggu tinjauan kedua")
    shot(reviewer, "6-queue-awaiting-review")
    reviewer.locator("#awaiting-review").click()
    reviewer.get_by_role("link", name=f"#{claim.pk} ").click()
    shot(reviewer, "7-second-review")
    reviewer.get_by_role("button", name="Setujui dan terbitkan").click()
    expect(reviewer.get_by_role("status")).to_contain_text(
        "Anda menyetujui putusan dan putusan sudah diterbitkan."
    )
    claim.refresh_from_db()
    assert claim.status == Status.DONE and claim.published_by == colleague
    assert Claim.objects.awaiting_second_review().count() == 0
    reviewer.wait_for_load_state("load")  # styles included
    width = reviewer.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"
