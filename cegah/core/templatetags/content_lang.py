"""Marking content whose language is not the page's.

Editorial pages are translated (Wagtail locales), but what agencies and citizens write
(library items, fact-checks, campaigns, complaints) exists in one language, Indonesian unless
the object records another (docs/decisions/0006-content-language-marking.md). On a page in
another language such text carries `lang` (screen readers switch voice, browsers hyphenate and
translate it right) and a visible "(in Indonesian)" so nobody mistakes it for a missing
translation of the interface.

    <article{% content_lang item %}> … {% content_lang_label item %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


def content_language(obj: Any) -> str:
    """The language `obj`'s text is written in: a language code given as such, a Wagtail
    page's locale, an object's `content_language`, else the site's default (Indonesian)."""
    if isinstance(obj, str) and obj:
        return obj.split("-")[0].lower()
    locale = getattr(obj, "locale", None)
    if locale is not None and getattr(locale, "language_code", None):
        return str(locale.language_code)
    language = getattr(obj, "content_language", None)
    if isinstance(language, str) and language:
        return language
    return str(settings.LANGUAGE_CODE)


def _foreign(obj: Any) -> str | None:
    """The content's language when it differs from the page's, else None."""
    language = content_language(obj)
    page = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language != page else None


@register.simple_tag
def content_lang(obj: Any = None) -> SafeString:
    """` lang="id"` for the element holding `obj`'s text when the page is in another language."""
    language = _foreign(obj)
    return format_html(' lang="{}"', language) if language else mark_safe("")


@register.simple_tag
def content_lang_label(obj: Any = None) -> SafeString:
    """A visible "(in Indonesian)" in the page's language, beside text from another language."""
    language = _foreign(obj)
    if language is None:
        return mark_safe("")
    name = str(dict(settings.LANGUAGES).get(language, language))
    page = get_language() or settings.LANGUAGE_CODE
    return format_html(
        '<span class="content-lang" lang="{}">{}</span>',
        page,
        gettext("(in %(language)s)") % {"language": name},
    )
