"""End to end in Chromium on a phone: the check, with and without JavaScript, ends in the
right answer and leads a civil servant into a prefilled report."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Browser, expect

from cegah.gratification.models import GratificationReport, RulesVersion, forget_rules
from cegah.gratification.tests.factories import NIK
from cegah.test import PASSWORD, Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_rules = importlib.import_module("cegah.gratification.migrations.0002_load_perkpk_2019_and_2026")
_completion = importlib.import_module("cegah.gratification.migrations.0004_completion_days_2026")

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


@pytest.fixture(autouse=True)
def _rules_seeded(transactional_db: None) -> None:
    """A transactional test may start after another one flushed the migration's data."""
    if not RulesVersion.objects.exists():
        _rules.load(apps, None)
        _completion.set_days(apps, None)
    forget_rules()


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
    expect(page.locator("legend")).to_contain_text("Langkah 1 dari 3")
    page.get_by_label("Kapan Anda menerimanya?").fill("2026-03-13")
    page.get_by_label("Apa bentuk pemberiannya?").select_option("money")
    page.get_by_label("Berapa nilainya, dalam rupiah?").fill("2000000")
    page.get_by_role("button", name="Lanjut").click()

    expect(page.locator("legend")).to_contain_text("Langkah 2 dari 3")
    page.get_by_label("Siapa yang memberikannya?").select_option("business_partner")
    page.get_by_label("Dalam acara apa?").select_option("religious_holiday")
    page.get_by_role("button", name="Lanjut").click()

    expect(page.locator("legend")).to_contain_text("Langkah 3 dari 3")
    page.get_by_label("Pemberi berkepentingan dengan keputusan yang saya buat").check()
    page.get_by_role("button", name="Lihat jawabannya").click()

    expect(page.locator("#answer")).to_contain_text("Anda harus melaporkan gratifikasi ini.")
    expect(page.locator("#deadline")).to_have_text(_long(dt.date(2026, 5, 5)))
    expect(page.locator("#upg-deadline")).to_have_text(_long(dt.date(2026, 4, 6)))

    page.get_by_role("link", name="Masuk untuk melaporkan gratifikasi ini").click()
    page.get_by_label("Email").fill("asn@example.org")
    page.get_by_label("Sandi", exact=False).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(re.compile(r"/gratifikasi/laporan/baru/\?received_on=2026-03-13"))
    expect(page.locator("#id_value_idr")).to_have_value("2000000")
    expect(page.locator("#id_received_on")).to_have_value("2026-03-13")
    expect(page.locator("#id_giver_relation")).to_have_value("business_partner")
    expect(page.locator("#id_conflict_of_interest")).to_be_checked()
    page.locator("#id_reporter_name").fill("Sri Lestari")
    page.locator("#id_reporter_nik").fill(NIK)
    page.locator("#id_reporter_position").fill("Kepala Sekolah")
    page.locator("#id_reporter_address").fill("Jl. Pemuda 10, Klaten")
    page.locator("#id_place_received").fill("Rumah dinas")
    page.locator("#id_category").select_option("money")
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
