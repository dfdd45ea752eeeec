"""Campaign pages: the organiser's staff pages, the participant's personal page, the public
landing page and the short links."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.campaigns import access, actions, days, importing, material, report, stats
from cegah.campaigns.calendar import campaign_feed
from cegah.campaigns.forms import (
    CampaignForm,
    ImportForm,
    ReminderForm,
    ScheduleDayForm,
    ShareForm,
)
from cegah.campaigns.models import Campaign, Participant, ScheduleDay, Status
from cegah.lib.clientip import client_ip
from cegah.lib.pdf import pdf_response
from cegah.messaging.telegram import start_link

# Staff pages


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns the person manages, and national campaigns their government may join."""
    managed = Campaign.objects.managed_by(request.user).select_related("organiser")
    organisers = access.managing_agencies(request.user)
    governments = access.joining_governments(request.user)
    joinable = (
        Campaign.objects.joinable().exclude(copies__organiser__in=governments)
        if governments
        else Campaign.objects.none()
    )
    if not organisers:
        # A KPK officer who runs no campaign still follows everyone's: their door is the
        # national overview, not a 404.
        if access.may_see_national_overview(request.user):
            return redirect("campaigns:national")
        raise Http404
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": managed,
            "joinable": joinable.select_related("organiser"),
            "national_overview": access.may_see_national_overview(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    organisers = access.managing_agencies(request.user)
    if not organisers:
        raise Http404
    form = CampaignForm(request.POST or None, request.FILES or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign, _created = actions.create_campaign(
                actor=request.user,  # type: ignore[arg-type]
                organiser=data["organiser"],
                targets=data["targets"],
                circular=form.circular,
                form_token=data["form_token"] or None,
                channels=data["channels"],
                groups=data["groups"],
                reminder_channels=data["reminder_channels"],
                **{name: data[name] for name in CampaignForm.Meta.fields},
            )
        except actions.CampaignError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The campaign is saved as a draft."))
            return redirect(campaign)
    return render(request, "campaigns/form.html", {"form": form, "campaign": None})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    form = CampaignForm(
        request.POST or None, request.FILES or None, instance=campaign, organisers=[]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_campaign(
                actor=request.user,  # type: ignore[arg-type]
                campaign=campaign,
                targets=data["targets"],
                circular=form.circular,
                channels=data["channels"],
                groups=data["groups"],
                reminder_channels=data["reminder_channels"],
                **{name: data[name] for name in CampaignForm.Meta.fields},
            )
        except actions.CampaignError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(campaign)
    return render(request, "campaigns/form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    planned = {s.day: s for s in campaign.schedule.with_items()}
    context = {
        "campaign": campaign,
        "plan": [(d, planned.get(d)) for d in campaign.days()],
        "targets": campaign.target_rows.select_related("agency").order_by("agency__name"),
        "participant_count": campaign.participants.count(),
        "events": campaign.events.select_related("actor").order_by("-created_at")[:20],
        "transitions": [
            name
            for name, (sources, _t, _k) in actions.TRANSITIONS.items()
            if campaign.status in sources
        ],
    }
    return render(request, "campaigns/detail.html", context)


@login_required
@require_POST
def schedule_set(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    form = ScheduleDayForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            actions.set_schedule_day(
                actor=request.user,  # type: ignore[arg-type]
                campaign=campaign,
                day=dt.date.fromisoformat(form.cleaned_data["day"]),
                items=form.cleaned_data["items"],
                caption=form.cleaned_data["caption"],
            )
        except actions.CampaignError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The schedule is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(campaign)


@login_required
@require_POST
def schedule_remove(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    try:
        actions.remove_schedule_day(
            actor=request.user,  # type: ignore[arg-type]
            campaign=campaign,
            day=dt.date.fromisoformat(day),
        )
    except (actions.CampaignError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect(campaign)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    if name not in actions.TRANSITIONS:
        raise Http404
    try:
        actions.change_status(actor=request.user, campaign=campaign, transition=name)  # type: ignore[arg-type]
    except actions.CampaignError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The campaign's status is changed."))
    return redirect(campaign)


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager of a regional government joins a national campaign with their own copy."""
    governments = access.joining_governments(request.user)
    campaign = get_object_or_404(Campaign.objects.joinable(), pk=pk)
    wanted = request.POST.get("agency")
    agency = next((g for g in governments if str(g.pk) == wanted), None) or (
        governments[0] if len(governments) == 1 else None
    )
    if agency is None:
        raise Http404
    try:
        copy = actions.join_campaign(actor=request.user, campaign=campaign, agency=agency)  # type: ignore[arg-type]
    except actions.CampaignError as exc:
        messages.error(request, exc.message)
        return redirect("campaigns:list")
    messages.success(request, _("Your government joined; adjust your copy of the schedule."))
    return redirect(copy)


@login_required
@require_POST
def participants_from_accounts(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_manager(request.user, pk)
    try:
        added = actions.add_participants_from_accounts(actor=request.user, campaign=campaign)  # type: ignore[arg-type]
    except actions.CampaignError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(count)s participants added from accounts.") % {"count": added}
        )
    return redirect(campaign)


@login_required
@require_http_methods(["GET", "POST"])
def participants_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a CSV or XLSX list: first a check (the report of every bad row), then the import."""
    campaign = access.get_campaign_for_manager(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    counts = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.check_file(campaign, upload, upload.name)
        if report.ok and not form.cleaned_data["dry_run"]:
            try:
                counts = actions.import_participants(
                    actor=request.user,  # type: ignore[arg-type]
                    campaign=campaign,
                    report=report,
                )
            except actions.CampaignError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(created)s participants added, %(updated)s updated.") % counts,
                )
                return redirect(campaign)
    context = {
        "campaign": campaign,
        "form": form,
        "report": report,
        "errors": report.errors[:1000] if report else [],
        "counts": counts,
    }
    status = 422 if report is not None and not report.ok else 200
    return render(request, "campaigns/import.html", context, status=status)


@login_required
def participant_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Every participant's personal link as CSV, for the organiser to send out (logged)."""
    campaign = access.get_campaign_for_manager(request.user, pk)
    log_access(
        actor=request.user,
        obj=campaign,
        kind=AccessKind.EXPORT,
        agency=campaign.organiser,
        reason="participant links",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kampanye-{campaign.pk}-tautan.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("NIP"),
            _("Name"),
            _("Unit code"),
            _("Phone"),
            _("Email"),
            _("Personal link"),
            _("Short link"),
        ]
    )
    rows = campaign.participants.select_related("agency").order_by("agency__code", "name")
    for p in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                p.nip,
                p.name,
                p.agency.code,
                p.phone,
                p.email,
                request.build_absolute_uri(personal_url(p)),
                request.build_absolute_uri(reverse("short:follow", args=[p.code])),
            ]
        )
    return response


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Participation per agency per day and who has not confirmed; a unit head sees the unit,
    KPK every agency's numbers but nobody's name."""
    campaign, view = access.get_dashboard(request.user, pk)
    scope = view.agencies
    numbers = stats.campaign_stats(campaign, scope)
    missing_day = _day_param(request, campaign)
    missing = (
        stats.not_confirmed(campaign, scope, missing_day)[:500]
        if missing_day and view.people
        else []
    )
    today = campaign.today()
    reminders_today = (
        stats.reminder_counts(campaign, scope, today)
        if campaign.reminder_time is not None and campaign.starts_on <= today <= campaign.ends_on
        else None
    )
    log_access(
        actor=request.user,
        obj=campaign,
        agency=campaign.organiser,
        reason="campaign dashboard",
    )
    return render(
        request,
        "campaigns/dashboard.html",
        {
            "campaign": campaign,
            "numbers": numbers,
            "ranking": stats.ranking(numbers),
            "unranked": stats.unranked(numbers),
            "trend": stats.trend(numbers),
            "scope": scope,
            "people": view.people,
            "missing_day": missing_day,
            "missing": missing,
            "reminders_today": reminders_today,
        },
    )


@login_required
def national(request: HttpRequest) -> HttpResponse:
    """KPK's overview of every published or running campaign in the country: numbers only."""
    access.require_national_overview(request.user)
    search = request.GET.get("q", "").strip()[:100]
    overview = stats.national_overview(search)
    page = Paginator(overview["rows"], 50).get_page(request.GET.get("page"))
    context = {"overview": overview, "page": page, "search": search}
    return render(request, "campaigns/national.html", context)


def _report(request: HttpRequest, pk: int, kind: str) -> tuple[Campaign, Any, dict[str, Any]]:
    """The campaign, the viewer's scope and the report's numbers; the export is logged."""
    campaign, scope = access.get_campaign_for_dashboard(request.user, pk)
    log_access(
        actor=request.user,
        obj=campaign,
        kind=AccessKind.EXPORT,
        agency=campaign.organiser,
        reason=f"campaign report ({kind})",
    )
    return campaign, scope, report.report_numbers(campaign, scope)


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report "Laporan Pelaksanaan Kampanye" as a spreadsheet; a unit head gets the unit's."""
    campaign, scope, numbers = _report(request, pk, "xlsx")
    response = HttpResponse(
        report.xlsx_bytes(campaign, numbers, scope),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = report.filename(campaign, scope, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report "Laporan Pelaksanaan Kampanye" as PDF with a chart; a unit head gets the unit's."""
    campaign, scope, numbers = _report(request, pk, "pdf")
    context = report.pdf_context(campaign, scope, numbers)
    return pdf_response(
        request, "campaigns/pdf/report.html", context, report.filename(campaign, scope, "pdf")
    )


def _day_param(request: HttpRequest, campaign: Campaign) -> dt.date | None:
    raw = request.GET.get("hari", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else min(campaign.today(), campaign.ends_on)
    except ValueError:
        return None
    # A day not reached yet has nobody who "has not confirmed": it has not happened.
    return day if campaign.starts_on <= day <= min(campaign.ends_on, campaign.today()) else None


# The participant's personal page


def personal_url(participant: Participant) -> str:
    return reverse("campaigns:personal", args=[access.personal_token(participant)])


def _today_entry(campaign: Campaign) -> tuple[ScheduleDay | None, ScheduleDay | None]:
    """Today's materials, and the next day's when there are none today."""
    return material.today_and_next(material.schedule(campaign), campaign.today())


def share_text(request: HttpRequest, entry: ScheduleDay, participant: Participant) -> str:
    """The day's caption with the participant's own short link."""
    link = request.build_absolute_uri(reverse("short:follow", args=[participant.code]))
    return f"{entry.caption.strip()}\n\n{link}"


@never_cache
@require_http_methods(["GET", "POST"])
def personal(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's page behind their signed link: today's material in the story format,
    one-tap sharing, the caption to copy and "Sudah saya bagikan"."""
    try:
        participant = access.get_participant_by_token(token)
    except access.LinkClosed:
        return render(request, "campaigns/closed.html", status=410)
    campaign = participant.campaign
    entry, upcoming = _today_entry(campaign)
    form = None
    if entry is not None:
        form = ShareForm(
            request.POST or None,
            request.FILES or None,
            campaign=campaign,
            initial={"day": entry.day},
        )
        if request.method == "POST" and form.is_valid():
            try:
                _share, created = actions.confirm_share(
                    participant=participant,
                    day=form.cleaned_data["day"],
                    channel=form.cleaned_data["channel"],
                    proof_url=form.cleaned_data["proof_url"],
                    proof=form.proof_clean,
                )
            except actions.CampaignError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Thank you! Your share is recorded.")
                    if created
                    else _("You had already confirmed this; it is recorded once."),
                )
                return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("There is nothing to share today."))
        return redirect(request.path)
    # The participant's own record: what they confirmed each day so far, and the clicks.
    shares = list(participant.shares.order_by("day", "channel"))
    today = campaign.today()
    context: dict[str, Any] = {
        "participant": participant,
        "campaign": campaign,
        "entry": entry,
        "upcoming": upcoming,
        "form": form,
        "shares": [s for s in shares if entry is not None and s.day == entry.day],
        "history": [
            {"day": day, "shares": [s for s in shares if s.day == day]}
            for day in campaign.days()
            if day <= today
        ],
        "clicks": participant.clicks.aggregate(total=Sum("hits"))["total"] or 0,
        **_reminder_context(participant),
    }
    if entry is not None:
        text = share_text(request, entry, participant)
        context.update(
            text=text,
            whatsapp_url="https://wa.me/?text=" + quote(text, safe=""),
            materials=material.day_materials(entry),
        )
    status = 400 if form is not None and form.errors else 200
    return render(request, "campaigns/personal.html", context, status=status)


def _reminder_context(participant: Participant) -> dict[str, Any]:
    """The "Pengingat" part of the personal page: the choice of channel, and the link that
    connects Telegram when the campaign reminds through it and the bot is configured."""
    campaign = participant.campaign
    if campaign.reminder_time is None:
        return {"reminder_form": None, "telegram_url": "", "token": ""}
    bot = settings.TELEGRAM_BOT_USERNAME
    telegram_url = (
        start_link(bot, access.telegram_payload(participant))
        if bot and "telegram" in campaign.reminder_channels
        else ""
    )
    return {
        "reminder_form": ReminderForm(participant=participant),
        "telegram_url": telegram_url,
        "token": access.personal_token(participant),
    }


@require_POST
def personal_reminders(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's choice of how to be reminded, then back to their page."""
    try:
        participant = access.get_participant_by_token(token)
    except access.LinkClosed:
        return render(request, "campaigns/closed.html", status=410)
    form = ReminderForm(request.POST, participant=participant)
    if form.is_valid():
        try:
            actions.set_reminder_channel(
                participant=participant, channel=form.cleaned_data["remind_via"]
            )
        except actions.CampaignError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your reminder choice is saved."))
    else:
        messages.error(request, _("Choose one of the options."))
    return redirect(personal_url(participant))


# Public


def landing(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's public page, where short links lead when no other page is set."""
    campaign = get_object_or_404(
        Campaign.objects.exclude(status=Status.DRAFT).select_related("organiser"), pk=pk
    )
    context = {"campaign": campaign, **days.public_context(campaign)}
    return render(request, "campaigns/landing.html", context)


def landing_url(request: HttpRequest, campaign: Campaign) -> str:
    """Where the campaign's links lead, absolute."""
    return campaign.landing_url or request.build_absolute_uri(
        reverse("campaigns:landing", args=[campaign.pk])
    )


def calendar_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule as an iCalendar feed, public once the campaign is published."""
    campaign = get_object_or_404(
        Campaign.objects.exclude(status=Status.DRAFT).select_related("organiser"), pk=pk
    )
    body = campaign_feed(campaign, landing_url(request, campaign))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kampanye-{campaign.pk}.ics"'
    # Calendar apps poll the feed: caches may keep it a quarter hour, and a poll of an
    # unchanged feed gets a 304. DTSTAMP (the moment of writing) is left out of the ETag.
    content = "".join(line for line in body.splitlines(True) if not line.startswith("DTSTAMP"))
    etag = quote_etag(hashlib.sha256(content.encode()).hexdigest()[:32])
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=900"
    return get_conditional_response(request, etag=etag, response=response) or response


def follow(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's short link: count the visit (no IP stored) and go to the landing page."""
    participant = access.get_participant_by_code(code)
    campaign = participant.campaign
    actions.record_click(
        participant=participant,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
    )
    target = campaign.landing_url or reverse("campaigns:landing", args=[campaign.pk])
    response = redirect(target)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
