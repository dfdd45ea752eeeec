"""Where backup sets live: a directory, or a prefix in an S3 bucket.

A set only counts as complete once its manifest is in place: locally the set is built under
a hidden `.partial` name and renamed in one step; on S3 (which cannot rename) the manifest
is uploaded last, after every other object of the set."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from django.conf import settings

from cegah.ops.errors import BackupError
from cegah.ops.manifest import MANIFEST, MANIFEST_SUM

SET_PREFIX = "cegah-"
_SSE = {"aes256": "AES256", "aws:kms": "aws:kms"}


class Target(Protocol):
    """A place that holds backup sets."""

    def describe(self) -> str: ...

    def set_names(self) -> list[str]: ...

    @contextmanager
    def staging(self, name: str) -> Iterator[Path]: ...

    def publish(self, staged: Path, name: str) -> str: ...

    def delete(self, name: str) -> None: ...


def work_dir() -> str | None:
    return settings.BACKUP_WORK_DIR or None


class LocalTarget:
    """Sets as directories under `root`, readable by their owner only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return str(self.root)

    def set_names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            path.name
            for path in self.root.iterdir()
            if path.name.startswith(SET_PREFIX) and (path / MANIFEST).is_file()
        )

    @contextmanager
    def staging(self, name: str) -> Iterator[Path]:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if (self.root / name).exists():
            raise BackupError(f"{self.root / name} exists already.")
        staged = self.root / f".{name}.partial"
        staged.mkdir(mode=0o700)
        try:
            yield staged
        finally:
            # Gone after a successful publish (renamed); removed after a failure.
            shutil.rmtree(staged, ignore_errors=True)

    def publish(self, staged: Path, name: str) -> str:
        final = self.root / name
        staged.rename(final)
        return str(final)

    def delete(self, name: str) -> None:
        shutil.rmtree(self.root / name)


class S3Target:
    """Sets as objects under `s3://bucket/prefix/<set name>/`."""

    def __init__(self, bucket: str, prefix: str) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def key(self, *parts: str) -> str:
        return "/".join(part for part in (self.prefix, *parts) if part)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def client(self) -> Any:
        return s3_client()

    def _keys(self, prefix: str) -> Iterator[str]:
        paginator = self.client().get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                yield str(item["Key"])

    def set_names(self) -> list[str]:
        """The sets under the prefix whose manifest is in place (one listing of the set
        folders, then one HEAD each: never a listing of every file of every set)."""
        from botocore.exceptions import ClientError

        client = self.client()
        base = self.key("") + "/" if self.prefix else ""
        paginator = client.get_paginator("list_objects_v2")
        names = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=base + SET_PREFIX, Delimiter="/"):
            for folder in page.get("CommonPrefixes", []):
                name = str(folder["Prefix"])[len(base) :].rstrip("/")
                try:
                    client.head_object(Bucket=self.bucket, Key=self.key(name, MANIFEST))
                except ClientError as exc:
                    if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                        continue  # a set still uploading, or one that failed half-way
                    raise
                names.append(name)
        return sorted(names)

    @contextmanager
    def staging(self, name: str) -> Iterator[Path]:
        if name in self.set_names():
            raise BackupError(f"{self.describe()}/{name} exists already.")
        with tempfile.TemporaryDirectory(prefix="cegah-backup-", dir=work_dir()) as tmp:
            staged = Path(tmp) / name
            staged.mkdir(mode=0o700)
            yield staged

    def publish(self, staged: Path, name: str) -> str:
        client = self.client()
        extra = {}
        if settings.BACKUP_S3_SERVER_SIDE_ENCRYPTION:
            extra["ServerSideEncryption"] = _SSE[settings.BACKUP_S3_SERVER_SIDE_ENCRYPTION]
        files = sorted(
            path
            for path in staged.rglob("*")
            if path.is_file() and path.name not in (MANIFEST, MANIFEST_SUM)
        )
        for path in [*files, staged / MANIFEST_SUM, staged / MANIFEST]:
            relative = path.relative_to(staged).as_posix()
            client.upload_file(str(path), self.bucket, self.key(name, relative), ExtraArgs=extra)
        return f"{self.describe()}/{name}"

    def delete(self, name: str) -> None:
        client = self.client()
        # The manifest first: a half-deleted set must never look complete.
        keys = sorted(self._keys(self.key(name) + "/"), key=lambda key: key.endswith(MANIFEST))
        keys.reverse()
        for start in range(0, len(keys), 1000):
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    @contextmanager
    def download(self, name: str) -> Iterator[Path]:
        """A local copy of the set, removed afterwards."""
        with tempfile.TemporaryDirectory(prefix="cegah-restore-", dir=work_dir()) as tmp:
            local = Path(tmp) / name
            local.mkdir(mode=0o700)
            client = self.client()
            base = self.key(name) + "/"
            found = False
            for key in self._keys(base):
                found = True
                path = local / key[len(base) :]
                path.parent.mkdir(parents=True, exist_ok=True)
                client.download_file(self.bucket, key, str(path))
            if not found:
                raise BackupError(f"{self.describe()}/{name} holds no backup set.")
            yield local


def s3_client() -> Any:
    """A boto3 S3 client with the BACKUP_S3_* settings (empty ones use boto3's defaults)."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=settings.BACKUP_S3_ENDPOINT_URL or None,
        region_name=settings.BACKUP_S3_REGION or None,
        aws_access_key_id=settings.BACKUP_S3_ACCESS_KEY_ID or None,
        aws_secret_access_key=settings.BACKUP_S3_SECRET_ACCESS_KEY or None,
    )


def parse_s3(url: str) -> tuple[str, str]:
    """Bucket and prefix of `s3://bucket/prefix`."""
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise BackupError(f"{url!r} is not an address such as s3://bucket/prefix.")
    return parsed.netloc, parsed.path.strip("/")


def target_for(location: str) -> LocalTarget | S3Target:
    """The target named by --to (or BACKUP_TARGET): a directory or s3://bucket/prefix."""
    if location.startswith("s3://"):
        return S3Target(*parse_s3(location))
    return LocalTarget(Path(location).expanduser().resolve())


@contextmanager
def open_set(location: str) -> Iterator[Path]:
    """A local directory holding the set named by a path or an s3:// address."""
    if location.startswith("s3://"):
        bucket, key = parse_s3(location)
        prefix, _, name = key.rpartition("/")
        if not name:
            raise BackupError(f"{location!r} names no backup set.")
        with S3Target(bucket, prefix).download(name) as local:
            yield local
        return
    path = Path(location).expanduser().resolve()
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup set directory.")
    yield path
