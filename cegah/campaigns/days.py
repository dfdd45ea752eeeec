"""Pages of one campaign day: the organiser plans its materials with the item picker, and
the public sees a day's materials (where participants' short links lead)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cegah.campaigns import access, actions
from cegah.campaigns.forms import ScheduleDayForm, day_label
from cegah.campaigns.material import day_materials, public_day, schedule
from cegah.campaigns.models import MAX_ITEMS_PER_DAY, Campaign, ScheduleDay, Status
from cegah.library.models import Kind, LibraryItem
from cegah.library.picker import picker_groups


def _day_of(campaign: Campaign, raw: str) -> dt.date:
    """The campaign day named in the address; a 404 for anything else."""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise Http404 from exc
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise Http404
    return day


def _checked(form: ScheduleDayForm, current: ScheduleDay | None) -> list[LibraryItem]:
    """What the picker shows ticked: what was just sent, else what the day carries."""
    if not form.is_bound:
        return current.ordered_items() if current is not None else []
    sent = [v for v in cast(QueryDict, form.data).getlist("items") if v.isdigit()]
    field = form.fields["items"]
    found = {str(i.pk): i for i in field.queryset.filter(pk__in=sent).for_listing()}  # type: ignore[attr-defined]
    return [found[v] for v in dict.fromkeys(sent) if v in found]


@login_required
@require_http_methods(["GET", "POST"])
def schedule_day(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """Plan one day: tick one or more materials in the picker (previews and kinds; the
    agency's own, adopted and national items; a search narrows it) and write the caption."""
    campaign = access.get_campaign_for_manager(request.user, pk)
    date = _day_of(campaign, day)
    current = campaign.schedule.with_items().filter(day=date).first()
    if request.method == "POST":
        form = ScheduleDayForm(request.POST, campaign=campaign, current=current)
        if form.is_valid():
            try:
                actions.set_schedule_day(
                    actor=request.user,  # type: ignore[arg-type]
                    campaign=campaign,
                    day=date,
                    items=form.cleaned_data["items"],
                    caption=form.cleaned_data["caption"],
                )
            except actions.CampaignError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("The materials for %(day)s are saved.") % {"day": day_label(date)},
                )
                return redirect(reverse("campaigns:detail", args=[campaign.pk]) + "#schedule")
    else:
        form = ScheduleDayForm(
            campaign=campaign,
            current=current,
            initial={
                "day": date.isoformat(),
                "caption": current.caption if current is not None else "",
            },
        )
    search = request.GET.get("cari", "").strip()[:100]
    kind = request.GET.get("jenis", "")
    chosen = _checked(form, current)
    context: dict[str, Any] = {
        "campaign": campaign,
        "day": date,
        "day_label": day_label(date),
        "current": current,
        "form": form,
        "groups": picker_groups(campaign.organiser, chosen=chosen, search=search, kind=kind),
        "search": search,
        "kind": kind if kind in Kind.values else "",
        "kinds": Kind.choices,
        "max_items": MAX_ITEMS_PER_DAY,
        "finished": campaign.status == Status.FINISHED,
    }
    status = 400 if form.is_bound else 200
    return render(request, "campaigns/schedule_day.html", context, status=status)


def _public_campaign(pk: int) -> Campaign:
    """A campaign the public may see: any but a draft."""
    return get_object_or_404(
        Campaign.objects.exclude(status=Status.DRAFT).select_related("organiser"), pk=pk
    )


def public_context(campaign: Campaign, day: dt.date | None = None) -> dict[str, Any]:
    """What the public pages show of the schedule: one day's materials (the named day, else
    today's or the latest so far) and the days reached so far, to move between them.
    Days still to come stay unseen."""
    today = campaign.today()
    days = [d for d in schedule(campaign) if d.day <= today]
    if day is None:
        entry = public_day(days, today)
    else:
        entry = next((d for d in days if d.day == day), None)
    return {
        "entry": entry,
        "materials": day_materials(entry) if entry is not None else [],
        "days": days,
        "today": today,
    }


def day_page(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """The public page of one campaign day reached so far: its materials and caption."""
    campaign = _public_campaign(pk)
    date = _day_of(campaign, day)
    context = public_context(campaign, date)
    if context["entry"] is None:
        raise Http404
    return render(request, "campaigns/day.html", {"campaign": campaign, **context})
