"""Pagination that never counts more than it needs to.

An exact `COUNT(*)` of a big filtered table costs as much as reading every matching row;
staff lists need the first pages and a sense of scale, not the exact total of 1,000,000.
`CappedPaginator` counts at most `cap + 1` rows (`SELECT COUNT(*) FROM (… LIMIT cap+1)`):
below the cap the count is exact; above it `capped` is true, the count reads as the cap and
the pages stop there (templates say "more than N: narrow the filters").
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet

DEFAULT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list: QuerySet[Any], per_page: int, cap: int = DEFAULT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        queryset = cast("QuerySet[Any]", self.object_list)
        return queryset.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._bounded_count > self.cap
