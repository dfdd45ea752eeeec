"""Header links to the complaint workspaces a signed-in person may use."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cegah.accounts.access import agencies_with_role, has_role
from cegah.accounts.models import Role
from cegah.complaints.models import HANDLER_ROLES


def complaint_inboxes(request: HttpRequest) -> dict[str, Callable[[], list[dict[str, str]]]]:
    """`complaint_inboxes`: the inboxes (label and address) the person may open.

    Computed only when a template uses it, from the roles `active_memberships()` caches on
    the user: no query for an anonymous visitor, at most one for a signed-in person (none
    when the page has read the roles already)."""

    def links() -> list[dict[str, str]]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        found = []
        if has_role(user, Role.VERIFIER):
            found.append(
                {"label": _("Complaints to verify"), "url": reverse("complaints:verifier_inbox")}
            )
        if agencies_with_role(user, *HANDLER_ROLES):
            found.append(
                {"label": _("Complaints for my agency"), "url": reverse("complaints:agency_inbox")}
            )
        return found

    return {"complaint_inboxes": links}
