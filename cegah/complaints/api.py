"""`/api/v1/complaints`: file a complaint, and follow it with the tracking code alone.

Both endpoints are public. The tracking code is the reporter's key: the public view never
contains identity data, only what the reporter may see on the tracking page.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Header, Path, Router, Schema
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import Status
from pydantic import ConfigDict, Field, StrictBool, field_validator
from pydantic import ValidationError as PydanticValidationError

from cegah.api.errors import field_error, responses
from cegah.complaints import access, actions, lookups, ratelimit
from cegah.complaints.models import (
    MAX_ATTACHMENTS,
    Complaint,
    ComplaintError,
    today_in,
    verifier_zone,
)
from cegah.lib.phone import normalize_phone
from cegah.lib.uploads import CleanFile, clean_upload
from cegah.regions.models import Level

router = Router(tags=["complaints"])


class ComplaintIn(Schema):
    """A complaint as the reporter describes it."""

    model_config = ConfigDict(extra="forbid")

    category: str = Field(description="A category code, e.g. `pendidikan`.")
    region: str = Field(
        description="Kemendagri region code of the regency/city or a district inside it, "
        "e.g. `33.10` (Kabupaten Klaten)."
    )
    description: str = Field(min_length=20, max_length=5000)
    place: str = Field("", max_length=200, description="The place or unit concerned.")
    incident_date: dt.date | None = Field(None, description="YYYY-MM-DD; not in the future.")
    anonymous: StrictBool = False
    confidential: StrictBool = False
    consent_to_share_identity: StrictBool = Field(
        False, description="The agency may see the reporter's name and contact details."
    )
    reporter_name: str = Field("", max_length=150)
    reporter_email: str = Field("", max_length=254)
    reporter_phone: str = Field("", max_length=20)

    @field_validator("reporter_email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as exc:
                raise ValueError(_("Must be an email address.")) from exc
        return value

    @field_validator("reporter_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise ValueError(_("Must be an Indonesian phone number.")) from exc


class CreatedOut(Schema):
    tracking_code: str
    status: str
    url: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class EventOut(Schema):
    kind: str
    label: str
    status: str
    message: str
    agency: str | None
    created_at: dt.datetime
    attachments: list[AttachmentOut]


class ComplaintOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    category: str
    region: str
    place: str
    incident_date: dt.date | None
    description: str
    anonymous: bool
    confidential: bool
    agency: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    reopen_count: int
    rating: int | None
    timeline: list[EventOut]
    attachments: list[AttachmentOut]


def _field_error(field: str, message: str) -> NinjaValidationError:
    return field_error(["body", "payload", field], message)


def _idempotency_key(key: str, payload: ComplaintIn, files: Sequence[CleanFile] = ()) -> str:
    """The client's key bound to its payload and files: another client reusing the same key
    with other content gets its own complaint, never somebody else's tracking code."""
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True)
    digests = "\n".join(f"{f.original_name}:{hashlib.sha256(f.data).hexdigest()}" for f in files)
    return "api:" + hashlib.sha256(f"{key}\n{body}\n{digests}".encode()).hexdigest()


FORM_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})
_BOOLEANS = frozenset(
    name for name, field in ComplaintIn.model_fields.items() if field.annotation is bool
)


def _form_data(request: HttpRequest) -> dict[str, Any]:
    """The fields of a form post, with booleans and an empty date read as a form means them;
    anything else unreadable is left for the schema to refuse."""
    data: dict[str, Any] = {}
    for name in request.POST:
        value = request.POST.get(name, "")
        if name in _BOOLEANS and value.strip().lower() in _TRUE | _FALSE:
            data[name] = value.strip().lower() in _TRUE
        elif name == "incident_date" and not value.strip():
            data[name] = None
        else:
            data[name] = value
    return data


def _read_complaint(request: HttpRequest) -> tuple[ComplaintIn, list[UploadedFile]]:
    """The complaint from a JSON body, or from a form (multipart: files under `attachments`);
    errors read as ninja's own: 400 for an unreadable body, 422 naming each bad field."""
    uploads: list[UploadedFile] = []
    if request.content_type in FORM_TYPES:
        data: Any = _form_data(request)
        unexpected = sorted(set(request.FILES) - {"attachments"})
        if unexpected:
            raise _field_error(unexpected[0], _("Files go under attachments."))
        uploads = request.FILES.getlist("attachments")
    else:
        try:
            data = json.loads(request.body or b"null")
        except ValueError as exc:
            raise HttpError(400, _("The request body is not valid JSON.")) from exc
    try:
        payload = ComplaintIn.model_validate(data)
    except PydanticValidationError as exc:
        raise NinjaValidationError(
            [
                {
                    "type": e["type"],
                    "loc": ["body", "payload", *e["loc"]],
                    "msg": e["msg"],
                    "ctx": {k: str(v) for k, v in e.get("ctx", {}).items()},
                }
                for e in exc.errors(include_url=False)
            ]
        ) from exc
    return payload, uploads


