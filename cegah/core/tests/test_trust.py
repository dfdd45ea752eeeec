"""Trust and housekeeping: who runs the site, the legal pages, Permissions-Policy, media
validators."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.checks import check_production_settings
from cegah.core.headers import permissions_policy


@pytest.fixture(autouse=True)
def _media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


OPERATOR = {
    "OPERATOR_NAME": "Sekretariat Uji",
    "OPERATOR_ADDRESS": "Jl. Uji No. 9, Klaten",
    "OPERATOR_EMAIL": "uji@cegah.example",
    "OPERATOR_PHONE": "+62 272 123 456",
    "OPERATOR_HOTLINE": "1500 123",
}


@override_settings(**OPERATOR)
def test_every_page_footer_names_the_operator_and_how_to_reach_it(client: Client, db: None) -> None:
    html = client.get("/tentang/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Sekretariat Uji" in footer
    assert "Jl. Uji No. 9, Klaten" in footer
    assert '<a href="mailto:uji@cegah.example">uji@cegah.example</a>' in footer
    assert '<a href="tel:+62272123456">+62 272 123 456</a>' in footer
    assert '<a href="tel:1500123">1500 123</a>' in footer
    for path in ("/privasi/", "/aksesibilitas/", "/ketentuan/"):
        assert f'href="{path}"' in footer


def test_the_demo_operator_is_marked_as_an_example(client: Client, db: None) -> None:
    html = client.get("/en/tentang/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "(contoh)" in footer
    assert "cegah.example" in footer
    for path in ("/en/privasi/", "/en/aksesibilitas/", "/en/ketentuan/"):
        assert f'href="{path}"' in footer


@override_settings(OPERATOR_PHONE="", OPERATOR_HOTLINE="")
def test_an_empty_operator_setting_is_left_out_of_the_footer(client: Client, db: None) -> None:
    html = client.get("/tentang/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "tel:" not in footer
    assert "Hotline" not in footer


@override_settings(**OPERATOR)
def test_the_privacy_notice_follows_uu_pdp_in_plain_indonesian(client: Client, db: None) -> None:
    response = client.get("/privasi/")
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert '<html lang="id">' in html
    assert "<h1>Pemberitahuan privasi</h1>" in html
    assert "Terakhir diperbarui:" in html and 'datetime="2026-12-06"' in html
    assert "Undang-Undang Nomor 27 Tahun 2022" in html
    assert "Sekretariat Uji" in html  # the controller
    for feature in ("Keluhan anonim", "Laporan gratifikasi", "Peserta kampanye", "Cek Fakta"):
        assert feature in html
    for right in ("mengakses", "membetulkan", "penghapusan", "menarik kembali", "keberatan"):
        assert right in html
    assert "portabilitas" in html
    assert "3 × 24 jam" in html  # answers to requests and breach notification
    assert "Setiap akses dicatat" in html


def test_the_privacy_notice_has_an_english_version(client: Client, db: None) -> None:
    html = " ".join(client.get("/en/privasi/").content.decode().split())
    assert '<html lang="en">' in html
    assert "<h1>Privacy notice</h1>" in html
    assert "Last updated:" in html
    assert "Law No. 27 of 2022 on Personal Data Protection" in html
    assert "Undang-Undang" not in html


@pytest.mark.parametrize(
    ("path", "heading", "text"),
    [
        ("/aksesibilitas/", "Pernyataan aksesibilitas", "WCAG 2.1 tingkat AA"),
        ("/en/aksesibilitas/", "Accessibility statement", "WCAG 2.1 level AA"),
        ("/ketentuan/", "Ketentuan penggunaan", "hukum Republik Indonesia"),
        ("/en/ketentuan/", "Terms of use", "law of the Republic of Indonesia"),
    ],
)
def test_the_accessibility_statement_and_terms_exist_in_both_languages(
    client: Client, db: None, path: str, heading: str, text: str
) -> None:
    html = " ".join(client.get(path).content.decode().split())
    assert f"<h1>{heading}</h1>" in html
    assert text in html


def test_the_accessibility_statement_says_what_does_not_conform_and_how_to_report_it(
    client: Client, db: None
) -> None:
    html = " ".join(client.get("/en/aksesibilitas/").content.decode().split())
    assert "What is known not to conform" in html
    assert "Reporting a barrier" in html
    assert "mailto:" in html


def test_production_warns_when_the_operator_is_not_set() -> None:
    with override_settings(PRODUCTION=True, OPERATOR_NAME="", OPERATOR_HOTLINE=" "):
        warnings = [w for w in check_production_settings(None) if w.id == "cegah.W010"]
    assert len(warnings) == 1
    assert "OPERATOR_NAME, OPERATOR_HOTLINE" in warnings[0].msg
    with override_settings(PRODUCTION=True, **OPERATOR):
        assert not [w for w in check_production_settings(None) if w.id == "cegah.W010"]


# Permissions-Policy


def test_the_permissions_policy_refuses_what_no_page_uses() -> None:
    from django.conf import settings

    value = permissions_policy(settings.PERMISSIONS_POLICY)
    for refused in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert refused in value
    assert "browsing-topics=()" in value
    assert "fullscreen=(self)" in value
    assert (
        permissions_policy({"x": ["self", "https://a.example"]}) == 'x=(self "https://a.example")'
    )


def _has_policy(response: object) -> bool:
    return "camera=()" in response.get("Permissions-Policy", "")  # type: ignore[attr-defined]


def test_html_pages_api_answers_and_errors_carry_the_permissions_policy(
    client: Client, db: None
) -> None:
    assert _has_policy(client.get("/"))
    assert _has_policy(client.get("/"))  # from the page cache too
    assert _has_policy(client.get("/api/v1/regions"))
    assert _has_policy(client.get("/tidak-ada-halaman-ini/"))


def test_static_files_from_whitenoise_carry_the_permissions_policy(
    settings: SettingsWrapper,
) -> None:
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/cegah.css")  # a new client loads the middleware anew
    assert response.status_code == 200
    assert type(response).__name__ == "WhiteNoiseFileResponse"  # not Django's own view
    assert _has_policy(response)


def test_media_files_carry_the_policy_and_validators_and_answer_304(
    client: Client, settings: SettingsWrapper, db: None
) -> None:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "poster.txt").write_text("poster")
    response = client.get("/media/poster.txt")
    assert response.status_code == 200
    assert _has_policy(response)
    etag, modified = response["ETag"], response["Last-Modified"]
    by_etag = client.get("/media/poster.txt", headers={"if-none-match": etag})
    assert by_etag.status_code == 304
    assert _has_policy(by_etag)
    by_date = client.get("/media/poster.txt", headers={"if-modified-since": modified})
    assert by_date.status_code == 304
    (media / "poster.txt").write_text("a new poster")
    assert client.get("/media/poster.txt", headers={"if-none-match": etag}).status_code == 200
    assert client.get("/media/missing.txt").status_code == 404
