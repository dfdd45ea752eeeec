from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from cegah.observability import gunicorn_conf
from cegah.observability.metrics import prepare_multiproc_dir
from cegah.observability.tests.helpers import scrape, value

ROOT = Path(__file__).resolve().parents[3]
# What one gunicorn worker does for two requests to /ping.
WORKER = (
    "from cegah.observability.metrics import HTTP_REQUESTS\n"
    "HTTP_REQUESTS.labels('ping', 'GET', '2xx').inc(2)\n"
)


def test_preparing_the_directory_creates_it_and_drops_the_last_runs_values(tmp_path: Path) -> None:
    directory = tmp_path / "node1"
    assert prepare_multiproc_dir(directory) == directory
    assert directory.is_dir()
    (directory / "counter_1234.db").write_bytes(b"old")
    (directory / "README").write_text("kept")
    prepare_multiproc_dir(directory)
    assert sorted(p.name for p in directory.iterdir()) == ["README"]


@pytest.mark.django_db
def test_a_scrape_adds_up_the_counts_of_every_worker_process(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = prepare_multiproc_dir(tmp_path / "metrics")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", WORKER], cwd=ROOT, env=env, check=True, timeout=60)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    samples = scrape(client)
    assert value(samples, "cegah_http_requests_total", view="ping", method="GET", status="2xx") == 4
    # The database gauges are still there, computed by the scraped process.
    assert value(samples, "cegah_metrics_database_up") == 1


def test_gunicorns_child_exit_hook_drops_a_dead_workers_live_gauges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "counter_4242.db").write_bytes(b"")
    gunicorn_conf.child_exit(None, SimpleNamespace(pid=4242))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter_4242.db"]
