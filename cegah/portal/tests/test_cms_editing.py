"""What an Indonesian editor meets in the CMS (issue 12, item 11): autosave never leaves a
draft that blocks the next attempt, and an address that cannot be used is reported in
Indonesian on the tab the editor is looking at."""

from __future__ import annotations

import json
import re

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cegah.accounts.models import Role
from cegah.portal.actions import PortalTree
from cegah.portal.cms_language import missing_translations
from cegah.portal.models import NewsPage
from cegah.portal.tests.cms import add_url, page_form, section
from cegah.portal.tests.factories import make_news
from cegah.test import Personas, make_user


def _autosave(client: Client, url: str, data: dict[str, str]) -> dict[str, object]:
    """What Wagtail's autosave sends: the form as it stands, asking for JSON."""
    response = client.post(url, data, headers={"accept": "application/json"})
    assert response.status_code == 200, response.content.decode()[:500]
    answer: dict[str, object] = json.loads(response.content)
    return answer


def test_an_abandoned_autosaved_draft_does_not_block_starting_again(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    client.force_login(editor)
    url = add_url(section(personas.agency_b).pk)
    typed = {"title": "Lokakarya konten", "slug": "lokakarya-konten"}

    # First attempt: autosave makes the draft as the title is typed; the editor then leaves.
    first = page_form(client, url)
    first.update(typed)
    answer = _autosave(client, url, first)
    assert answer["success"] is True
    draft = NewsPage.objects.get(pk=answer["pk"])
    assert draft.slug == "lokakarya-konten" and not draft.live

    # Second attempt with the same title: autosave succeeds and hands back a free address.
    second = page_form(client, url)
    second.update(typed)
    answer = _autosave(client, url, second)
    assert answer["success"] is True
    assert answer["field_updates"] == {"slug": "lokakarya-konten-2"}
    assert NewsPage.objects.get(pk=answer["pk"]).slug == "lokakarya-konten-2"

    # And submitting a fresh form without autosave (no JavaScript) goes through too.
    third = page_form(client, url)
    third.update({**typed, "intro": "Ringkasan.", "action-submit": "1"})
    assert client.post(url, third).status_code == 302
    assert NewsPage.objects.filter(slug="lokakarya-konten-3").exists()
    assert NewsPage.objects.filter(title="Lokakarya konten").count() == 3


def test_a_published_article_keeps_its_address_and_a_clash_is_reported_on_the_content_tab(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor@kpk.example.org", (personas.kpk, Role.EDITOR))
    make_news(tree.news, "sudah-terbit", title="Sudah terbit")
    live = make_news(tree.news, "kedua", title="Kedua")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=(live.pk,))
    data = page_form(client, url)
    data.update({"slug": "sudah-terbit", "action-submit": "1"})
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    message = "Alamat (slug) &#x27;sudah-terbit&#x27; sudah dipakai halaman lain"
    assert message in html
    content_tab = html[html.index('id="tab-konten"') : html.index('id="tab-promosikan"')]
    assert 'name="slug"' in content_tab and message in content_tab
    live.refresh_from_db()
    assert live.slug == "kedua"


def test_the_article_editor_speaks_indonesian(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    client.force_login(editor)
    html = client.get(add_url(section(personas.agency_b).pk)).content.decode()
    for indonesian in ("Untuk mesin pencari", "Tag judul", "Deskripsi meta", "Simpan draf"):
        assert indonesian in html, indonesian
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S)
    for english in ("For search engines", "Title tag", "Autosave", "Collapse all", "Help"):
        assert english not in visible, english


def test_every_editor_facing_wagtail_string_has_indonesian(db: None) -> None:
    """Fails when a Wagtail or wagtail-localize upgrade brings admin text that neither its own
    catalogue nor ours translates; `manage.py cms_catalogue_gaps` lists it."""
    assert [entry.msgid for entry in missing_translations()] == []
    with translation.override("id"):
        assert gettext("Autosave is paused") == "Simpan otomatis dijeda"
        assert gettext("Translate this page") == "Terjemahkan halaman ini"


def test_the_admin_javascript_catalogue_speaks_indonesian(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    client.force_login(editor)
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert '"Collapse all": "Ciutkan semua"' in script
    assert '"Changes have been autosaved.": "Perubahan telah disimpan otomatis."' in script