def _clean_attachments(uploads: list[UploadedFile]) -> list[CleanFile]:
    """Each file through `clean_upload()`; a refusal is a 422 naming the file."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise field_error(
            ["body", "attachments"],
            _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS},
        )
    cleaned: list[CleanFile] = []
    errors: list[dict[str, Any]] = []
    for index, upload in enumerate(uploads):
        try:
            cleaned.append(clean_upload(upload, stem="evidence"))
        except DjangoValidationError as exc:
            errors.extend(
                {"type": "value_error", "loc": ["body", "attachments", index], "msg": message}
                for message in exc.messages
            )
    if errors:
        raise NinjaValidationError(errors)
    return cleaned


_FORM_SCHEMA = {
    **ComplaintIn.model_json_schema(),
    "title": "ComplaintForm",
}
_FORM_SCHEMA["properties"] = {
    **_FORM_SCHEMA["properties"],
    "attachments": {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "maxItems": MAX_ATTACHMENTS,
        "description": "Evidence: JPEG, PNG, WebP or PDF, at most 10 MB each; images are "
        "re-encoded without metadata.",
    },
}
_FORM_SCHEMA.pop("additionalProperties", None)


@router.post(
    "",
    response={201: CreatedOut, **responses(400, 422, 429)},
    auth=None,
    summary="File a complaint",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": ComplaintIn.model_json_schema()},
                "multipart/form-data": {"schema": _FORM_SCHEMA},
            },
        }
    },
)
def create_complaint(
    request: HttpRequest,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Any unique string; a retry with the same key and body returns the "
        "same tracking code instead of filing twice.",
    ),
) -> Status[CreatedOut]:
    """File a complaint; the answer holds the tracking code, the reporter's only key to
    follow it. Without `anonymous`, give `reporter_name` and an email or a phone number.

    Send JSON, or `multipart/form-data` with the same fields and up to 5 evidence files under
    `attachments` (booleans as `true`/`false`)."""
    if not ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE"):
        # Answered as every 429 of the API, with Retry-After: when the next one is counted.
        raise Throttled(wait=ratelimit.retry_after(request, "COMPLAINTS_SUBMIT_RATE"))
    payload, uploads = _read_complaint(request)
    category = lookups.active_category(payload.category)
    if category is None:
        raise _field_error("category", _("Unknown category code."))
    region = lookups.region(payload.region.strip())
    if region is None:
        raise _field_error("region", _("Unknown region code."))
    if region.level < Level.REGENCY:
        raise _field_error("region", _("Must be a regency or city, or a region inside one."))
    if payload.incident_date and payload.incident_date > today_in(verifier_zone()):
        raise _field_error("incident_date", _("Must not be in the future."))
    if not payload.anonymous:
        if not payload.reporter_name.strip():
            raise _field_error("reporter_name", _("Required unless anonymous."))
        if not payload.reporter_email and not payload.reporter_phone:
            raise _field_error(
                "reporter_email", _("Give an email address or a phone number unless anonymous.")
            )
    files = _clean_attachments(uploads)
    try:
        complaint, _created = actions.submit_complaint(
            actor=request.user,
            category=category,
            region=region,
            place=payload.place,
            incident_date=payload.incident_date,
            description=payload.description,
            anonymous=payload.anonymous,
            confidential=payload.confidential,
            consent_to_share_identity=payload.consent_to_share_identity,
            reporter_name=payload.reporter_name,
            reporter_email=payload.reporter_email,
            reporter_phone=payload.reporter_phone,
            files=files,
            idempotency_key=(
                _idempotency_key(idempotency_key, payload, files) if idempotency_key else None
            ),
            language=translation.get_language_from_request(request),
        )
    except ComplaintError as exc:
        raise HttpError(422, exc.message) from exc
    return Status(
        201,
        CreatedOut(
            tracking_code=complaint.display_code,
            status=complaint.status,
            url=request.build_absolute_uri(complaint.public_url()),
        ),
    )


def _attachment(request: HttpRequest, complaint: Complaint, attachment: Any) -> AttachmentOut:
    return AttachmentOut(
        id=attachment.pk,
        name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        url=request.build_absolute_uri(
            reverse("complaints:public_attachment", args=[complaint.tracking_code, attachment.pk])
        ),
    )


@router.get(
    "/{tracking_code}",
    response={200: ComplaintOut, **responses(404)},
    auth=None,
    summary="Follow a complaint with its tracking code",
)
def get_complaint(
    request: HttpRequest,
    tracking_code: str = Path(..., description="As the reporter got it, e.g. `KLH-ABCD-2345`."),
) -> ComplaintOut:
    """What the holder of the tracking code may see: status, the public timeline with
    replies, and the attachments with their download addresses. Never identity data."""
    complaint = access.get_complaint_by_code(tracking_code)
    language = translation.get_language_from_request(request)
    with translation.override(language):
        events = list(
            complaint.events.filter(internal=False)
            .select_related("agency")
            .prefetch_related("attachments")
        )
        timeline = [
            EventOut(
                kind=e.kind,
                label=str(e.get_kind_display()),
                status=e.to_status,
                message=e.message,
                agency=e.agency.name if e.agency else None,
                created_at=e.created_at,
                attachments=[
                    _attachment(request, complaint, a)
                    for a in e.attachments.all()
                    if not a.internal
                ],
            )
            for e in events
        ]
        return ComplaintOut(
            tracking_code=complaint.display_code,
            status=complaint.status,
            status_label=str(complaint.get_status_display()),
            category=complaint.category.code,
            region=complaint.region_id,
            place=complaint.place,
            incident_date=complaint.incident_date,
            description=complaint.description,
            anonymous=complaint.anonymous,
            confidential=complaint.confidential,
            agency=complaint.agency.name if complaint.agency else None,
            created_at=complaint.created_at,
            updated_at=complaint.updated_at,
            reopen_count=complaint.reopen_count,
            rating=complaint.rating,
            timeline=timeline,
            attachments=[
                _attachment(request, complaint, a)
                for a in complaint.attachments.filter(internal=False)
            ],
        )
