"""Who took part, person by person, as CSV: the list a unit head or the Inspektorat works from.

The dashboard shows at most 500 people who have not confirmed on one day; this file holds
everyone in the viewer's scope (the whole campaign for its managers, the units a unit head
heads), one row a person: NIP, name, unit, group, then one column per campaign day with the
channels the person said they shared on (empty: not confirmed), the number of days
confirmed and the clicks on their short link. Streamed, with three queries whatever the size;
every download is logged as an export of personal data.

The participant template (`participant_template`) is the other way round: the empty list to
fill in, with the campaign's unit codes, for its managers.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext

from cegah.agencies.models import Agency
from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.campaigns import access, importing
from cegah.campaigns.models import Campaign, Click, Participant, Share

BATCH = 2000


class _Echo:
    """A file-like object whose `write` returns the line, for streaming `csv.writer`."""

    def write(self, value: str) -> str:
        return value


def participation_rows(campaign: Campaign, scope: list[Agency] | None) -> Iterator[list[Any]]:
    """The header, then one row per participant in the scope, ordered by unit and name.

    The header is translated now, in the request's language, not when the response streams.
    """
    days = campaign.days()
    header = [
        gettext("NIP"),
        gettext("Name"),
        gettext("Unit code"),
        gettext("Unit name"),
        gettext("Group"),
        *(day.isoformat() for day in days),
        gettext("Days confirmed"),
        gettext("Clicks"),
    ]
    return itertools.chain([header], _participant_rows(campaign, scope, days))


def _participant_rows(
    campaign: Campaign, scope: list[Agency] | None, days: list[dt.date]
) -> Iterator[list[Any]]:
    people = Participant.objects.filter(campaign=campaign)
    if scope is not None:
        people = people.filter(agency__in=scope)
    shared: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for participant_id, day, channel in (
        Share.objects.filter(participant__in=people.values("pk"))
        .order_by("participant_id", "day", "channel")
        .values_list("participant_id", "day", "channel")
        .iterator(chunk_size=BATCH)
    ):
        shared[participant_id][day.isoformat()].append(channel)
    clicks = dict(
        Click.objects.filter(participant__in=people.values("pk"))
        .values("participant_id")
        .annotate(total=Sum("hits"))
        .values_list("participant_id", "total")
    )
    rows = people.order_by("agency__code", "name", "pk").values_list(
        "pk", "nip", "name", "agency__code", "agency__name", "group"
    )
    for pk, nip, name, unit_code, unit_name, group in rows.iterator(chunk_size=BATCH):
        mine = shared.get(pk, {})
        per_day = [" ".join(mine.get(day.isoformat(), [])) for day in days]
        yield [
            nip,
            name,
            unit_code,
            unit_name,
            group,
            *per_day,
            sum(1 for cell in per_day if cell),
            clicks.get(pk, 0),
        ]


@login_required
def participation_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Everyone in the viewer's scope with what they confirmed each day (logged)."""
    campaign, scope = access.get_campaign_for_people(request.user, pk)
    log_access(
        actor=request.user,
        obj=campaign,
        kind=AccessKind.EXPORT,
        agency=campaign.organiser,
        reason="participation per person"
        + (" (" + ", ".join(a.code for a in scope) + ")" if scope else ""),
    )
    writer = csv.writer(_Echo())
    # A byte-order mark so that spreadsheet programs read the names as UTF-8.
    lines = (writer.writerow(row) for row in participation_rows(campaign, scope))
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    suffix = "-" + "-".join(a.code for a in scope) if scope else ""
    response["Content-Disposition"] = (
        f'attachment; filename="kampanye-{campaign.pk}-partisipasi{suffix}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _with_bom(lines: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"
    yield from lines


@login_required
def participant_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant list to fill in (XLSX, NIP column as text), for the campaign's managers.
    It holds the campaign's unit codes and names, nobody's personal data."""
    campaign = access.get_campaign_for_manager(request.user, pk)
    response = HttpResponse(
        importing.template_xlsx(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kampanye-{campaign.pk}-templat-peserta.xlsx"'
    )
    return response
