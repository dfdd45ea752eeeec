"""Gratification in a person's workspace: the UPG's and KPK's inboxes and one's own reports."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, register, watch
from cegah.gratification import access
from cegah.gratification.models import (
    KPK_STATUSES,
    RETURNED_STATUSES,
    GratificationReport,
    ReportStatus,
)

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("gratification.GratificationReport")


@register(30)
def upg_inbox(user: User) -> Iterator[Entry]:
    """Reports waiting on the person's gratification unit, with the earliest forwarding date."""
    reports = access.upg_inbox(user)
    if reports is None:
        return
    found = reports.aggregate(waiting=Count("pk"), deadline=Min("upg_forward_by"))
    yield Entry(
        key="gratification-upg",
        label=_("Gratification reports waiting on the UPG"),
        description=_(
            "Check the reports of your government's civil servants and forward them to KPK."
        ),
        url=reverse("gratification:upg_inbox"),
        waiting=found["waiting"],
        deadline=found["deadline"],
    )


@register(40)
def kpk_inbox(user: User) -> Iterator[Entry]:
    """Reports waiting on KPK: to verify and decide, or a decision letter to send."""
    reports = access.kpk_inbox(user)
    if reports is None:
        return
    found = reports.aggregate(
        waiting=Count("pk"),
        decide_by=Min("decide_by", filter=Q(status__in=KPK_STATUSES)),
        letter_due=Min("letter_due", filter=Q(status=ReportStatus.DECIDED)),
    )
    yield Entry(
        key="gratification-kpk",
        label=_("Gratification reports waiting on KPK"),
        description=_("Verify and decide gratification reports and send the decision letters."),
        url=reverse("gratification:kpk_inbox"),
        waiting=found["waiting"],
        deadline=min(filter(None, [found["decide_by"], found["letter_due"]]), default=None),
    )


@register(50)
def my_reports(user: User) -> Iterator[Entry]:
    """A civil servant's own reports; what waits on them are drafts and returned reports."""
    if access.reporting_agency(user) is None:
        return
    found = GratificationReport.objects.filter(reporter_id=user.pk).aggregate(
        waiting=Count("pk", filter=Q(status=ReportStatus.DRAFT) | Q(status__in=RETURNED_STATUSES)),
        complete_by=Min("complete_by", filter=Q(status__in=RETURNED_STATUSES)),
        report_by=Min("deadline", filter=Q(status=ReportStatus.DRAFT)),
    )
    yield Entry(
        key="gratification-mine",
        label=_("My gratification reports"),
        description=_(
            "Your drafts, the reports returned to you for completion, and KPK's decisions."
        ),
        url=reverse("gratification:report_list"),
        waiting=found["waiting"],
        deadline=min(filter(None, [found["complete_by"], found["report_by"]]), default=None),
    )
