"""Request parameters whose limits are in the OpenAPI document.

ninja's own `page` has no upper bound: a page number like 10**18 makes an offset the database
cannot take (a 500). Here `page` stops at `MAX_PAGE`, `page_size` at `MAX_PAGE_SIZE`, both
declared, so a larger one is a 422; a page past the last one is an empty page. Ids in paths
stop at the largest the database holds; dates are YYYY-MM-DD only, whole numbers JSON numbers
only, as the document says.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class Pages(PageNumberPagination):
    """`?page=` (1 to 10,000) and `?page_size=` (1 to 100); past the last page, no items."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number; past the last: empty.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Items a page; default: the endpoint's."
        )

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        kwargs.setdefault("max_page_size", MAX_PAGE_SIZE)
        super().__init__(page_size=page_size, **kwargs)


# The largest id a database column holds (a signed 64-bit integer); a larger one in a path is
# a 422, not a query that overflows.
MAX_ID = 2**63 - 1


def object_id(description: str = "The object's id.") -> Any:
    """A path parameter holding an object's id: 1 to `MAX_ID`."""
    return Path(..., ge=1, le=MAX_ID, description=description)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date_text(value: object) -> object:
    # pydantic would also read a number (seconds since 1970) or a datetime as a date; the
    # document says `format: date`, so only YYYY-MM-DD is one.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError(_("Must be a date written as YYYY-MM-DD."))
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_text)]


def _json_whole_number(value: object) -> object:
    # JSON Schema's `integer` is any number without a fraction (1.0 included); pydantic's lax
    # int would also take true and "1", its strict one refuses 1.0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Must be a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Must be a whole number."))
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_json_whole_number)]
