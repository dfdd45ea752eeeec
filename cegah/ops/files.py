"""The files of the storages a backup carries: every storage in STORAGES but the static
files (rebuilt from the code by collectstatic). Read and written through Django's storage
API, so the same code serves a folder on disk and an S3 bucket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

from cegah.ops.errors import BackupError


def storage_aliases() -> list[str]:
    """The storages whose files belong in a backup: `default` (media) and `private`."""
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def storage_label(alias: str) -> str:
    """The backend and, for a folder on disk, where it is: for the manifest and the output."""
    storage = storages[alias]
    location = getattr(storage, "location", None) or getattr(storage, "bucket_name", None)
    backend = f"{type(storage).__module__}.{type(storage).__qualname__}"
    return f"{backend} ({location})" if location else backend


def walk(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in a storage, depth first."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from walk(storage, f"{path}/{directory}" if path else directory)


def put(storage: Storage, name: str, source: Path) -> None:
    """Write `source` to `name` in the storage, replacing what is there."""
    if storage.exists(name):
        storage.delete(name)
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"The storage saved {name!r} as {saved!r}; the restore stopped.")
