"""Recording access to private data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from cegah.audit.models import AccessKind, AccessLog

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency


def log_access(
    *,
    actor: User | AnonymousUser | None,
    obj: models.Model,
    kind: AccessKind = AccessKind.VIEW,
    agency: Agency | None = None,
    reason: str = "",
) -> AccessLog:
    """Write one access row; call it in the same request that shows or exports the data."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AccessLog.objects.create(
        actor=user,
        actor_label=user.email if user is not None else "anonymous",
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        agency=agency,
        reason=reason[:255],
    )
