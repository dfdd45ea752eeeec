"""End to end in Chromium: a citizen on a phone files a complaint and follows it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import Browser, expect

from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import jpeg_with_gps
from cegah.regions.actions import ensure_region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_seed = importlib.import_module("cegah.complaints.migrations.0002_seed_categories")


@pytest.fixture(autouse=True)
def _categories(transactional_db: None) -> None:
    """A transactional test may start after another one flushed the migration's data."""
    _seed.seed(apps, None)


PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_anonymous_complaint_with_a_photo_filed_on_a_phone_and_followed_with_the_code(
    browser: Browser, live_server: object, javascript: bool, tmp_path: object
) -> None:
    ensure_region("33.10.25")
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/keluhan/baru/")
    page.get_by_label("Tentang apa keluhan Anda?").select_option(label="Pendidikan/sekolah")
    for label, code in [("Provinsi", "33"), ("Kabupaten/kota", "33.10")]:
        page.get_by_label(label).select_option(code)
        if javascript:
            # htmx swapped the selects in; wait until it has wired up the new ones.
            expect(page.locator("#region-picker.htmx-added")).to_have_count(0)
            expect(page.locator("#region-picker.htmx-request")).to_have_count(0)
        else:
            page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
    page.get_by_label("Kecamatan").select_option("33.10.25")
    page.get_by_label("Apa yang terjadi?").fill(
        "Komite sekolah memungut Rp250.000 per siswa untuk perpisahan tanpa rapat."
    )
    page.get_by_label("Bukti (tidak wajib)").set_input_files(
        [{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.get_by_label("Lapor secara anonim").check()
    if javascript:
        # The ALTCHA widget solved its challenge while the person typed: the proof goes along.
        expect(page.locator("altcha-widget .altcha")).to_have_attribute("data-state", "verified")
        proof = page.locator('altcha-widget input[name="altcha"]').input_value()
        assert len(proof) > 40
    page.get_by_role("button", name="Kirim keluhan").click()

    expect(page).to_have_url(f"{live_server}/keluhan/tanda-terima/")
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 19

    other = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    tracker = other.new_page()
    tracker.goto(f"{live_server}/keluhan/lacak/")
    tracker.get_by_label("Kode lacak").fill(code.lower().replace("-", " "))
    tracker.get_by_role("button", name="Tampilkan keluhan saya").click()
    expect(tracker).to_have_url(f"{live_server}/keluhan/{code}/")
    expect(tracker.locator("main")).to_contain_text("Diterima")
    expect(tracker.get_by_role("link", name="foto.jpg")).to_be_visible()

    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.reporter_name == ""
    assert complaint.attachments.count() == 1
    other.close()
    context.close()
