from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the environment banner, the site address, the language switch."""
    return {
        "CEGAH_ENV": settings.CEGAH_ENV,
        "SITE_URL": settings.SITE_URL,
        # Called only by templates that show the language switch.
        "other_languages": lambda: _other_languages(request),
    }


def _other_languages(request: HttpRequest) -> list[dict[str, str]]:
    """This page in each other language, worked out while the page's own language is active."""
    current = get_language()
    path = request.get_full_path()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
