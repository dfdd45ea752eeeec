"""The site's own page views, counted without cookies and without storing anything about the
visitor: only the path of a public HTML page that answered 200 to a GET, and the day.

Counting a view writes nothing to the database on the request's path. With Redis (the
cache's `REDIS_URL`) every web process of every node adds to one Redis hash (`HINCRBY`), so a
process that dies loses nothing; whichever process is due first (`PAGEVIEWS_FLUSH_SECONDS`
after its last flush) takes the whole hash at once (`RENAME`, atomic) and adds it to
`PageView` rows in one small transaction, putting the counts back if the database refuses.
Without Redis, or while Redis does not answer, each process keeps its counts in memory (a
dict behind a lock) and adds them the same way; a process that dies then loses at most that
many seconds of counts, which is acceptable for these figures.
Staff areas (`/cms/`, `/admin/`, `/akun/`, the API and every staff workspace) are not counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cegah.lib.limiter import redis_url
from cegah.reach.models import PageView

logger = logging.getLogger(__name__)
REDIS_KEY = "cegah:pageviews"
# A hash taken by a flush lives this long if its process dies before writing it.
TAKEN_SECONDS = 24 * 60 * 60

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


@lru_cache(maxsize=2)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def _redis() -> redis.Redis | None:
    url = redis_url()
    return _client(url) if url else None


def _field(path: str, day: dt.date) -> str:
    return f"{day.isoformat()}|{path}"


def count(path: str) -> None:
    global _last_flush
    day = timezone.localdate()
    path = path[:MAX_PATH]
    client = _redis()
    counted = False
    if client is not None:
        try:
            client.hincrby(REDIS_KEY, _field(path, day), 1)
            counted = True
        except redis.RedisError as exc:
            logger.warning("Page view kept in memory: Redis refused (%s)", exc.__class__.__name__)
    with _lock:
        if not counted:
            _counts[(path, day)] += 1
        due = time.monotonic() - _last_flush >= settings.PAGEVIEWS_FLUSH_SECONDS
    if due:
        flush()


def _take_shared(client: redis.Redis) -> Counter[tuple[str, dt.date]]:
    """Take the whole shared hash (atomic: a concurrent flush gets an empty one)."""
    taken = f"{REDIS_KEY}:taken:{uuid.uuid4().hex}"
    try:
        client.rename(REDIS_KEY, taken)
    except redis.ResponseError:  # no such key: nothing counted since the last flush
        return Counter()
    client.expire(taken, TAKEN_SECONDS)
    raw: dict[bytes, bytes] = client.hgetall(taken)  # type: ignore[assignment]
    client.delete(taken)
    pending: Counter[tuple[str, dt.date]] = Counter()
    for field, views in raw.items():
        day, _, path = field.decode().partition("|")
        pending[(path, dt.date.fromisoformat(day))] += int(views)
    return pending


def _give_back(client: redis.Redis | None, pending: Counter[tuple[str, dt.date]]) -> None:
    """Counts the database refused go back where the next flush takes them."""
    if client is not None:
        try:
            with client.pipeline() as pipe:
                for (path, day), views in pending.items():
                    pipe.hincrby(REDIS_KEY, _field(path, day), views)
                pipe.execute()
            return
        except redis.RedisError:
            pass
    with _lock:
        _counts.update(pending)


def flush() -> int:
    """Add the counts kept in Redis and in this process to the database; returns how many
    rows it touched."""
    global _last_flush
    with _lock:
        pending = Counter(_counts)
        _counts.clear()
        _last_flush = time.monotonic()
    client = _redis()
    if client is not None:
        try:
            pending.update(_take_shared(client))
        except redis.RedisError as exc:
            logger.warning("Page views not taken from Redis (%s)", exc.__class__.__name__)
    if not pending:
        return 0
    try:
        _write(pending)
    except Exception:
        _give_back(client, pending)
        raise
    return len(pending)


def _write(pending: Counter[tuple[str, dt.date]]) -> None:
    with transaction.atomic():
        for (path, day), views in pending.items():
            updated = PageView.objects.filter(path=path, day=day).update(views=F("views") + views)
            if not updated:
                _, created = PageView.objects.get_or_create(
                    path=path, day=day, defaults={"views": views}
                )
                if not created:
                    PageView.objects.filter(path=path, day=day).update(views=F("views") + views)


class PageViewMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PAGEVIEWS_ENABLED and countable(request, response):
            count(request.path)
        return response
