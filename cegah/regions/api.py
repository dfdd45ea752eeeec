"""`GET /api/v1/regions`: the region tree for cascading pickers."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cegah.api.params import Pages
from cegah.regions.models import LEVEL_BY_NAME, Level, Region, RegionQuerySet

router = Router(tags=["regions"])

LevelName = Literal["province", "regency", "district", "village"]
_NAME_BY_LEVEL = {value: name for name, value in LEVEL_BY_NAME.items()}


class RegionOut(Schema):
    code: str
    name: str
    level: LevelName
    kind: str
    parent: str | None
    postal_code: str

    @staticmethod
    def resolve_level(obj: Region) -> str:
        return _NAME_BY_LEVEL[Level(obj.level)]

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent_id


class RegionFilter(Schema):
    level: LevelName | None = None
    parent: str | None = Field(None, max_length=20, description="A region code, e.g. `33.10`.")
    q: str | None = Field(None, max_length=100, description="Words of the name.")


@router.get("", response=list[RegionOut], summary="List regions", auth=None)
@paginate(Pages, page_size=100)
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> RegionQuerySet:
    """Regions by level, parent code (dotted Kemendagri code, e.g. `33.10`) and name.

    With `parent` alone, the parent's direct children; with nothing, the 38 provinces.
    """
    qs = Region.objects.all()
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent.strip())
    if filters.level:
        qs = qs.filter(level=LEVEL_BY_NAME[filters.level])
    if filters.q and filters.q.strip():
        qs = qs.search(filters.q)
    if not (filters.parent or filters.level or filters.q):
        qs = qs.provinces()
    return qs.order_by("code")
