"""The signed-in home page and the workspace, on the production server, over loopback.

Prepares a demo site of its own (`var/bench/workspace/`: its SQLite database and collected
static files, through `CEGAH_VAR_DIR`, so nothing else's data is touched): migrate, `seed_demo`,
`collectstatic`. Then starts `manage.py serve --no-worker` (gunicorn gthread, whitenoise, the
full middleware stack: what `make run` serves) on a free port of 127.0.0.1, signs in through
the real login form as two demo logins (KPK's officer, with the most workspace entries, and a
regency's administrator), and loads `/` and `/ruang-kerja/` with each session cookie, plus
`/ping` as the baseline, with 16 concurrent keep-alive clients (wrk when installed, otherwise
the pure-Python generator of `home_vs_trivial.py`).

Target (issue 11): p95 ≤ 100 ms for the signed-in home page and the workspace at 16 clients.

Usage: .venv/bin/python bench/workspace.py [--seconds 10] [--strict]
Exit status: 0, or 1 with --strict when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import home_vs_trivial as bench

BASE_DIR = bench.BASE_DIR
VAR_DIR = BASE_DIR / "var" / "bench" / "workspace"
JSON_PATH = BASE_DIR / "var" / "bench" / "workspace.json"
PASSWORD = "cegah-demo-2026"
LOGINS = ("kpk@demo.example", "setda.klaten@demo.example")
PATHS = ("/", "/ruang-kerja/")
TARGET_P95_MS = 100.0


def prepare() -> None:
    """The bench's own demo site: database, demo data, collected static files (idempotent)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["seed_demo", "--verbosity", "0"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        print(f"Preparing: manage.py {' '.join(command)}", flush=True)
        done = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
            [*manage, *command], cwd=BASE_DIR, capture_output=True, text=True, check=False
        )
        if done.returncode:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(f"manage.py {command[0]} failed")


def session_cookie(base_url: str, email: str) -> str:
    """Sign in through the allauth form; the `sessionid=…` cookie of the new session."""
    http = requests.Session()
    form = http.get(f"{base_url}/akun/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if token is None:
        raise RuntimeError("the login page has no CSRF token")
    response = http.post(
        f"{base_url}/akun/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base_url}/akun/login/"},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code != 302 or "sessionid" not in http.cookies:
        raise RuntimeError(f"signing in as {email} failed (HTTP {response.status_code})")
    page = http.get(f"{base_url}/ruang-kerja/", timeout=10)
    if page.status_code != 200 or "workspace-entry" not in page.text:
        raise RuntimeError(f"{email}: the workspace did not answer with entries")
    return f"sessionid={http.cookies['sessionid']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    os.environ["CEGAH_VAR_DIR"] = str(VAR_DIR)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CEGAH_ENV", None)
    prepare()
    wrk = shutil.which("wrk")
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as scratch, bench.production_server(None) as base_url:
        lua = None
        if wrk is not None:
            lua = Path(scratch) / "report.lua"
            lua.write_text(bench.WRK_LUA, encoding="utf-8")
        cookies = {email: session_cookie(base_url, email) for email in LOGINS}
        for email in LOGINS:
            for path in PATHS:
                # Warm up (templates, connections), then measure.
                bench.load(base_url, path, 2, wrk, lua, cookies[email])
                result = bench.load(base_url, path, args.seconds, wrk, lua, cookies[email])
                results.append({"login": email, **result.__dict__})
        bench.load(base_url, "/ping", 2, wrk, lua)
        ping = bench.load(base_url, "/ping", args.seconds, wrk, lua)
    print(
        f"\n{bench.CONNECTIONS} clients, {args.seconds:.0f} s each, load by {'wrk' if wrk else 'Python'}\n"
    )
    print("| login | path | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    failed = False
    for row in results:
        errors = sum(row["errors"].values())  # type: ignore[attr-defined]
        ok = float(row["p95_ms"]) <= TARGET_P95_MS and errors == 0  # type: ignore[arg-type]
        failed |= not ok
        print(
            f"| {row['login']} | `{row['path']}` | {row['rps']:.0f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {errors} |"
        )
    print(
        f"| (baseline) | `/ping` | {ping.rps:.0f} | {ping.p50_ms:.1f} | {ping.p95_ms:.1f} | {ping.p99_ms:.1f} | {ping.error_count} |"
    )
    verdict = "FAIL" if failed else "PASS"
    print(f"\n{verdict}: p95 ≤ {TARGET_P95_MS:.0f} ms for every signed-in page, no errors.")
    JSON_PATH.parent.mkdir(parents=True, exist_ok=True)
    JSON_PATH.write_text(
        json.dumps(
            {
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "revision": bench.git_revision(),
                "results": results,
                "ping": ping.__dict__,
                "pass": not failed,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
