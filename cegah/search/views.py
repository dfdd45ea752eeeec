"""The search page `/cari/`: a GET form that works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cegah.search.forms import SearchForm
from cegah.search.query import search


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """Results in the page's language, best first, with the filters and suggestions."""
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "results": None, "query": ""}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        filters = form.filters(language=get_language())
        found = search(query, filters, page=_page_number(request.GET.get("page")))
        words = query.split()
        context |= {
            "query": query,
            "results": found,
            "filters": filters,
            # Suggestions when nothing matches: each word of a longer query on its own.
            "fewer_words": words if len(words) > 1 and not found.count else [],
        }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "search/results.html", context, status=status)
