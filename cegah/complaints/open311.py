"""Open311 GeoReport v2 at `/open311/v2/`: the complaint categories as services, complaints
as service requests.

- `service_code` is the category code; the one attribute a request needs is `region`, a
  Kemendagri regency/city code (`33.10`) or the code of a district inside one.
- GET lists show only what the public list shows (`transparency.py`): category, region down
  to the regency or city, agency, status and dates. Never a description, a place, a file or
  anything about the reporter, and never a confidential complaint.
- `status` is `open` or `closed`; our own status (and the reason for closing) is in
  `status_notes`.
- POST needs a key from `manage.py create_api_key` (`api_key`, or the `X-API-Key` header).
  The complaint is anonymous unless `email`, `first_name`, `last_name` or `phone` is given.
  The answer carries both the `service_request_id` and a `token`: the reporter's tracking
  code, the only way to follow the complaint (`tokens/{token}` maps it to the id).

XML is written with `xml.etree`, with the element names of the specification; JSON follows
the same structure.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cegah.api.actions import key_for_secret
from cegah.complaints import actions, lookups, ratelimit
from cegah.complaints.codes import format_code, normalize_code
from cegah.complaints.forms import MAX_TEXT, MIN_DESCRIPTION
from cegah.complaints.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Category,
    Complaint,
    today_in,
    verifier_zone,
)
from cegah.complaints.transparency import PublicRow, public_complaints, public_rows
from cegah.lib.phone import normalize_phone
from cegah.regions.models import Level

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# When the service definitions last changed (discovery's `changeset`): bump with them.
CHANGESET = "2026-11-24T00:00:00Z"
MAX_RESULTS = 1000
MAX_SPAN = dt.timedelta(days=90)
STATUS_GROUPS = {"open": OPEN_STATUSES, "closed": CLOSED_STATUSES}
# The element each item of a list is written as, by the list's element name.
_ITEM_ELEMENTS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}

Data = dict[str, Any] | list[Any]


class Open311Error(Exception):
    """An error answered in the caller's format, as GeoReport's `errors` list."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _xml_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_child(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, list):
        for item in value:
            _xml_child(element, _ITEM_ELEMENTS[name], item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _xml_child(element, key, item)
    else:
        element.text = _xml_text(value)


def to_xml(root: str, data: Data) -> bytes:
    """The document GeoReport describes: `root` holding the list's items, or the dict's
    fields, with the XML declaration naming UTF-8."""
    element = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_child(element, _ITEM_ELEMENTS[root], item)
    else:
        for key, value in data.items():
            _xml_child(element, key, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


def render(fmt: str, root: str, data: Data, status: int = 200) -> HttpResponse:
    body = to_xml(root, data) if fmt == "xml" else json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


View = Callable[..., HttpResponse]


def open311_view(view: View) -> View:
    """Speak the client's language (`Accept-Language`; Indonesian by default), and answer
    an Open311Error in the requested format."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        with translation.override(translation.get_language_from_request(request)):
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                data = [{"code": error.status, "description": error.description}]
                return render(fmt, "errors", data, status=error.status)

    return wrapper


def _w3(value: dt.datetime) -> str:
    """ISO 8601 with the offset (w3 note), in the platform's zone."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def _endpoint_url(request: HttpRequest) -> str:
    discovery = reverse("open311:discovery", kwargs={"fmt": "json"})
    return request.build_absolute_uri(discovery.rsplit("/", 1)[0])


@require_http_methods(["GET"])
@open311_view
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Service discovery: where the GeoReport v2 endpoint is and which formats it speaks."""
    data = {
        "changeset": CHANGESET,
        "contact": _("Questions about this API: Cegah's operators, through %(url)s.")
        % {"url": settings.SITE_URL},
        "key_service": _(
            "Keys to file complaints are issued by Cegah's operators; reading needs no key."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": _endpoint_url(request),
                "changeset": CHANGESET,
                "type": "production" if settings.PRODUCTION else "test",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, "discovery", data)


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _(
            "Complaints about %(name)s. The agency has %(days)s working days to resolve one."
        )
        % {"name": category.name, "days": category.resolution_days},
        "metadata": True,
        "type": "realtime",
        "keywords": category.code,
        "group": "keluhan",
    }


@require_http_methods(["GET"])
@open311_view
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """The services: the active complaint categories."""
    data = [_service(category) for category in Category.objects.active()]
    return render(fmt, "services", data)


def _attribute(
    code: str,
    order: int,
    description: str,
    datatype_description: str,
    *,
    datatype: str = "string",
    required: bool = False,
    values: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": datatype_description,
        "order": order,
        "description": description,
    }
    if values is not None:
        attribute["values"] = values
    return attribute


@require_http_methods(["GET"])
@open311_view
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """What a request for this service takes: the region (required), and optionally the
    place, the date of the incident and whether the complaint is confidential."""
    category = Category.objects.active().filter(code=code).first()
    if category is None:
        raise Open311Error(404, f"service_code {code!r} not found")
    data = {
        "service_code": category.code,
        "attributes": [
            _attribute(
                "region",
                1,
                _("Region where it happened"),
                _(
                    "The Kemendagri code of a regency or city, such as 33.10 for Kabupaten "
                    "Klaten, or of a district inside one."
                ),
                required=True,
            ),
            _attribute(
                "place",
                2,
                _("Place or unit concerned"),
                _("For example the school, health centre, village office or port."),
            ),
            _attribute(
                "incident_date",
                3,
                _("Date of the incident"),
                _("YYYY-MM-DD, not in the future."),
                datatype="datetime",
            ),
            _attribute(
                "confidential",
                4,
                _("Confidential"),
                _("Never list this complaint publicly, not even without personal data."),
                datatype="singlevaluelist",
                values=[{"key": "true", "name": _("Yes")}, {"key": "false", "name": _("No")}],
            ),
        ],
    }
    return render(fmt, "service_definition", data)


def _status_notes(row: PublicRow) -> str:
    if row.close_reason:
        return _("%(status)s: %(reason)s") % {"status": row.status, "reason": row.close_reason}
    return row.status


def _expected(row: PublicRow) -> str | None:
    """The end of the resolution deadline's day, in the agency's zone, while it is open."""
    if not row.is_open or row.resolve_by is None:
        return None
    end = dt.datetime.combine(row.resolve_by, dt.time(23, 59, 59), ZoneInfo(row.agency_zone))
    return end.isoformat(timespec="seconds")


def _request(row: PublicRow) -> dict[str, Any]:
    """A complaint as a GeoReport service request: no description, place, media or identity."""
    return {
        "service_request_id": str(row.number),
        "status": "open" if row.is_open else "closed",
        "status_notes": _status_notes(row),
        "service_name": row.category,
        "service_code": row.category_code,
        "description": None,
        "agency_responsible": row.agency or None,
        "service_notice": None,
        "requested_datetime": _w3(row.received),
        "updated_datetime": _w3(row.updated),
        "expected_datetime": _expected(row),
        "address": ", ".join(filter(None, [row.regency, row.province])),
        "address_id": row.regency_code,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _parse_datetime(name: str, text: str) -> dt.datetime:
    """A w3 date-time (`2010-01-01T00:00:00Z`) or a date; without an offset, Jakarta's."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise Open311Error(400, f"{name} must be a date-time such as 2026-01-01T00:00:00Z") from exc
    if timezone.is_naive(value):
        value = timezone.make_aware(value, ZoneInfo(settings.TIME_ZONE))
    return value


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _search(request: HttpRequest) -> list[dict[str, Any]]:
    """GET requests: by id (which overrides every other filter), or by service code, dates
    (at most 90 days; the last 90 by default) and status; newest first, at most 1000."""
    qs = public_complaints()
    ids = _list(request.GET.get("service_request_id", ""))
    if ids:
        if not all(i.isdigit() for i in ids):
            raise Open311Error(400, "service_request_id must be numbers, comma delimited")
        qs = qs.filter(pk__in=[int(i) for i in ids])
    else:
        codes = _list(request.GET.get("service_code", ""))
        if codes:
            qs = qs.filter(category__code__in=codes)
        start_text, end_text = request.GET.get("start_date", ""), request.GET.get("end_date", "")
        end = _parse_datetime("end_date", end_text) if end_text.strip() else None
        start = _parse_datetime("start_date", start_text) if start_text.strip() else None
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            assert end is not None
            start = end - MAX_SPAN
        if end is None:
            end = start + MAX_SPAN
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "start_date and end_date may not span more than 90 days")
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        statuses = _list(request.GET.get("status", ""))
        if statuses:
            unknown = [s for s in statuses if s not in STATUS_GROUPS]
            if unknown:
                raise Open311Error(400, "status must be open or closed, comma delimited")
            qs = qs.filter(status__in=set().union(*(STATUS_GROUPS[s] for s in statuses)))
    rows = public_rows(qs.order_by("-created_at", "-pk")[:MAX_RESULTS])
    return [_request(row) for row in rows]


def _attribute_value(request: HttpRequest, code: str) -> str:
    return request.POST.get(f"attribute[{code}]", "").strip()


def _create(request: HttpRequest) -> dict[str, Any]:
    """POST requests: file a complaint for an outside system holding a key."""
    secret = request.POST.get("api_key", "") or request.headers.get("X-API-Key", "")
    if not secret or key_for_secret(secret) is None:
        raise Open311Error(403, "api_key is missing or not valid")
    service_code = request.POST.get("service_code", "").strip()
    if not service_code:
        raise Open311Error(400, "service_code was not provided")
    category = lookups.active_category(service_code)
    if category is None:
        raise Open311Error(404, f"service_code {service_code!r} not found")
    region_code = _attribute_value(request, "region")
    if not region_code:
        raise Open311Error(400, "attribute[region] was not provided")
    region = lookups.region(region_code)
    if region is None or region.level < Level.REGENCY:
        raise Open311Error(
            400, "attribute[region] must be the Kemendagri code of a regency or city, or inside one"
        )
    description = request.POST.get("description", "").strip()
    if not MIN_DESCRIPTION <= len(description) <= MAX_TEXT:
        raise Open311Error(400, f"description must have {MIN_DESCRIPTION} to {MAX_TEXT} characters")
    place = _attribute_value(request, "place")
    if len(place) > 200:
        raise Open311Error(400, "attribute[place] may have at most 200 characters")
    incident_date = None
    if text := _attribute_value(request, "incident_date"):
        incident_date = _parse_datetime("attribute[incident_date]", text).date()
        if incident_date > today_in(verifier_zone()):
            raise Open311Error(400, "attribute[incident_date] must not be in the future")
    confidential = _attribute_value(request, "confidential").lower()
    if confidential not in ("", "true", "false"):
        raise Open311Error(400, "attribute[confidential] must be true or false")
    email = request.POST.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Open311Error(400, "email must be an email address") from exc
    phone = request.POST.get("phone", "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            raise Open311Error(400, "phone must be an Indonesian phone number") from exc
    name = " ".join(
        part
        for part in (request.POST.get(f, "").strip() for f in ("first_name", "last_name"))
        if part
    )
    if len(name) > 150:
        raise Open311Error(400, "first_name and last_name may have at most 150 characters")
    complaint, _created = actions.submit_complaint(
        actor=None,
        category=category,
        region=region,
        description=description,
        place=place,
        incident_date=incident_date,
        anonymous=not (name or email or phone),
        confidential=confidential == "true",
        reporter_name=name,
        reporter_email=email,
        reporter_phone=phone,
        language=get_language() or "id",
    )
    return {
        "service_request_id": str(complaint.pk),
        "token": complaint.display_code,
        "service_notice": _(
            "The token is the reporter's tracking code: give it to them. With it alone they "
            "follow the complaint at %(url)s. Keep it secret: anyone holding it can read the "
            "complaint."
        )
        % {"url": request.build_absolute_uri(complaint.public_url())},
        "account_id": None,
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311_view
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: search the public complaints. POST: file one (with a key)."""
    if request.method == "POST":
        return render(fmt, "service_requests", [_create(request)], status=201)
    return render(fmt, "service_requests", _search(request))


@require_http_methods(["GET"])
@open311_view
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    """One public complaint; a confidential or unknown one is not found."""
    complaint = public_complaints().filter(pk=int(request_id)).first()
    if complaint is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return render(fmt, "service_requests", [_request(public_rows([complaint])[0])])


@require_http_methods(["GET"])
@open311_view
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The service request id of a tracking code (rate limited like the tracking form)."""
    if not ratelimit.allow(request, "COMPLAINTS_LOOKUP_RATE"):
        raise Open311Error(429, "too many look-ups; wait a minute")
    code = normalize_code(token)
    complaint = Complaint.objects.filter(tracking_code=code).only("pk").first() if code else None
    if complaint is None:
        raise Open311Error(404, "token not found")
    return render(
        fmt,
        "service_requests",
        [{"service_request_id": str(complaint.pk), "token": format_code(code or "")}],
    )
