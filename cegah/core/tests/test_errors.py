"""Error pages: the site's layout, the address's language, and a way forward from each."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from cegah.complaints import ratelimit as complaint_limits
from cegah.core.tests.error_urls import SECRET

ERROR_URLS = "cegah.core.tests.error_urls"
TITLES = {
    "en": {
        400: "The request could not be read",
        403: "You do not have access to this page",
        404: "Page not found",
        405: "This address cannot be used this way",
        410: "This page has been removed",
        429: "Too many requests",
        500: "Something went wrong on our side",
        503: "The service is briefly unavailable",
    },
    "id": {
        400: "Permintaan tidak dapat dibaca",
        403: "Anda tidak memiliki akses ke halaman ini",
        404: "Halaman tidak ditemukan",
        405: "Alamat ini tidak dapat dipakai dengan cara ini",
        410: "Halaman ini sudah dihapus",
        429: "Terlalu banyak permintaan",
        500: "Terjadi kesalahan di pihak kami",
        503: "Layanan sebentar tidak tersedia",
    },
}
PREFIX = {"en": "/en", "id": ""}


def assert_error_page(html: str, language: str, title: str) -> None:
    """The layout in `language`, the title, and the three ways forward."""
    prefix = PREFIX[language]
    assert f'<html lang="{language}">' in html
    assert f"<title>{title} · Cegah</title>" in html
    assert f"<h1>{title}</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert f'method="get" action="{prefix}/cari/" role="search"' in html
    assert f'href="{prefix}/keluhan/lacak/"' in html
    assert f'href="{prefix}/"' in html


@pytest.fixture
def quiet_client() -> Client:
    """A client that gets the 500 page instead of the exception, as a visitor would."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=ERROR_URLS)
@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 405, 410, 429, 500])
def test_each_error_is_a_site_page_in_the_address_language(
    quiet_client: Client, language: str, status: int
) -> None:
    response = quiet_client.get(f"{PREFIX[language]}/uji-galat/{status}/")
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language
    assert_error_page(html, language, TITLES[language][status])
    assert SECRET not in html


