"""What a government did on the platform in a year, read from each app through its small
`activity` function (aggregate counts only). A module another team is still building is shown
as "—" (None) instead of breaking the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

# The counts are cached per government and year for this long: a count seen on the page may
# lag the platform by at most this, which is fine for figures shown beside yearly scores,
# and the government page then costs a fixed number of queries instead of about nine per year.
CACHE_SECONDS = 300
_CACHE_VERSION = 1


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


def _key(region_code: str, year: int) -> str:
    return f"integrity:activity:{_CACHE_VERSION}:{region_code}:{year}"


def cached_activity(region_code: str, years: list[int]) -> list[Activity]:
    """`platform_activity` for each year, from the cache when counted in the last
    `CACHE_SECONDS` (one cache round trip for all years; only missing years are counted)."""
    keys = {year: _key(region_code, year) for year in years}
    found = cache.get_many(list(keys.values()))
    result = []
    fresh = {}
    for year in years:
        activity = found.get(keys[year])
        if not isinstance(activity, Activity):
            activity = platform_activity(region_code, year)
            fresh[keys[year]] = activity
        result.append(activity)
    if fresh:
        cache.set_many(fresh, CACHE_SECONDS)
    return result
