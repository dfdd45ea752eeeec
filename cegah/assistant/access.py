"""Who may see the knowledge base's staff page: KPK editors and moderators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from cegah.accounts.access import agencies_with_role
from cegah.accounts.models import Role
from cegah.agencies.models import AgencyType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

EDITOR_ROLES = (Role.EDITOR, Role.MODERATOR)


def is_knowledge_editor(user: User | AnonymousUser) -> bool:
    """KPK's editors and moderators (and platform operators) keep the knowledge base."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(a.type == AgencyType.KPK for a in agencies_with_role(user, *EDITOR_ROLES))


def require_knowledge_editor(user: User | AnonymousUser) -> None:
    """Gate of the staff page: a 404 for everyone else (the page's existence is not news,
    but nobody else has work there)."""
    if not is_knowledge_editor(user):
        raise Http404
