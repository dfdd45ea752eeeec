"""Log records without personal data, with the request they belong to, as plain text or JSON.

- `PersonalDataFilter` (on the console handler) rewrites each record before any formatter sees
  it: e-mail addresses, Indonesian phone numbers, 16-digit NIKs, bearer tokens and the values
  of Authorization and Cookie headers are masked in the message, its arguments, the traceback
  and any extra field. Existing log calls stay as they are.
- `RequestContextFilter` adds the request id (and, once known, the view) of the request being
  served to every record, so a line logged deep inside a view can be tied to its request.
- `JsonFormatter` (`LOG_FORMAT=json`) writes one JSON object a line: time, level, logger,
  message, request_id, and whatever extra fields the call gave (view, status, duration_ms for
  the request line of `cegah.observability.middleware`).
"""

from __future__ import annotations

import logging
import re
import traceback
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

# Set by the middleware for the length of one request; a worker or a command has none.
request_id_var: ContextVar[str | None] = ContextVar("cegah_request_id", default=None)
view_var: ContextVar[str | None] = ContextVar("cegah_view", default=None)

_HEADER_VALUE = re.compile(
    r"""(?ix)
    \b((?:http_)?(?:proxy[-_])?(?:authorization|set[-_]cookie|cookie|x[-_]api[-_]key)
    ["']?\s*[:=]\s*["']?)
    [^"'\r\n,}]+
    """
)
_BEARER = re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9\-._~+/]{8,}=*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Nomor Induk Kependudukan: 16 digits, alone or in groups (3201 0101 0101 0001).
_NIK = re.compile(r"(?<![\w.\-])\d{4}[ .\-]?\d{4}[ .\-]?\d{4}[ .\-]?\d{4}(?![\w\-])")
# +62 812-3456-7890, 6281234567890, 0812 3456 789, (021) 1234 5678, +62 21 0000 0000. Not
# inside words, numbers, dotted or dashed identifiers (UUIDs, IP addresses, versions).
_PHONE = re.compile(
    r"""(?x)
    (?<![\w+.\-/])
    (?:\+62[\s.\-]?\(?0?|62(?=8)|\(?0)
    \d{1,4}\)?
    (?:[\s.\-]?\d{2,5}){1,3}
    (?![\w\-])
    """
)

MASKS = {"email": "[email]", "phone": "[phone]", "nik": "[nik]", "secret": "[redacted]"}


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return MASKS["phone"] if 9 <= digits <= 15 else match.group(0)


def mask_personal_data(text: str) -> str:
    """`text` with secrets and personal identifiers replaced by a marker of their kind."""
    text = _HEADER_VALUE.sub(lambda m: m.group(1) + MASKS["secret"], text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASKS['secret']}", text)
    text = _EMAIL.sub(MASKS["email"], text)
    text = _NIK.sub(MASKS["nik"], text)
    return _PHONE.sub(_phone, text)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, dict):
        return {key: _mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_value(item) for item in value]
    return value


# LogRecord's own attributes: everything else on a record came from `extra=`.
_RECORD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class PersonalDataFilter(logging.Filter):
    """Masks personal data and secrets in a record before it is formatted (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log what was given rather than nothing
            message = f"{record.msg!s} {record.args!r}"
        record.msg = mask_personal_data(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _RECORD_ATTRS and isinstance(value, str | dict | list | tuple):
                setattr(record, key, _mask_value(value))
        return True


class RequestContextFilter(logging.Filter):
    """Adds `request_id` (and `view`, when the record has none) of the current request."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        view = view_var.get()
        if view is not None and not hasattr(record, "view"):
            record.view = view
        return True


class PlainFormatter(logging.Formatter):
    """The development format, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


_FIRST_KEYS = ("time", "level", "logger", "message", "request_id")


class JsonFormatter(_BaseJsonFormatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message and extra fields.

    Masks again at the end: python-json-logger renders `exc_info` from the exception itself,
    not from the filter's masked text, and a formatter may be used without the filter.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        # Django passes the request object along with its errors: not something to serialise.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        if "exc_info" in log_data and isinstance(log_data["exc_info"], str):
            log_data["exc_info"] = mask_personal_data(log_data["exc_info"])
        ordered = {key: log_data[key] for key in _FIRST_KEYS if key in log_data}
        ordered.update((key, value) for key, value in log_data.items() if key not in ordered)
        return {
            key: (value if key == "time" else _mask_value(value)) for key, value in ordered.items()
        }
