"""`/api/v1/complaints`: file a complaint, and follow it with the tracking code alone.

Both endpoints are public. The tracking code is the reporter's key: the public view never
contains identity data, only what the reporter may see on the tracking page.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Header, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict, Field, StrictBool, field_validator

from cegah.complaints import access, actions, ratelimit
from cegah.complaints.models import Category, Complaint, ComplaintError, today_in, verifier_zone
from cegah.lib.phone import normalize_phone
from cegah.regions.models import Level, Region

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
                raise ValueError("must be an email address") from exc
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
            raise ValueError("must be an Indonesian phone number") from exc


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
    return NinjaValidationError(
        [{"type": "value_error", "loc": ["body", "payload", field], "msg": message}]
    )


def _idempotency_key(key: str, payload: ComplaintIn) -> str:
    """The client's key bound to its payload: another client reusing the same key with
    other content gets its own complaint, never somebody else's tracking code."""
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True)
    return "api:" + hashlib.sha256(f"{key}\n{body}".encode()).hexdigest()


@router.post(
    "",
    response={201: CreatedOut},
    auth=None,
    summary="File a complaint",
)
def create_complaint(
    request: HttpRequest,
    payload: ComplaintIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        description="Any unique string; a retry with the same key and body returns the "
        "same tracking code instead of filing twice.",
    ),
) -> tuple[int, CreatedOut]:
    """File a complaint; the answer holds the tracking code, the reporter's only key to
    follow it. Without `anonymous`, give `reporter_name` and an email or a phone number."""
    if not ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE"):
        raise HttpError(429, "Too many complaints from this client; try again later.")
    category = Category.objects.active().filter(code=payload.category).first()
    if category is None:
        raise _field_error("category", "unknown category code")
    region = Region.objects.filter(code=payload.region.strip()).first()
    if region is None:
        raise _field_error("region", "unknown region code")
    if region.level < Level.REGENCY:
        raise _field_error("region", "must be a regency/city or a region inside one")
    if payload.incident_date and payload.incident_date > today_in(verifier_zone()):
        raise _field_error("incident_date", "must not be in the future")
    if not payload.anonymous:
        if not payload.reporter_name.strip():
            raise _field_error("reporter_name", "required unless anonymous")
        if not payload.reporter_email and not payload.reporter_phone:
            raise _field_error("reporter_email", "give an email or a phone unless anonymous")
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
            idempotency_key=_idempotency_key(idempotency_key, payload) if idempotency_key else None,
            language=translation.get_language_from_request(request),
        )
    except ComplaintError as exc:
        raise HttpError(422, exc.message) from exc
    return 201, CreatedOut(
        tracking_code=complaint.display_code,
        status=complaint.status,
        url=request.build_absolute_uri(complaint.public_url()),
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
    response=ComplaintOut,
    auth=None,
    summary="Follow a complaint with its tracking code",
)
def get_complaint(request: HttpRequest, tracking_code: str) -> ComplaintOut:
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
