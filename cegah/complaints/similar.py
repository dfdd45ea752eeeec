"""A hint for verifiers: complaints that look like the one in front of them.

Same category, same regency or city, received within 7 days before or after, and a
description whose `difflib` ratio on normalised text is at least 0.6. At most 50 candidates
are compared, so the page stays quick however busy a region is.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from cegah.complaints.models import CloseReason, Complaint
from cegah.complaints.transparency import regency_code

THRESHOLD = 0.6
WINDOW = dt.timedelta(days=7)
MAX_CANDIDATES = 50
# Long descriptions are compared by their beginning: difflib's cost grows with the square.
MAX_COMPARED_CHARS = 2000
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: what the comparison reads."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", plain).strip()[:MAX_COMPARED_CHARS]


def similarity(a: str, b: str) -> float:
    """difflib's ratio of two normalised texts (0 to 1)."""
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return 0.0  # both are upper bounds of the ratio: no need for the costly part
    return matcher.ratio()


@dataclass(frozen=True)
class SimilarComplaint:
    complaint: Complaint
    ratio: float

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    @property
    def duplicate_message(self) -> str:
        """What the reporter of the complaint closed as a duplicate of this one reads."""
        return _(
            "The same matter was already reported in complaint #%(number)s and is handled "
            "there, so this complaint is closed."
        ) % {"number": self.complaint.pk}


def similar_complaints(complaint: Complaint) -> list[SimilarComplaint]:
    """Complaints that may report the same thing, most similar first (one query). Those
    already closed as duplicates or spam are left out: they are no one's original."""
    regency = regency_code(complaint.region_id)
    candidates = (
        Complaint.objects.filter(
            category_id=complaint.category_id,
            created_at__gte=complaint.created_at - WINDOW,
            created_at__lte=complaint.created_at + WINDOW,
        )
        .filter(Q(region_id=regency) | Q(region__code__startswith=regency + "."))
        .exclude(pk=complaint.pk)
        .exclude(close_reason__in=[CloseReason.DUPLICATE, CloseReason.SPAM])
        .only("pk", "description", "status", "close_reason", "created_at", "region_id")
        .order_by("-created_at", "-pk")[:MAX_CANDIDATES]
    )
    text = normalise(complaint.description)
    found = [
        SimilarComplaint(candidate, ratio)
        for candidate in candidates
        if (ratio := similarity(text, normalise(candidate.description))) >= THRESHOLD
    ]
    found.sort(key=lambda s: (-s.ratio, s.complaint.created_at))
    return found
