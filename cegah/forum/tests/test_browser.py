"""End to end in Chromium on a 360 px phone: a citizen asks a question (without JavaScript),
the agency's staff give the official answer (with JavaScript), the citizen reads it."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect

from cegah.accounts.models import User
from cegah.forum.models import Post, Thread
from cegah.forum.tests.factories import ready
from cegah.test import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
SHOTS = "/tmp/shots/forum"


def _signed_in(browser: Browser, live_server: object, user: User, js: bool) -> BrowserContext:
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=js, **PHONE)  # type: ignore[arg-type]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": str(live_server)}]
    )
    return context


def _no_horizontal_scroll(page: object) -> None:
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360, width


@pytest.mark.parametrize("js", [False, True], ids=["without-js", "with-js"])
def test_a_citizen_asks_and_the_agency_answers_officially_on_a_phone(
    browser: Browser, live_server: object, personas: Personas, js: bool
) -> None:
    citizen = ready(personas.citizen)
    asker = _signed_in(browser, live_server, citizen, js)
    page = asker.new_page()
    page.goto(f"{live_server}/diskusi/")
    page.get_by_role("link", name="Ajukan pertanyaan").first.click()
    page.get_by_label("Pertanyaan Anda, dalam satu baris").fill(
        "Apakah pungutan Rp 50.000 untuk KTP di kecamatan itu resmi?"
    )
    page.get_by_label("Rincian", exact=True).fill(
        "Petugas kecamatan meminta uang Rp 50.000 agar KTP-el cepat jadi. Apakah itu boleh?"
    )
    page.get_by_label("Topik").select_option("pungli")
    page.get_by_label("Provinsi").select_option("33")
    if not js:
        page.get_by_role("button", name="Tampilkan pilihan tingkat berikutnya").click()
    page.get_by_label("Kabupaten/kota").select_option("33.10")
    page.get_by_label("Saya setuju pertanyaan saya ditayangkan").check()
    page.screenshot(path=f"{SHOTS}/ask-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)
    page.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_role("status")).to_contain_text("Pertanyaan Anda sudah ditayangkan.")
    thread = Thread.objects.get()
    assert thread.agency == personas.agency_a
    expect(page.locator("h1")).to_have_text(thread.title)

    # The agency's administrator answers officially.
    staff = _signed_in(browser, live_server, personas.admin_a, js)
    desk = staff.new_page()
    desk.goto(f"{live_server}{thread.get_absolute_url()}")
    desk.get_by_label("Balasan Anda").fill(
        "Layanan KTP-el gratis. Laporkan petugas itu ke Inspektorat Kabupaten Klaten."
    )
    desk.get_by_label("Ini jawaban resmi instansi saya").check()
    desk.get_by_role("button", name="Kirim balasan").click()
    expect(desk.get_by_role("status")).to_contain_text("Jawaban resmi Anda sudah ditayangkan.")
    assert Post.objects.filter(official_agency=personas.agency_a).count() == 1

    # The citizen reads the pinned answer, and supports the question.
    page.goto(f"{live_server}/diskusi/?status=dijawab")
    page.screenshot(path=f"{SHOTS}/list-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)
    page.get_by_role("link", name=thread.title).click()
    expect(page.locator(".forum-official")).to_contain_text(
        "Jawaban resmi Pemerintah Kabupaten Klaten"
    )
    page.get_by_role("button", name="Dukung pertanyaan ini").click()
    expect(page.locator("#support-form")).to_contain_text("1 pendukung")
    page.screenshot(path=f"{SHOTS}/answered-{'js' if js else 'nojs'}.png", full_page=True)
    _no_horizontal_scroll(page)
    asker.close()
    staff.close()
