"""`GET /api/v1/library` and `GET /api/v1/library/{id}`: published library items.

Public and read-only. Addresses (the item's page, its picture formats, video and poster)
are absolute, so campaign tools and other sites can link straight to them.
"""

import datetime as dt
from typing import Any, Literal

from django.db import DatabaseError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cegah.api.errors import field_error, responses
from cegah.api.params import Pages, object_id
from cegah.library import access
from cegah.library.models import (
    AUDIENCE_FIELDS,
    FORMATS,
    LibraryItem,
    LibraryItemQuerySet,
    Topic,
)

router = Router(tags=["library"])

KindName = Literal["video", "image", "poster", "caption"]
AudienceName = Literal["asn", "public", "students"]


def _topics_enum(schema: dict[str, Any]) -> None:
    """Name the topics that exist in the OpenAPI document (read when it is generated), so an
    unknown topic's 422 is declared, not a surprise."""
    try:
        slugs = sorted(Topic.objects.values_list("slug", flat=True))
    except DatabaseError:
        return
    if slugs:
        schema["enum"] = slugs


class LibraryFilter(Schema):
    topic: str | None = Field(
        None,
        max_length=40,
        description="A topic slug, e.g. `gratifikasi` or `pungli`.",
        json_schema_extra=_topics_enum,
    )
    audience: AudienceName | None = None
    kind: KindName | None = None
    agency: str | None = Field(None, max_length=64, description="The owner agency's code.")


class RenditionsOut(Schema):
    """Each format is exactly its size and shows the whole picture (fitted, the rest filled
    with the picture's edge colour); null when the picture is too small for that format."""

    feed: str | None = Field(description="4:5, 1080 × 1350 (JPEG)")
    story: str | None = Field(description="9:16, 1080 × 1920: WhatsApp status and stories (JPEG)")
    square: str | None = Field(description="1:1, 1080 × 1080 (JPEG)")


class AdaptedFromOut(Schema):
    id: int
    title: str
    url: str


class LibraryItemOut(Schema):
    id: int
    title: str
    url: str
    kind: KindName
    description: str
    caption: str
    topics: list[str]
    audience: list[AudienceName]
    licence: str
    licence_url: str
    attribution: str
    source_attribution: str = Field(description="Credit of the original(s) for an adaptation.")
    owner_agency: str = Field(description="The owner agency's code.")
    renditions: RenditionsOut | None = Field(description="Picture formats; null without one.")
    video_url: str | None
    poster_url: str | None
    adopted_count: int = Field(description="Agencies that use the item as is.")
    adapted_count: int = Field(description="Agencies that made a local version.")
    adapted_from: AdaptedFromOut | None
    published_at: dt.datetime | None


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url.startswith("/") else url


def item_out(request: HttpRequest, item: LibraryItem) -> "LibraryItemOut":
    original = item.adapted_from if item.adapted_from and item.adapted_from.is_published else None
    return LibraryItemOut(
        id=item.pk,
        title=item.title,
        url=_absolute(request, item.get_absolute_url()),
        kind=item.kind,  # type: ignore[arg-type]
        description=item.description,
        caption=item.caption,
        topics=[topic.slug for topic in item.topics.all()],
        audience=item.audiences,  # type: ignore[arg-type]
        licence=item.get_licence_display(),
        licence_url=item.licence_url,
        attribution=item.attribution,
        source_attribution=item.source_attribution,
        owner_agency=item.owner_agency.code,
        renditions=RenditionsOut(
            **{
                fmt: _absolute(request, url) if (url := item.rendition_url(fmt)) else None
                for fmt in FORMATS
            }
        )
        if item.image_id
        else None,
        video_url=_absolute(request, item.video.url) if item.video else None,
        poster_url=_absolute(request, item.poster.url) if item.poster else None,
        adopted_count=getattr(item, "adopted_count", 0),
        adapted_count=getattr(item, "adapted_count", 0),
        adapted_from=AdaptedFromOut(
            id=original.pk,
            title=original.title,
            url=_absolute(request, original.get_absolute_url()),
        )
        if original
        else None,
        published_at=item.published_at,
    )


def _items(filters: LibraryFilter) -> LibraryItemQuerySet:
    items = access.public_items()
    if filters.topic is not None:
        topic = Topic.objects.filter(slug=filters.topic).first()
        if topic is None:
            raise field_error(["query", "topic"], _("Unknown topic."))
        items = items.filter(topics=topic)
    if filters.audience:
        items = items.filter(**{AUDIENCE_FIELDS[filters.audience]: True})
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.agency:
        items = items.filter(owner_agency__code=filters.agency)
    return items.for_listing().with_usage_counts()


class _Page(Pages):
    """Pages of 24; the items are turned into their representation after slicing."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [item_out(request, item) for item in page["items"]]
        return page


@router.get(
    "",
    response={200: list[LibraryItemOut], **responses(422)},
    auth=None,
    summary="List published library items",
)
@paginate(_Page, page_size=24)
def list_items(request: HttpRequest, filters: Query[LibraryFilter]) -> Any:
    """Published items, newest first, filtered by topic, audience, kind and owner agency.
    An unknown topic or any other bad parameter is a 422."""
    return _items(filters)


@router.get(
    "/{item_id}",
    response={200: LibraryItemOut, **responses(404, 422)},
    auth=None,
    summary="One published library item",
)
def get_item(request: HttpRequest, item_id: int = object_id()) -> LibraryItemOut:
    """A published item with its formats, credits, lineage link and usage counts."""
    item = access.public_items().for_listing().with_usage_counts().filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item_out(request, item)
