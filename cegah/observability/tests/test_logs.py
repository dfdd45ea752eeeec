from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.observability.logs import (
    JsonFormatter,
    PersonalDataFilter,
    PlainFormatter,
    RequestContextFilter,
    mask_personal_data,
)

EMAIL = "sri.rahayu@example.org"
NIK = "3310255205880004"
PERSONAL = (EMAIL, "812-3456-7890", "8123456789", NIK, "sri.rahayu")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"receipt to {EMAIL}", "receipt to [email]"),
        ("call +62 812-3456-7890 today", "call [phone] today"),
        ("call 6281234567890", "call [phone]"),
        ("call 0812 3456 789", "call [phone]"),
        ("call 081234567890.", "call [phone]."),
        ("office (021) 1234 5678", "office [phone]"),
        ("office +62 21 0000 0000", "office [phone]"),
        (f"NIK {NIK}", "NIK [nik]"),
        ("NIK 3310 2552 0588 0004", "NIK [nik]"),
        ("Authorization: Bearer abc.def.ghi-123", "Authorization: [redacted]"),
        (
            "{'HTTP_COOKIE': 'sessionid=abc; csrftoken=x', 'n': 1}",
            "{'HTTP_COOKIE': '[redacted]', 'n': 1}",
        ),
        ("Cookie: sessionid=abc123", "Cookie: [redacted]"),
        ("sent with token abcdefghijkl", "sent with token [redacted]"),
    ],
)
def test_personal_data_and_secrets_are_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Task id=0412abcd-4567-8901-2345-678901234567 state=SUCCESSFUL",
        "request 0812345678901234abcdef0123456789",
        "took 0.005 s at 2026-12-07 04:31:00 from 10.0.0.1",
        "Rp2.000.000 for 12 people, complaint KLH-2026-000123",
        "GET complaints:detail 200 12.5 ms",
    ],
)
def test_ids_times_amounts_and_addresses_are_left_alone(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """A JSON console handler made like the settings' one, on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_json_line_parses_and_holds_no_email_phone_or_nik(json_lines: io.StringIO) -> None:
    logger = logging.getLogger("cegah.complaints")
    try:
        raise ValueError(f"cannot send to {EMAIL}")
    except ValueError:
        logger.exception(
            "Receipt to %s (phone %s, NIK %s) failed",
            EMAIL,
            "+62 812-3456-7890",
            NIK,
            extra={"reporter": {"email": EMAIL, "phone": "081234567890"}},
        )
    line = json_lines.getvalue().strip()
    assert "\n" not in line
    record = json.loads(line)
    assert list(record)[:4] == ["time", "level", "logger", "message"]
    assert record["level"] == "ERROR"
    assert record["logger"] == "cegah.complaints"
    assert record["message"] == "Receipt to [email] (phone [phone], NIK [nik]) failed"
    assert record["reporter"] == {"email": "[email]", "phone": "[phone]"}
    assert "ValueError: cannot send to [email]" in str(record["exc_info"])
    assert not any(secret in line for secret in PERSONAL)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="cegah.observability.tests.urls", LOG_REQUESTS=True)
def test_a_requests_log_lines_carry_its_request_id_view_status_and_duration(
    client: Client, json_lines: io.StringIO
) -> None:
    response = client.get("/receipt", HTTP_X_REQUEST_ID="edge-1234.abc")
    assert response["X-Request-ID"] == "edge-1234.abc"
    records = _records(json_lines)
    logged = next(r for r in records if r["logger"] == "cegah.observability.tests")
    assert logged["request_id"] == "edge-1234.abc"
    assert logged["view"] == "receipt"
    assert logged["message"] == "Receipt to [email] (phone [phone], NIK [nik]) bounced"
    request_line = next(r for r in records if r["logger"] == "cegah.request")
    assert request_line["request_id"] == "edge-1234.abc"
    assert request_line["view"] == "receipt"
    assert request_line["method"] == "GET"
    assert request_line["status"] == 200
    assert isinstance(request_line["duration_ms"], float)
    assert not any(secret in json_lines.getvalue() for secret in PERSONAL)


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one_and_a_forged_one_is_replaced(
    client: Client,
) -> None:
    generated = client.get("/ping")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/ping")["X-Request-ID"] != generated
    forged = client.get("/ping", HTTP_X_REQUEST_ID="x\nINFO fake line")["X-Request-ID"]
    assert "\n" not in forged
    assert len(forged) == 32


@pytest.mark.django_db
def test_the_request_line_is_off_unless_asked_for(
    client: Client, settings: SettingsWrapper, json_lines: io.StringIO
) -> None:
    settings.LOG_REQUESTS = False
    client.get("/ping")
    assert not any(r["logger"] == "cegah.request" for r in _records(json_lines))


def test_the_plain_format_adds_the_request_id_when_there_is_one() -> None:
    formatter = PlainFormatter("%(levelname)s %(message)s")
    record = logging.makeLogRecord({"msg": "hello", "levelname": "INFO", "request_id": "r-1"})
    assert formatter.format(record) == "INFO hello [request r-1]"
    assert formatter.format(logging.makeLogRecord({"msg": "x", "levelname": "INFO"})) == "INFO x"


def test_the_console_handler_masks_and_writes_json_when_log_format_is_json(
    settings: SettingsWrapper,
) -> None:
    console = settings.LOGGING["handlers"]["console"]
    assert console["filters"] == ["request_context", "personal_data"]
    assert console["formatter"] == settings.LOG_FORMAT
    assert settings.LOGGING["formatters"]["json"]["()"].endswith("logs.JsonFormatter")
    configured = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in h.filters)
    ]
    assert configured, "the running console handler has the personal data filter"
