"""Running a measurement in a child process against one engine's own bench database.

The campaign benches measure inside Django, in a child process whose `DATABASE_URL` names a
database kept for benchmarks (`var/bench/<name>.sqlite3`, or PostgreSQL `cegah_bench_<name>`
on 127.0.0.1, created with `createdb -U postgres` when missing), with the real task backend
(the test settings' `CEGAH_ENV` is dropped). The child prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def sqlite_path(name: str) -> Path:
    return ROOT / "var" / "bench" / f"{name}.sqlite3"


def database_url(engine: str, name: str) -> str:
    if engine == "postgresql":
        return f"postgres://postgres@127.0.0.1:5432/cegah_bench_{name}"
    return f"sqlite:///{sqlite_path(name)}"


def run_child(
    script: str,
    engine: str,
    name: str,
    arguments: list[str],
    *,
    create: bool = True,
    env: dict[str, str] | None = None,
) -> dict[str, object]:
    """Run `script --child <arguments>` with the engine's database `name`; its JSON result.
    `create=False` requires the database to exist already (made by another bench)."""
    child_env = dict(os.environ, DJANGO_SETTINGS_MODULE="cegah.settings", **(env or {}))
    child_env.pop("CEGAH_ENV", None)  # the real task backend, not the test one
    child_env["DATABASE_URL"] = database_url(engine, name)
    if engine == "postgresql":
        if create:
            createdb = ["createdb", "-h", "127.0.0.1", "-U", "postgres", f"cegah_bench_{name}"]
            # Fixed arguments; the PostgreSQL client tools come from PATH.
            subprocess.run(createdb, capture_output=True, check=False)  # noqa: S603
    elif create:
        sqlite_path(name).parent.mkdir(parents=True, exist_ok=True)
    elif not sqlite_path(name).exists():
        raise SystemExit(f"{sqlite_path(name)} is missing: run the bench that makes it first.")
    out = subprocess.run(  # noqa: S603 -- a bench script with fixed arguments
        [sys.executable, script, "--child", *arguments],
        env=child_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{engine}: the measurement failed")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def command_line(
    doc: str, measure: Callable[[int], dict[str, object]], option: str, default: int
) -> tuple[list[str], int]:
    """The engines to run and the size (`--<option>`). In the child (`--child`), measure, print
    the JSON result and exit instead."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(f"--{option}", type=int, default=default)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size: int = getattr(args, option.replace("-", "_"))
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(size)))
        raise SystemExit(0)
    return (["sqlite", "postgresql"] if args.engine == "both" else [args.engine]), size


def bench_regency(code: str) -> tuple[Any, list[Any]]:
    """In the child: the bench's regency `code` and its 30 units, made once and reused."""
    from cegah.agencies.models import Agency, AgencyType

    regency, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": "Bench Klaten", "type": AgencyType.NATIONAL_AGENCY}
    )
    units = []
    for i in range(30):
        unit, _ = Agency.objects.get_or_create(
            code=f"{code}-{i:02d}",
            defaults={"name": f"Unit {i}", "type": AgencyType.UNIT, "parent": regency},
        )
        units.append(unit)
    return regency, units
