"""The API keeps its OpenAPI contract: schemathesis over every operation, in process.

`run_contract()` is a small deterministic runner (fixed seed, a few examples an operation, in
this thread so the test database is seen) over schemathesis' own checks; the same checks run
against the served build in CI through `scripts/api_contract.py`. The planted-fault tests show
that the runner reports what it exists to catch.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from hypothesis import HealthCheck, Phase
from ninja import Router, Schema
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.core.failures import Failure, FailureGroup

from cegah.accounts.models import User
from cegah.api.actions import create_api_token
from cegah.api.base import CegahAPI
from cegah.api.contract import CHECKS, SEED, STATE_DEPENDENT
from cegah.test import Personas

OPENAPI = "/api/v1/openapi.json"


def run_contract(
    openapi_path: str = OPENAPI,
    *,
    headers: dict[str, str] | None = None,
    max_examples: int = 4,
    seed: int = SEED,
) -> list[str]:
    """Every operation of the document at `openapi_path`, positive and negative examples, with
    `CHECKS`; one line per failing case."""
    # The WSGI client does not undo GZipMiddleware's compression.
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    failures: list[str] = []
    with _connections_kept():
        schema = schemathesis.openapi.from_wsgi(openapi_path, WSGIHandler())
        # Loading an OpenAPI schema registers the OpenAPI checks.
        checks = REGISTRY.get_by_names(list(CHECKS))
        for result in schema.get_all_operations():
            operation = result.ok()
            these = checks
            if operation.definition.raw.get("operationId") in STATE_DEPENDENT:
                these = [c for c in checks if c.__name__ != "positive_data_acceptance"]
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _examples(operation, mode, headers, these, max_examples, seed, failures)
    return failures


@contextmanager
def _connections_kept() -> Iterator[None]:
    """The WSGI handler's request signals close a connection left outside autocommit: the
    test's own transaction on PostgreSQL. Django's test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _examples(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str] | None,
    checks: list[Any],
    max_examples: int,
    seed: int,
    failures: list[str],
) -> None:
    @hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.seed(seed)
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        try:
            case.call_and_validate(headers=headers, checks=checks)
        except (Failure, FailureGroup) as exc:
            failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}")

    try:
        check()
    except hypothesis.errors.Unsatisfiable:
        # Nothing to make invalid: an operation without parameters has no negative examples.
        assert mode is GenerationMode.NEGATIVE, operation.path


def _token(user: User) -> dict[str, str]:
    _token, secret = create_api_token(actor=user, name="contract")
    return {"Authorization": f"Bearer {secret}"}


def test_every_operation_keeps_the_contract_without_a_token(personas: Personas) -> None:
    assert run_contract() == []


def test_every_operation_keeps_the_contract_with_a_staff_token(personas: Personas) -> None:
    assert run_contract(headers=_token(personas.kpk_officer)) == []


# A throwaway API with two planted faults: an answer its document does not declare, and a crash.
planted = CegahAPI(title="planted", version="0", urls_namespace="planted")
faulty = Router()


class ThingOut(Schema):
    name: str


@faulty.get("/undeclared", response=ThingOut, auth=None)
def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b'{"name": "teapot"}', status=418, content_type="application/json")


@faulty.get("/crash", response=ThingOut, auth=None)
def crash(request: HttpRequest) -> ThingOut:
    raise RuntimeError("planted")


@faulty.get("/fine", response=ThingOut, auth=None)
def fine(request: HttpRequest) -> ThingOut:
    return ThingOut(name="fine")


planted.add_router("/", faulty)
urlpatterns = [path("planted/", planted.urls)]


@override_settings(ROOT_URLCONF=__name__)
def test_the_runner_reports_an_undeclared_status_and_a_server_error(db: None) -> None:
    failures = run_contract("/planted/openapi.json", max_examples=2)
    assert any("/planted/undeclared" in f and "418" in f for f in failures), failures
    assert any("/planted/crash" in f and "500" in f for f in failures), failures
    assert not any("/planted/fine" in f for f in failures), failures


