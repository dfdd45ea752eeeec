"""Who sees and edits an agency's accounts: its administrators, campaign managers and editors.
Everyone else gets a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import agencies_with_role
from cegah.accounts.models import Role
from cegah.reach.models import Account

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency

ROLES = (Role.AGENCY_ADMIN, Role.CAMPAIGN_MANAGER, Role.EDITOR)


def managed_agencies(user: User | AnonymousUser) -> list[Agency]:
    """The agencies whose accounts the person manages; a 404 for someone with none."""
    agencies = agencies_with_role(user, *ROLES)
    if not agencies:
        raise Http404
    return agencies


def visible_accounts(user: User | AnonymousUser) -> QuerySet[Account]:
    """The accounts of the agencies where the person holds a reach role; none for others."""
    return Account.objects.filter(agency__in=agencies_with_role(user, *ROLES)).select_related(
        "agency"
    )


def get_account(user: User | AnonymousUser, pk: int) -> Account:
    """The account if the person may see it (`visible_accounts`); a 404 otherwise."""
    return get_object_or_404(visible_accounts(user), pk=pk)
