"""The only way views get gratification reports, and who may do what with one.

A report is visible to its reporter, the UPG officers of the reporter's government and KPK's
gratification officers (`GratificationReport.objects.visible_to`); everyone else gets a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import active_memberships
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.gratification.models import (
    Evidence,
    GratificationReport,
    ReportQuerySet,
    ReportStatus,
    is_kpk_gratification_officer,
    upg_governments,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

    Person = User | AnonymousUser


def get_report_for_user(user: Person, pk: int) -> GratificationReport:
    """The report with number `pk` if the person may see it; otherwise a 404."""
    return get_object_or_404(GratificationReport.objects.visible_to(user).with_related(), pk=pk)


def get_evidence(report: GratificationReport, evidence_id: int) -> Evidence:
    """An evidence file of a report the person already reached."""
    return get_object_or_404(report.evidence.all(), pk=evidence_id)


def reporting_agency(user: Person) -> Agency | None:
    """The agency in which the person is a civil servant (the first, if several)."""
    for m in active_memberships(user):
        if m.role == Role.CIVIL_SERVANT:
            return m.agency
    return None


def is_reporter(user: Person, report: GratificationReport) -> bool:
    return user.is_authenticated and report.reporter_id == user.pk


def is_upg_officer_for(user: Person, report: GratificationReport) -> bool:
    """A UPG officer of the reporter's government, for a report sent through the UPG."""
    return report.via_upg and any(g.pk == report.government_id for g in upg_governments(user))


def is_staff_for(user: Person, report: GratificationReport) -> bool:
    """Someone who sees the report for their work (every such view is logged)."""
    return not is_reporter(user, report) and (
        is_kpk_gratification_officer(user) or is_upg_officer_for(user, report)
    )


ACTIONS = {
    "return_by_upg": ("upg", {ReportStatus.AT_UPG}),
    "forward_to_kpk": ("upg", {ReportStatus.AT_UPG}),
    "return_by_kpk": ("kpk", {ReportStatus.AT_KPK, ReportStatus.VERIFIED}),
    "verify": ("kpk", {ReportStatus.AT_KPK}),
    "decide": ("kpk", {ReportStatus.VERIFIED}),
    "handover": ("kpk", {ReportStatus.DECIDED}),
    "mark_letter_sent": ("kpk", {ReportStatus.DECIDED}),
}


def may(user: Person, report: GratificationReport, action: str) -> bool:
    """Whether the person's role allows `action` on the report in its current state. Nobody
    handles their own report: a UPG or KPK officer who received a gift reports it like anyone
    else, and their colleagues review it."""
    who, states = ACTIONS[action]
    if report.status not in states or is_reporter(user, report):
        return False
    if action == "handover" and (not report.decision_is_state_property or report.handover_at):
        return False
    if action == "mark_letter_sent" and report.letter_sent_at is not None:
        return False
    if who == "upg":
        return is_upg_officer_for(user, report)
    return is_kpk_gratification_officer(user)


def allowed_actions(user: Person, report: GratificationReport) -> list[str]:
    return [action for action in ACTIONS if may(user, report, action)]


def upg_inbox(user: Person) -> ReportQuerySet | None:
    """Reports waiting on the person's UPG; None when the person works in no UPG."""
    governments = upg_governments(user)
    if not governments:
        return None
    return GratificationReport.objects.filter(
        government__in=governments, via_upg=True, status=ReportStatus.AT_UPG
    ).exclude(reporter_id=user.pk)


def kpk_inbox(user: Person) -> ReportQuerySet | None:
    """Reports waiting on KPK's gratification directorate (to verify, to decide, or decided
    with the decision letter not yet sent); None for everyone else."""
    if not is_kpk_gratification_officer(user):
        return None
    return GratificationReport.objects.filter(
        Q(status__in=[ReportStatus.AT_KPK, ReportStatus.VERIFIED])
        | Q(status=ReportStatus.DECIDED, letter_sent_at__isnull=True)
    ).exclude(reporter_id=user.pk)


def get_government(code: str) -> Agency:
    """A government (or national body) by its code, for the public statistics; else a 404."""
    return get_object_or_404(Agency.objects.active().exclude(type=AgencyType.UNIT), code=code)


def get_decree(digest: str) -> GratificationReport:
    """The decided report whose decision letter carries this hash (64 lowercase hex digits),
    for the public verification page; else a 404."""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise Http404
    return get_object_or_404(
        GratificationReport.objects.select_related("agency").exclude(decree_hash=""),
        decree_hash=digest,
        status=ReportStatus.DECIDED,
    )
