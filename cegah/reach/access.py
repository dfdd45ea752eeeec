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

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency

ROLES = (Role.AGENCY_ADMIN, Role.CAMPAIGN_MANAGER, Role.EDITOR)


def managed_agencies(user: User | AnonymousUser) -> list[Agency]:
    agencies = agencies_with_role(user, *ROLES)
    if not agencies:
        raise Http404
    return agencies


def get_account(user: User | AnonymousUser, pk: int) -> Account:
    return get_object_or_404(
        Account.objects.select_related("agency"), pk=pk, agency__in=managed_agencies(user)
    )
