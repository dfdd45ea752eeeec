"""Uploaded files served by Django, in development and tests only (in production the front
proxy or the object storage serves MEDIA_URL with its own validators: docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponseBase
from django.utils._os import safe_join
from django.views.decorators.http import condition
from django.views.static import serve


def _etag(request: HttpRequest, path: str, document_root: str) -> str | None:
    """A validator from the file's size and modification time (no need to read it)."""
    try:
        stat = Path(safe_join(document_root, path)).stat()
    except (OSError, ValueError, SuspiciousFileOperation):
        return None  # `serve` answers the 404
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


@condition(etag_func=_etag)
def serve_file(request: HttpRequest, path: str, document_root: str) -> HttpResponseBase:
    """Django's `serve` with an ETag as well as its Last-Modified, so a browser's revalidation
    (If-None-Match or If-Modified-Since) is answered 304 without the body."""
    return serve(request, path, document_root=document_root)
