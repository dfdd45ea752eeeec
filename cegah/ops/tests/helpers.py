"""Populating a database worth backing up, and reading back what must survive a restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command

from cegah.accounts.models import User
from cegah.agencies.models import Agency
from cegah.complaints import actions as complaints
from cegah.complaints.models import Attachment, Category, Complaint
from cegah.gratification import actions as gratification
from cegah.gratification.models import GratificationReport
from cegah.lib.uploads import CleanFile
from cegah.ops.database import live_facts
from cegah.regions.actions import ensure_region
from cegah.regions.models import Region
from cegah.test import make_personas

EVIDENCE = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
POSTER = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def populate() -> None:
    """The personas, a complaint with a PDF of evidence, a gift report and a media file."""
    p = make_personas()
    ensure_region("33.10.25")
    category, _ = Category.objects.get_or_create(
        code="pendidikan", defaults={"name_id": "Pendidikan", "name_en": "Education"}
    )
    complaints.submit_complaint(
        actor=None,
        category=category,
        region=Region.objects.get(code="33.10.25"),
        description="Kepala sekolah meminta uang Rp500.000 untuk rapor tanpa dasar aturan.",
        reporter_name="Sri Rahayu",
        reporter_email="sri@example.org",
        files=[CleanFile(EVIDENCE, "application/pdf", "file.pdf", "kwitansi.pdf")],
    )
    report, _ = gratification.create_report(
        actor=p.asn_a,
        agency=p.unit_a,
        data={
            "reporter_name": "Sri Lestari",
            "reporter_nik": "3310255205880004",
            "reporter_position": "Guru SD Negeri 1 Klaten",
            "reporter_address": "Jl. Pemuda 10, Klaten",
            "reporter_phone": "081234567890",
            "reporter_email": "asn@example.org",
            "giver_name": "CV Maju Jaya",
            "giver_relation": "business_partner",
            "giver_address": "Jl. Merapi 5, Klaten",
            "received_on": dt.date(2026, 11, 16),
            "place_received": "Kantor Dinas Pendidikan",
            "form": "money",
            "kind": "gift",
            "occasion": "none",
            "category": "money",
            "description": "Amplop berisi uang tunai",
            "value_idr": 2_000_000,
            "chronology": "Diberikan setelah rapat pengadaan bangku sekolah.",
            "receipt": "accepted",
            "object_location": "kept",
        },
        answers={"same_giver_total_this_year_idr": 0},
    )
    gratification.submit_report(actor=p.asn_a, report=report)
    default_storage.save("library/poster.png", ContentFile(POSTER))


def key_tables() -> dict[str, list[dict[str, Any]]]:
    """The content of the tables a restore must bring back exactly."""
    models = (User, Agency, Complaint, Attachment, GratificationReport)
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def stored_files() -> dict[str, dict[str, bytes]]:
    """Every file of the media and private storages, with its bytes."""
    from cegah.ops.files import walk

    found: dict[str, dict[str, bytes]] = {}
    for alias in ("default", "private"):
        storage = storages[alias]
        found[alias] = {}
        for name in walk(storage):
            with storage.open(name, "rb") as handle:
                found[alias][name] = handle.read()
    return found


def row_counts() -> dict[str, int]:
    return live_facts()[1]


def only_set(backups: Path) -> Path:
    sets = sorted(backups.glob("cegah-*"))
    assert len(sets) == 1, sets
    return sets[0]


def backup(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def restore(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("restore", *args, stdout=out)
    return out.getvalue()
