"""The crawler (`cegah.core.crawl`, `manage.py crawl`) catches planted faults on a live server.

The planted site is this module's own URLconf: a home page that links to a view that raises,
to a page that does not exist, to a page over its weight budget and to a page that loads a
missing stylesheet; a clean corner (`/clean/`) that must report nothing; a list of 40 items of
one shape, of which only a sample is fetched; and links the crawler must never follow.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import requests
from django.core.management import CommandError, call_command
from django.http import HttpRequest, HttpResponse
from django.urls import path

from cegah.core.crawl import Budget, Budgets, LoginFailed, crawl, login, shape
from cegah.test import PASSWORD, Personas

pytestmark = pytest.mark.django_db(transaction=True)

PLANTED = pytest.mark.urls(__name__)
# Under /heavy/ the HTML may weigh 2 KB; the page sends 6 KB of random hex (3 KB gzipped).
TIGHT = Budgets(by_prefix={"/heavy/": Budget(html=2_000, total=20_000)})


def html(*hrefs: str, head: str = "", body: str = "") -> HttpResponse:
    links = "".join(f'<a href="{href}">{href}</a> ' for href in hrefs)
    return HttpResponse(
        f"<!doctype html><html lang='en'><head><title>t</title>{head}</head>"
        f"<body>{links}{body}</body></html>"
    )


def home(request: HttpRequest) -> HttpResponse:
    return html(
        "/clean/", "/boom/", "/missing/", "/heavy/", "/unstyled/", "/items/", "/feed.xml",
        "/logout/", "/admin/", "https://example.org/elsewhere/", "mailto:x@example.org", "#top",
    )  # fmt: skip


def clean(request: HttpRequest) -> HttpResponse:
    return html(
        "/clean/",
        "/clean/about/",
        "/clean/about/#team",
        head='<link rel="stylesheet" href="/static/css/cegah.css">',
        body='<img src="/static/img/favicon.svg" alt="">',
    )


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A planted server error.")


def heavy(request: HttpRequest) -> HttpResponse:
    return html("/", body=f"<p>{secrets.token_hex(3_000)}</p>")


def unstyled(request: HttpRequest) -> HttpResponse:
    return html("/", head='<link rel="stylesheet" href="/static/css/no-such-file.css">')


def items(request: HttpRequest) -> HttpResponse:
    return html(*(f"/items/{pk}/" for pk in range(1, 41)))


def item(request: HttpRequest, pk: int) -> HttpResponse:
    return html("/items/")


def feed(request: HttpRequest) -> HttpResponse:
    # Not HTML, so not parsed: the link inside is never followed.
    body = '<rss><channel><link>/feed-only-link/</link><a href="/boom/">x</a></channel></rss>'
    return HttpResponse(body, content_type="application/rss+xml")


urlpatterns = [
    path("", home),
    path("clean/", clean),
    path("clean/about/", clean),
    path("boom/", boom),
    path("heavy/", heavy),
    path("unstyled/", unstyled),
    path("items/", items),
    path("items/<int:pk>/", item),
    path("feed.xml", feed),
    # Followed, these would end the session or leave for another product: they must not be.
    path("logout/", boom),
    path("admin/", boom),
    path("cms/", clean),
]


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


@PLANTED
def test_a_view_that_raises_is_reported_with_the_page_that_links_it(site: str) -> None:
    report = crawl(site, start_paths=("/",))
    assert "500 at /boom/ (linked from /)" in report.problems
    assert not report.ok


@PLANTED
def test_a_link_to_a_missing_page_is_reported_with_the_page_that_links_it(site: str) -> None:
    report = crawl(site, start_paths=("/",))
    assert "404 at /missing/: a broken link on /" in report.problems


@PLANTED
def test_a_page_over_its_weight_budget_is_reported(site: str) -> None:
    report = crawl(site, start_paths=("/",), budgets=TIGHT)
    assert [p for p in report.problems if p.startswith("over budget: /heavy/ weighs")]
    # The same page is within the default budget (100 KB of HTML).
    assert not [p for p in crawl(site, start_paths=("/",)).problems if "over budget" in p]


@PLANTED
def test_a_missing_stylesheet_is_reported_with_the_page_that_loads_it(site: str) -> None:
    report = crawl(site, start_paths=("/",))
    assert "404 for /static/css/no-such-file.css, loaded by /unstyled/" in report.problems


@PLANTED
def test_a_clean_site_reports_nothing_and_weighs_its_stylesheet_and_images(site: str) -> None:
    report = crawl(site, start_paths=("/clean/",))
    assert report.problems == []
    assert [(p.url.removeprefix(site), p.status) for p in report.pages] == [
        ("/clean/", 200),
        ("/clean/about/", 200),
        ("/cms/", 200),  # the editorial interface, checked once
    ]
    first = report.pages[0]
    assert first.content_type == "text/html" and first.referrer is None
    assert first.weight > first.size > 0  # the stylesheet and the image count
    assert report.pages[1].referrer == f"{site}/clean/"


@PLANTED
def test_links_of_one_shape_are_sampled_and_the_page_cap_holds(site: str) -> None:
    report = crawl(site, start_paths=("/",))
    fetched = {p.url.removeprefix(site) for p in report.pages}
    assert {"/items/1/", "/items/2/", "/items/3/"} <= fetched
    assert "/items/4/" not in fetched and report.skipped >= 37
    assert "/feed.xml" in fetched and "/feed-only-link/" not in fetched

    capped = crawl(site, start_paths=("/",), max_pages=3)
    assert capped.truncated and len(capped.pages) == 4  # three pages, then /cms/


@PLANTED
def test_sign_out_admin_and_other_sites_are_never_followed(site: str) -> None:
    fetched = {p.url.removeprefix(site) for p in crawl(site, start_paths=("/",)).pages}
    assert not fetched & {"/logout/", "/admin/"}
    assert all(p.startswith("/") for p in fetched)


@PLANTED
def test_the_command_prints_each_problem_and_fails(site: str, capsys: Any) -> None:
    with pytest.raises(CommandError, match=r"problem\(s\) found"):
        call_command("crawl", "--base-url", site, "--start", "/")
    out = capsys.readouterr().out
    assert "visitor" in out
    assert "PROBLEM 500 at /boom/ (linked from /)" in out
    assert "PROBLEM 404 at /missing/: a broken link on /" in out


@PLANTED
def test_the_command_passes_a_clean_site(site: str, capsys: Any) -> None:
    call_command("crawl", "--base-url", site, "--start", "/clean/")
    assert "No problems found" in capsys.readouterr().out


def test_urls_of_one_view_share_a_shape_per_language() -> None:
    assert shape("http://x/keluhan/KLH-2026-00001/") == shape("http://x/keluhan/KLH-2026-00002/")
    assert shape("http://x/keluhan/baru/") != shape("http://x/en/keluhan/baru/")
    assert shape("http://x/berita/?halaman=2") == shape("http://x/berita/?halaman=7")
    assert shape("http://x/berita/?halaman=2") != shape("http://x/berita/?kategori=a")
    # Wagtail's pages: slugs and ids normalised, sections kept.
    assert shape("http://x/berita/satu-dua-tiga/") == shape("http://x/berita/empat-lima-enam/")
    assert shape("http://x/berita/") != shape("http://x/pencegahan/")


def test_signing_in_goes_through_the_real_form(live_server: Any, personas: Personas) -> None:
    session = requests.Session()
    login(session, live_server.url, personas.citizen.email, PASSWORD)
    profile = session.get(f"{live_server.url}/akun/profil/", allow_redirects=False)
    assert profile.status_code == 200

    with pytest.raises(LoginFailed):
        login(requests.Session(), live_server.url, personas.citizen.email, "wrong password")
