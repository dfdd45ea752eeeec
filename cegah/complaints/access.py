"""The only way views get complaints, and the answers to who may do what with one.

The public reach a complaint with its tracking code alone; staff reach it by number
through `Complaint.objects.visible_to(user)`, so an officer of another agency gets a 404.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import agencies_with_role, has_role, is_kpk_officer
from cegah.accounts.models import Membership, Role
from cegah.agencies.models import Agency, AgencyQuerySet
from cegah.audit.models import AccessKind, AccessLog
from cegah.complaints.codes import normalize_code
from cegah.complaints.models import (
    HANDLER_ROLES,
    Attachment,
    Complaint,
    ComplaintQuerySet,
    KeptUpload,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

    Person = User | AnonymousUser


def get_complaint_by_code(code: str) -> Complaint:
    """The complaint whose tracking code this is (typed any way); anything else is a 404."""
    normalized = normalize_code(code)
    if normalized is None:
        raise Http404
    return get_object_or_404(Complaint.objects.with_related(), tracking_code=normalized)


def code_exists(code: str) -> bool:
    """Whether a complaint has this (normalised) code; the tracking form's answer."""
    return Complaint.objects.filter(tracking_code=code).exists()


def complaints_for_codes(codes: list[str]) -> list[Complaint]:
    """The complaints whose codes this browser has entered before (kept in its session)."""
    qs = Complaint.objects.filter(tracking_code__in=codes[:50]).select_related("category")
    return list(qs.order_by("-created_at"))


def kept_uploads(form_key: str | None) -> list[KeptUpload]:
    """The files kept with the intake form whose token has this key: reached only by the
    page that holds the token, never served back (the page lists names and sizes)."""
    return list(KeptUpload.objects.for_form(form_key)) if form_key else []


def get_complaint_for_user(user: Person, pk: int) -> Complaint:
    """The complaint with number `pk` if the person may work on it; otherwise a 404."""
    return get_object_or_404(Complaint.objects.visible_to(user).with_related(), pk=pk)


def can_view(user: Person, pk: int) -> bool:
    """Whether the person still reaches complaint `pk` (after an action that may hand it on)."""
    return Complaint.objects.visible_to(user).filter(pk=pk).exists()


def find_by_code(inbox: ComplaintQuerySet, code: str) -> int | None:
    """The number of the complaint with this (normalised) tracking code among those of an
    inbox the person reached through its gate, else None: staff find a complaint by the code
    a reporter reads out, and still never see a code on their pages."""
    found: int | None = inbox.filter(tracking_code=code).values_list("pk", flat=True).first()
    return found


def verifier_queue() -> ComplaintQuerySet:
    """What KPK's verifiers work through: every complaint."""
    return Complaint.objects.all()


def handled_units(user: Person) -> AgencyQuerySet | None:
    """The agencies (and units below them) where the person administers or handles
    complaints; None when there are none, so the agency inbox is not theirs."""
    agencies = agencies_with_role(user, *HANDLER_ROLES)
    if not agencies:
        return None
    paths = functools.reduce(operator.or_, (Q(path__startswith=a.path) for a in agencies))
    return Agency.objects.active().filter(paths).order_by("path")


def identity_views(complaint: Complaint) -> QuerySet[AccessLog]:
    """Every logged view of the complaint's reporter identity, newest first."""
    return (
        AccessLog.objects.for_object(complaint)
        .filter(kind=AccessKind.VIEW_IDENTITY)
        .select_related("agency")
    )


def get_public_attachment(complaint: Complaint, attachment_id: int) -> Attachment:
    """An attachment the code holder may open (not one of the staff-only files)."""
    return get_object_or_404(complaint.attachments.filter(internal=False), pk=attachment_id)


def get_staff_attachment(complaint: Complaint, attachment_id: int) -> Attachment:
    """Any attachment of a complaint the person already reached through `visible_to`."""
    return get_object_or_404(complaint.attachments.all(), pk=attachment_id)


def is_verifier(user: Person) -> bool:
    """KPK's complaint verifiers check, return, close and forward complaints."""
    return has_role(user, Role.VERIFIER)


def can_coordinate(user: Person, complaint: Complaint) -> bool:
    """The agency's coordinator: an administrator or complaint handler of the agency the
    complaint was forwarded to (or of one above it)."""
    agency = complaint.agency
    return agency is not None and any(has_role(user, role, agency) for role in HANDLER_ROLES)


def can_handle(user: Person, complaint: Complaint) -> bool:
    """The coordinator, or a handler of the unit the complaint is assigned to."""
    if can_coordinate(user, complaint):
        return True
    unit = complaint.unit
    return unit is not None and any(has_role(user, role, unit) for role in HANDLER_ROLES)


def can_see_identity(user: Person, complaint: Complaint) -> bool:
    """Verifiers see a named reporter; agency staff only when the reporter consented."""
    if not complaint.has_identity:
        return False
    return is_verifier(user) or (
        complaint.consent_to_share_identity and can_handle(user, complaint)
    )


def can_read_identity_log(user: Person) -> bool:
    """KPK officers read who looked at reporters' identities."""
    return is_kpk_officer(user)


_ACTION_RULES: dict[str, Callable[[Person, Complaint], bool]] = {
    "verify": lambda u, c: is_verifier(u),
    "return_for_information": lambda u, c: is_verifier(u),
    "close": lambda u, c: is_verifier(u),
    "forward": lambda u, c: is_verifier(u),
    "assign_unit": can_coordinate,
    "start_progress": can_handle,
    "resolve": can_handle,
    "reject_authority": can_handle,
    "reply": lambda u, c: is_verifier(u) or can_handle(u, c),
    "add_note": lambda u, c: is_verifier(u) or can_handle(u, c),
}
STAFF_ACTIONS = tuple(_ACTION_RULES)


def may(user: Person, complaint: Complaint, action: str) -> bool:
    """Whether the person's roles allow `action` on this complaint (whatever its state)."""
    rule = _ACTION_RULES.get(action)
    return rule is not None and rule(user, complaint)


def allowed_actions(user: Person, complaint: Complaint) -> list[str]:
    """The staff actions this person may take on the complaint in its current state."""
    return [a for a in STAFF_ACTIONS if may(user, complaint, a) and complaint.can(a)]


def _recipients(memberships: list[Membership]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for m in memberships:
        seen.setdefault(m.user.email, m.user.preferred_language)
    return sorted(seen.items())


def verifier_recipients() -> list[tuple[str, str]]:
    """(email, language) of every active verifier."""
    qs = Membership.objects.active().filter(role=Role.VERIFIER, user__is_active=True)
    return _recipients(list(qs.select_related("user")))


def handler_recipients(*agencies: Agency | None) -> list[tuple[str, str]]:
    """(email, language) of the administrators and handlers of each agency and those above."""
    ids: set[int] = set()
    for agency in agencies:
        if agency is not None:
            ids.update(int(p) for p in agency.path.strip("/").split("/") if p)
    if not ids:
        return []
    qs = Membership.objects.active().filter(
        role__in=HANDLER_ROLES, agency_id__in=ids, user__is_active=True
    )
    return _recipients(list(qs.select_related("user")))
