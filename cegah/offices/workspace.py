"""Service offices in a person's workspace: for those who manage an agency's offices, the
import and the counter posters, with the poster files being made."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.accounts.access import agencies_with_role, is_kpk_officer
from cegah.core.workspace import Entry, Link, register, watch
from cegah.offices.access import ROLES, managed_agencies
from cegah.offices.models import PosterBatch

if TYPE_CHECKING:
    from cegah.accounts.models import User

watch("offices.PosterBatch")


@register(120)
def offices(user: User) -> Iterator[Entry]:
    """Poster files still being made for the person's agencies (one aggregate query)."""
    if not (agencies_with_role(user, *ROLES) or is_kpk_officer(user)):
        return
    found = PosterBatch.objects.filter(agency__in=managed_agencies(user)).aggregate(
        waiting=Count(
            "pk", filter=Q(status__in=[PosterBatch.Status.QUEUED, PosterBatch.Status.RUNNING])
        )
    )
    yield Entry(
        key="offices",
        label=_("Service offices and posters"),
        description=_(
            "Import your agency's service offices, standards and sector figures, and print "
            "the counter posters."
        ),
        url=reverse("offices:import"),
        waiting=found["waiting"],
        links=(Link(_("Counter posters"), reverse("offices:posters")),),
    )
