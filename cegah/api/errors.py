"""One shape for every API error, in the client's language.

Every error the API gives, from any endpoint, is `ApiError`:
`{"detail": "<a sentence>", "code": "<machine name>", "errors": [{"loc": [...], "msg": "...",
"type": "..."}]}`; `errors` names each bad field of a 422 and is empty otherwise. The sentences
follow `Accept-Language` (`cegah.api.middleware`), Indonesian by default, including pydantic's
own validation messages, which are rewritten here from their error type.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("django.request")


class ErrorItem(Schema):
    """One problem with the request: where it is and what is wrong."""

    loc: list[str | int] = Field(
        description="Where: `body`, `query`, `path`, `header` or `form`, then the field "
        "(and the index of a list item); for a row of an imported file: `body`, `file`, the "
        "line and the column."
    )
    msg: str = Field(description="What is wrong, in the request's language.")
    type: str = Field(description="A machine name for the problem, e.g. `missing`.")
    line: int | None = Field(None, description="For a row of an imported file: its line.")
    column: str | None = Field(None, description="For a row of an imported file: its column.")


class ApiError(Schema):
    """The body of every error response."""

    detail: str = Field(description="What went wrong, in the request's language.")
    code: str = Field(
        description="A machine name: `invalid`, `bad_request`, `unauthorized`, `forbidden`, "
        "`not_found`, `rate_limited`, `unavailable` or `server_error`."
    )
    errors: list[ErrorItem] = Field(
        default_factory=list, description="Each bad field of a 422; empty otherwise."
    )


# Status → (code, default sentence). The sentence is used when the exception carries none of
# our own (ninja's and Django's are English and generic).
DEFAULTS: dict[int, tuple[str, Promise]] = {
    400: ("bad_request", _("The request cannot be read.")),
    401: ("unauthorized", _("Send a valid personal token as Authorization: Bearer <token>.")),
    403: ("forbidden", _("You may not do this.")),
    404: ("not_found", _("There is nothing here, or you may not see it.")),
    405: ("method_not_allowed", _("This address does not accept this method.")),
    409: ("conflict", _("The request conflicts with the current state.")),
    413: ("too_large", _("The request is too large.")),
    422: ("invalid", _("The request has invalid fields.")),
    429: ("rate_limited", _("Too many requests; try again later.")),
    500: ("server_error", _("Something went wrong on our side.")),
    503: ("unavailable", _("The service is not available right now; try again later.")),
}

# ninja's own English messages, replaced by ours.
_NINJA_MESSAGES = frozenset(
    {"Unauthorized", "Forbidden", "Too many requests.", "CSRF check Failed", "Not Found"}
)


def _prefix(message: str) -> str:
    return message.split(" (", 1)[0]


def error_body(
    status: int, detail: str | Promise | None = None, errors: Iterable[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The error body for `status`, with the default sentence when `detail` is None."""
    code, default = DEFAULTS.get(status, ("error", _("The request failed.")))
    return {
        "detail": str(detail if detail is not None else default),
        "code": code,
        "errors": [dict(e) for e in errors],
    }


def field_error(loc: Sequence[str | int], message: str | Promise) -> NinjaValidationError:
    """A 422 naming one field, e.g. `field_error(["query", "topic"], _("Unknown topic."))`."""
    return NinjaValidationError([{"type": "value_error", "loc": list(loc), "msg": str(message)}])


