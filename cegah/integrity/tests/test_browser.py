"""On a 360 px phone, with and without JavaScript: from /integritas/ find Klaten, read its
weakest SPI component and follow the one-click start to a dissemination campaign.

Klaten's component breakdown is not among the published figures (integrity-data.md found
none), so the test enters one the way an editor would: proposed by one KPK person, approved
by another. Screenshots go to /tmp/shots/integrity/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from cegah.accounts.models import Role
from cegah.integrity import actions
from cegah.integrity.loading import load_published
from cegah.integrity.models import Government
from cegah.test import make_personas, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = Path("/tmp/shots/integrity")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def klaten_breakdown() -> None:
    load_published()
    people = make_personas()
    editor = make_user("editor.kpk@example.org", (people.kpk, Role.EDITOR))
    source = actions.source_for("KPK: hasil SPI 2025 Kabupaten Klaten (jaga.id)", "https://jaga.id")
    correction = actions.propose_correction(
        actor=editor,
        government=Government.objects.get(code="33.10"),
        instrument="spi",
        year=2025,
        values={
            "score": 73.97,
            "published_category": "kuning/waspada",
            "components": {"internal": 80.1, "external": 84.3, "expert": 66.2, "correction": 2.5},
            "source_id": source.pk,
            "confidence": "likely",
        },
        reason="Breakdown entered from the KPK table.",
    )
    actions.review_correction(actor=people.kpk_officer, correction=correction, approve=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_finds_klaten_and_follows_its_weakest_component_to_an_action(
    browser: Browser, live_server: object, klaten_breakdown: None, javascript: bool
) -> None:
    suffix = "js" if javascript else "no-js"
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/integritas/")
    expect(page.locator("h1")).to_have_text("Skor integritas: MCP dan SPI")
    shot(page, f"1-home-{suffix}")
    page.get_by_label("Nama atau kode wilayah").fill("Klaten")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.get_by_role("link", name="Kabupaten Klaten").click()
    expect(page).to_have_url(f"{live_server}/integritas/33.10/")
    weakest = page.locator("#weakest")
    expect(weakest).to_contain_text("Komponen SPI terlemah (2025)")
    expect(weakest.locator(".weakest-part")).to_have_text("Eksper (ahli): 66,2")
    expect(page.get_by_role("img", name="SPI 2025 per komponen")).to_be_visible()
    # Klaten's MCP: the rank rose while the score fell, shown as published with a flag.
    expect(page.locator("main")).to_contain_text("peringkat naik dari 15 (2022) ke 8 (2023)")
    shot(page, f"2-klaten-{suffix}")
    # Its province's ranking, one tap away, then back.
    page.get_by_role("link", name="Peringkat provinsi").click()
    expect(page.locator("h1")).to_have_text("Peringkat integritas di Provinsi Jawa Tengah")
    expect(page.get_by_role("link", name="Kabupaten Klaten")).to_be_visible()
    shot(page, f"2b-province-{suffix}")
    page.go_back()
    start = page.get_by_role("link", name="Mulai kampanye diseminasi")
    expect(start).to_have_attribute("href", "/kampanye/baru/")
    start.click()
    # Starting a campaign needs a signed-in campaign manager: the sign-in page keeps the goal.
    assert "next=/kampanye/baru/" in page.url or "next=%2Fkampanye%2Fbaru%2F" in page.url
    shot(page, f"3-start-{suffix}")
    context.close()


@pytest.fixture
def villages_with_demo() -> None:
    from cegah.integrity.demo import seed_integrity_demo

    seed_integrity_demo(False)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_follows_a_village_from_the_programme_page_to_its_progress(
    browser: Browser, live_server: object, villages_with_demo: None, javascript: bool
) -> None:
    suffix = "js" if javascript else "no-js"
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/integritas/")
    page.get_by_role("link", name="Desa antikorupsi: indikator dan kemajuan").click()
    expect(page.locator("h1")).to_have_text("Desa antikorupsi")
    expect(page.locator("main")).to_contain_text("Penguatan tata laksana")
    shot(page, f"4-programme-{suffix}")
    page.get_by_role("link", name="Kalurahan Panggungharjo").click()
    expect(page.locator("h1")).to_have_text("Kalurahan Panggungharjo")
    expect(page.locator("main")).to_contain_text("4 dari 5 indikator terpenuhi")
    expect(page.locator("main")).to_contain_text("+1 indikator terpenuhi")
    shot(page, f"5-village-{suffix}")
    context.close()
