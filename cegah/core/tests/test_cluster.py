"""`manage.py cluster` (make cluster): refusals before it starts anything, and the proxy it
writes. The running cluster is checked by scripts/cluster-check.py in `.ci/run`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from cegah.core.management.commands.cluster import Command


def test_the_cluster_refuses_sqlite_with_a_clear_message(settings: Any) -> None:
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("cluster", "--no-setup")


def test_the_cluster_refuses_to_start_without_redis(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("cluster", "--no-setup")


def test_the_proxy_sends_requests_to_every_web_node_and_names_them(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    options = {
        "host": "127.0.0.1", "port": 8080, "web_ports": "8081,8082,8083", "workers": 2,
        "web_workers": 2, "threads": 4,
    }  # fmt: skip
    processes = Command()._processes(tmp_path, "/usr/sbin/haproxy", options)
    assert [p.name for p in processes] == [
        "web1", "web2", "web3", "worker1", "worker2", "scheduler", "proxy",
    ]  # fmt: skip
    config = (tmp_path / "haproxy.cfg").read_text()
    for number, port in ((1, 8081), (2, 8082), (3, 8083)):
        assert f"server web{number} 127.0.0.1:{port} check" in config
    assert "bind 127.0.0.1:8080" in config
    assert "X-Served-By %s" in config
    assert "http-request return status 404 if { path /metrics }" in config
    web1 = processes[0]
    assert web1.env["NODE_NAME"] == "web1"
    assert web1.env["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "metrics" / "web1")
    assert "127.0.0.1:8081" in web1.command
    assert processes[3].env["WORKER_NAME"] == "worker1"
