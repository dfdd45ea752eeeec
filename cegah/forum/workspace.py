"""The forum in a person's workspace: the moderation queue for moderators, and the public
questions still waiting for an official answer for the staff of the agencies concerned."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, register, watch
from cegah.forum import access

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("forum.Post", "forum.Thread")


@register(110)
def forum(user: User) -> Iterator[Entry]:
    """Moderators: the queue's size. Agency staff: unanswered questions about their agency,
    with the nearest answer deadline."""
    if access.is_moderator(user):
        yield Entry(
            key="forum-queue",
            label=_("Forum moderation"),
            description=_("Posts held for review or hidden after flags, across every space."),
            url=reverse("forum:queue"),
            waiting=access.queue_size(user),
        )
    if access.answering_agencies(user):
        found = access.unanswered_for_staff(user).aggregate(
            waiting=Count("pk"), deadline=Min("answer_due")
        )
        agency = access.answering_agencies(user)[0]
        yield Entry(
            key="forum-unanswered",
            label=_("Public questions to answer"),
            description=_("Questions in the forum about your agency without an official answer."),
            url=f"{reverse('forum:list')}?status=belum&instansi={agency.code}",
            waiting=found["waiting"],
            deadline=found["deadline"],
        )
