from __future__ import annotations

from typing import Any

from django.test import Client
from wagtail_localize.models import TranslationSource

from cegah.agencies.demo import seed_demo
from cegah.portal.demo import NEWS, SECTION_NEWS, seed_portal_demo
from cegah.portal.models import AgencySectionPage, ContentPage, NewsPage


def test_demo_content_is_seeded_in_both_languages_and_seeding_again_changes_nothing(
    client: Client, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    seed_demo()
    assert seed_portal_demo(dry_run=True) > 0
    assert not NewsPage.objects.exists()
    # wagtail-localize publishes a translation once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        created = seed_portal_demo()
    assert NewsPage.objects.filter(locale__language_code="id", live=True).count() >= 10
    english = NewsPage.objects.filter(locale__language_code="en", live=True)
    assert english.count() == len(NEWS) + len(SECTION_NEWS)
    assert all(p.lead_image_id for p in NewsPage.objects.all())
    assert all(p.categories.exists() for p in NewsPage.objects.all())
    sections = ContentPage.objects.filter(depth=4, live=True)
    assert {p.slug for p in sections} == {"lhkpn", "gratifikasi", "spi", "mcp", "stranas-pk"}
    assert AgencySectionPage.objects.filter(agency__code="bali-diskominfos").count() == 2
    assert seed_portal_demo() == 0
    assert created == NewsPage.objects.count() + ContentPage.objects.count()
    html = client.get("/en/pencegahan/gratifikasi/").content.decode()
    assert "Gratification: gifts to officials" in html
    assert 'href="/en/gratifikasi/cek/"' in html
    html = client.get("/pencegahan/").content.decode()
    for title in ("LHKPN", "Gratifikasi", "SPI", "MCP", "Stranas PK"):
        assert title in html
    assert client.get("/berita/").content.decode().count('class="news-card"') == 10
    html = client.get("/en/kanal/pemkab-klaten/").content.decode()
    assert "News from this agency" in html and "Klaten civil servants share" in html
    # An agency's own article: written in its Indonesian section, listed on /berita/, and
    # translated with wagtail-localize.
    html = client.get("/berita/").content.decode()
    assert "Diskominfos Bali buka kelas konten antikorupsi" in html
    article = NewsPage.objects.get(slug=SECTION_NEWS[0][1], locale__language_code="id")
    assert article.get_parent().specific.agency.code == "bali-diskominfos"
    assert TranslationSource.objects.filter(object_id=article.translation_key).exists()
    html = client.get("/en/berita/").content.decode()
    assert "Bali&#x27;s communication office opens anti-corruption content classes" in html
