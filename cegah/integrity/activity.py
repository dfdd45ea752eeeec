"""What a government did on the platform in a year, read from each app through its small
`activity` function (aggregate counts only). A module another team is still building is shown
as "—" (None) instead of breaking the page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    year: int
    campaigns: int | None
    participants: int | None
    participants_shared: int | None
    complaints_forwarded: int | None
    complaints_on_time: int | None
    gifts_received: int | None
    gifts_decided: int | None
    posters_printed: int | None

    @property
    def on_time_share(self) -> int | None:
        """Percent of forwarded complaints answered by the deadline; None without any."""
        if not self.complaints_forwarded or self.complaints_on_time is None:
            return None
        return round(100 * self.complaints_on_time / self.complaints_forwarded)


def platform_activity(region_code: str, year: int) -> Activity:
    """The four counts beside the scores, each from its own app."""
    from cegah.campaigns.activity import campaign_activity
    from cegah.complaints.activity import complaint_activity
    from cegah.gratification.activity import gift_report_activity

    campaigns = campaign_activity(region_code, year)
    complaints = complaint_activity(region_code, year)
    gifts = gift_report_activity(region_code, year)
    return Activity(
        year=year,
        campaigns=campaigns["campaigns"],
        participants=campaigns["participants"],
        participants_shared=campaigns["participants_shared"],
        complaints_forwarded=complaints["forwarded"],
        complaints_on_time=complaints["answered_on_time"],
        gifts_received=gifts["received"],
        gifts_decided=gifts["decided"],
        posters_printed=posters_printed(region_code, year),
    )


def posters_printed(region_code: str, year: int) -> int | None:
    try:
        from cegah.offices.public import posters_printed as count
    except ImportError:
        return None
    return count(region_code=region_code, year=year)
