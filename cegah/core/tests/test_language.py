"""Language is honest: the switch never leads to a 404, Indonesian content on English pages
says so, and no user-facing string is left in English on an Indonesian page."""

from __future__ import annotations

import importlib.util
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper
from wagtail.models import Locale, Page

from cegah.agencies.demo import seed_demo
from cegah.portal.actions import PortalTree, ensure_portal_tree, publish
from cegah.portal.demo import seed_portal_demo
from cegah.portal.models import ContentPage, PreventionIndexPage
from cegah.portal.tests.factories import make_news
from cegah.test import Personas

SWITCH = re.compile(r'<nav class="language-switch"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture(autouse=True)
def _media(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    """Django leaves the last request's language active in the thread; an `/en/` request here
    must not make a later test's `reverse()` English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def tree(db: None) -> PortalTree:
    return ensure_portal_tree()


def switch_targets(client: Client, url: str) -> list[str]:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    nav = SWITCH.search(response.content.decode())
    assert nav, f"no language switch on {url}"
    return HREF.findall(nav.group(1))


def test_language_switch_on_every_demo_page_in_both_languages_answers_200(
    client: Client, db: None
) -> None:
    seed_demo()
    seed_portal_demo()
    pages = Page.objects.live().filter(depth__gt=2).specific()
    assert {p.locale.language_code for p in pages} == {"id", "en"}
    for page in pages:
        url = page.get_url()
        for target in switch_targets(client, url):
            assert client.get(target).status_code == 200, f"{url} switches to {target}"


def test_switch_on_an_english_news_article_goes_to_its_indonesian_original(
    client: Client, tree: PortalTree
) -> None:
    make_news(tree.news, "hari-antikorupsi", english="Anti-corruption day")
    assert switch_targets(client, "/en/berita/hari-antikorupsi-en/") == [
        "/berita/hari-antikorupsi/"
    ]
    assert switch_targets(client, "/berita/hari-antikorupsi/") == [
        "/en/berita/hari-antikorupsi-en/"
    ]


def test_switch_on_an_indonesian_only_article_goes_to_the_english_news_list(
    client: Client, tree: PortalTree
) -> None:
    make_news(tree.news, "hanya-indonesia")
    assert switch_targets(client, "/berita/hanya-indonesia/") == ["/en/berita/"]


def test_switch_on_an_english_only_page_goes_to_the_nearest_indonesian_page(
    client: Client, tree: PortalTree
) -> None:
    english_index = PreventionIndexPage.objects.get(locale__language_code="en")
    page = ContentPage(
        slug="english-only", title="English only", intro="Only in English.", topic="lhkpn"
    )
    page.locale = Locale.objects.get(language_code="en")
    english_index.add_child(instance=page)
    publish(page)
    assert switch_targets(client, "/en/pencegahan/english-only/") == ["/pencegahan/"]


def test_switch_keeps_the_question_on_a_translated_page(client: Client, tree: PortalTree) -> None:
    assert switch_targets(client, "/en/berita/?kategori=gratifikasi") == [
        "/berita/?kategori=gratifikasi"
    ]


def test_switch_on_django_pages_keeps_the_path_and_answers_200(client: Client, db: None) -> None:
    seed_demo()
    for url in (
        "/",
        "/en/",
        "/tentang/",
        "/en/instansi/",
        "/wilayah/?q=klaten",
        "/en/keluhan/lacak/",
        "/pustaka/",
        "/en/cek-fakta/",
        "/en/gratifikasi/cek/",
        "/cari/?q=gratifikasi",
    ):
        for target in switch_targets(client, url):
            assert client.get(target).status_code == 200, f"{url} switches to {target}"


def test_head_names_only_real_translations_as_alternates(client: Client, tree: PortalTree) -> None:
    make_news(tree.news, "terjemahan", english="Translated")
    make_news(tree.news, "belum-diterjemahkan")
    html = client.get("/en/berita/terjemahan-en/").content.decode()
    assert (
        '<link rel="alternate" hreflang="id" href="http://127.0.0.1:8000/berita/terjemahan/">'
        in html
    )
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/berita/terjemahan-en/"' in html
    assert 'hreflang="x-default" href="http://127.0.0.1:8000/berita/terjemahan/"' in html
    html = client.get("/berita/belum-diterjemahkan/").content.decode()
    assert 'rel="alternate" hreflang' not in html


# --- Indonesian content on English pages, and English left on Indonesian pages ---------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
TEXT_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class VisibleText(HTMLParser):
    """The body's text runs and labelling attributes, each with the language it is marked in."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("html", page_language)]
        self.runs: list[tuple[str, str]] = []
        self.skip = 0

    @property
    def language(self) -> str:
        return self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        language = values.get("lang") or self.language
        for name in TEXT_ATTRIBUTES:
            if values.get(name):
                self.runs.append((" ".join(str(values[name]).split()), language))
        if tag not in VOID:
            self.stack.append((tag, language))
            if tag in {"script", "style", "head", "title", "textarea", "code"}:
                self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                for closed, _language in self.stack[i:]:
                    if closed in {"script", "style", "head", "title", "textarea", "code"}:
                        self.skip -= 1
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.skip:
            self.runs.append((text, self.language))


def text_runs(html: str, page_language: str) -> list[tuple[str, str]]:
    parser = VisibleText(page_language)
    parser.feed(html)
    return parser.runs


WORD = re.compile(r"[^\W\d_]{2,}")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
# The same in both languages: names of programmes, formats and licences.
SAME_IN_BOTH = {"MCP: Monitoring Center for Prevention", "Poster (PDF)", "CC BY 4.0"}


def shared_unmarked_phrases(indonesian: str, english: str, proper_nouns: list[str]) -> set[str]:
    """Phrases of two words or more that the English page shows as English (not marked
    `lang="id"`) and the Indonesian page shows too: untranslated interface text, or
    Indonesian content that the English page does not mark."""
    in_indonesian = {text for text, _language in text_runs(indonesian, "id")}
    found = set()
    for text, language in text_runs(english, "en"):
        if language != "en" or text not in in_indonesian or text in SAME_IN_BOTH:
            continue
        rest = ADDRESS.sub(" ", text)
        for noun in proper_nouns:
            if noun in rest:
                rest = rest.replace(noun, " ")
        if len(set(WORD.findall(rest))) >= 2:
            found.add(text)
    return found


PUBLIC_PAGES = (
    "/",
    "/tentang/",
    "/berita/",
    "/pencegahan/",
    "/pencegahan/gratifikasi/",
    "/pustaka/",
    "/cek-fakta/",
    "/cek-fakta/periksa/",
    "/cek-fakta/kirim/",
    "/keluhan/baru/",
    "/keluhan/lacak/",
    "/keluhan/publik/",
    "/keluhan/statistik/",
    "/gratifikasi/cek/",
    "/gratifikasi/pengecualian/",
    "/gratifikasi/statistik/",
    "/instansi/",
    "/wilayah/",
    "/cari/?q=gratifikasi",
    "/akun/login/",
)


def test_public_pages_in_indonesian_show_no_english_and_english_pages_mark_indonesian_content(
    client: Client, db: None
) -> None:
    from cegah.agencies.models import Agency
    from cegah.campaigns.models import Campaign
    from cegah.factchecks.models import Claim
    from cegah.library.models import LibraryItem
    from cegah.regions.models import Region

    call_command("seed_demo", stdout=io.StringIO())
    names = {
        *Agency.objects.values_list("name", flat=True),
        *Agency.objects.exclude(short_name="").values_list("short_name", flat=True),
        *Region.objects.values_list("name", flat=True),
        # Who runs the deployment (the footer): a name and an address.
        *(str(getattr(settings, name, "")) for name in ("OPERATOR_NAME", "OPERATOR_ADDRESS")),
    }
    proper_nouns = sorted(filter(None, names), key=len, reverse=True)
    claim = Claim.objects.filter(slug__isnull=False, published_at__isnull=False).first()
    item = LibraryItem.objects.filter(published_at__isnull=False).first()
    campaign = Campaign.objects.first()
    assert claim and item and campaign
    pages = [
        *PUBLIC_PAGES,
        f"/cek-fakta/{claim.slug}/",
        f"/pustaka/{item.pk}/",
        f"/kampanye/{campaign.pk}/",
    ]
    problems = {}
    for path in pages:
        indonesian = client.get(path)
        english = client.get(f"/en{path}")
        assert indonesian.status_code == english.status_code == 200, path
        found = shared_unmarked_phrases(
            indonesian.content.decode(), english.content.decode(), proper_nouns
        )
        if found:
            problems[path] = sorted(found)
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_indonesian_library_item_on_an_english_page_is_marked_and_labelled(
    client: Client, personas: Personas
) -> None:
    from cegah.library.tests.factories import make_item

    item = make_item(personas.agency_a, title="Tolak gratifikasi di kantor")
    html = client.get(f"/en/pustaka/{item.pk}/").content.decode()
    assert '<span lang="id">Tolak gratifikasi di kantor</span>' in html
    assert '<span class="content-lang" lang="en">(in Indonesian)</span>' in html
    listing = client.get("/en/pustaka/").content.decode()
    assert 'class="library-card-title" lang="id">Tolak gratifikasi di kantor' in listing
    html = client.get(f"/pustaka/{item.pk}/").content.decode()
    assert "<span>Tolak gratifikasi di kantor</span>" in html
    assert "content-lang" not in html


def test_a_complaint_written_in_english_is_marked_on_the_indonesian_page() -> None:
    from django.template import Context, Template

    template = Template(
        "{% load content_lang %}<p{% content_lang language %}>…</p>{% content_lang_label language %}"
    )
    with translation.override("id"):
        html = template.render(Context({"language": "en"}))
    assert (
        html
        == '<p lang="en">…</p><span class="content-lang" lang="id">(dalam Bahasa Inggris)</span>'
    )
    with translation.override("en"):
        assert template.render(Context({"language": "en"})) == "<p>…</p>"


def test_strings_of_django_and_wagtail_that_reach_our_pages_are_in_indonesian(
    personas: Personas,
) -> None:
    from django import forms
    from django.utils.translation import gettext

    from cegah.agencies.models import Agency
    from cegah.core.third_party_strings import THIRD_PARTY_STRINGS

    with translation.override("id"):
        for msgid in THIRD_PARTY_STRINGS:
            assert gettext(msgid) != msgid, msgid
        field = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
        html = forms.Select(choices=field.choices).render("agency", "")
    assert "- Pilih salah satu -" in html


def test_translation_check_catches_template_text_outside_translation_tags(
    tmp_path: Path,
) -> None:
    check = _load_translation_check()
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1>\n'
        "<p>Forgotten sentence</p>\n"
        '<img alt="A picture" src="x.png">\n'
        "{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %} <b>Rp</b> Cegah\n",
        encoding="utf-8",
    )
    problems = check.untranslated_template_text([template])
    assert problems == [
        f"{template}:2: not translated: 'Forgotten sentence'",
        f"{template}:3: not translated: 'A picture'",
    ]
    assert check.untranslated_template_text(check.templates()) == []


def _load_translation_check() -> Any:
    spec = importlib.util.spec_from_file_location(
        "compile_translations", settings.BASE_DIR / "scripts" / "compile_translations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shared_phrase_check_catches_untranslated_and_unmarked_text() -> None:
    english = (
        '<html lang="en"><body><p>Track a complaint</p><p lang="id">Tolak gratifikasi</p>'
        "<p>Kampanye antikorupsi Klaten</p><p>Pemerintah Kabupaten Klaten</p></body></html>"
    )
    indonesian = (
        '<html lang="id"><body><p>Track a complaint</p><p>Tolak gratifikasi</p>'
        "<p>Kampanye antikorupsi Klaten</p><p>Pemerintah Kabupaten Klaten</p></body></html>"
    )
    assert shared_unmarked_phrases(indonesian, english, ["Pemerintah Kabupaten Klaten"]) == {
        "Track a complaint",
        "Kampanye antikorupsi Klaten",
    }
