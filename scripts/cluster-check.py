#!/usr/bin/env python3
"""CI's check of `make cluster` (issue 17): starts the cluster on its own ports, database, Redis
database and var dir, then proves through the proxy that

1. both web nodes answer (HAProxy's X-Served-By header names the node);
2. a client limit of 5 an hour allows 5 complaints across both nodes, not 10;
3. a signed-in session is served by both nodes;
4. a killed web node is routed around: every request still answers 200;

and stops it with SIGTERM, which must stop every process and remove the pid files. Exit
status 1 on any failure, with the tail of each process's log. Standard library only.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("CLUSTER_CHECK_PORT", "18080"))
BASE = f"http://127.0.0.1:{PORT}"
VAR = ROOT / "var" / "ci-cluster"
DATABASE = "cegah_cluster_ci"
REDIS_URL = "redis://127.0.0.1:6379/8"
# The cluster starts without the demo data (CI's served check covers it): one account is
# made for the session check once the cluster answers.
LOGIN = ("klaster@example.org", "sandi-pemeriksa-klaster-2026")
COMPLAINT = {
    "category": "pendidikan",
    "region": "33.10.25",
    "description": "Sekolah meminta uang seragam Rp 750.000 di luar ketentuan kepada orang tua.",
    "incident_date": "2026-11-02",
    "anonymous": False,
    "confidential": True,
    "reporter_name": "Pemeriksa Klaster",
    "reporter_email": "klaster@example.org",
    "reporter_phone": "081234567890",
}
failures: list[str] = []


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def opener(cookies: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [NoRedirect()]
    if cookies is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(cookies))
    return urllib.request.build_opener(*handlers)


def _lower(headers: Any) -> dict[str, str]:
    """Header names in lower case (HAProxy sends its own in lower case)."""
    return {name.lower(): value for name, value in headers.items()}


def request(
    path: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    client: urllib.request.OpenerDirector | None = None,
) -> tuple[int, dict[str, str], str]:
    req = urllib.request.Request(BASE + path, data=data, headers=headers or {})
    try:
        with (client or opener()).open(req, timeout=30) as response:
            return response.status, _lower(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, {}, str(error)


def wait_until_healthy(cluster: subprocess.Popen[bytes], seconds: int) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cluster.poll() is not None:
            return False
        status, _headers, _body = request("/healthz")
        if status == 200:
            return True
        time.sleep(2)
    return False


def served_by(headers: dict[str, str]) -> str:
    return headers.get("x-served-by", "")


def main() -> int:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc",
         f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"],
        check=True,
    )  # fmt: skip
    subprocess.run(
        ["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"], check=True, capture_output=True
    )
    VAR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "CEGAH_VAR_DIR": str(VAR),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "PORT": str(PORT),
        "CLUSTER_WEB_PORTS": f"{PORT + 1},{PORT + 2}",
        "COMPLAINTS_SUBMIT_RATE": "5/hour",
        # The check kills a node and must see the proxy route around it, not a restart.
        "CLUSTER_RESTART_SECONDS": "30",
        "CLUSTER_DEMO_DATA": "0",
    }
    log = (VAR / "make-cluster.log").open("wb")
    cluster = subprocess.Popen(
        ["make", "cluster"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    pids = VAR / "cluster"
    try:
        healthy = wait_until_healthy(cluster, 900)
        check(healthy, "the cluster answers /healthz with 200 through the proxy")
        if not healthy:
            return 1
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from cegah.accounts.models import User; "
             f"User.objects.create_user({LOGIN[0]!r}, {LOGIN[1]!r})"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        names = {p.stem for p in pids.glob("*.pid")}
        check(
            names == {"web1", "web2", "worker1", "worker2", "scheduler", "proxy"},
            f"every process wrote its pid file ({sorted(names)})",
        )

        # A node that booted late joins once the proxy's checks pass (two, a second apart).
        nodes: set[str] = set()
        deadline = time.monotonic() + 60
        while nodes != {"web1", "web2"} and time.monotonic() < deadline:
            # (An answer without the header is the proxy's own, while no node is in rotation.)
            nodes |= {served_by(request("/ping")[1]) for _ in range(4)} - {""}
            time.sleep(0.5)
        check(nodes == {"web1", "web2"}, f"both web nodes answer behind the proxy ({nodes})")

        body = json.dumps(COMPLAINT).encode()
        answers = [
            request("/api/v1/complaints", data=body, headers={"Content-Type": "application/json"})
            for _ in range(10)
        ]
        statuses = [status for status, _h, _b in answers]
        check(statuses.count(201) == 5 and statuses.count(429) == 5,
              f"a limit of 5 an hour allows 5 complaints across both nodes ({statuses})")  # fmt: skip
        accepted_by = {served_by(h) for s, h, _b in answers if s == 201}
        refused_by = {served_by(h) for s, h, _b in answers if s == 429}
        check(accepted_by == {"web1", "web2"} and refused_by == {"web1", "web2"},
              f"both nodes took and refused complaints ({accepted_by}, {refused_by})")  # fmt: skip
        check(all(h.get("retry-after") for s, h, _b in answers if s == 429),
              "refused complaints carry Retry-After")  # fmt: skip

        cookies = http.cookiejar.CookieJar()
        client = opener(cookies)
        _status, _headers, page = request("/akun/login/", client=client)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        check(token is not None, "the sign-in form carries its CSRF token")
        form = urllib.parse.urlencode(
            {"login": LOGIN[0], "password": LOGIN[1],
             "csrfmiddlewaretoken": token.group(1) if token else ""}
        ).encode()  # fmt: skip
        status, _headers, _page = request(
            "/akun/login/", data=form, client=client,
            headers={"Referer": BASE + "/akun/login/", "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        check(status == 302, f"a person signs in through the proxy ({status})")
        signed_in = [request("/ruang-kerja/", client=client) for _ in range(6)]
        check(all(s == 200 and 'action="/akun/logout/"' in b for s, _h, b in signed_in),
              f"the session is honoured on every request ({[s for s, _h, _b in signed_in]})")  # fmt: skip
        by = {served_by(h) for _s, h, _b in signed_in}
        check(by == {"web1", "web2"}, f"one session served by both nodes ({by})")

        web1 = int((pids / "web1.pid").read_text())
        os.killpg(web1, signal.SIGKILL)
        time.sleep(0.5)  # the kill takes effect; the proxy has not noticed yet (checks: 1 s)
        after = [request("/") for _ in range(20)]
        statuses = [s for s, _h, _b in after]
        check(
            statuses == [200] * 20, f"with web1 killed every request still answers 200 ({statuses})"
        )
        check({served_by(h) for _s, h, _b in after} == {"web2"}, "web2 answered them all")
    finally:
        os.killpg(cluster.pid, signal.SIGTERM)
        # make exits at once; the supervisor under it stops its processes, then leaves.
        deadline = time.monotonic() + 60
        while list(pids.glob("*.pid")) and time.monotonic() < deadline:
            time.sleep(0.5)
        cluster.wait(timeout=10)
        log.close()
    left = sorted(p.name for p in pids.glob("*.pid"))
    check(not left, f"SIGTERM stopped the cluster and removed the pid files ({left})")
    if failures:
        for path in [*sorted(pids.glob("*.log")), VAR / "make-cluster.log"]:
            tail = path.read_text(errors="replace").splitlines()[-25:]
            print(f"--- {path.name}\n" + "\n".join(tail))
        print(f"{len(failures)} cluster check(s) failed.")
        return 1
    print("cluster check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