# The error shape and its language.


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (None, "Permintaan berisi kolom yang tidak valid."),
        ("en", "The request has invalid fields."),
    ],
)
def test_a_422_names_each_bad_field_in_the_clients_language(
    client: Client, db: None, language: str | None, detail: str
) -> None:
    headers = {"Accept-Language": language} if language else {}
    response = client.get("/api/v1/regions?level=planet&page=0", headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == detail and body["code"] == "invalid"
    assert {tuple(e["loc"]) for e in body["errors"]} == {("query", "level"), ("query", "page")}
    messages = {e["msg"] for e in body["errors"]}
    if language == "en":
        assert "Must be at least 1." in messages
    else:
        assert "Paling sedikit 1." in messages
    assert response["Content-Language"] == (language or "id")


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        (None, "Tidak ada apa pun di sini, atau Anda tidak boleh melihatnya."),
        ("en-US,en;q=0.8", "There is nothing here, or you may not see it."),
    ],
)
def test_a_404_has_the_same_shape_in_the_clients_language(
    client: Client, db: None, language: str | None, detail: str
) -> None:
    headers = {"Accept-Language": language} if language else {}
    response = client.get("/api/v1/factchecks/no-such-check", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": detail, "code": "not_found", "errors": []}


def test_a_401_asks_for_a_token_in_indonesian_by_default(client: Client, db: None) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["code"] == "unauthorized" and body["errors"] == []
    assert "token" in body["detail"] and "Send" not in body["detail"]
    english = client.get("/api/v1/me", headers={"Accept-Language": "en"}).json()
    assert english["detail"].startswith("Send a valid personal token")


def test_a_page_past_the_last_is_empty_and_a_huge_one_is_a_declared_422(
    client: Client, db: None
) -> None:
    assert client.get("/api/v1/news?page=9999").json() == {"items": [], "count": 0}
    response = client.get("/api/v1/news?page=100000000000000000000")
    assert response.status_code == 422
    document = client.get(OPENAPI).json()
    page = next(
        p for p in document["paths"]["/api/v1/news"]["get"]["parameters"] if p["name"] == "page"
    )
    assert page["schema"]["maximum"] == 10_000
    assert "422" in document["paths"]["/api/v1/news"]["get"]["responses"]


def test_every_error_answer_in_the_document_is_an_api_error(client: Client, db: None) -> None:
    document = client.get(OPENAPI).json()
    schemas = document["components"]["schemas"]
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for status, answer in operation["responses"].items():
                if int(status) < 400:
                    continue
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                name = ref.rsplit("/", 1)[-1]
                assert {"detail", "code", "errors"} <= set(schemas[name]["properties"]), name


def _integer_probes(schema: dict[str, Any]) -> list[int]:
    """Each bound of an integer parameter and one step past it; 2**64 when unbounded above."""
    options = schema.get("anyOf", [schema])
    for option in options:
        if option.get("type") == "integer":
            low, high = option.get("minimum"), option.get("maximum")
            probes = [] if low is None else [low, low - 1]
            probes += [2**64] if high is None else [high, high + 1]
            return probes
    return []


def test_every_integer_parameter_at_and_past_its_bounds_keeps_the_contract(
    client: Client, personas: Personas
) -> None:
    # The random examples above rarely reach the bounds; huge page numbers were a 500.
    headers = _token(personas.kpk_officer)
    document = client.get(OPENAPI).json()
    problems = []
    for path_template, path_item in document["paths"].items():
        operation = path_item.get("get")
        if operation is None:
            continue
        parameters = operation.get("parameters", [])
        defaults = {p["name"]: 1 for p in parameters if p["in"] == "path"}
        for parameter in parameters:
            for value in _integer_probes(parameter["schema"]):
                values = {**defaults, parameter["name"]: value}
                address = path_template.format(**{k: v for k, v in values.items() if k in defaults})
                query = {} if parameter["in"] == "path" else {parameter["name"]: value}
                response = client.get(address, query, headers=headers)
                if response.status_code >= 500 or (
                    str(response.status_code) not in operation["responses"]
                ):
                    problems.append(f"GET {address} {query}: {response.status_code}")
    assert problems == []
