"""`CegahAPI`: ninja with one error shape and an OpenAPI document that names every answer.

Each operation's document gets the error answers that ninja itself can give and no router
declares: 401 where a credential is required, 404 where an object is named in the path,
422 where anything is read from the request, 400 where a body is parsed. All of them,
and the errors a router declares itself (429, 503, …), are `ApiError`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI

from cegah.api import errors

_METHODS = frozenset({"get", "post", "put", "patch", "delete"})
_REF = "#/components/schemas/ApiError"


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": HTTPStatus(status).phrase,
        "content": {"application/json": {"schema": {"$ref": _REF}}},
    }


def _implied_errors(operation: dict[str, Any]) -> list[int]:
    """The error statuses ninja may answer for this operation whatever its view does."""
    statuses = []
    parameters = operation.get("parameters", [])
    body = operation.get("requestBody")
    if any(s for s in operation.get("security", [])):
        statuses.append(401)
    if any(p.get("in") == "path" for p in parameters):
        statuses.append(404)
    if body:
        statuses.append(400)
    if parameters or body:
        statuses.append(422)
    return statuses


def complete_document(document: dict[str, Any]) -> dict[str, Any]:
    """Add `ApiError` and the implied error answers to every operation of `document`."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    error_schema = errors.ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ApiError"] = error_schema
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in _implied_errors(operation):
                # ninja keys the declared answers by int.
                if status not in responses and str(status) not in responses:
                    responses[status] = _error_response(status)
    return document


class CegahAPI(NinjaAPI):
    """NinjaAPI whose errors are `ApiError` and whose document declares them."""

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        errors.install(self)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete_document(document)
        return document
