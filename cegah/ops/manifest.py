"""A backup set's manifest: what the set holds, and proof that nothing in it changed.

A set is a directory (or the same names under an S3 prefix):

    manifest.json          what is below, with each file's SHA-256 and size
    manifest.json.sha256   the manifest's own SHA-256, so an edited manifest is caught too
    database.sqlite3 | database.pgdump
    files/<storage alias>/<name in that storage>
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from cegah.ops.errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
FILES_DIR = "files"
CHUNK = 1024 * 1024


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_hashing(source: Readable, target: Path) -> tuple[str, int]:
    """Copy a stream into a new file; its SHA-256 and size."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with target.open("xb") as out:
        for block in iter(lambda: source.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
            out.write(block)
    target.chmod(0o600)
    return digest.hexdigest(), size


def safe_relative(name: str) -> PurePosixPath:
    """A name inside the set; a manifest naming something outside it is refused."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise BackupError(f"The manifest names a file outside the set: {name!r}.")
    return path


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest and its checksum."""
    body = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"
    (directory / MANIFEST).write_bytes(body)
    (directory / MANIFEST_SUM).write_text(f"{hashlib.sha256(body).hexdigest()}  {MANIFEST}\n")
    for name in (MANIFEST, MANIFEST_SUM):
        (directory / name).chmod(0o600)


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of a complete set, after checking its own checksum; never the files."""
    body_path, sum_path = directory / MANIFEST, directory / MANIFEST_SUM
    if not body_path.is_file():
        raise BackupError(f"{directory} is not a complete backup set: it has no {MANIFEST}.")
    if not sum_path.is_file():
        raise BackupError(f"The backup set {directory} is damaged: {MANIFEST_SUM} is missing.")
    body = body_path.read_bytes()
    words = sum_path.read_text().split()
    expected = words[0] if words else ""
    if hashlib.sha256(body).hexdigest() != expected:
        raise BackupError(
            f"The backup set {directory} is damaged: {MANIFEST} does not match its checksum."
        )
    try:
        manifest: dict[str, Any] = json.loads(body)
    except ValueError as exc:
        raise BackupError(f"The backup set {directory} is damaged: {exc}.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"The backup set {directory} has format {manifest.get('format')!r}; "
            f"this version reads format {FORMAT}."
        )
    return manifest


def verify_set(directory: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its size and SHA-256 and the set
    holds nothing else; otherwise a BackupError listing what is wrong."""
    manifest = read_manifest(directory)
    listed: dict[str, dict[str, Any]] = manifest.get("files", {})
    problems: list[str] = []
    for name, facts in sorted(listed.items()):
        path = directory / safe_relative(name)
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != facts["size"]:
            problems.append(f"{name} has {path.stat().st_size} bytes, not {facts['size']}")
        elif sha256_of(path) != facts["sha256"]:
            problems.append(f"{name} does not match its SHA-256")
    present = {
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and path.name not in (MANIFEST, MANIFEST_SUM)
    }
    problems.extend(f"{name} is not in the manifest" for name in sorted(present - set(listed)))
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise BackupError(f"The backup set {directory} is damaged: {shown}{more}.")
    return manifest
