"""Issue 12, item 10 in Chromium on a 360 px phone, with and without JavaScript: a visitor
goes from the home page through the news list at /berita/ to an agency's Indonesian article,
which the page marks as Indonesian."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Collection, Locale
from wagtail.models import Page as WagtailPage

from cegah.portal.actions import ensure_agency_section, ensure_portal_tree
from cegah.portal.models import NewsPage
from cegah.portal.tests.factories import make_news
from cegah.test import make_personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_collections = importlib.import_module("wagtail.migrations.0025_collection_initial_data")
_admin = importlib.import_module("wagtail.admin.migrations.0001_create_admin_access_permissions")
_translate = importlib.import_module(
    "wagtail_localize.migrations.0006_create_submit_translation_permission"
)

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
TITLE = "Diskominfos Bali buka kelas konten antikorupsi"
# Set CEGAH_SHOTS to a folder to keep phone screenshots of each step.
SHOTS = os.environ.get("CEGAH_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _wagtail_migration_data() -> None:
    """What Wagtail's data migrations made (root page and collection, the default locale, the
    admin and translation permissions), which a flush by an earlier transactional test
    removed."""
    locale = Locale.objects.get_or_create(language_code="id")[0]
    if not WagtailPage.objects.filter(depth=1).exists():
        WagtailPage.add_root(instance=WagtailPage(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        _collections.initial_data(apps, None)
    if not Permission.objects.filter(codename="access_admin").exists():
        _admin.create_admin_access_permissions(apps, None)
    if not Permission.objects.filter(codename="submit_translation").exists():
        _translate.create_submit_translation_permission(apps, None)


@pytest.fixture
def agency_article(transactional_db: None) -> NewsPage:
    _wagtail_migration_data()
    personas = make_personas()
    tree = ensure_portal_tree()
    section = ensure_agency_section(personas.agency_b)
    today = timezone.localdate()
    make_news(tree.news, "kpk-lama", title="Pengingat LHKPN", date=today - dt.timedelta(days=3))
    return make_news(
        section,
        "kelas-konten",
        title=TITLE,
        intro="Admin akun perangkat daerah belajar membuat unggahan antikorupsi.",
        english="Bali's communication office opens anti-corruption content classes",
        date=today,
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_agency_article_is_reached_from_home_through_berita_and_marked_indonesian(
    browser: Browser, live_server: object, agency_article: NewsPage, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    suffix = "js" if javascript else "nojs"
    page.goto(f"{live_server}/")
    page.locator("summary.menu-button").click()
    shot(page, f"1-home-menu-{suffix}")
    page.get_by_role("link", name="Berita", exact=True).click()
    expect(page).to_have_url(f"{live_server}/berita/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    card = page.locator(".news-card").filter(has_text=TITLE)
    expect(card).to_contain_text("Pemerintah Provinsi Bali")
    shot(page, f"2-berita-{suffix}")

    card.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(f"{live_server}/kanal/pemprov-bali/kelas-konten/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Pemerintah Provinsi Bali")
    # Nothing on the page claims another language, and nothing scrolls sideways at 360 px.
    expect(page.locator("main [lang]:not([lang='id'])")).to_have_count(0)
    page.wait_for_load_state("load")  # styles included
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"3-article-{suffix}")

    # The language switch leads to its English translation, marked as English.
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(
        "Bali's communication office opens anti-corruption content classes"
    )
    shot(page, f"4-article-english-{suffix}")
    context.close()
