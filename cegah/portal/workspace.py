"""The editorial interface (Wagtail, `/cms/`) in a person's workspace: editors and moderators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState

from cegah.accounts.access import agencies_with_role
from cegah.accounts.models import Role
from cegah.core.workspace import Entry, register, watch

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("wagtailcore.TaskState", "wagtailcore.WorkflowState")


def _reviews_waiting(user: User) -> int:
    """Pages and snippets waiting for a review step the person's groups may approve, in one
    query (Wagtail's own `reviewable_by` asks once per task)."""
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task__active=True)
    if not user.is_superuser:
        states = states.filter(task__groupapprovaltask__groups__user=user).distinct()
    return states.count()


@register(110)
def editorial_interface(user: User) -> Iterator[Entry]:
    """Wagtail's interface, for editors and moderators once the portal has given them its
    groups (Wagtail's own permission decides; the role check spares others its queries)."""
    if not (user.is_superuser or agencies_with_role(user, Role.EDITOR, Role.MODERATOR)):
        return
    if not user.has_perm("wagtailadmin.access_admin"):
        return
    yield Entry(
        key="cms",
        label=_("Editorial interface"),
        description=_("Write news and pages, and review what waits for your approval."),
        url=reverse("wagtailadmin_home"),
        waiting=_reviews_waiting(user),
    )
