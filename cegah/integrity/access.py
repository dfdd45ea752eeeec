"""Who may import and correct integrity figures: KPK officers, and editors working at KPK
(platform operators too). Everyone else gets a 404, as for any page they may not see.
A correction is approved by someone other than who proposed it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import active_memberships, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import AgencyType
from cegah.integrity.models import Correction, ImportBatch, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User


def may_manage(user: User | AnonymousUser) -> bool:
    """Whether the person imports and corrects figures: KPK officers, KPK editors, operators."""
    if not user.is_authenticated:
        return False
    if is_kpk_officer(user):
        return True
    return any(
        m.role == Role.EDITOR and m.agency.type == AgencyType.KPK for m in active_memberships(user)
    )


def require_manager(user: User | AnonymousUser) -> None:
    """A 404 for anyone who may not manage figures."""
    if not may_manage(user):
        raise Http404


def get_pending_correction(user: User | AnonymousUser, pk: int) -> Correction:
    """A correction waiting for review, for a manager; a 404 otherwise."""
    require_manager(user)
    return get_object_or_404(Correction, pk=pk, status=Status.PENDING, batch__isnull=True)


def get_pending_batch(user: User | AnonymousUser, pk: int) -> ImportBatch:
    """An import waiting for review, for a manager; a 404 otherwise."""
    require_manager(user)
    return get_object_or_404(ImportBatch, pk=pk, status=Status.PENDING)
