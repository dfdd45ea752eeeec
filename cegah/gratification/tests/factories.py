"""Plain helpers for the gratification tests: a gift as JSON, and asking the API about it."""

from __future__ import annotations

from typing import Any

from django.test import Client

URL = "/api/v1/gratification/assessments"

# Well inside each version: a Tuesday under PerKPK 2/2019 and a Wednesday under PerKPK 1/2026.
ON_2019_RULES = "2025-06-10"
ON_2026_RULES = "2026-06-10"


def gift(**fields: Any) -> dict[str, Any]:
    """A goods gift of Rp500,000 from someone unrelated, on no occasion, with `fields` on top."""
    data: dict[str, Any] = {
        "received_on": ON_2026_RULES,
        "value_idr": 500_000,
        "form": "goods",
        "giver_relation": "other",
    }
    data.update(fields)
    return data


def post_assessment(client: Client, data: Any, language: str | None = "en") -> Any:
    headers = {"accept-language": language} if language else {}
    return client.post(URL, data, content_type="application/json", headers=headers)


def assess(client: Client, language: str | None = "en", **fields: Any) -> dict[str, Any]:
    """The API's answer for `gift(**fields)`; fails the test unless it is a 200."""
    response = post_assessment(client, gift(**fields), language)
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def letter(body: dict[str, Any]) -> str | None:
    exemption = body["exemption"]
    return None if exemption is None else exemption["letter"]