@pytest.mark.django_db
def test_a_missing_page_under_en_is_english_and_switches_to_the_indonesian_home(
    client: Client,
) -> None:
    response = client.get("/en/this-page-does-not-exist/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_error_page(html, "en", "Page not found")
    assert 'href="/" hreflang="id"' in html  # the switch goes home, not to another 404
    assert 'value="this page does not exist"' in html  # the search starts from the address


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/s/salah-ketik", "/dokumen/99999/tidak-ada/", "/tidak-ada/"])
def test_a_missing_page_outside_the_language_prefixes_is_indonesian(
    client: Client, path: str
) -> None:
    client.cookies["django_language"] = "en"
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert_error_page(response.content.decode(), "id", "Halaman tidak ditemukan")


@pytest.mark.django_db
def test_a_request_for_a_host_we_do_not_serve_gets_the_400_page(client: Client) -> None:
    response = client.get("/en/", headers={"Host": "tiruan.example"})
    assert response.status_code == 400
    assert_error_page(response.content.decode(), "en", TITLES["en"][400])


@pytest.mark.django_db
def test_a_mistyped_tracking_link_points_to_the_track_form(client: Client) -> None:
    html = client.get("/en/keluhan/KLH-SALAH/").content.decode()
    assert "Looking for your complaint?" in html
    assert '<a class="button" href="/en/keluhan/lacak/">Enter the tracking code</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/s/abc", "/en/kampanye/saya/potongan/"])
def test_a_cut_off_campaign_link_is_explained_and_points_to_the_campaigns(
    client: Client, path: str
) -> None:
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert "Campaign links are long" in html or "Tautan kampanye panjang" in html
    assert re.search(r'<a class="button" href="(/en)?/ruang-kerja/"', html)


@pytest.mark.django_db
def test_the_api_still_answers_json_for_an_unknown_address(client: Client) -> None:
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_the_api_answers_a_wrong_method_in_its_own_json_shape(client: Client) -> None:
    response = client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_machine_addresses_keep_their_bare_answers(quiet_client: Client) -> None:
    for response in (
        quiet_client.post("/healthz"),
        quiet_client.post("/ping"),
        quiet_client.get("/api/v1/uji-galat/405/"),
        quiet_client.get("/api/v1/uji-galat/429/"),
    ):
        assert response.status_code in {405, 429}
        assert b"<html" not in response.content
    crash = quiet_client.get("/api/v1/uji-galat/500/")
    assert crash.status_code == 500
    assert crash.json()["code"] == "server_error"


@pytest.mark.django_db
def test_a_wrong_method_on_a_page_gets_the_site_page_and_keeps_allow(client: Client) -> None:
    response = client.put("/en/cek-fakta/periksa/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert_error_page(response.content.decode(), "en", TITLES["en"][405])


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_plain_429_gets_the_page_with_the_wait_and_retry_after(client: Client) -> None:
    response = client.get("/en/uji-galat/429/")
    assert response.status_code == 429
    assert response["Retry-After"] == "150"
    assert "Wait about 3 minutes, then try again." in response.content.decode()


@pytest.mark.django_db
@override_settings(COMPLAINTS_LOOKUP_RATE="1/minute", OPERATOR_HOTLINE="198")
def test_too_many_tracking_attempts_say_how_long_to_wait_and_offer_the_hotline(
    client: Client,
) -> None:
    complaint_limits.reset()
    client.post("/en/keluhan/lacak/", {"code": "KLH-AAAA-BBBB"})
    response = client.post("/en/keluhan/lacak/", {"code": "KLH-AAAA-BBBB"})
    html = response.content.decode()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Wait about 1 minute, then try again." in html
    assert '<a href="tel:198">198</a>' in html
    assert 'value="KLH-AAAA-BBBB"' in html  # what was typed is kept
    complaint_limits.reset()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("en", "Your form has expired", "send the form again"),
        ("id", "Formulir Anda sudah kedaluwarsa", "kirim formulir itu lagi"),
    ],
)
def test_a_refused_form_explains_that_it_expired(language: str, title: str, advice: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{PREFIX[language]}/keluhan/lacak/", {"code": "KLH-AAAA-BBBB"})
    html = response.content.decode()
    assert response.status_code == 403
    assert_error_page(html, language, title)
    assert advice in html


def _no_database(*args: object, **kwargs: object) -> None:
    raise OperationalError("the database is down")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_database_outage_answers_503_with_retry_after_in_the_layout(
    quiet_client: Client, language: str
) -> None:
    with (
        patch.object(BaseDatabaseWrapper, "ensure_connection", _no_database),
        patch.object(BaseDatabaseWrapper, "cursor", _no_database),
        patch.object(BaseDatabaseWrapper, "connect", _no_database),
    ):
        response = quiet_client.get(f"{PREFIX[language]}/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert_error_page(html, language, TITLES[language][503])
    assert "OperationalError" not in html and "Traceback" not in html
    assert "the database is down" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_404_page_fits_a_360px_phone_and_its_search_works(
    page: Page, live_server: LiveServer
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    response = page.goto(f"{live_server.url}/en/kampanye/saya/potongan-tautan/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_load_state("load")  # styles included
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#error-search-q").fill("gratifikasi")
    page.locator("#error-search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/en/cari/\?q=gratifikasi$"))


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_redis_not_answering_is_a_retryable_503_on_pages_and_in_the_api(
    quiet_client: Client,
) -> None:
    page = quiet_client.get("/uji-galat/503/")
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Tidak ada yang tersimpan" in page.content.decode()  # "Nothing was saved"
    api = quiet_client.get("/api/v1/uji-galat/503/", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert api.json()["code"] == "unavailable"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_the_503_page_says_nothing_was_saved_and_fits_a_360px_phone(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    response = page.goto(f"{live_server.url}/uji-galat/503/")
    assert response is not None and response.status == 503
    assert response.headers["retry-after"] == "30"
    expect(page.locator("h1")).to_have_text("Layanan sebentar tidak tersedia")
    expect(page.locator("main")).to_contain_text("Tidak ada yang tersimpan")
    page.wait_for_load_state("load")  # styles included
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "503.png"), full_page=True)
    # The way forward works: the home page link in the header.
    page.get_by_role("link", name="Cegah").first.click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_a_database_never_migrated_is_a_500_not_an_outage_to_retry() -> None:
    from cegah.core.errors import is_outage

    assert not is_outage(OperationalError("no such table: wagtailcore_site"))
    assert is_outage(OperationalError("the database system is shutting down"))
