"""`GET /api/v1/search`: site search for other systems and apps.

Public and anonymous; the index only holds public content. Results are in one language:
`lang` when given, otherwise the request's (Accept-Language), Indonesian by default.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from cegah.api.errors import field_error, responses
from cegah.api.params import IsoDate
from cegah.search.query import MAX_QUERY_LENGTH, PER_PAGE, Filters, search

router = Router(tags=["search"])

KindName = Literal["page", "news", "library", "factcheck"]


class SearchParams(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        description="Words to find; each must match (by its root: 'melaporkan' finds 'laporan').",
    )
    type: KindName | None = Field(None, description="Only this type of document.")
    topic: str | None = Field(
        None,
        max_length=40,
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Only documents with this topic slug, e.g. `gratifikasi`.",
    )
    dari: IsoDate | None = Field(None, description="Published on or after this day (WIB).")
    sampai: IsoDate | None = Field(None, description="Published on or before this day (WIB).")
    lang: Literal["id", "en"] | None = Field(
        None, description="Language of the documents; default: the request's language."
    )
    page: int = Field(1, ge=1, le=1000, description=f"Page of {PER_PAGE} results.")


class ResultOut(Schema):
    type: KindName
    title: str
    url: str = Field(description="Path on this site.")
    snippet: str = Field(
        description="HTML: the text around the first match, escaped, matches in `<mark>`."
    )
    published_at: dt.datetime | None


class SearchOut(Schema):
    count: int = Field(description="All matches on every page, every one of them ranked.")
    exact: bool = Field(description="Always true: every match is counted and ranked.")
    page: int
    pages: int
    results: list[ResultOut]


@router.get(
    "",
    response={200: SearchOut, **responses(422)},
    summary="Search pages, news, library items and fact-checks",
    auth=None,
)
def search_site(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Best matches first, with the same ranking as the search page `/cari/`."""
    if params.dari and params.sampai and params.dari > params.sampai:
        raise field_error(["query", "sampai"], _("Must not be before the start date."))
    filters = Filters(
        language=params.lang or (get_language() or "id")[:2],
        kind=params.type,
        topic=params.topic,
        date_from=params.dari,
        date_to=params.sampai,
    )
    found = search(params.q, filters, page=params.page)
    return SearchOut(
        count=found.count,
        exact=True,
        page=found.page,
        pages=found.num_pages,
        results=[
            ResultOut(
                type=hit.kind,  # type: ignore[arg-type]
                title=hit.title,
                url=hit.url,
                snippet=str(hit.snippet),
                published_at=hit.published_at,
            )
            for hit in found.hits
        ],
    )
