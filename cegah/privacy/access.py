"""Who may read the access log and the list of personal-data requests."""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING

from django.db.models import Q
from django.http import Http404

from cegah.accounts.access import agencies_with_role, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import Agency
from cegah.audit.models import AccessLog, AccessLogQuerySet
from cegah.privacy.models import PrivacyRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from cegah.accounts.models import User


def may_read_access_log(user: User | AnonymousUser) -> bool:
    """KPK officers, and inspectorate auditors (of their agency)."""
    return is_kpk_officer(user) or bool(agencies_with_role(user, Role.INSPECTOR))


def access_log_for(user: User | AnonymousUser) -> AccessLogQuerySet:
    """The access-log rows the person may read: all of them for KPK officers; for an
    inspectorate auditor the rows about objects of their agency and every unit below it;
    a 404 for everybody else."""
    if is_kpk_officer(user):
        return AccessLog.objects.all()
    paths = [a.path for a in agencies_with_role(user, Role.INSPECTOR)]
    if not paths:
        raise Http404
    # The subtree is read from the small agency table first (a few hundred ids at most), so
    # the log is filtered on its indexed foreign key instead of a LIKE through a join.
    subtree = list(
        Agency.objects.filter(
            reduce(operator.or_, (Q(path__startswith=p) for p in paths))
        ).values_list("id", flat=True)
    )
    return AccessLog.objects.filter(agency_id__in=subtree)


def requests_for(user: User | AnonymousUser) -> QuerySet[PrivacyRequest]:
    """Every personal-data request (never their contents), for KPK officers only."""
    if not is_kpk_officer(user):
        raise Http404
    return PrivacyRequest.objects.all()
