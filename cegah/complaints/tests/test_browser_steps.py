"""Issue 12 in Chromium on a 360 px phone, with and without JavaScript: a photo survives the
region button and a form sent back with a mistake, and goes with the complaint; the region
step is not shown as a failure; Enter in an inbox's search box filters."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from cegah.complaints.models import Complaint, KeptUpload
from cegah.complaints.tests.factories import jpeg_with_gps, submit
from cegah.regions.actions import ensure_region
from cegah.test import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_seed = importlib.import_module("cegah.complaints.migrations.0002_seed_categories")

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
NOT_SENT = "Keluhan Anda belum terkirim"
# Set CEGAH_SHOTS to a folder to keep phone screenshots of each step.
SHOTS = os.environ.get("CEGAH_SHOTS", "")


@pytest.fixture(autouse=True)
def _categories(transactional_db: None) -> None:
    """A transactional test may start after another one flushed the migration's data."""
    _seed.seed(apps, None)


def shot(page: Page, name: str, *around: str) -> None:
    """What the phone's screen shows now, then with each selector in `around` scrolled to."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))
    for number, selector in enumerate(around, start=1):
        page.locator(selector).first.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{number}.png"))


def photo(name: str) -> dict[str, object]:
    return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}


def wait_for_htmx(page: Page) -> None:
    expect(page.locator("#region-picker.htmx-added")).to_have_count(0)
    expect(page.locator("#region-picker.htmx-request")).to_have_count(0)


def proof_ready(page: Page) -> None:
    expect(page.locator("altcha-widget .altcha")).to_have_attribute("data-state", "verified")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_photo_survives_the_region_step_and_a_mistake_and_goes_with_the_complaint(
    browser: Browser, live_server: object, javascript: bool
) -> None:
    ensure_region("33.10.25")
    mode = "js" if javascript else "nojs"
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/keluhan/baru/")
    page.get_by_label("Tentang apa keluhan Anda?").select_option(label="Pendidikan/sekolah")
    # The parent chooses the receipt's photo first, then the region.
    page.get_by_label("Bukti (tidak wajib)").set_input_files(
        [photo("kuitansi.jpg"), photo("surat-edaran.jpg")]
    )
    page.get_by_label("Provinsi").select_option("33")
    if javascript:
        wait_for_htmx(page)
    else:
        page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
        # A step, not a failure: no banner, no errors, the regency list in focus, the
        # photos listed as attached.
        expect(page.get_by_text(NOT_SENT)).to_have_count(0)
        expect(page.locator(".errorlist")).to_have_count(0)
        expect(page.get_by_label("Kabupaten/kota")).to_be_focused()
        expect(page.locator("#kept-files")).to_contain_text("kuitansi.jpg")
        expect(page.locator("#kept-files")).to_contain_text("dihapus setelah satu hari")
        expect(page.get_by_text("pilih lagi berkas bukti Anda")).to_have_count(0)
        shot(page, f"01-region-step-{mode}", "#kept-files")
    page.get_by_label("Kabupaten/kota").select_option("33.10")
    if javascript:
        wait_for_htmx(page)
    else:
        page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
        expect(page.get_by_label("Kecamatan")).to_be_focused()
    page.get_by_label("Kecamatan").select_option("33.10.25")

    # A mistake: the description is too short.
    page.get_by_label("Apa yang terjadi?").fill("Pungutan liar.")
    page.get_by_label("Lapor secara anonim").check()
    if javascript:
        proof_ready(page)
    page.get_by_role("button", name="Kirim keluhan").click()
    expect(page.get_by_role("alert")).to_contain_text(NOT_SENT)
    expect(page.get_by_role("alert")).to_contain_text("Anda tidak perlu memilihnya lagi")
    kept = page.locator("#kept-files")
    expect(kept).to_contain_text("kuitansi.jpg")
    expect(kept).to_contain_text("surat-edaran.jpg")
    shot(page, f"02-mistake-{mode}", "#kept-files")

    # One photo was the wrong one: remove it.
    page.get_by_role("button", name="Hapus surat-edaran.jpg").click()
    expect(kept).not_to_contain_text("surat-edaran.jpg")
    expect(kept).to_contain_text("kuitansi.jpg")
    expect(page.get_by_text(NOT_SENT)).to_have_count(0)
    expect(page.get_by_label("Bukti (tidak wajib)")).to_be_focused()
    shot(page, f"03-removed-{mode}", "#kept-files")

    page.get_by_label("Apa yang terjadi?").fill(
        "Komite sekolah memungut Rp250.000 per siswa untuk perpisahan tanpa rapat."
    )
    if javascript:
        proof_ready(page)
    page.get_by_role("button", name="Kirim keluhan").click()
    expect(page).to_have_url(f"{live_server}/keluhan/tanda-terima/")

    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.region_id == "33.10.25"
    assert [a.original_name for a in complaint.attachments.all()] == ["kuitansi.jpg"]
    assert KeptUpload.objects.count() == 0
    # The reporter opens the photo from their page.
    page.get_by_role("link", name="Pantau keluhan Anda").click()
    expect(page.get_by_role("link", name="kuitansi.jpg")).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_enter_in_the_inbox_search_box_filters(
    browser: Browser, live_server: object, javascript: bool
) -> None:
    personas = make_personas()
    ensure_region("33.10.25")
    wanted = submit(description="Uang seragam diminta oleh komite sekolah tanpa rapat apa pun.")
    submit(description="Kepala desa meminta uang pelicin untuk surat keterangan usaha.")
    client = Client()
    client.force_login(personas.kpk_officer)
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )
    page = context.new_page()
    page.goto(f"{live_server}/keluhan/verifikasi/")
    expect(page.locator("#list-title")).to_have_text("2 keluhan")
    search = page.get_by_role("searchbox", name="Cari")
    search.fill("seragam")
    search.press("Enter")
    expect(page.locator("#list-title")).to_have_text("1 keluhan")
    expect(page.get_by_role("link", name=f"#{wanted.pk}")).to_be_visible()
    expect(page.locator(".excerpt")).to_contain_text("Uang seragam diminta")
    assert "q=seragam" in page.url
    shot(page, f"04-inbox-search-{'js' if javascript else 'nojs'}", "table")

    # The code the reporter reads out opens the complaint; the address shows its number only.
    page.get_by_text("Cari dengan kode lacak").click()
    page.get_by_role("textbox", name="Kode lacak").fill(wanted.display_code.lower())
    page.get_by_role("textbox", name="Kode lacak").press("Enter")
    expect(page).to_have_url(f"{live_server}/keluhan/kelola/{wanted.pk}/")
    context.close()
