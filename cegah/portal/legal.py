"""The legal pages every site owes its visitors: the privacy notice (UU 27/2022 on personal
data protection), the accessibility statement and the terms of use.

Their prose is long and changes as a whole, so each language has its own template
(`portal/legal/<name>.<language>.html`) instead of hundreds of catalogue entries; the view
picks the one of the active language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cegah.core.caching import anonymous_page_cache
from cegah.core.operator import site_operator


@dataclass(frozen=True)
class LegalDocument:
    """One legal page: its title and when its text last changed (shown on the page)."""

    name: str
    title: Promise
    updated: dt.date


DOCUMENTS = {
    document.name: document
    for document in (
        LegalDocument("privacy", _("Privacy notice"), dt.date(2026, 12, 6)),
        LegalDocument("accessibility", _("Accessibility statement"), dt.date(2026, 12, 6)),
        LegalDocument("terms", _("Terms of use"), dt.date(2026, 12, 6)),
    )
}


@require_GET
@anonymous_page_cache(depends_on=[])
def legal_page(request: HttpRequest, name: str) -> HttpResponse:
    """A legal page in the address's language (Indonesian unless the address is `/en/…`)."""
    document = DOCUMENTS[name]
    language = "en" if get_language() == "en" else "id"
    context = {"document": document, "operator": site_operator()}
    return render(request, f"portal/legal/{document.name}.{language}.html", context)
