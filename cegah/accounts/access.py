"""Who may do what: the only place that answers role questions about a person."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cegah.accounts.models import STAFF_ROLES, Membership, Role
from cegah.agencies.models import Agency

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User


def active_memberships(user: User | AnonymousUser) -> list[Membership]:
    """The person's active roles, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_cegah_memberships", None)
    if cached is None:
        cached = list(Membership.objects.active().filter(user=user).select_related("agency"))
        user.__dict__["_cegah_memberships"] = cached
    return cached


def has_role(user: User | AnonymousUser, role: Role, agency: Agency | None = None) -> bool:
    """Whether the person holds `role`, in `agency` or (when given) in any agency above it."""
    for m in active_memberships(user):
        if m.role != role:
            continue
        if agency is None or agency.path.startswith(m.agency.path):
            return True
    return False


def agencies_with_role(user: User | AnonymousUser, *roles: Role) -> list[Agency]:
    """The agencies in which the person holds any of `roles`."""
    return [m.agency for m in active_memberships(user) if m.role in roles]


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Whether the person holds a role that reaches other people's data (MFA required)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(m.role in STAFF_ROLES for m in active_memberships(user))


def is_kpk_officer(user: User | AnonymousUser) -> bool:
    """KPK officers work across every agency."""
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.KPK_OFFICER for m in active_memberships(user))
    )
