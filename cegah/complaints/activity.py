"""Complaint handling of a government in a year, for the integrity pages: counts only."""

from __future__ import annotations

from django.db.models import Count, F, Q

from cegah.complaints.models import Complaint


def complaint_activity(region_code: str, year: int) -> dict[str, int]:
    """Complaints forwarded in `year` to agencies of the government of `region_code`, and how
    many got their first answer by the deadline (the day it was due counts as on time)."""
    found = Complaint.objects.filter(
        forwarded_at__year=year,
        agency__region_id=region_code,
        first_response_by__isnull=False,
    ).aggregate(
        forwarded=Count("pk"),
        on_time=Count(
            "pk",
            filter=Q(
                first_response_at__isnull=False,
                first_response_at__date__lte=F("first_response_by"),
            ),
        ),
    )
    return {"forwarded": found["forwarded"] or 0, "answered_on_time": found["on_time"] or 0}
