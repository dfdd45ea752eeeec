"""The per-client limits: a moving window, exact under the threads of a gthread worker."""

from __future__ import annotations

import threading
from typing import Any

from django.test import Client, RequestFactory

from cegah.complaints import ratelimit
from cegah.lib.limiter import SWEEP_EVERY
from cegah.lib.limiter import MemoryWindows as MovingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_moves_rather_than_resetting_at_fixed_times() -> None:
    clock = Clock()
    window = MovingWindow(clock)
    assert [window.hit("s", "a", 2, 60) for _ in range(3)] == [True, True, False]
    clock.now += 30
    assert not window.hit("s", "a", 2, 60)  # both hits are still inside the last minute
    assert window.hit("s", "b", 2, 60)  # another client has its own count
    clock.now += 31
    # The first two left the window; the refused one was never counted.
    assert [window.hit("s", "a", 2, 60) for _ in range(3)] == [True, True, False]


def test_clients_whose_window_passed_are_forgotten() -> None:
    clock = Clock()
    window = MovingWindow(clock)
    for n in range(10):
        window.hit("s", f"old-{n}", 5, 60)
    clock.now += 61
    for n in range(SWEEP_EVERY):
        window.hit("s", f"new-{n % 3}", 10_000, 60)
    assert len(window) == 3


def test_a_limit_counts_every_attempt_from_many_threads(rf: RequestFactory, settings: Any) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "100/minute"
    request = rf.post("/api/v1/complaints", REMOTE_ADDR="127.0.0.9")
    allowed: list[bool] = []

    def client() -> None:
        for _ in range(25):
            allowed.append(ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE"))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 100
    assert allowed.count(False) == 100


def test_each_client_address_has_its_own_count(client: Client, db: None, settings: Any) -> None:
    settings.COMPLAINTS_LOOKUP_RATE = "1/minute"
    code = {"code": "K7QM-2XRA-9FTB-H4WD"}
    assert client.post("/keluhan/lacak/", code, REMOTE_ADDR="10.0.0.1").status_code == 404
    assert client.post("/keluhan/lacak/", code, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/keluhan/lacak/", code, REMOTE_ADDR="10.0.0.2").status_code == 404


def test_behind_a_proxy_each_client_keeps_its_own_count(
    client: Client, db: None, settings: Any
) -> None:
    settings.COMPLAINTS_LOOKUP_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    code = {"code": "K7QM-2XRA-9FTB-H4WD"}

    def lookup(forwarded: str) -> int:
        return client.post(  # type: ignore[no-any-return]
            "/keluhan/lacak/", code, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert lookup("203.0.113.7") == 404
    assert lookup("203.0.113.7") == 429
    assert lookup("203.0.113.8") == 404  # another visitor through the same proxy
    assert lookup("9.9.9.9, 203.0.113.7") == 429  # a forged first entry changes nothing
