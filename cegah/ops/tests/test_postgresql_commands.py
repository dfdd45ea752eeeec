"""How pg_restore is called: the password only in its environment, all or nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from cegah.ops import database

SETTINGS = {
    "NAME": "cegah",
    "USER": "cegah",
    "PASSWORD": "s3cret-password",
    "HOST": "db.internal",
    "PORT": "5433",
    "OPTIONS": {"sslmode": "verify-full"},
}


class FakeConnection:
    settings_dict = SETTINGS
    in_atomic_block = False
    vendor = "postgresql"

    def close(self) -> None:
        pass


def test_pg_restore_gets_the_password_in_its_environment_never_as_an_argument(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append({"command": command, "env": kwargs["env"]})
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(database, "connection", FakeConnection())
    monkeypatch.setattr(database.subprocess, "run", run)
    monkeypatch.setattr(database, "pg_binary", lambda name: f"/usr/bin/{name}")

    database._restore_postgresql(tmp_path / "database.pgdump")

    [call] = calls
    assert "s3cret-password" not in " ".join(call["command"])
    assert call["env"]["PGPASSWORD"] == "s3cret-password"
    assert call["env"]["PGHOST"] == "db.internal"
    assert call["env"]["PGPORT"] == "5433"
    assert call["env"]["PGSSLMODE"] == "verify-full"
    for flag in ("--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"):
        assert flag in call["command"]
    assert "--dbname=cegah" in call["command"]


def test_a_failing_pg_restore_stops_with_its_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1, "", "pg_restore: error: could not connect")

    monkeypatch.setattr(database, "connection", FakeConnection())
    monkeypatch.setattr(database.subprocess, "run", run)
    monkeypatch.setattr(database, "pg_binary", lambda name: f"/usr/bin/{name}")

    with pytest.raises(database.BackupError, match=r"pg_restore failed \(1\): .*could not connect"):
        database._restore_postgresql(tmp_path / "database.pgdump")
