"""The fact-checkers' queue in a person's workspace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, register, watch
from cegah.factchecks import access
from cegah.factchecks.models import OPEN_STATUSES

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("factchecks.Claim")


@register(80)
def queue(user: User) -> Iterator[Entry]:
    """Claims still open (new or being checked); claims carry no deadline."""
    if not access.is_fact_checker(user):
        return
    yield Entry(
        key="factchecks-queue",
        label=_("Fact-check queue"),
        description=_("Check the messages the public sent in and publish the verdicts."),
        url=reverse("factchecks:queue"),
        waiting=access.queue_for(user).filter(status__in=OPEN_STATUSES).count(),
    )
