"""End to end in Chromium on a 360 px phone, with and without JavaScript: the check ends in the
right answer (a passed deadline as its headline) and leads a civil servant into a report
prefilled from it, object category included; the statistics and the decision letter fit the
phone. With CEGAH_SHOTS set to a folder, each step is saved there as a screenshot."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Browser, Page, expect

from cegah.accounts.models import Role
from cegah.gratification.models import GratificationReport, RulesVersion, forget_rules
from cegah.gratification.tests.factories import NIK, decide_directly, submitted_reports
from cegah.test import PASSWORD, Personas, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_rules = importlib.import_module("cegah.gratification.migrations.0002_load_perkpk_2019_and_2026")
_completion = importlib.import_module("cegah.gratification.migrations.0004_completion_days_2026")
_office = importlib.import_module(
    "cegah.gratification.migrations.0009_cite_amendments_and_office_conditions"
)

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture(autouse=True)
def _rules_seeded(transactional_db: None) -> None:
    """A transactional test may start after another one flushed the migration's data."""
    if not RulesVersion.objects.exists():
        _rules.load(apps, None)
        _completion.set_days(apps, None)
        _office.forwards(apps, None)
    forget_rules()


def _shot(page: Page, name: str, javascript: bool) -> None:
    """A full-page screenshot when CEGAH_SHOTS names a folder (for people, not assertions)."""
    folder = os.environ.get("CEGAH_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        suffix = "js" if javascript else "nojs"
        page.screenshot(path=str(Path(folder) / f"{name}-{suffix}.png"), full_page=True)


def _fits_the_phone(page: Page) -> None:
    """Nothing makes the page scroll sideways at 360 px (measured once the page, its style
    sheet included, has loaded: a form's values are there before the styles are)."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width


def _log_in(page: Page, email: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Sandi", exact=False).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _long(day: dt.date) -> str:
    with translation.override("id"):
        return date_format(day, "DATE_FORMAT")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_check_on_a_phone_says_report_it_and_leads_into_a_prefilled_report(
    browser: Browser, live_server: object, personas: Personas, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/gratifikasi/cek/")
    expect(page.locator("legend").first).to_contain_text("Langkah 1 dari 3")
    page.get_by_label("Kapan Anda menerimanya?").fill("2026-03-13")
    page.get_by_label("Apa bentuk pemberiannya?").select_option("money")
    page.get_by_label("Berapa nilainya, dalam rupiah?").fill("2000000")
    page.get_by_role("button", name="Lanjut").click()

    expect(page.locator("legend").first).to_contain_text("Langkah 2 dari 3")
    page.get_by_label("Siapa yang memberikannya?").select_option("business_partner")
    page.get_by_label("Dalam acara apa?").select_option("religious_holiday")
    page.get_by_role("button", name="Lanjut").click()

    expect(page.locator("legend").first).to_contain_text("Langkah 3 dari 3")
    page.get_by_label("Pemberi berkepentingan dengan keputusan yang saya buat").check()
    page.get_by_role("button", name="Lihat jawabannya").click()

    # Received in March: the deadline passed in May, and that is the first thing on the page.
    headline = page.locator("#deadline-passed")
    expect(headline).to_contain_text(
        "Batas waktu pelaporan gratifikasi ini sudah lewat pada " + _long(dt.date(2026, 5, 5))
    )
    expect(headline).to_contain_text("Laporan yang terlambat tetap diterima.")
    expect(headline).to_contain_text("Apa yang harus dilakukan sekarang")
    headline_box, answer_box = headline.bounding_box(), page.locator("#answer").bounding_box()
    assert headline_box and answer_box and headline_box["y"] < answer_box["y"]
    assert headline_box["y"] < 740, "the headline is on the first screen"
    expect(page.locator("#answer")).to_contain_text("Anda harus melaporkan gratifikasi ini.")
    expect(page.locator("#deadline")).to_have_text(_long(dt.date(2026, 5, 5)))
    expect(page.locator("#upg-deadline")).to_have_text(_long(dt.date(2026, 4, 6)))
    expect(page.locator("#legal-basis")).to_contain_text("Pasal 12B dan Pasal 12C")
    _fits_the_phone(page)
    _shot(page, "check-late-answer", javascript)

    headline.get_by_role("link", name="Masuk untuk melaporkan gratifikasi ini").click()
    _log_in(page, "asn@example.org")

    expect(page).to_have_url(re.compile(r"/gratifikasi/laporan/baru/\?received_on=2026-03-13"))
    expect(page.locator("#id_value_idr")).to_have_value("2000000")
    expect(page.locator("#id_received_on")).to_have_value("2026-03-13")
    expect(page.locator("#id_giver_relation")).to_have_value("business_partner")
    expect(page.locator("#id_conflict_of_interest")).to_be_checked()
    expect(page.locator("#id_category")).to_have_value("money")  # from the form of the gift
    _fits_the_phone(page)
    page.locator("#id_reporter_name").fill("Sri Lestari")
    page.locator("#id_reporter_nik").fill(NIK)
    page.locator("#id_reporter_position").fill("Kepala Sekolah")
    page.locator("#id_reporter_address").fill("Jl. Pemuda 10, Klaten")
    page.locator("#id_place_received").fill("Rumah dinas")
    page.locator("#id_description").fill("Amplop berisi uang tunai")
    page.locator("#id_chronology").fill("Diantar kurir rekanan menjelang Lebaran.")
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_role("button", name="Kirim laporan").click()

    expect(page.locator("#report-number")).to_have_text(re.compile(r"^GR-2026-\d{6}$"))
    report = GratificationReport.objects.get()
    assert report.answers["conflict_of_interest"] is True
    assert report.assessment["must_report"] is True
    assert report.late is True
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_teachers_voucher_from_a_parent_is_a_gift_to_report_on_a_phone(
    browser: Browser, live_server: object, personas: Personas, javascript: bool
) -> None:
    """Issue 12: the wording leads a parent's voucher to "a gift from a person", and the answer
    is to report it, with its legal basis; the report starts with the category filled in."""
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/gratifikasi/cek/")
    page.get_by_label("Kapan Anda menerimanya?").fill("2026-11-16")
    page.get_by_label("Apa bentuk pemberiannya?").select_option("cash_equivalent")
    gift = page.get_by_role("radio", name="Pemberian dari orang atau lembaga (uang, voucher")
    expect(gift).to_be_checked()
    expect(page.get_by_text("meskipun vouchernya diterbitkan toko")).to_be_visible()
    page.get_by_label("Berapa nilainya, dalam rupiah?").fill("750000")
    _shot(page, "check-step-1", javascript)
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_label("Siapa yang memberikannya?").select_option(
        label="Orang yang saya layani dalam pekerjaan (orang tua murid, pasien, pemohon…)"
    )
    page.get_by_role("button", name="Lanjut").click()
    _shot(page, "check-step-3", javascript)
    page.get_by_role("button", name="Lihat jawabannya").click()

    expect(page.locator("#answer")).to_contain_text("Anda harus melaporkan gratifikasi ini.")
    expect(page.locator("#deadline-passed")).to_have_count(0)
    expect(page.locator("#reasons")).to_contain_text(
        "Anda menerimanya dari orang yang Anda layani dalam pekerjaan"
    )
    expect(page.locator("#legal-basis")).to_contain_text(
        "Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999"
    )
    _fits_the_phone(page)
    _shot(page, "check-voucher-answer", javascript)
    page.get_by_role("link", name="Masuk untuk melaporkan gratifikasi ini").click()
    _log_in(page, "asn@example.org")
    expect(page.locator("#id_category")).to_have_value("money")
    expect(page.locator("#id_giver_relation")).to_have_value("service_user")
    _shot(page, "report-form", javascript)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_statistics_and_the_decision_letter_read_well_on_a_phone(
    browser: Browser, live_server: object, personas: Personas, javascript: bool
) -> None:
    personas.agency_a.has_gratification_unit = False
    personas.agency_a.save()
    kpk_grat = make_user("grat@kpk.example.org", (personas.kpk, Role.GRATIFICATION_OFFICER))
    reports = submitted_reports(personas.asn_a, personas.unit_a, 6)
    asn_b = make_user("asn.b@example.org", (personas.agency_b, Role.CIVIL_SERVANT))
    submitted_reports(asn_b, personas.agency_b, 2, reporter_email="")
    report = decide_directly(kpk_grat, reports[0], "milik_negara")

    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/gratifikasi/statistik/?tahun=2026")
    november = page.locator("#stats-months-table tbody tr").first
    expect(november.locator("th")).to_have_text("November")
    expect(november.locator('td[data-label="Laporan"]')).to_have_text("8")
    governments = page.locator("#stats-governments-table")
    expect(governments).to_contain_text("disembunyikan")
    expect(governments).not_to_contain_text("Rp4.000.000")  # Bali's two reports
    _shot(page, "statistics", javascript)
    _fits_the_phone(page)

    page.goto(f"{live_server}/akun/login/?next=/gratifikasi/laporan/{report.pk}/")
    _log_in(page, "asn@example.org")
    box = page.locator("#decision-box")
    expect(box).to_contain_text("Yang harus Anda lakukan")
    expect(box).to_contain_text("Setorkan uang itu ke kas negara paling lambat 2 Desember 2026")
    _shot(page, "report-decided", javascript)
    _fits_the_phone(page)
    box.get_by_role("link", name="Baca surat keputusan").click()
    expect(page.locator("#decree-number")).to_have_text(f"Nomor {report.decree_number}")
    expect(page.locator("#decree-verify img")).to_be_visible()
    _shot(page, "decision-letter", javascript)
    _fits_the_phone(page)

    page.goto(f"{live_server}/gratifikasi/verifikasi/{report.decree_hash}/")
    expect(page.locator("#verify-result")).to_contain_text("Surat keputusan ini asli")
    expect(page.locator("main")).not_to_contain_text("Sri Lestari")
    _shot(page, "verify", javascript)
    _fits_the_phone(page)
    context.close()
