"""Locust load for `bench/cluster_faults.py` (issue 17): what people do with the cluster.

Three kinds of visitor, run headless against a server on loopback:

- public pages: `/`, `/berita/`, `/cek-biaya/`, `/integritas/`, `/keluhan/lacak/`
  (acknowledged: 200);
- complaint intake: `POST /api/v1/complaints` with the body of
  `cegah/complaints/tests/test_api.py::body`, a unique marker in the description and the
  marker as `Idempotency-Key` (acknowledged: 201 with a tracking code);
- campaign confirmations: a participant opens their personal page (`/kampanye/saya/<token>/`)
  and presses "Sudah saya bagikan" for today and one channel (acknowledged: 302 back to the
  page, which the platform sends only once the share is stored).

A refused attempt (429, 502, 503, 504, no answer) is retried with the same marker and key after
`Retry-After` (capped at `CF_MAX_WAIT` seconds), as a careful client would, at most
`CF_ATTEMPTS` times. Every attempt is one JSON line in `CF_RECORDS`: when, what, the status,
acknowledged or not, the marker, the attempt number and the node that answered.

`CF_FIXTURE` is a JSON file written by `cluster_faults.py`: the run's id, today's campaign day,
its channels and the participants' personal-link tokens, fetched from the database before the
run. Run alone (loopback only):

    CF_FIXTURE=var/bench/cluster-faults/fixture.json CF_RECORDS=/tmp/records.jsonl \
        .venv/bin/locust -f bench/locustfile.py --headless -u 8 -t 60s --host http://127.0.0.1:28080
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["CF_FIXTURE"]).read_text())
RECORDS = Path(os.environ["CF_RECORDS"])
ATTEMPTS = int(os.environ.get("CF_ATTEMPTS", "10"))
MAX_WAIT = float(os.environ.get("CF_MAX_WAIT", "3"))
TIMEOUT = 20.0
# What a client may try again: the request was refused or never reached the platform.
RETRYABLE = frozenset({0, 429, 502, 503, 504})
PAGES = ["/", "/berita/", "/cek-biaya/", "/integritas/", "/keluhan/lacak/"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DAY = re.compile(r'name="day" value="([^"]+)"')
DESCRIPTION = (
    "Sekolah meminta uang seragam Rp 750.000 di luar ketentuan kepada orang tua murid. "
    "Penanda uji {marker}."
)
_serial = itertools.count(1)
_out = RECORDS.open("a", encoding="utf-8")


def record(**fields: Any) -> None:
    """One attempt, one line. gevent switches only on I/O, so a line is never interleaved."""
    _out.write(json.dumps(fields, separators=(",", ":")) + "\n")


@events.test_stop.add_listener  # type: ignore[untyped-decorator]
def _flush(**_kwargs: Any) -> None:
    _out.flush()


def _retry_after(response: Any) -> float:
    try:
        return float(response.headers.get("Retry-After") or 1)
    except ValueError:
        return 1.0


class Visitor(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.number = next(_serial)
        self.csrf = ""

    def _attempt(
        self, kind: str, method: str, path: str, *, marker: str, attempt: int,
        ok: set[int], name: str, **kwargs: Any,
    ) -> Any:  # fmt: skip
        started = time.time()
        with self.client.request(
            method, path, name=name, catch_response=True, allow_redirects=False,
            timeout=TIMEOUT, **kwargs,
        ) as response:  # fmt: skip
            elapsed = (time.time() - started) * 1000
            status = int(response.status_code or 0)
            acknowledged = status in ok
            if acknowledged:
                response.success()
            else:
                response.failure(f"{status}")
            record(
                t=round(started, 3), ms=round(elapsed, 1), kind=kind, status=status,
                ack=acknowledged, marker=marker, attempt=attempt,
                node=response.headers.get("X-Served-By", "") if status else "",
                retry_after=response.headers.get("Retry-After", "") if status else "",
            )  # fmt: skip
            return response

    @task(5)
    def public_page(self) -> None:
        path = random.choice(PAGES)
        self._attempt(
            "page", "GET", path, marker=path, attempt=1, ok={200}, name=f"page {path}",
            headers={"Accept-Language": "id"},
        )  # fmt: skip

    @task(2)
    def complaint(self) -> None:
        marker = f"cf{FIXTURE['run']}-{self.number}-{next(_serial)}"
        body = {
            "category": "pendidikan",
            "region": "33.10.25",
            "description": DESCRIPTION.format(marker=marker),
            "incident_date": "2026-03-02",
            "anonymous": False,
            "confidential": True,
            "reporter_name": "Sri Rahayu",
            "reporter_email": "sri@example.org",
            "reporter_phone": "081234567890",
        }
        headers = {"Idempotency-Key": marker, "Accept-Language": "id"}
        for attempt in range(1, ATTEMPTS + 1):
            response = self._attempt(
                "complaint", "POST", "/api/v1/complaints", marker=marker, attempt=attempt,
                ok={201}, name="POST /api/v1/complaints", json=body, headers=headers,
            )  # fmt: skip
            status = int(response.status_code or 0)
            if status == 201:
                try:
                    code = response.json().get("tracking_code", "")
                except ValueError:
                    code = ""
                record(t=round(time.time(), 3), kind="complaint_code", marker=marker, code=code)
                return
            if status not in RETRYABLE:
                return
            gevent.sleep(min(_retry_after(response), MAX_WAIT) * random.uniform(0.5, 1.0))

    @task(2)
    def confirm_share(self) -> None:
        participant = random.choice(FIXTURE["participants"])
        channel = random.choice(FIXTURE["channels"])
        path = f"/kampanye/saya/{participant['token']}/"
        day = FIXTURE["day"]
        marker = f"{participant['id']}/{day}/{channel}"
        for attempt in range(1, ATTEMPTS + 1):
            page = self._attempt(
                "share_page", "GET", path, marker=marker, attempt=attempt, ok={200},
                name="GET /kampanye/saya/<token>/",
            )  # fmt: skip
            last, status = page, int(page.status_code or 0)
            if status == 200:
                token = CSRF.search(page.text)
                shown = DAY.search(page.text)
                if token is None or shown is None:
                    record(t=round(time.time(), 3), kind="share_form_missing", marker=marker)
                    return
                if shown.group(1) != day:
                    record(t=round(time.time(), 3), kind="share_day_changed", marker=marker)
                    return
                response = self._attempt(
                    "share", "POST", path, marker=marker, attempt=attempt, ok={302},
                    name="POST /kampanye/saya/<token>/",
                    data={"csrfmiddlewaretoken": token.group(1), "day": day, "channel": channel},
                    headers={"Referer": f"{self.host}{path}"},
                )  # fmt: skip
                last, status = response, int(response.status_code or 0)
                if status == 302:
                    location = urlsplit(response.headers.get("Location", "")).path
                    if location != path:
                        record(t=round(time.time(), 3), kind="share_odd_redirect", marker=marker)
                    return
            if status not in RETRYABLE:
                return
            gevent.sleep(min(_retry_after(last), MAX_WAIT) * random.uniform(0.5, 1.0))
