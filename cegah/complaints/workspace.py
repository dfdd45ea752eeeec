"""The complaint inboxes in a person's workspace: KPK's verifiers and an agency's handlers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.complaints import access
from cegah.complaints.models import AGENCY_STATUSES, VERIFIER_STATUSES, Complaint, Status
from cegah.core.workspace import Entry, register, watch

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("complaints.Complaint")


@register(10)
def verifier_inbox(user: User) -> Iterator[Entry]:
    """Complaints waiting on KPK's verifiers, with the earliest verification deadline."""
    if not access.is_verifier(user):
        return
    found = (
        access.verifier_queue()
        .filter(status__in=VERIFIER_STATUSES)
        .aggregate(waiting=Count("pk"), deadline=Min("verify_by"))
    )
    yield Entry(
        key="complaints-verifier",
        label=_("Complaints to verify"),
        description=_("Check new complaints, ask for information and forward them."),
        url=reverse("complaints:verifier_inbox"),
        waiting=found["waiting"],
        deadline=found["deadline"],
    )


@register(20)
def agency_inbox(user: User) -> Iterator[Entry]:
    """Complaints waiting on the person's agencies (first response or resolution due)."""
    if access.handled_units(user) is None:
        return
    found = (
        Complaint.objects.for_agency_staff(user)
        .filter(status__in=AGENCY_STATUSES)
        .aggregate(
            waiting=Count("pk"),
            resolve_by=Min("resolve_by"),
            respond_by=Min(
                "first_response_by",
                filter=Q(status=Status.FORWARDED, first_response_at__isnull=True),
            ),
        )
    )
    yield Entry(
        key="complaints-agency",
        label=_("Complaints for my agency"),
        description=_("Answer and resolve the complaints forwarded to your agency."),
        url=reverse("complaints:agency_inbox"),
        waiting=found["waiting"],
        deadline=min(filter(None, [found["resolve_by"], found["respond_by"]]), default=None),
    )
