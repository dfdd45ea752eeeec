"""Who manages which offices: the administrators and editors of the responsible agency (a role
in an agency counts for every unit below it) and KPK officers, who manage all. Everyone else
gets a 404 for the staff pages and objects; the public pages need no gate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import agencies_with_role, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.offices.models import Office, PosterBatch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from cegah.accounts.models import User

ROLES = (Role.AGENCY_ADMIN, Role.EDITOR)


def managed_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies (with their units) whose offices the person manages; every active agency
    for a KPK officer. Empty for anyone else."""
    if is_kpk_officer(user):
        return Agency.objects.active().exclude(type=AgencyType.KPK)
    roots = agencies_with_role(user, *ROLES)
    if not roots:
        return Agency.objects.none()
    from django.db.models import Q

    condition = Q()
    for agency in roots:
        condition |= Q(path__startswith=agency.path)
    return Agency.objects.active().filter(condition)


def require_manager(user: User | AnonymousUser) -> None:
    """A 404 for a person who manages no office."""
    if not (is_kpk_officer(user) or agencies_with_role(user, *ROLES)):
        raise Http404


def may_manage_agency(user: User | AnonymousUser, agency: Agency | None) -> bool:
    """Whether the person manages offices of `agency` (a KPK officer: any agency, and offices
    with no agency yet)."""
    if is_kpk_officer(user):
        return True
    if agency is None:
        return False
    return any(agency.path.startswith(a.path) for a in agencies_with_role(user, *ROLES))


def get_managed_agency(user: User | AnonymousUser, code: str) -> Agency:
    """The agency if the person manages its offices; a 404 otherwise."""
    agency = get_object_or_404(Agency.objects.active(), code=code)
    if not may_manage_agency(user, agency):
        raise Http404
    return agency


def managed_offices(user: User | AnonymousUser) -> QuerySet[Office]:
    """The offices the person may change."""
    if is_kpk_officer(user):
        return Office.objects.all()
    return Office.objects.filter(agency__in=managed_agencies(user))


def get_managed_office(user: User | AnonymousUser, code: str) -> Office:
    """The office if the person may change it; a 404 otherwise."""
    return get_object_or_404(managed_offices(user).select_related("region", "agency"), code=code)


def get_batch(user: User | AnonymousUser, pk: int) -> PosterBatch:
    """A poster batch of an agency the person manages; a 404 otherwise."""
    batch = get_object_or_404(PosterBatch.objects.select_related("agency"), pk=pk)
    if not may_manage_agency(user, batch.agency):
        raise Http404
    return batch
