"""`make cluster`: the production layout on one machine, for trying it and for CI.

A reverse proxy (HAProxy from Debian's packages) on `--port` (8080) in front of two web nodes
(gunicorn, each on its own port), two task workers and one scheduler, on PostgreSQL and Redis.
Every process is its own session (process group), writes its pid to `var/cluster/<name>.pid`
and its output to `var/cluster/<name>.log`. A process that dies is started again after
`CLUSTER_RESTART_SECONDS` (as systemd's `Restart=on-failure` would), so killing a node
shows the proxy routing around it and taking it back. Ctrl-C or SIGTERM stops them all.

The nodes share nothing but the database, Redis and the file storage: sessions live in the
database, limits, proofs of work, page views and the page cache in Redis (decision 0023).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql
from psycopg.conninfo import make_conninfo

from cegah.core.tasks import record_heartbeat

PROXY_CONFIG = """\
# Written by `manage.py cluster`; deploy/haproxy.cfg is the production version.
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # A node that refuses the connection (killed, restarting): try the request on the other.
    # A GET that a dying node dropped is tried again too; a POST is not (it may have been
    # carried out: the client gets 502 and sends again, which the forms make safe).
    retries 2
    option redispatch
    retry-on conn-failure empty-response response-timeout
    option forwardfor
    option http-server-close

frontend cegah
    bind {host}:{port}
    http-request set-header X-Forwarded-Proto http
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    # Metrics are scraped from each node directly, never through the public entry.
    http-request return status 404 if {{ path /metrics }}
    http-response set-header X-Served-By %s
    default_backend web

