"""A loopback HTTP server standing in for the WhatsApp and Telegram APIs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper


@dataclass
class FakeProvider:
    """A loopback HTTP server that records each request and answers with `answer`."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            fake.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            data = json.dumps(fake.answer).encode()
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def production(settings: SettingsWrapper, provider: FakeProvider) -> SettingsWrapper:
    settings.PRODUCTION = True
    settings.WHATSAPP_TOKEN = "wa-secret"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_API_BASE = provider.url
    settings.WHATSAPP_API_VERSION = "v21.0"
    settings.WHATSAPP_TEMPLATE = ""
    settings.TELEGRAM_BOT_TOKEN = "123:tg-secret"
    settings.TELEGRAM_API_BASE = provider.url
    return settings
