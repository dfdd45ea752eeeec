"""Gift reports of a government's people in a year, for the integrity pages: counts only."""

from __future__ import annotations

from cegah.gratification.models import GratificationReport


def gift_report_activity(region_code: str, year: int) -> dict[str, int]:
    """Gift reports from people of the government of `region_code` submitted in `year`, and
    those of them decided by KPK."""
    reports = GratificationReport.objects.filter(
        government__region_id=region_code, submitted_at__year=year
    )
    return {
        "received": reports.count(),
        "decided": reports.filter(decided_at__isnull=False).count(),
    }
