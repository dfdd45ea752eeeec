"""The addresses of the portal's sections (header, home doors) and the home page's shared
blocks: found once, kept in the cache, forgotten when pages are published."""

from __future__ import annotations

from django.test import Client
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from cegah.portal.actions import ensure_portal_tree
from cegah.portal.sections import section_urls
from cegah.test import Personas


def test_section_addresses_are_found_by_page_type_and_refreshed_on_publish(
    db: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    assert section_urls() == {}
    ensure_portal_tree()  # publishes the section pages, which clears the cached answer
    assert section_urls() == {"news": "/berita/", "prevention": "/pencegahan/"}
    with django_assert_num_queries(0):
        section_urls()
    with translation.override("en"):
        assert section_urls() == {"news": "/en/berita/", "prevention": "/en/pencegahan/"}


def test_a_signed_in_home_page_reuses_the_shared_news_and_campaign_blocks(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    ensure_portal_tree()
    client.force_login(personas.citizen)
    first = client.get("/").content.decode()
    # The person's own header (session and user) is all that is asked again.
    with django_assert_max_num_queries(3):
        again = client.get("/").content.decode()
    assert '<a href="/ruang-kerja/">Ruang kerja</a>' in again
    assert first.split("</header>", 1)[1] == again.split("</header>", 1)[1]
