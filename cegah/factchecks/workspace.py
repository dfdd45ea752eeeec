"""The fact-checkers' queue in a person's workspace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, Link, register, watch
from cegah.factchecks import access
from cegah.factchecks.models import OPEN_STATUSES

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("factchecks.Claim")
watch("factchecks.ReviewPolicy")


@register(80)
def queue(user: User) -> Iterator[Entry]:
    """Claims still open (new or being checked); claims carry no deadline."""
    if not access.is_fact_checker(user):
        return
    queue = access.queue_for(user)
    reviews = queue.awaiting_second_review().count()
    yield Entry(
        key="factchecks-queue",
        label=_("Fact-check queue"),
        description=_("Check the messages the public sent in and publish the verdicts."),
        url=reverse("factchecks:queue"),
        waiting=queue.filter(status__in=OPEN_STATUSES).count(),
        links=(
            (Link(_("Awaiting a second review"), reverse("factchecks:queue") + "?status=review"),)
            if reviews
            else ()
        ),
    )


@register(81)
def review_policy(user: User) -> Iterator[Entry]:
    """For an agency administrator whose agency has fact-checkers: the second-review setting."""
    agencies = access.agencies_with_fact_checkers(user)
    if not agencies:
        return
    yield Entry(
        key="factchecks-review-policy",
        label=_("Second review of verdicts"),
        description=_("Decide whether a second fact-checker must approve each verdict."),
        url=reverse("factchecks:review_policy"),
    )
