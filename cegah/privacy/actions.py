"""A person's export and erasure of their personal data (UU 27/2022 Pasal 7 and 8)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cegah.audit.actions import log_access
from cegah.audit.models import AccessKind
from cegah.privacy import registry
from cegah.privacy.models import PrivacyRequest, RequestKind, RequestStatus

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.privacy.registry import Section

logger = logging.getLogger(__name__)


def export_personal_data(
    *, actor: User, chat_senders: Iterable[tuple[str, str]] = ()
) -> tuple[PrivacyRequest, list[Section]]:
    """Everything the platform holds about the person, recorded as a completed export with
    an access-log row (kind EXPORT) on their account."""
    requested_at = timezone.now()
    subject = registry.Subject(actor, tuple(chat_senders))
    with transaction.atomic():
        sections = registry.export(subject)
        request = PrivacyRequest.objects.create(
            kind=RequestKind.EXPORT,
            status=RequestStatus.COMPLETED,
            actor=actor,
            requested_at=requested_at,
            completed_at=timezone.now(),
            counts={s.key: len(s.items) for s in sections},
        )
        log_access(
            actor=actor,
            obj=actor,
            kind=AccessKind.EXPORT,
            reason=f"personal data export by the person (request #{request.pk})",
        )
    return request, sections


def erase_personal_data(
    *, actor: User, chat_senders: Iterable[tuple[str, str]] = ()
) -> PrivacyRequest:
    """Delete what may be deleted and anonymise what the law keeps, then empty and
    deactivate the account (see registry.py and the providers for what each kind does).

    Refused, changing nothing, while a provider says the data must stay for now (a gift
    report KPK is still handling, a staff role); the reasons are stored on the request. The
    caller has checked the person's password. Either way the request and an access-log row
    (kind CHANGE) are written; the row names the emptied account, never the old address."""
    requested_at = timezone.now()
    subject = registry.Subject(actor, tuple(chat_senders))
    with transaction.atomic():
        reasons = registry.blockers(subject)
        if reasons:
            request = PrivacyRequest.objects.create(
                kind=RequestKind.ERASURE,
                status=RequestStatus.REFUSED,
                actor=actor,
                requested_at=requested_at,
                completed_at=timezone.now(),
                reason=" ".join(reasons)[:500],
            )
            log_access(
                actor=actor,
                obj=actor,
                kind=AccessKind.CHANGE,
                reason=f"personal data erasure refused, nothing changed (request #{request.pk})",
            )
            return request
        counts = registry.erase(subject)
        request = PrivacyRequest.objects.create(
            kind=RequestKind.ERASURE,
            status=RequestStatus.COMPLETED,
            actor=actor,
            requested_at=requested_at,
            completed_at=timezone.now(),
            counts=counts,
        )
        log_access(
            actor=actor,
            obj=actor,
            kind=AccessKind.CHANGE,
            reason=f"personal data erased or anonymised (request #{request.pk})",
        )
    logger.info("privacy: account %s erased (request %s)", actor.pk, request.pk)
    return request
