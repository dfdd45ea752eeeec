"""Reach (the agency's social media accounts and their targets) in a person's workspace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.accounts.access import agencies_with_role
from cegah.core.workspace import Entry, register, watch
from cegah.reach.access import ROLES, visible_accounts
from cegah.reach.models import Target

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("reach.Target", "reach.Account")


@register(100)
def reach(user: User) -> Iterator[Entry]:
    """The targets running today for the agency's accounts, ending soonest first."""
    if not agencies_with_role(user, *ROLES):
        return
    today = timezone.localdate()
    found = Target.objects.filter(account__in=visible_accounts(user).values("pk")).aggregate(
        waiting=Count("pk", filter=Q(starts_on__lte=today, ends_on__gte=today)),
        deadline=Min("ends_on", filter=Q(ends_on__gte=today)),
    )
    yield Entry(
        key="reach",
        label=_("Reach of our accounts"),
        description=_("Record your agency's followers and views and follow its targets."),
        url=reverse("reach:accounts"),
        waiting=found["waiting"],
        deadline=found["deadline"],
    )
