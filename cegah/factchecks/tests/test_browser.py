"""End to end in Chromium on a phone: a citizen sends a hoax, a fact-checker publishes the
verdict, and the public article shows it with its ClaimReview."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from playwright.sync_api import Browser, expect

from cegah.factchecks.models import Claim, Status
from cegah.factchecks.tests.factories import HOAX_FORWARDED, FactPeople

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture(autouse=True)
def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Site search has its own tests; here publishing only has to reach it."""
    monkeypatch.setattr("cegah.search.backend.index_documents", lambda docs: list(docs))


def test_a_citizen_sends_a_hoax_on_a_phone_and_reads_the_published_verdict(
    browser: Browser, live_server: object, people: FactPeople
) -> None:
    # The citizen, on a phone without JavaScript.
    citizen = browser.new_context(java_script_enabled=False, **PHONE)  # type: ignore[arg-type]
    page = citizen.new_page()
    page.goto(f"{live_server}/cek-fakta/kirim/")
    page.get_by_label("Isi pesan").fill(HOAX_FORWARDED)
    page.get_by_label("Email Anda (tidak wajib)").fill("warga@example.org")
    page.get_by_role("button", name="Kirim untuk diperiksa").click()
    expect(page).to_have_url(f"{live_server}/cek-fakta/terkirim/")
    expect(page.locator("h1")).to_have_text("Terima kasih: pesan Anda sudah diterima")
    claim = Claim.objects.get()

    # The fact-checker, signed in, on a phone too.
    client = Client()
    client.force_login(people.checker_kpk)
    checker = browser.new_context(**PHONE)  # type: ignore[arg-type]
    checker.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )
    desk = checker.new_page()
    desk.goto(f"{live_server}/cek-fakta/antrean/")
    desk.get_by_role("link", name=f"#{claim.pk} ").click()
    expect(desk.locator("main")).to_contain_text("warga@example.org")
    desk.get_by_role("button", name="Mulai periksa").click()
    expect(desk.locator("#claim-status")).to_have_text("Sedang diperiksa")
    desk.get_by_label("Klaimnya, dalam satu atau dua kalimat").fill(
        "KPK meminta kepala desa menyetor uang pembinaan Rp5 juta."
    )
    desk.get_by_label("Putusan").select_option(label="Hoaks/Salah")
    desk.get_by_label("Judul").fill("KPK tidak memungut uang pembinaan dari kepala desa")
    desk.get_by_label("Penjelasan").fill("KPK tidak pernah memungut uang. Laporkan ke 198.")
    desk.get_by_label("Sumber").fill("Komisi Pemberantasan Korupsi https://www.kpk.go.id")
    desk.get_by_role("button", name="Terbitkan putusan").click()
    expect(desk.get_by_role("status")).to_contain_text("Putusan sudah diterbitkan.")
    claim.refresh_from_db()
    assert claim.status == Status.DONE

    # Back to the citizen: the archive lists it and the article shows the verdict.
    page.goto(f"{live_server}/cek-fakta/")
    page.get_by_role("link", name="KPK tidak memungut uang pembinaan dari kepala desa").click()
    expect(page).to_have_url(f"{live_server}/cek-fakta/{claim.slug}/")
    expect(page.locator("#verdict")).to_have_text("Hoaks/Salah")
    data = json.loads(page.locator("script#claimreview").text_content() or "{}")
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "Hoaks/Salah"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["claimReviewed"] == "KPK meminta kepala desa menyetor uang pembinaan Rp5 juta."
    checker.close()
    citizen.close()
