"""Times `manage.py load_regions` into a fresh, migrated SQLite database, twice.

The first run loads all 91,599 regions (target: under 60 s); the second shows that a
repeat run changes nothing. Run: `.venv/bin/python bench/load_regions.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(env: dict[str, str], *args: str) -> str:
    # Fixed arguments from this script, run with this Python: no outside input.
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return result.stdout.strip()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        _manage(env, "migrate", "--noinput", "-v0")
        timings = []
        for label in ("first run", "second run"):
            started = time.monotonic()
            out = _manage(env, "load_regions")
            seconds = time.monotonic() - started
            timings.append(seconds)
            print(f"{label}: {seconds:.1f} s (whole command) — {out}")
    verdict = "PASS" if timings[0] < 60 else "FAIL"
    print(f"{verdict}: first load {timings[0]:.1f} s (target < 60 s)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
