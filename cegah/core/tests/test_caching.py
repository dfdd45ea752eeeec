"""The anonymous page cache: shared pages, invalidated by publishing, revalidated by browsers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.core.caching import (
    AnonymousPageCacheMiddleware,
    anonymous_page_cache,
    invalidate,
    share_page,
)
from cegah.portal.actions import PortalTree, ensure_portal_tree
from cegah.portal.tests.factories import make_news
from cegah.test import Personas


@pytest.fixture(autouse=True)
def _media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(db: None) -> PortalTree:
    return ensure_portal_tree()


def _served_from_cache(client: Client, path: str, assert_queries: Any) -> Any:
    """The second anonymous request of `path` asks the database nothing."""
    first = client.get(path)
    assert first.status_code == 200
    with assert_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    return second


def test_anonymous_visitors_share_one_rendered_home_page_per_language(
    client: Client, tree: PortalTree, django_assert_num_queries: Any
) -> None:
    indonesian = _served_from_cache(client, "/", django_assert_num_queries)
    english = _served_from_cache(client, "/en/", django_assert_num_queries)
    assert english.content != indonesian.content
    assert b"Prevent corruption together" in english.content


@pytest.mark.parametrize("path", ["/berita/", "/en/berita/", "/pencegahan/", "/en/pencegahan/"])
def test_the_news_list_and_the_prevention_window_are_served_without_a_query(
    client: Client, tree: PortalTree, django_assert_num_queries: Any, path: str
) -> None:
    _served_from_cache(client, path, django_assert_num_queries)


def test_the_library_list_and_the_fact_check_archive_are_served_without_a_query(
    client: Client, personas: Personas, django_assert_num_queries: Any
) -> None:
    _served_from_cache(client, "/pustaka/", django_assert_num_queries)
    _served_from_cache(client, "/cek-fakta/", django_assert_num_queries)


def test_publishing_a_news_page_shows_it_on_the_next_request(
    client: Client, tree: PortalTree
) -> None:
    make_news(tree.news, "pertama", title="Berita pertama")
    assert "Berita pertama" in client.get("/berita/").content.decode()
    assert "Berita pertama" in client.get("/").content.decode()
    make_news(tree.news, "kedua", title="Berita kedua", date=dt.date(2026, 11, 21))
    assert "Berita kedua" in client.get("/berita/").content.decode()
    assert "Berita kedua" in client.get("/").content.decode()


def test_unpublishing_a_news_page_takes_it_off_the_next_request(
    client: Client, tree: PortalTree
) -> None:
    page = make_news(tree.news, "ditarik", title="Berita yang ditarik")
    assert "Berita yang ditarik" in client.get("/berita/").content.decode()
    page.unpublish()
    assert "Berita yang ditarik" not in client.get("/berita/").content.decode()


def test_a_new_library_item_shows_on_the_next_request(client: Client, personas: Personas) -> None:
    from cegah.library.tests.factories import make_item

    assert "Poster baru" not in client.get("/pustaka/").content.decode()
    item = make_item(personas.agency_a, title="Poster baru")
    assert "Poster baru" in client.get("/pustaka/").content.decode()
    item.title = "Poster yang diubah"
    item.save()
    assert "Poster yang diubah" in client.get("/pustaka/").content.decode()


def test_a_published_verdict_shows_in_the_archive_on_the_next_request(
    client: Client, personas: Personas
) -> None:
    from cegah.factchecks.tests.factories import make_fact_people, published

    people = make_fact_people(personas)
    assert "pembinaan" not in client.get("/cek-fakta/").content.decode()
    published(people.checker_kpk)
    assert "uang pembinaan" in client.get("/cek-fakta/").content.decode()


def test_a_campaign_changing_renders_the_home_page_afresh(
    client: Client, personas: Personas, django_assert_num_queries: Any
) -> None:
    from cegah.accounts.models import Role
    from cegah.campaigns.models import Status
    from cegah.campaigns.tests.factories import make_campaign
    from cegah.test import make_user

    manager = make_user("kampanye@klaten.example", (personas.agency_a, Role.AGENCY_ADMIN))
    campaign = make_campaign(manager, personas.agency_a, [personas.unit_a], status=Status.DRAFT)
    _served_from_cache(client, "/", django_assert_num_queries)
    from cegah.campaigns import actions

    actions.change_status(actor=manager, campaign=campaign, transition="publish")
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    assert len(captured.captured_queries) > 0


def test_signed_in_people_never_get_the_shared_copy(client: Client, personas: Personas) -> None:
    client.get("/")
    client.get("/pustaka/")
    client.force_login(personas.citizen)
    response = client.get("/")
    html = response.content.decode()
    assert "/akun/profil/" in html  # their own header, not the cached anonymous one
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    library = client.get("/pustaka/")
    assert "private" in library["Cache-Control"]
    assert "csrfmiddlewaretoken" in library.content.decode()  # their own logout form


def test_a_query_string_is_no_way_around_the_cache(
    client: Client, tree: PortalTree, django_assert_num_queries: Any
) -> None:
    page = client.get("/").content
    with django_assert_num_queries(0):
        assert client.get("/", {"utm_source": "wa"}).content == page


def test_the_parameters_a_page_reads_are_pages_of_their_own(
    client: Client, personas: Personas, django_assert_num_queries: Any
) -> None:
    from cegah.library.tests.factories import make_item

    make_item(personas.agency_a, title="Untuk warga", for_civil_servants=False, for_public=True)
    make_item(personas.agency_a, title="Untuk ASN")
    for_asn = client.get("/pustaka/", {"audience": "asn"}).content.decode()
    assert "Untuk ASN" in for_asn and "Untuk warga" not in for_asn
    assert "Untuk warga" in client.get("/pustaka/").content.decode()
    with django_assert_num_queries(0):
        again = client.get("/pustaka/", {"audience": "asn"}).content.decode()
    assert "Untuk warga" not in again


def test_browsers_revalidate_and_get_304_while_nothing_changed(
    client: Client, tree: PortalTree
) -> None:
    first = client.get("/berita/")
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in first["Vary"]
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/berita/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/berita/", headers={"if-modified-since": modified}).status_code == 304
    again = client.get("/berita/", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    make_news(tree.news, "baru", title="Berita baru")
    changed = client.get("/berita/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Berita baru" in changed.content.decode()


def _middleware(view: Callable[[HttpRequest], HttpResponse]) -> AnonymousPageCacheMiddleware:
    return AnonymousPageCacheMiddleware(view)


def test_pages_with_a_nonce_a_csrf_token_or_a_cookie_are_never_stored(db: None) -> None:
    calls: list[str] = []

    def page_with(kind: str) -> Callable[[HttpRequest], HttpResponse]:
        def view(request: HttpRequest) -> HttpResponse:
            calls.append(kind)
            share_page(request, depends_on=["test"])
            response = HttpResponse("<p>hello</p>")
            if kind == "nonce":
                response.content = b'<script nonce="abc"></script>'
            elif kind == "csrf":
                request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            elif kind == "cookie":
                response.set_cookie("seen", "1")
            return response

        return view

    factory = RequestFactory()
    for kind in ("nonce", "csrf", "cookie", "plain"):
        middleware = _middleware(page_with(kind))
        middleware(factory.get(f"/{kind}/"))
        middleware(factory.get(f"/{kind}/"))
    assert calls == ["nonce", "nonce", "csrf", "csrf", "cookie", "cookie", "plain"]


def test_invalidating_a_namespace_renders_only_its_pages_afresh(db: None) -> None:
    rendered: list[str] = []

    @anonymous_page_cache(depends_on=["alpha"])
    def alpha(request: HttpRequest) -> HttpResponse:
        rendered.append("alpha")
        return HttpResponse("alpha")

    @anonymous_page_cache(depends_on=["beta"])
    def beta(request: HttpRequest) -> HttpResponse:
        rendered.append("beta")
        return HttpResponse("beta")

    factory = RequestFactory()
    for _ in range(2):
        _middleware(alpha)(factory.get("/alpha/"))
        _middleware(beta)(factory.get("/beta/"))
    assert rendered == ["alpha", "beta"]
    invalidate("alpha")
    _middleware(alpha)(factory.get("/alpha/"))
    _middleware(beta)(factory.get("/beta/"))
    assert rendered == ["alpha", "beta", "alpha"]
    cache.clear()  # a lost cache (a Redis restart) serves nothing stale either
    _middleware(beta)(factory.get("/beta/"))
    assert rendered == ["alpha", "beta", "alpha", "beta"]


def test_the_cached_menu_and_footer_keep_each_language_and_each_visitor_apart(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    """The header's menu and the footer are cached fragments (base.html); what differs per
    visitor (the account links) stays outside them, and each language has its own copy."""
    cache.clear()
    anonymous_id = client.get("/wilayah/").content.decode()
    assert "Masuk" in anonymous_id and "Keluar" not in anonymous_id
    client.force_login(personas.admin_a)
    signed_in_id = client.get("/ruang-kerja/").content.decode()
    assert "Keluar" in signed_in_id and "Ruang kerja" in signed_in_id
    assert "Statistik keluhan" in signed_in_id  # in the menu fragment cached above
    signed_in_en = client.get("/en/ruang-kerja/").content.decode()
    assert "Complaint statistics" in signed_in_en and "Statistik keluhan" not in signed_in_en
    assert "Privacy notice" in signed_in_en and "Log out" in signed_in_en
