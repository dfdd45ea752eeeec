"""The one error the backup and restore code raises for a person to read."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""
