from __future__ import annotations

from django.test import Client

from cegah.agencies.demo import seed_demo
from cegah.portal.demo import NEWS, seed_portal_demo
from cegah.portal.models import AgencySectionPage, ContentPage, NewsPage


def test_demo_content_is_seeded_in_both_languages_and_seeding_again_changes_nothing(
    client: Client, db: None
) -> None:
    seed_demo()
    assert seed_portal_demo(dry_run=True) > 0
    assert not NewsPage.objects.exists()
    created = seed_portal_demo()
    assert NewsPage.objects.filter(locale__language_code="id", live=True).count() >= 10
    assert NewsPage.objects.filter(locale__language_code="en", live=True).count() == len(NEWS)
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
