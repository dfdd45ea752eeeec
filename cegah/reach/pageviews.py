"""The site's own page views, counted without cookies and without storing anything about the
visitor: only the path of a public HTML page that answered 200 to a GET, and the day.

Counting a view writes nothing to the database on the request's path: each web process keeps
its counts in memory (a dict behind a lock) and adds them to `PageView` rows once
`PAGEVIEWS_FLUSH_SECONDS` have passed since its last flush (one small transaction). A process
that dies loses at most that many seconds of counts, which is acceptable for these figures.
Staff areas (`/cms/`, `/admin/`, `/akun/`, the API and every staff workspace) are not counted.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cegah.reach.models import PageView

EXCLUDED_PREFIXES = (
    "/cms/", "/admin/", "/akun/", "/api/", "/static/", "/media/", "/dokumen/", "/healthz",
    "/ping", "/s/", "/altcha/", "/open311/",
)  # fmt: skip
# Staff workspaces under public sections: not public pages.
EXCLUDED_PARTS = ("/kelola/", "/verifikasi/", "/instansi/", "/dasbor/", "/laporan/", "/saya/")
MAX_PATH = 300

_lock = threading.Lock()
_counts: Counter[tuple[str, dt.date]] = Counter()
_last_flush = time.monotonic()


def countable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    path = request.path
    bare = path[3:] if path.startswith("/en/") else path
    if bare.startswith(EXCLUDED_PREFIXES) or path.startswith(EXCLUDED_PREFIXES):
        return False
    return not any(part in bare for part in EXCLUDED_PARTS)


def count(path: str) -> None:
    global _last_flush
    day = timezone.localdate()
    with _lock:
        _counts[(path[:MAX_PATH], day)] += 1
        due = time.monotonic() - _last_flush >= settings.PAGEVIEWS_FLUSH_SECONDS
    if due:
        flush()


def flush() -> int:
    """Add the counts kept in memory to the database; returns how many rows it touched."""
    global _last_flush
    with _lock:
        pending = dict(_counts)
        _counts.clear()
        _last_flush = time.monotonic()
    if not pending:
        return 0
    with transaction.atomic():
        for (path, day), views in pending.items():
            updated = PageView.objects.filter(path=path, day=day).update(views=F("views") + views)
            if not updated:
                _, created = PageView.objects.get_or_create(
                    path=path, day=day, defaults={"views": views}
                )
                if not created:
                    PageView.objects.filter(path=path, day=day).update(views=F("views") + views)
    return len(pending)


class PageViewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PAGEVIEWS_ENABLED and countable(request, response):
            count(request.path)
        return response
