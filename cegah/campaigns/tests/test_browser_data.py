"""On a phone, with and without JavaScript: an organiser's list with a numeric NIP is refused
line by line, the dashboard says which days have not come, and KPK reads the national
overview and a regency's numbers without anyone's name.

Set CEGAH_SHOTS to a folder to keep screenshots of each page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Page, expect

from cegah.campaigns.models import Participant, Share
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant
from cegah.test import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("CEGAH_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/akun/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Sandi", exact=False).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{base}/ruang-kerja/")


def numeric_nips() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIP", "Nama", "Kode Unit"])
    sheet.append(["198805122015032004", "Sri Wahyuni", "klaten-disdik"])
    sheet.append([197203032012031002.0, "Agus Setiawan", "klaten-disdik"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_organiser_and_kpk_read_the_campaigns_numbers_on_a_phone(
    browser: Browser, live_server: object, people: People, javascript: bool
) -> None:
    base = str(live_server)
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    dewi = make_participant(campaign, people.unit_b, "Dewi Lestari", "197501012000031001")
    Share.objects.create(participant=dewi, day=DAYS[0], channel="whatsapp_status")
    suffix = "js" if javascript else "nojs"

    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, base, people.manager.email)

    # 1. The list with a NIP typed as a number: refused with its line, nothing imported.
    page.goto(f"{base}/kampanye/{campaign.pk}/peserta/impor/")
    expect(page.get_by_role("link", name="Unduh templat (XLSX)")).to_be_visible()
    page.get_by_label("Daftar peserta (CSV atau XLSX)").set_input_files(
        {"name": "peserta.xlsx", "mimeType": "application/octet-stream", "buffer": numeric_nips()}
    )
    page.get_by_label("Hanya periksa berkas, jangan impor").uncheck()
    page.get_by_role("button", name="Unggah").click()
    errors = page.get_by_role("region", name="Kesalahan dalam berkas")
    expect(errors).to_contain_text("Format kolom NIP sebagai Teks")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("3")
    expect(page.get_by_label("Hanya periksa berkas, jangan impor")).not_to_be_checked()
    shot(page, f"import-numeric-nip-{suffix}")
    assert not Participant.objects.filter(name="Agus Setiawan").exists()

    # 2. The dashboard on day 1: the next days have not come.
    page.goto(f"{base}/kampanye/{campaign.pk}/dasbor/")
    trend = page.get_by_role("region", name="Tren: persentase seluruh peserta")
    expect(trend).to_contain_text("belum berlangsung")
    expect(
        page.get_by_role(
            "region", name="Jumlah yang belum konfirmasi pada 24 April 2024, per instansi"
        )
    ).to_be_visible()
    shot(page, f"dashboard-day-1-{suffix}")
    context.clear_cookies()

    # 3. KPK: the national overview, then the regency's numbers without names.
    sign_in(page, base, people.p.kpk_officer.email)
    page.get_by_role("link", name="Kampanye di seluruh Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kampanye di seluruh Indonesia")
    shot(page, f"national-overview-{suffix}")
    page.get_by_role("link", name=campaign.title).click()
    expect(page.get_by_role("region", name="Peserta yang sudah konfirmasi")).to_contain_text(
        "Dinas Kesehatan Kabupaten Klaten"
    )
    expect(page.locator("main")).not_to_contain_text("Dewi Lestari")
    shot(page, f"dashboard-kpk-{suffix}")
    context.close()
