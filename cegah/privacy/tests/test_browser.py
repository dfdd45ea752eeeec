"""End to end in Chromium on a 360 px phone, with and without JavaScript: a person reads and
downloads their data; a KPK officer opens the access log from the workspace and filters it."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from cegah.accounts.models import User
from cegah.audit.models import AccessKind, AccessLog
from cegah.privacy.models import PrivacyRequest
from cegah.privacy.tests.factories import complaint_by
from cegah.test import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = "/tmp/shots/privacy"


def _signed_in(browser: Browser, live_server: object, user: User, js: bool) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        java_script_enabled=js,
        accept_downloads=True,
        **PHONE,  # type: ignore[arg-type]
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )
    return context


def _no_horizontal_scroll(page: Page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_a_person_reads_and_downloads_their_data_on_a_phone(
    browser: Browser, live_server: object, personas: Personas, js: bool, tmp_path: Path
) -> None:
    from django.apps import apps

    from cegah.regions.actions import ensure_region

    # A transactional test may start after another one flushed the migrations' data.
    importlib.import_module("cegah.complaints.migrations.0002_seed_categories").seed(apps, None)
    ensure_region("33.10.25")
    complaint = complaint_by(personas.citizen)
    context = _signed_in(browser, live_server, personas.citizen, js)
    page = context.new_page()
    page.goto(f"{live_server}/privasi/data-saya/")
    expect(page.locator("h1")).to_have_text("Data pribadi saya")
    page.screenshot(path=f"{SHOTS}/my-data-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)

    page.get_by_role("button", name="Tampilkan data saya di halaman").click()
    expect(page.get_by_role("heading", name="Keluhan yang Anda kirim saat masuk")).to_be_visible()
    expect(page.get_by_role("heading", name=complaint.display_code)).to_be_visible()
    page.screenshot(path=f"{SHOTS}/summary-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh data saya (berkas JSON)").click()
    saved = tmp_path / "data.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["sections"]["account"]["items"][0]["email"] == "warga@example.org"
    assert PrivacyRequest.objects.count() == 2
    context.close()


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_a_kpk_officer_opens_the_access_log_from_the_workspace_and_filters_it(
    browser: Browser, live_server: object, personas: Personas, js: bool
) -> None:
    p = personas
    for number, kind in ((1, AccessKind.VIEW), (2, AccessKind.EXPORT)):
        AccessLog.objects.create(
            actor_label="verifikator.panjang.sekali@kpk.example.org",
            kind=kind,
            object_type="complaints.complaint",
            object_id=str(number),
            agency=p.agency_a,
            reason="verifikasi identitas pelapor",
        )
    context = _signed_in(browser, live_server, p.kpk_officer, js)
    page = context.new_page()
    page.goto(f"{live_server}/")
    page.locator("summary.menu-button").click()
    page.get_by_role("link", name="Ruang kerja").click()
    page.get_by_role("link", name="Log akses", exact=True).click()
    expect(page.locator("h1")).to_have_text("Log akses")
    expect(page.get_by_role("heading", name="2 entri")).to_be_visible()
    _no_horizontal_scroll(page)

    page.get_by_label("Akses").select_option("export")
    page.screenshot(path=f"{SHOTS}/filters-{'js' if js else 'nojs'}.png", full_page=True)
    page.get_by_role("button", name="Tampilkan entri").click()
    expect(page.get_by_role("heading", name="1 entri")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Keluhan #2")
    page.screenshot(path=f"{SHOTS}/access-log-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh entri ini (CSV)").click()
    assert download.value.suggested_filename.startswith("log-akses-")
    assert AccessLog.objects.filter(kind=AccessKind.EXPORT, actor=p.kpk_officer).count() == 1
    context.close()
