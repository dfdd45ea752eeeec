"""End to end in Debian's Chromium: what a person on a phone sees and does."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from cegah.regions.actions import ensure_region
from cegah.test import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


def test_home_in_both_languages_and_the_switch(page: Page, live_server: object) -> None:
    page.set_viewport_size(PHONE["viewport"])  # type: ignore[arg-type]
    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_have_text("Cegah korupsi bersama")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server}/en/")
    expect(page.locator("h1")).to_have_text("Prevent corruption together")
    page.get_by_role("link", name="Bahasa Indonesia").click()
    expect(page).to_have_url(f"{live_server}/")


def test_skip_link_is_the_first_stop_for_keyboard_users(page: Page, live_server: object) -> None:
    page.goto(f"{live_server}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"


def test_login_and_profile_form_work_without_javascript(
    browser: Browser, live_server: object, personas: Personas
) -> None:
    for code in ("33.10.25", "51.71"):
        ensure_region(code)
    context = browser.new_context(java_script_enabled=False, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/akun/login/")
    page.get_by_label("Email").fill("warga@example.org")
    page.get_by_label("Sandi", exact=False).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server}/ruang-kerja/")
    page.goto(f"{live_server}/akun/profil/")

    page.get_by_label("Nama lengkap").fill("Sri Rahayu")
    page.get_by_label("Provinsi").select_option("33")
    page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
    expect(page.get_by_label("Nama lengkap")).to_have_value("Sri Rahayu")
    page.get_by_label("Kabupaten/kota").select_option("33.10")
    page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
    page.get_by_label("Kecamatan").select_option("33.10.25")
    page.get_by_role("button", name="Simpan profil").click()
    expect(page.get_by_role("status")).to_contain_text("Profil Anda telah disimpan")
    expect(page.get_by_label("Kecamatan")).to_have_value("33.10.25")
    context.close()


def test_region_selects_reload_as_they_change_with_javascript(
    page: Page, live_server: object, personas: Personas
) -> None:
    for code in ("33.10.25", "51.71"):
        ensure_region(code)
    page.goto(f"{live_server}/wilayah/")
    page.get_by_label("Provinsi").select_option("33")
    expect(page.get_by_label("Kabupaten/kota")).to_contain_text("Kabupaten Klaten")
    # htmx swapped the selects in; wait until it has wired up the new ones (on a busy machine
    # a change made before that is lost).
    expect(page.locator(".region-picker.htmx-added")).to_have_count(0)
    expect(page.locator(".region-picker.htmx-request")).to_have_count(0)
    page.get_by_label("Kabupaten/kota").select_option("33.10")
    expect(page.get_by_label("Kecamatan")).to_contain_text("Klaten Tengah")
