"""Who may work on fact-checks, and the only way views get a claim.

The queue is national: every member with the fact-checker role (at KPK or at a Diskominfo)
sees every claim. Everyone else, staff of any agency included, gets a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import active_memberships, agencies_with_role
from cegah.accounts.models import Membership, Role, User
from cegah.factchecks.models import Claim, ClaimQuerySet, Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.agencies.models import Agency

    Person = User | AnonymousUser


def is_fact_checker(user: Person) -> bool:
    """Whether the person holds the fact-checker role in an active agency."""
    return any(m.role == Role.FACT_CHECKER for m in active_memberships(user))


def fact_checker_agency(user: Person) -> Agency | None:
    """The agency a fact-checker publishes for (the first where they hold the role)."""
    agencies = agencies_with_role(user, Role.FACT_CHECKER)
    return agencies[0] if agencies else None


def queue_for(user: Person) -> ClaimQuerySet:
    """The fact-checkers' queue; a 404 for anyone else."""
    if not is_fact_checker(user):
        raise Http404
    return Claim.objects.all()


def get_claim_for_user(user: Person, pk: int) -> Claim:
    """The claim with number `pk` for a fact-checker; a 404 for anyone else."""
    return get_object_or_404(queue_for(user).select_related("assignee", "agency"), pk=pk)


def get_submission_for_user(user: Person, claim_pk: int, pk: int) -> Submission:
    return get_object_or_404(Submission, claim=get_claim_for_user(user, claim_pk), pk=pk)


def get_published(slug: str) -> Claim:
    """A published fact-check by its address; anything else (drafts too) is a 404."""
    return get_object_or_404(Claim.objects.published().select_related("agency"), slug=slug)


def policy_agencies(user: Person) -> list[Agency]:
    """The agencies whose review policy the person sets (as their administrator); a 404
    for anyone who administers none."""
    agencies = agencies_with_role(user, Role.AGENCY_ADMIN)
    if not agencies:
        raise Http404
    return agencies


def agencies_with_fact_checkers(user: Person) -> list[Agency]:
    """The agencies the person administers in which someone holds the fact-checker role."""
    administered = agencies_with_role(user, Role.AGENCY_ADMIN)
    if not administered:
        return []
    staffed = set(
        Membership.objects.active()
        .filter(role=Role.FACT_CHECKER, agency__in=administered)
        .values_list("agency_id", flat=True)
    )
    return [a for a in administered if a.pk in staffed]


def get_policy_agency(user: Person, pk: int) -> Agency:
    """One agency the person administers, by its id; a 404 for any other."""
    for agency in policy_agencies(user):
        if agency.pk == pk:
            return agency
    raise Http404


def fact_checkers() -> list[User]:
    """Everyone who can be assigned a claim."""
    ids = Membership.objects.active().filter(role=Role.FACT_CHECKER).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))
