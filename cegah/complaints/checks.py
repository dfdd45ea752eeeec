"""System checks for the complaint evidence store: files that must never be served by a URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.files.storage import FileSystemStorage, storages


@register()
def private_storage(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Evidence goes to `STORAGES["private"]`; on disk it must lie outside every folder that
    is served (`MEDIA_ROOT`, `STATIC_ROOT`)."""
    if "private" not in settings.STORAGES:
        return [
            Warning(
                'STORAGES has no "private" storage: complaint evidence goes to the default '
                "storage, whose files may be served by URL.",
                hint="Set PRIVATE_MEDIA_ROOT, or define STORAGES['private'].",
                id="complaints.W001",
            )
        ]
    storage = storages["private"]
    if not isinstance(storage, FileSystemStorage):
        return []
    private = Path(storage.location).resolve()
    served = {
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "STATIC_ROOT": settings.STATIC_ROOT,
    }
    return [
        Error(
            f"The private storage ({private}) lies inside {name} ({root}), which is served.",
            hint="Point PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT and STATIC_ROOT.",
            id="complaints.E001",
        )
        for name, root in served.items()
        if root and private.is_relative_to(Path(root).resolve())
    ]
