from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.reach.pageviews import countable

OUTSIDE = "203.0.113.7"
TOKEN = "s3cret-scrape-token-0123456789"

pytestmark = pytest.mark.django_db


def test_metrics_are_a_404_from_outside_without_a_token(client: Client) -> None:
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404


def test_a_post_from_outside_is_a_404_too_so_the_address_is_not_revealed(client: Client) -> None:
    assert client.post("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404
    assert client.post("/metrics").status_code == 405


def test_metrics_are_served_from_outside_with_the_bearer_token(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"cegah_http_requests_total" in response.content


def test_a_wrong_token_or_another_scheme_is_a_404(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.METRICS_TOKEN = TOKEN
    for header in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer ", TOKEN):
        assert (
            client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=header).status_code
            == 404
        )


def test_no_token_configured_means_a_token_never_opens_it(client: Client) -> None:
    assert (
        client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    )


def test_metrics_are_served_to_loopback_and_private_networks(client: Client) -> None:
    for address in ("127.0.0.1", "::1", "10.1.2.3", "192.168.1.20", "172.20.0.5"):
        assert client.get("/metrics", REMOTE_ADDR=address).status_code == 200, address


def test_the_allowed_networks_come_from_the_setting(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.METRICS_ALLOWED_NETWORKS = ["198.51.100.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="198.51.100.9").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_behind_a_trusted_proxy_the_forwarded_client_counts_not_the_proxy(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDE)
    assert outside.status_code == 404
    inside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.5")
    assert inside.status_code == 200


def test_metrics_are_never_cached(client: Client) -> None:
    cache_control = client.get("/metrics")["Cache-Control"]
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


def test_metrics_are_not_counted_as_a_page_view(client: Client, rf: RequestFactory) -> None:
    # Only HTML pages count; /metrics answers in Prometheus's text format.
    response = client.get("/metrics")
    assert not countable(rf.get("/metrics"), response)


def test_an_allowed_network_that_is_not_one_stops_start_up() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CEGAH_", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-c", "import cegah.settings"],
        cwd=root,
        env={**env, "CEGAH_ENV": "test", "METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,intranet"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "METRICS_ALLOWED_NETWORKS has 'intranet'" in result.stderr
