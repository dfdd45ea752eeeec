from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cegah.core.tasks import record_heartbeat
from cegah.observability.metrics import prepare_multiproc_dir


class Command(BaseCommand):
    help = (
        "Serve the platform as in production: gunicorn (WSGI, whitenoise) with the background "
        "worker and the scheduler. One Ctrl-C stops all three."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="Serve the web only.")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        commands = {
            "web": [
                python, "-m", "gunicorn", "cegah.wsgi:application",
                "--bind", f"{options['host']}:{options['port']}",
                "--worker-class", "gthread",
                "--workers", str(options["web_workers"]),
                "--threads", str(options["threads"]),
                "--access-logfile", "-",
                "--config", "python:cegah.observability.gunicorn_conf",
                "--no-control-socket",
            ],
        }  # fmt: skip
        # Metrics of the web processes add up in one folder (prometheus_client's
        # multiprocess mode), emptied at each start.
        metrics = Path(settings.VAR_DIR) / "metrics" / "web"
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics))
        prepare_multiproc_dir(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        if not options["no_worker"]:
            commands["worker"] = [python, manage, "db_worker", "--interval", "1"]
            commands["scheduler"] = [python, manage, "crontask", "--no-heartbeat"]
            # A first heartbeat right away, so /healthz is green without waiting a minute.
            record_heartbeat.using(priority=100).enqueue()
        # The commands are built above from sys.executable and fixed arguments, not from input.
        procs = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(
            f"Cegah is serving on http://{options['host']}:{options['port']}/ "
            f"({', '.join(procs)}); press Ctrl-C to stop."
        )
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    self.stderr.write(f"{name} exited with code {proc.returncode}; stopping.")
                    exit_code = proc.returncode or 1
                    stopping = True
            time.sleep(0.5)
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        sys.exit(exit_code)
