"""Photos sent in a chat arrive as a media id; the bytes are fetched from the provider.

`fetcher_for(channel)` gives the real fetcher in production (or with `MESSAGING_LIVE`) when
the channel's credentials are set, and the **sink** everywhere else: tests and developers put
bytes in `SINK` under a media id, and nothing leaves the machine. The photo is only fetched
when a tool reads it (`MediaPhoto.read`), so a photo sent outside a complaint costs nothing.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

# Larger files are not fetched (the complaint form's limit).
MAX_BYTES = 10 * 1024 * 1024
# The sink's store: media id → bytes (filled by tests and by hand in development).
SINK: dict[str, bytes] = {}


class Fetcher(Protocol):
    def fetch(self, media_id: str) -> bytes: ...


class SinkFetcher:
    """Reads what was put in `SINK`; an unknown id is a photo that could not be fetched."""

    def fetch(self, media_id: str) -> bytes:
        try:
            return SINK[media_id]
        except KeyError:
            raise OSError(f"No media {media_id!r} in the sink.") from None


def _get(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 -- https URL from settings
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.MESSAGING_HTTP_TIMEOUT
        ) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError) as exc:
        raise OSError(str(exc)) from exc
    if len(data) > MAX_BYTES:
        raise OSError("The media file is too large.")
    return data


@dataclass
class TelegramFiles:
    """The Bot API's `getFile`, then the file from `{base}/file/bot{token}/{file_path}`."""

    token: str
    base_url: str = "https://api.telegram.org"

    def fetch(self, media_id: str) -> bytes:
        base = self.base_url.rstrip("/")
        answer = json.loads(_get(f"{base}/bot{self.token}/getFile?file_id={media_id}", {}))
        path = (answer.get("result") or {}).get("file_path")
        if not answer.get("ok") or not path:
            raise OSError("Telegram did not give the file.")
        return _get(f"{base}/file/bot{self.token}/{path}", {})


@dataclass
class WhatsAppMedia:
    """The Cloud API: `GET /{version}/{media_id}` gives a short-lived URL, fetched with the
    same bearer token."""

    token: str
    base_url: str = "https://graph.facebook.com"
    version: str = "v21.0"

    def fetch(self, media_id: str) -> bytes:
        auth = {"Authorization": f"Bearer {self.token}"}
        meta = json.loads(_get(f"{self.base_url.rstrip('/')}/{self.version}/{media_id}", auth))
        url = meta.get("url")
        if not url:
            raise OSError("WhatsApp did not give the media address.")
        return _get(str(url), auth)


def fetcher_for(channel: str) -> Fetcher:
    """The fetcher a channel uses with the current settings (read at each call)."""
    live = settings.PRODUCTION or settings.MESSAGING_LIVE
    if live and channel == "telegram" and settings.TELEGRAM_BOT_TOKEN:
        return TelegramFiles(settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_BASE)
    if live and channel == "whatsapp" and settings.WHATSAPP_TOKEN:
        return WhatsAppMedia(
            settings.WHATSAPP_TOKEN, settings.WHATSAPP_API_BASE, settings.WHATSAPP_API_VERSION
        )
    return SinkFetcher()


@dataclass
class MediaPhoto:
    """A photo of a chat message, fetched when first read."""

    channel: str
    media_id: str
    name: str = "photo.jpg"
    _data: bytes | None = None

    def read(self) -> bytes:
        if self._data is None:
            self._data = fetcher_for(self.channel).fetch(self.media_id)
        return self._data


@dataclass
class UploadedPhoto:
    """A photo chosen in the web form."""

    name: str
    data: bytes

    def read(self) -> bytes:
        return self.data
