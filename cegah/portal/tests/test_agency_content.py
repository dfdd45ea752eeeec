"""An agency's news reaches the Indonesian site (issue 12, item 10): agency sections are
written in the Indonesian tree and translated with wagtail-localize, what was written in the
English tree is moved by a data migration, and an editor publishes only as their own agency."""

from __future__ import annotations

from importlib import import_module

import feedparser
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page

from cegah.accounts.models import Role
from cegah.portal.actions import PortalTree, ensure_agency_section
from cegah.portal.models import AgencySectionPage, NewsPage
from cegah.portal.tests.cms import add_url, approve, page_form, section
from cegah.portal.tests.factories import make_news
from cegah.test import Personas, make_user

move_migration = import_module("cegah.portal.migrations.0003_agency_content_into_indonesian_tree")


def _submit(client: Client, parent_id: int, **values: str) -> object:
    url = add_url(parent_id)
    data = page_form(client, url)
    data.update({"intro": "Ringkasan berita.", "action-submit": "1", **values})
    return client.post(url, data)


def test_agency_article_written_in_its_section_reaches_berita_the_feeds_and_says_lang_id(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    moderator = make_user("moderator.b@example.org", (personas.agency_b, Role.MODERATOR))
    client.force_login(editor)
    response = _submit(
        client, section(personas.agency_b).pk, title="Lokakarya konten Bali", slug="lokakarya"
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="lokakarya")
    assert page.locale.language_code == "id"
    client.force_login(moderator)
    assert approve(client, page.pk) in (200, 302)

    visitor = Client()
    listing = visitor.get("/berita/").content.decode()
    assert "Lokakarya konten Bali" in listing
    article = visitor.get("/kanal/pemprov-bali/lokakarya/").content.decode()
    assert '<html lang="id"' in article and "Lokakarya konten Bali" in article
    feed = feedparser.parse(visitor.get("/berita/rss/").content)
    assert [e.title for e in feed.entries] == ["Lokakarya konten Bali"]
    assert feed.entries[0].author == "Pemerintah Provinsi Bali"
    assert "Lokakarya konten Bali" not in visitor.get("/en/berita/").content.decode()


def test_agency_editor_cannot_add_pages_in_the_english_section_only_edit_translations(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    english = section(personas.agency_b, "en")
    client.force_login(editor)
    response = client.get(add_url(english.pk))
    assert response.status_code in (302, 403)
    data = {"title": "Berita di pohon Inggris", "slug": "salah", "intro": "x", "body-count": "0"}
    client.post(add_url(english.pk), {**data, "action-submit": "1"})
    assert not NewsPage.objects.filter(slug="salah").exists()
    # The English section itself stays editable: that is where translations are finished.
    assert client.get(reverse("wagtailadmin_pages:edit", args=(english.pk,))).status_code == 200
    assert client.get(add_url(section(personas.agency_b).pk)).status_code == 200


def test_kpk_editor_adding_in_the_english_tree_is_sent_to_the_indonesian_tree(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor@kpk.example.org", (personas.kpk, Role.EDITOR))
    english_news = tree.news.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(editor)
    response = client.get(add_url(english_news.pk), follow=True)
    assert response.redirect_chain[0][0] == add_url(tree.news.pk)
    assert "Halaman baru ditulis dalam bahasa Indonesia lebih dulu" in response.content.decode()


def test_editor_translates_their_own_article_with_wagtail_localize_but_not_anothers(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    own = make_news(section(personas.agency_b), "milik-bali", title="Milik Bali")
    other = make_news(section(personas.agency_a), "milik-klaten", title="Milik Klaten")
    english = Locale.objects.get(language_code="en")
    client.force_login(editor)

    url = reverse("wagtail_localize:submit_page_translation", args=(other.pk,))
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"locales": [english.pk]}).status_code in (302, 403)
    assert other.get_translation_or_none(english) is None

    url = reverse("wagtail_localize:submit_page_translation", args=(own.pk,))
    assert client.get(url).status_code == 200
    assert client.post(url, {"locales": [english.pk]}).status_code == 302
    translated = own.get_translation(english)
    assert translated.get_parent().pk == section(personas.agency_b, "en").pk
    assert not translated.live  # a draft until the translation is finished and approved


def test_editor_publishes_only_as_their_own_agency(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    both = make_user(
        "editor.dua@example.org", (personas.kpk, Role.EDITOR), (personas.agency_a, Role.EDITOR)
    )
    client.force_login(both)
    html = client.get(add_url(tree.news.pk)).content.decode()
    assert "Komisi Pemberantasan Korupsi" in html and "Pemerintah Kabupaten Klaten" in html
    assert "Pemerintah Provinsi Bali" not in html

    response = _submit(
        client,
        tree.news.pk,
        title="Atas nama Bali",
        slug="atas-nama-bali",
        author_agency=str(personas.agency_b.pk),
    )
    assert response.status_code == 200
    assert "Anda hanya dapat menerbitkan atas nama instansi Anda sendiri" in (
        response.content.decode()
    )
    assert not NewsPage.objects.filter(slug="atas-nama-bali").exists()

    response = _submit(
        client,
        tree.news.pk,
        title="Atas nama Klaten",
        slug="atas-nama-klaten",
        author_agency=str(personas.agency_a.pk),
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="atas-nama-klaten").author_agency == personas.agency_a


def test_an_agency_editor_cannot_name_kpk_as_the_author(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    client.force_login(editor)
    html = client.get(add_url(section(personas.agency_b).pk)).content.decode()
    assert "Komisi Pemberantasan Korupsi" not in html
    # A hand-made request naming KPK changes nothing: the field is fixed to the section's agency.
    response = _submit(
        client,
        section(personas.agency_b).pk,
        title="Bukan KPK",
        slug="bukan-kpk",
        author_agency=str(personas.kpk.pk),
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="bukan-kpk").author_agency == personas.agency_b


def test_an_article_in_a_section_refuses_another_agency_as_author(
    personas: Personas, tree: PortalTree
) -> None:
    article = make_news(ensure_agency_section(personas.agency_b), "milik-bali")
    article.author_agency = personas.kpk
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "author_agency" in error.value.message_dict


def test_migration_moves_indonesian_articles_out_of_the_english_section(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    ensure_agency_section(personas.agency_b)
    english_section = section(personas.agency_b, "en")
    # What Diskominfo's editor did before: an Indonesian article added to the English copy.
    stray = NewsPage(
        title="Berita yang tersesat",
        slug="tersesat",
        intro="Ditulis di pohon Inggris.",
        author_agency=personas.kpk,
    )
    english_section.add_child(instance=stray)
    stray.save_revision().publish()
    # And a same-named article already in the Indonesian section.
    make_news(section(personas.agency_b), "tersesat", title="Sudah ada")
    assert client.get("/en/kanal/pemprov-bali/tersesat/").status_code == 200

    move_migration.move_agency_content(apps, None)

    stray = NewsPage.objects.get(pk=stray.pk)
    assert stray.locale.language_code == "id"
    assert stray.get_parent().pk == section(personas.agency_b).pk
    assert stray.slug == "tersesat-2"
    assert stray.author_agency == personas.agency_b  # the section's agency
    assert stray.get_latest_revision_as_object().slug == "tersesat-2"
    from django.core.cache import cache

    cache.clear()
    assert client.get("/en/kanal/pemprov-bali/tersesat/").status_code == 404
    article = client.get("/kanal/pemprov-bali/tersesat-2/").content.decode()
    assert '<html lang="id"' in article and "Berita yang tersesat" in article
    assert "Berita yang tersesat" in client.get("/berita/").content.decode()
    titles = [e.title for e in feedparser.parse(client.get("/berita/atom/").content).entries]
    assert "Berita yang tersesat" in titles
    assert Page.find_problems() == ([], [], [], [], [])


def test_migration_moves_an_english_only_section_and_takes_add_permission_away(
    personas: Personas, tree: PortalTree
) -> None:
    english_index = tree.agencies.get_translation(Locale.objects.get(language_code="en"))
    lonely = AgencySectionPage(title="Diskominfos", slug="diskominfos", agency=personas.agency_a)
    english_index.add_child(instance=lonely)
    lonely.save_revision().publish()
    make_news(lonely, "kabar", title="Kabar Klaten")
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    english = section(personas.agency_b, "en")
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(
        group=editor.groups.get(),
        page=english,
        permission=Permission.objects.get(codename="add_page"),
    )

    move_migration.move_agency_content(apps, None)

    lonely.refresh_from_db()
    assert lonely.locale.language_code == "id"
    assert lonely.get_parent().pk == tree.agencies.pk
    assert NewsPage.objects.get(slug="kabar").locale.language_code == "id"
    assert not english.permissions_for_user(editor).can_add_subpage()
    assert english.permissions_for_user(editor).can_edit()
    assert Page.find_problems() == ([], [], [], [], [])
