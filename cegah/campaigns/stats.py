"""The campaign's numbers, aggregated in SQL: per agency, participants, confirmations per day
and clicks; the same numbers feed the dashboard, the report and `GET /api/v1/campaigns/{id}/stats`.

The numbers tell only what happened: a day after today (in the organiser's zone) is marked
`reached=False` and is shown as "not yet", never as 0 confirmed or as a fall; an agency
without participants has no share and is not ranked."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from cegah.agencies.models import Agency
from cegah.campaigns.models import (
    Campaign,
    CampaignTarget,
    Click,
    Participant,
    Reminder,
    ReminderStatus,
    Share,
    Status,
)

# Campaigns the national overview follows: announced or under way.
ACTIVE = (Status.PUBLISHED, Status.RUNNING)


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
    _add_joined_copies(campaign, targets, counts, confirmed, click_rows)
    days = campaign.days()
    today = campaign.today()
    agencies: list[dict[str, Any]] = []
    for target in targets:
        n = counts.get(target.pk, 0)
        per_day = [
            {
                "day": day,
                "confirmed": confirmed[target.pk].get(day, 0),
                "percent": round(100 * confirmed[target.pk].get(day, 0) / n, 1) if n else 0.0,
                "not_confirmed": n - confirmed[target.pk].get(day, 0),
                "reached": day <= today,
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
            "reached": day <= today,
        }
        for i, day in enumerate(days)
    ]
    for row in totals:
        row["percent"] = round(100 * row["confirmed"] / total, 1) if total else 0.0
        row["not_confirmed"] = total - row["confirmed"]
    return {
        "today": today,
        "days": days,
        "reached_days": [day for day in days if day <= today],
        "participants": total,
        "agencies": agencies,
        "totals": totals,
        "clicks": sum(a["clicks"] for a in agencies),
        "unique_visitors": sum(a["unique_visitors"] for a in agencies),
    }


def _add_joined_copies(
    campaign: Campaign,
    targets: list[Agency],
    counts: dict[int, int],
    confirmed: dict[int, dict[dt.date, int]],
    click_rows: dict[int, tuple[int, int]],
) -> None:
    """A government that joined a national campaign runs its own copy, where its people are:
    its row in the national numbers is the sum over the copy (all its units), so KPK sees how
    each government does without seeing anyone's name. One query tells whether any copy
    exists; campaigns without copies (all regional ones) pay nothing more."""
    copies = dict(
        Campaign.objects.filter(parent=campaign, organiser__in=targets).values_list(
            "pk", "organiser_id"
        )
    )
    if not copies:
        return
    organiser = Case(
        *(When(campaign_id=pk, then=Value(agency_id)) for pk, agency_id in copies.items()),
        output_field=IntegerField(),
    )
    people = Participant.objects.filter(campaign_id__in=copies)
    for agency_id, n in (
        people.annotate(government=organiser)
        .values_list("government")
        .annotate(n=Count("id"))
        .values_list("government", "n")
    ):
        counts[agency_id] = counts.get(agency_id, 0) + n
    share_organiser = Case(
        *(
            When(participant__campaign_id=pk, then=Value(agency_id))
            for pk, agency_id in copies.items()
        ),
        output_field=IntegerField(),
    )
    for agency_id, day, n in (
        Share.objects.filter(participant__campaign_id__in=copies)
        .annotate(government=share_organiser)
        .values_list("government", "day")
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("government", "day", "n")
    ):
        confirmed[agency_id][day] = confirmed[agency_id].get(day, 0) + n
    for agency_id, hits, visitors in (
        Click.objects.filter(participant__campaign_id__in=copies)
        .annotate(government=share_organiser)
        .values_list("government")
        .annotate(hits=Sum("hits"), visitors=Count("id"))
        .values_list("government", "hits", "visitors")
    ):
        old_hits, old_visitors = click_rows.get(agency_id, (0, 0))
        click_rows[agency_id] = (old_hits + (hits or 0), old_visitors + visitors)


def reminder_counts(campaign: Campaign, scope: list[Agency] | None, day: dt.date) -> dict[str, int]:
    """How the day's reminders went: sent, failed, still planned (waiting or retrying) and
    skipped. One grouped query over the rows the planner reads anyway."""
    rows = Reminder.objects.filter(campaign=campaign, day=day)
    if scope is not None:
        rows = rows.filter(participant__agency__in=scope)
    counts = {status: 0 for status in ReminderStatus.values}
    for status, n in rows.values_list("status").annotate(n=Count("id")).values_list("status", "n"):
        counts[status] = n
    return counts


def not_confirmed(campaign: Campaign, scope: list[Agency] | None, day: dt.date) -> Any:
    """Participants with no confirmation on `day`, by agency and name."""
    query = campaign.participants.exclude(shares__day=day).select_related("agency")
    if scope is not None:
        query = query.filter(agency__in=scope)
    # Grouped by agency (its id: an index walk that stops at the page's limit; sorting by the
    # agency's name meant sorting every unconfirmed participant first), then by name.
    return query.order_by("agency_id", "name")


def ranking(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    """Target agencies with participants, ranked by their average share of participants who
    confirmed over the days reached so far; equal shares share a rank. Empty before the
    first day. An agency without participants has no share to rank (see `unranked`)."""
    counted = [i for i, d in enumerate(numbers["totals"]) if d["reached"]]
    if not counted:
        return []
    last = counted[-1]
    rows = []
    for a in numbers["agencies"]:
        if not a["participants"]:
            continue
        shares = [a["days"][i]["percent"] for i in counted]
        rows.append(
            {
                "name": a["name"],
                "code": a["code"],
                "participants": a["participants"],
                "percent": round(sum(shares) / len(shares), 1),
                "not_confirmed": a["days"][last]["not_confirmed"],
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


def unranked(numbers: dict[str, Any]) -> list[str]:
    """The names of target agencies without participants: nothing to rank them by."""
    return [a["name"] for a in numbers["agencies"] if not a["participants"]]


def last_reached_day(numbers: dict[str, Any]) -> dt.date | None:
    """The latest campaign day reached so far (today while it runs), None before it starts."""
    reached: list[dt.date] = numbers["reached_days"]
    return reached[-1] if reached else None


def trend(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    """The whole campaign's share of confirmations day by day, with the change from the day
    before in percentage points; a day not reached yet has neither."""
    rows = []
    previous: float | None = None
    for total in numbers["totals"]:
        if not total["reached"]:
            rows.append({**total, "change": None})
            continue
        change = None if previous is None else round(total["percent"] - previous, 1)
        rows.append({**total, "change": change})
        previous = total["percent"]
    return rows


def national_overview(search: str = "") -> dict[str, Any]:
    """Every published or running campaign in the country with its own numbers, for KPK:
    target agencies, participants, how many confirmed on the campaign's current day (in its
    organiser's zone) and the average share over its days so far. A government's copy of a
    national campaign is its own row (its people are in the copy), so nobody is counted
    twice. Aggregates only, in three grouped queries whatever the number of campaigns."""
    active = Campaign.objects.filter(status__in=ACTIVE)
    if search:
        active = active.filter(Q(title__icontains=search) | Q(organiser__name__icontains=search))
    campaigns = list(
        active.select_related("organiser", "parent").order_by("organiser__name", "starts_on", "pk")
    )
    people = dict(
        Participant.objects.filter(campaign__in=active)
        .values_list("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    targets = dict(
        CampaignTarget.objects.filter(campaign__in=active)
        .values_list("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    confirmed: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for campaign_id, day, n in (
        Share.objects.filter(participant__campaign__in=active)
        .values_list("participant__campaign_id", "day")
        .annotate(n=Count("participant_id", distinct=True))
        .values_list("participant__campaign_id", "day", "n")
    ):
        confirmed[campaign_id][day] = n
    rows = []
    for campaign in campaigns:
        today = campaign.today()
        n = people.get(campaign.pk, 0)
        days = campaign.days()
        reached = [d for d in days if d <= today]
        mine = confirmed[campaign.pk]
        current = reached[-1] if reached else None
        today_confirmed = mine.get(current, 0) if current else None
        rows.append(
            {
                "campaign": campaign,
                "organiser": campaign.organiser.name,
                "targets": targets.get(campaign.pk, 0),
                "participants": n,
                "days": len(days),
                "day_number": len(reached),
                "current_day": current,
                "running": current is not None and today <= campaign.ends_on,
                "confirmed": today_confirmed,
                "percent": round(100 * today_confirmed / n, 1)
                if n and today_confirmed is not None
                else None,
                "average": round(sum(100 * mine.get(d, 0) / n for d in reached) / len(reached), 1)
                if n and reached
                else None,
            }
        )
    running = [r for r in rows if r["running"]]
    return {
        "rows": rows,
        "campaigns": len(rows),
        "running": len(running),
        "organisers": len({c.organiser_id for c in campaigns}),
        "participants": sum(r["participants"] for r in rows),
        "confirmed": sum(r["confirmed"] or 0 for r in running),
    }


def active_campaign_count() -> int:
    """How many campaigns are published or running in the country (the workspace's count)."""
    return Campaign.objects.filter(status__in=ACTIVE).count()
