"""The campaign's numbers, aggregated in SQL: per agency, participants, confirmations per day
and clicks; the same numbers feed the dashboard and `GET /api/v1/campaigns/{id}/stats`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Sum

from cegah.agencies.models import Agency
from cegah.campaigns.models import Campaign, Click, Participant, Share


def campaign_stats(campaign: Campaign, scope: list[Agency] | None = None) -> dict[str, Any]:
    """Per agency: participants, confirmed participants per day, clicks and unique visitors.
    `scope` limits the numbers to some target agencies (a unit head's view)."""
    participants = Participant.objects.filter(campaign=campaign)
    shares = Share.objects.filter(participant__campaign=campaign)
    clicks = Click.objects.filter(participant__campaign=campaign)
    targets = list(campaign.targets.order_by("name"))
    if scope is not None:
        ids = [a.pk for a in scope]
        participants = participants.filter(agency_id__in=ids)
        shares = shares.filter(participant__agency_id__in=ids)
        clicks = clicks.filter(participant__agency_id__in=ids)
        targets = [t for t in targets if t.pk in ids]
    counts = dict(
        participants.values_list("agency_id").annotate(n=Count("id")).values_list("agency_id", "n")
    )
    confirmed: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for agency_id, day, n in (
        shares.values_list("participant__agency_id", "day")
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("participant__agency_id", "day", "n")
    ):
        confirmed[agency_id][day] = n
    click_rows: dict[int, tuple[int, int]] = {
        agency_id: (hits or 0, visitors)
        for agency_id, hits, visitors in clicks.values_list("participant__agency_id")
        .annotate(hits=Sum("hits"), visitors=Count("id"))
        .values_list("participant__agency_id", "hits", "visitors")
    }
    days = campaign.days()
    agencies: list[dict[str, Any]] = []
    for target in targets:
        n = counts.get(target.pk, 0)
        per_day = [
            {
                "day": day,
                "confirmed": confirmed[target.pk].get(day, 0),
                "percent": round(100 * confirmed[target.pk].get(day, 0) / n, 1) if n else 0.0,
            }
            for day in days
        ]
        hits, visitors = click_rows.get(target.pk, (0, 0))
        agencies.append(
            {
                "agency": target,
                "code": target.code,
                "name": target.name,
                "participants": n,
                "days": per_day,
                "clicks": hits,
                "unique_visitors": visitors,
            }
        )
    total = sum(a["participants"] for a in agencies)
    totals: list[dict[str, Any]] = [
        {
            "day": day,
            "confirmed": sum(a["days"][i]["confirmed"] for a in agencies),
        }
        for i, day in enumerate(days)
    ]
    for row in totals:
        row["percent"] = round(100 * row["confirmed"] / total, 1) if total else 0.0
    return {
        "days": days,
        "participants": total,
        "agencies": agencies,
        "totals": totals,
        "clicks": sum(a["clicks"] for a in agencies),
        "unique_visitors": sum(a["unique_visitors"] for a in agencies),
    }


def not_confirmed(campaign: Campaign, scope: list[Agency] | None, day: dt.date) -> Any:
    """Participants with no confirmation on `day`, by agency and name."""
    query = campaign.participants.exclude(shares__day=day).select_related("agency")
    if scope is not None:
        query = query.filter(agency__in=scope)
    # Grouped by agency (its id: an index walk that stops at the page's limit; sorting by the
    # agency's name meant sorting every unconfirmed participant first), then by name.
    return query.order_by("agency_id", "name")


def ranking(numbers: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """Target agencies ranked by their average share of participants who confirmed, over the
    campaign's days up to today (all days once it is over); equal shares share a rank."""
    days = numbers["days"]
    counted = [i for i, day in enumerate(days) if day <= today] or list(range(len(days)))
    rows = []
    for a in numbers["agencies"]:
        shares = [a["days"][i]["percent"] for i in counted]
        rows.append(
            {
                "name": a["name"],
                "participants": a["participants"],
                "percent": round(sum(shares) / len(shares), 1) if shares else 0.0,
                "clicks": a["clicks"],
            }
        )
    rows.sort(key=lambda r: (-r["percent"], r["name"]))
    rank = 0
    previous: float | None = None
    for position, row in enumerate(rows, start=1):
        if row["percent"] != previous:
            rank, previous = position, row["percent"]
        row["rank"] = rank
    return rows


def trend(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    """The whole campaign's share of confirmations day by day, with the change from the day
    before in percentage points."""
    rows = []
    previous: float | None = None
    for total in numbers["totals"]:
        change = None if previous is None else round(total["percent"] - previous, 1)
        rows.append({**total, "change": change})
        previous = total["percent"]
    return rows