backend web
    balance roundrobin
    option httpchk
    http-check send meth GET uri /ping ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    # Out after three failed checks two seconds apart, back after two; a busy node has 5 s.
    timeout check 5s
    default-server inter 2s fall 3 rise 2
{servers}
"""


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    popen: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None
    died_at: float | None = None
    restarts: int = field(default=0)


class Command(BaseCommand):
    help = (
        "Serve a cluster on this machine: a proxy in front of two web nodes, two task workers "
        "and a scheduler, on PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). Ctrl-C stops all."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
        parser.add_argument(
            "--web-ports",
            default=os.environ.get("CLUSTER_WEB_PORTS", "8081,8082"),
            help="One port per web node, separated by commas.",
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("CLUSTER_WORKERS", "2"))
        )
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument(
            "--restart-seconds",
            type=float,
            default=float(os.environ.get("CLUSTER_RESTART_SECONDS", "5")),
            help="Start a process that died again after this many seconds (0: never).",
        )
        parser.add_argument("--no-setup", action="store_true", help="Skip migrate and demo data.")
        parser.add_argument(
            "--no-demo-data",
            action="store_true",
            default=os.environ.get("CLUSTER_DEMO_DATA", "1") == "0",
            help="Migrate and load the regions, without the demo data (CLUSTER_DEMO_DATA=0).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(
                "The cluster runs on PostgreSQL: set DATABASE_URL=postgres://… "
                "(`make cluster` defaults to a cegah_cluster database on the local server)."
            )
        if not os.environ.get("REDIS_URL"):
            raise CommandError("The cluster shares its state in Redis: set REDIS_URL=redis://….")
        proxy = shutil.which("haproxy") or (
            "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else ""
        )
        if not proxy:
            raise CommandError("HAProxy is missing: apt-get install haproxy (Debian's package).")
        self._create_database(database)
        if not options["no_setup"]:
            self._setup(demo=not options["no_demo_data"])
        # A first heartbeat for the workers to record, so /healthz is green at once.
        record_heartbeat.using(priority=100).enqueue()

        folder = Path(settings.VAR_DIR) / "cluster"
        folder.mkdir(parents=True, exist_ok=True)
        processes = self._processes(folder, proxy, options)
        self._stopping = False
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        for process in processes:
            self._start(process, folder)
        self.stdout.write(
            f"Cegah cluster on http://{options['host']}:{options['port']}/ "
            f"({', '.join(p.name for p in processes)}); pids and logs in {folder}; "
            "press Ctrl-C to stop."
        )
        try:
            self._supervise(processes, folder, options["restart_seconds"])
        finally:
            self._stop_all(processes, folder)

    def _stop(self, signum: int, frame: object) -> None:
        self._stopping = True

    @staticmethod
    def _create_database(database: Any) -> None:
        """The cluster's database, created on the same server when it does not exist yet."""
        params = {
            "host": database.get("HOST"),
            "port": database.get("PORT"),
            "user": database.get("USER"),
            "password": database.get("PASSWORD"),
            "dbname": "postgres",
        }
        conninfo = make_conninfo(**{k: str(v) for k, v in params.items() if v})
        with psycopg.connect(conninfo, autocommit=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
            ).fetchone()
            if not found:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))

    def _setup(self, *, demo: bool) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_regions", verbosity=0)
        if demo:
            call_command("seed_demo", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)

    def _processes(self, folder: Path, proxy: str, options: dict[str, Any]) -> list[Process]:
        python = sys.executable
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        base = dict(os.environ)
        # Every node sits behind the proxy: the client is the address the proxy saw.
        base.setdefault("TRUSTED_PROXY_COUNT", "1")
        ports = [int(p) for p in str(options["web_ports"]).split(",") if p.strip()]
        processes: list[Process] = []
        servers = []
        for number, port in enumerate(ports, start=1):
            name = f"web{number}"
            metrics = folder / "metrics" / name
            env = {**base, "NODE_NAME": name, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
            command = [
                python, "-m", "gunicorn", "cegah.wsgi:application",
                "--bind", f"127.0.0.1:{port}",
                "--worker-class", "gthread",
                "--workers", str(options["web_workers"]),
                "--threads", str(options["threads"]),
                "--config", "python:cegah.observability.gunicorn_conf",
                "--graceful-timeout", "10",
                # Each node its own (or no) control socket: they would share ~/.gunicorn's.
                "--no-control-socket",
            ]  # fmt: skip
            processes.append(Process(name, command, env))
            servers.append(f"    server {name} 127.0.0.1:{port} check")
        queue = getattr(settings, "TASKS_QUEUE", "db")
        for number in range(1, options["workers"] + 1):
            name = f"worker{number}"
            if queue == "rq":
                command = [
                    python,
                    manage,
                    "rqworker",
                    "--job-class",
                    "django_tasks_rq.Job",
                    "default",
                ]
            else:
                command = [python, manage, "db_worker", "--interval", "1"]
            processes.append(
                Process(name, command, {**base, "NODE_NAME": name, "WORKER_NAME": name})
            )
        processes.append(
            Process("scheduler", [python, manage, "crontask"], {**base, "NODE_NAME": "scheduler"})
        )
        config = folder / "haproxy.cfg"
        config.write_text(
            PROXY_CONFIG.format(
                host=options["host"], port=options["port"], servers="\n".join(servers)
            )
        )
        processes.append(Process("proxy", [proxy, "-db", "-f", str(config)], base))
        return processes

    def _start(self, process: Process, folder: Path) -> None:
        if process.name.startswith("web"):
            from cegah.observability.metrics import prepare_multiproc_dir

            prepare_multiproc_dir(process.env["PROMETHEUS_MULTIPROC_DIR"])
        if process.log is None:
            process.log = (folder / f"{process.name}.log").open("ab")
        # The commands are built from sys.executable, the proxy's path and fixed arguments.
        process.popen = subprocess.Popen(  # noqa: S603
            process.command,
            env=process.env,
            stdout=process.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killing a node kills its workers
        )
        process.died_at = None
        (folder / f"{process.name}.pid").write_text(f"{process.popen.pid}\n")

    def _supervise(self, processes: list[Process], folder: Path, restart_seconds: float) -> None:
        while not self._stopping:
            now = time.monotonic()
            for process in processes:
                popen = process.popen
                if popen is None or popen.poll() is None:
                    continue
                if process.died_at is None:
                    process.died_at = now
                    self.stderr.write(
                        f"{process.name} exited with code {popen.returncode}"
                        + (
                            f"; starting it again in {restart_seconds:g} s."
                            if restart_seconds
                            else "."
                        )
                    )
                    # What is left of its process group (a killed master's workers) goes too.
                    _kill_group(popen.pid, signal.SIGKILL)
                    (folder / f"{process.name}.pid").unlink(missing_ok=True)
                if restart_seconds and now - process.died_at >= restart_seconds:
                    process.restarts += 1
                    self._start(process, folder)
            time.sleep(0.2)

    def _stop_all(self, processes: list[Process], folder: Path) -> None:
        # The proxy first, so no new request reaches a node that is stopping.
        for process in reversed(processes):
            if process.popen is not None and process.popen.poll() is None:
                _kill_group(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes:
            if process.popen is None:
                continue
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _kill_group(process.popen.pid, signal.SIGKILL)
                process.popen.wait()
            (folder / f"{process.name}.pid").unlink(missing_ok=True)
            if process.log is not None:
                process.log.close()
        self.stdout.write("Cegah cluster stopped.")


def _kill_group(pid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum)
