"""Plain helpers for the complaint tests: form data, files, complaints in a given state."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency
from cegah.complaints import actions
from cegah.complaints.models import Category, Complaint
from cegah.regions.models import Region
from cegah.test import Personas, make_user

JAKARTA = ZoneInfo("Asia/Jakarta")
# A Monday in an ordinary week.
MONDAY = dt.datetime(2026, 3, 9, 10, 0, tzinfo=JAKARTA)
DESCRIPTION = "Kepala sekolah meminta uang Rp500.000 untuk rapor tanpa dasar aturan apa pun."


def form_data(**values: Any) -> dict[str, Any]:
    """A complete, valid intake form for a named reporter in Klaten Tengah."""
    data: dict[str, Any] = {
        "category": Category.objects.get(code="pendidikan").pk,
        "province": "33",
        "regency": "33.10",
        "district": "33.10.25",
        "place": "SD Negeri 1 Klaten",
        "incident_date": "2026-03-02",
        "description": DESCRIPTION,
        "reporter_name": "Sri Rahayu",
        "reporter_email": "sri@example.org",
        "reporter_phone": "0812-3456-7890",
        "form_token": "token-" + "x" * 20,
        "website": "",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (7.0, 42.0, 0.0), 3: "E", 4: (110.0, 36.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def photo(name: str = "IMG_0001.JPG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps(), "image/jpeg")


def pdf(name: str = "kwitansi.pdf") -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
    return SimpleUploadedFile(name, body, "application/pdf")


def submit(**values: Any) -> Complaint:
    """A complaint received through the action, as a named reporter unless told otherwise."""
    fields: dict[str, Any] = {
        "actor": None,
        "category": Category.objects.get(code=values.pop("category", "pendidikan")),
        "region": Region.objects.get(code=values.pop("region", "33.10.25")),
        "description": DESCRIPTION,
        "reporter_name": "Sri Rahayu",
        "reporter_email": "sri@example.org",
    }
    fields.update(values)
    complaint, _created = actions.submit_complaint(**fields)
    return complaint


def forwarded(p: Personas, agency: Agency | None = None, **values: Any) -> Complaint:
    """A complaint verified and forwarded (to agency A unless told otherwise)."""
    complaint = submit(**values)
    actions.verify_complaint(actor=p.kpk_officer, complaint=complaint)
    actions.forward_complaint(actor=p.kpk_officer, complaint=complaint, agency=agency or p.agency_a)
    return complaint


def resolved(p: Personas, **values: Any) -> Complaint:
    complaint = forwarded(p, **values)
    actions.resolve_complaint(actor=p.admin_a, complaint=complaint, reply="Uang dikembalikan.")
    return complaint


def unit_handler(p: Personas) -> User:
    """A complaint handler of agency A's education office."""
    return make_user("disdik@example.org", (p.unit_a, Role.COMPLAINT_HANDLER))


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def public(complaint: Complaint, suffix: str = "", *, en: bool = False) -> str:
    """The reporter's address for `complaint` (in English with `en`)."""
    return f"{'/en' if en else ''}/keluhan/{complaint.display_code}/{suffix}"
