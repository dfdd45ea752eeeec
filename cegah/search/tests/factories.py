"""Plain functions that put documents in the index through the public contract."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from cegah.search.documents import SearchDoc, index

WIB = ZoneInfo("Asia/Jakarta")


def when(day: int, month: int = 11, year: int = 2026, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=WIB)


def make_doc(key: str, title: str, body: str = "", **values: Any) -> SearchDoc:
    values.setdefault("kind", "news")
    values.setdefault("language", "id")
    values.setdefault("url", f"/berita/{key}/")
    return SearchDoc(key=key, title=title, body=body, **values)


def add_doc(key: str, title: str, body: str = "", **values: Any) -> SearchDoc:
    doc = make_doc(key, title, body, **values)
    index(doc)
    return doc