# pydantic error type → our sentence; placeholders come from the error's `ctx`.
_MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not allowed."),
    "string_type": _("Must be text."),
    "string_too_short": _("Must have at least %(min_length)s characters."),
    "string_too_long": _("Must have at most %(max_length)s characters."),
    "string_pattern_mismatch": _("Does not have the expected form."),
    "string_unicode": _("Must be text."),
    "int_type": _("Must be a whole number."),
    "int_parsing": _("Must be a whole number."),
    "int_from_float": _("Must be a whole number."),
    "int_parsing_size": _("The number is too large."),
    "float_type": _("Must be a number."),
    "float_parsing": _("Must be a number."),
    "finite_number": _("Must be a number."),
    "bool_type": _("Must be true or false."),
    "bool_parsing": _("Must be true or false."),
    "greater_than": _("Must be greater than %(gt)s."),
    "greater_than_equal": _("Must be at least %(ge)s."),
    "less_than": _("Must be less than %(lt)s."),
    "less_than_equal": _("Must be at most %(le)s."),
    "date_type": _("Must be a date written as YYYY-MM-DD."),
    "date_parsing": _("Must be a date written as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Must be a date written as YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Must be a date written as YYYY-MM-DD."),
    "datetime_type": _("Must be a date and time (ISO 8601)."),
    "datetime_parsing": _("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": _("Must be a date and time (ISO 8601)."),
    "literal_error": _("Must be one of: %(expected)s."),
    "enum": _("Must be one of: %(expected)s."),
    "list_type": _("Must be a list."),
    "too_short": _("Must have at least %(min_length)s items."),
    "too_long": _("Must have at most %(max_length)s items."),
    "dict_type": _("Must be an object."),
    "model_type": _("Must be an object."),
    "model_attributes_type": _("Must be an object."),
    "json_invalid": _("Must be valid JSON."),
    "json_type": _("Must be valid JSON."),
    "url_type": _("Must be an address (URL)."),
    "url_parsing": _("Must be an address (URL)."),
}
_INVALID = _("This value is not valid.")


def _expected(value: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" without its English "or"."""
    text = str(value)
    head, sep, tail = text.rpartition(" or ")
    return f"{head}, {tail}" if sep else text


def translate_error(error: Mapping[str, Any]) -> dict[str, Any]:
    """A ninja/pydantic error as an `ErrorItem`, its message in the active language."""
    kind = str(error.get("type", "value_error"))
    ctx = dict(error.get("ctx") or {})
    if kind in _MESSAGES:
        if "expected" in ctx:
            ctx["expected"] = _expected(ctx["expected"])
        try:
            message = str(_MESSAGES[kind]) % ctx
        except (KeyError, TypeError, ValueError):
            message = str(_INVALID)
    elif kind in {"value_error", "assertion_error"} and "error" in ctx:
        # Our own validators raise translated sentences; pydantic prefixes them in English.
        message = str(ctx["error"])
    elif kind in {"value_error", "import_error"}:
        message = str(error.get("msg", _INVALID))
    else:
        message = str(_INVALID)
    item: dict[str, Any] = {"loc": list(error.get("loc", [])), "msg": message, "type": kind}
    for key in ("line", "column"):
        if key in error:
            item[key] = error[key]
    return item


def _respond(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str | Promise | None = None,
    errors: Iterable[Mapping[str, Any]] = (),
) -> HttpResponse:
    response = api.create_response(request, error_body(status, detail, errors), status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def install(api: NinjaAPI) -> None:
    """Give `api` handlers that answer every error as `ApiError` in the request's language."""

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 422, None, [translate_error(e) for e in exc.errors])

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        status = exc.status_code
        text = str(exc.message)
        message: str | None = text
        if (
            isinstance(exc, AuthenticationError | AuthorizationError | Throttled)
            or _prefix(text) in _NINJA_MESSAGES
            or text.startswith("Cannot parse request body")
        ):
            message = None
        response = _respond(api, request, status, message)
        if isinstance(exc, Throttled) and exc.wait:
            response["Retry-After"] = str(exc.wait)
        return response

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 404)

    def on_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 403)

    def on_unreadable(request: HttpRequest, exc: Any) -> HttpResponse:
        # A broken multipart body, too many fields, a body over DATA_UPLOAD_MAX_MEMORY_SIZE.
        return _respond(api, request, 400)

    def on_crash(request: HttpRequest, exc: Any) -> HttpResponse:
        from cegah.core.errors import is_outage, service_unavailable

        if is_outage(exc):
            # The database or Redis did not answer: nothing was saved, a retry is safe (503 with
            # Retry-After, as handler500 answers outside the API, which never sees these).
            logger.warning("Unavailable: %s (%s)", request.path, type(exc).__name__)
            return service_unavailable(request)
        if settings.DEBUG:
            raise exc
        # Logged as Django logs an uncaught exception, so the usual alerting still sees it.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
        )
        return _respond(api, request, 500)

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(MultiPartParserError, on_unreadable)
    api.add_exception_handler(SuspiciousOperation, on_unreadable)
    api.add_exception_handler(Exception, on_crash)


def responses(*statuses: int) -> dict[int, type[ApiError]]:
    """`ApiError` for each of `statuses`, for a router's `response={...}`."""
    return dict.fromkeys(statuses, ApiError)
