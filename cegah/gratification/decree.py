"""The decision letter as a decree: its number, its hash, its QR code, and what it means for
the reporter.

A decree's content is hashed (SHA-256 over a canonical JSON of everything the letter states,
with a random nonce so that the hash cannot be guessed from what someone knows of the
reporter). The QR code on the letter points at the public verification page for that hash,
which says whether the letter is genuine and unchanged without showing personal data.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
from typing import TYPE_CHECKING, Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cegah.gratification.models import Decision, ObjectCategory, ObjectLocation
from cegah.gratification.rules import rupiah

if TYPE_CHECKING:
    from cegah.gratification.models import GratificationReport

# Dates on a decree are written in full ("2 Desember 2026"), as legal documents write them.
LONG_DATE = "j F Y"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def format_number(issuer: str, sequence: int, day: dt.date) -> str:
    """The decree's number in its issuer's pattern (`GRATIFICATION_DECREE_NUMBER_FORMATS`)."""
    pattern: str = settings.GRATIFICATION_DECREE_NUMBER_FORMATS[issuer]
    return pattern.format(
        seq=sequence, year=day.year, month=day.month, month_roman=_ROMAN[day.month - 1]
    )


def canonical(report: GratificationReport) -> dict[str, Any]:
    """Everything the letter states, in a form that does not depend on the page's language
    or on later renamings (the agency by its id)."""
    return {
        "number": report.decree_number,
        "date": report.decree_date.isoformat() if report.decree_date else None,
        "place": report.decree_place,
        "issuer": report.decree_issuer,
        "signatory_name": report.signatory_name,
        "signatory_position": report.signatory_position,
        "report_number": report.number,
        "reporter_name": report.reporter_name,
        "reporter_nik": report.reporter_nik,
        "reporter_position": report.reporter_position,
        "agency": report.agency_id,
        "received_on": report.received_on.isoformat(),
        "category": report.category,
        "description": report.description,
        "value_idr": report.value_idr,
        "decision": report.decision,
        "amount_idr": report.decision_amount_idr,
        "reason": report.decision_reason,
        "handover_due": report.handover_due.isoformat() if report.handover_due else None,
        "basis": list(report.decree_basis or []),
        "nonce": report.decree_nonce,
    }


def compute_hash(report: GratificationReport) -> str:
    data = json.dumps(canonical(report), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


def is_intact(report: GratificationReport) -> bool:
    """Whether the stored decree still hashes to the hash its letter carries."""
    return bool(report.decree_hash) and compute_hash(report) == report.decree_hash


def verify_url(report: GratificationReport) -> str:
    return settings.SITE_URL + reverse("gratification:verify", args=[report.decree_hash])


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG `data:` address (shown by pages and by WeasyPrint, which
    fetches nothing else)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _rupiah(value: int | None) -> str:
    return rupiah(value or 0)


def meaning(report: GratificationReport) -> str:
    """What the decision means for the reporter, in one sentence."""
    if report.decision == Decision.MILIK_PENERIMA:
        return _("KPK has decided that the gift belongs to you, the recipient.")
    if report.decision == Decision.MILIK_NEGARA:
        return _("KPK has decided that the gift belongs to the state: it is no longer yours.")
    if report.decision == Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG:
        return _(
            "KPK has decided that the gift belongs to the state, but you may keep it by paying "
            "%(amount)s to the state treasury."
        ) % {"amount": _rupiah(report.decision_amount_idr)}
    return _(
        "KPK will not decide who owns the gift: the report cannot be followed up, for the "
        "reasons given."
    )


def next_steps(report: GratificationReport) -> list[str]:
    """What the reporter must do, and by when."""
    due = date_format(report.handover_due, LONG_DATE) if report.handover_due else ""
    if report.handover_at is not None:
        return [
            _("The state property was handed over on %(date)s. Nothing more is needed.")
            % {"date": date_format(report.handover_at, LONG_DATE)}
        ]
    if report.decision == Decision.MILIK_PENERIMA:
        steps = [_("You may keep and use the gift. Keep this decision letter.")]
        if report.object_location == ObjectLocation.HANDED_TO_UPG:
            steps.append(_("Ask your gratification unit (UPG) to give the object back to you."))
        return steps
    if report.decision == Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG:
        return [
            _(
                "To keep the gift, pay %(amount)s into the state treasury (kas negara) by "
                "%(date)s, with the billing code KPK or your UPG gives you, and send them the "
                "proof of payment."
            )
            % {"amount": _rupiah(report.decision_amount_idr), "date": due},
            _("If you do not pay, hand the object over by the same date, as KPK asks."),
        ]
    if report.decision == Decision.MILIK_NEGARA:
        if report.category == ObjectCategory.MONEY:
            return [
                _(
                    "Pay the money into the state treasury (kas negara) by %(date)s, with the "
                    "billing code KPK or your UPG gives you, and send them the proof of payment."
                )
                % {"date": due}
            ]
        if report.object_location == ObjectLocation.HANDED_TO_UPG:
            return [
                _(
                    "Your gratification unit (UPG) holds the object and hands it over by "
                    "%(date)s; you need do nothing more unless it asks you."
                )
                % {"date": due}
            ]
        if report.object_location == ObjectLocation.SOCIAL_INSTITUTION:
            return [
                _(
                    "You passed the object on to a social institution: send KPK or your UPG "
                    "the record of that handover by %(date)s."
                )
                % {"date": due}
            ]
        return [
            _(
                "Hand the object over to KPK or to the Ministry of Finance's state asset office "
                "(KPKNL), as KPK asks, by %(date)s, and keep the handover record (berita "
                "acara)."
            )
            % {"date": due}
        ]
    return [
        _(
            "Nothing is handed over. If you can supply what was missing, you may report the "
            "gift again."
        )
    ]


def letter_context(report: GratificationReport, *, with_qr: bool = True) -> dict[str, Any]:
    """What the decision letter's page and PDF show beside the report."""
    context: dict[str, Any] = {
        "meaning": meaning(report),
        "steps": next_steps(report),
        "is_decree": bool(report.decree_hash),
    }
    if report.decree_hash:
        url = verify_url(report)
        context["verify_url"] = url
        if with_qr:
            context["qr"] = qr_data_uri(url)
    return context
