"""Changes people make to their own accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.regions.models import Region


@transaction.atomic
def update_profile(
    *,
    actor: User,
    full_name: str,
    phone: str,
    preferred_language: str,
    region: Region | None,
) -> User:
    """Save the person's own details."""
    actor.full_name = full_name.strip()
    actor.phone = phone
    actor.preferred_language = preferred_language
    actor.region = region
    actor.save(update_fields=["full_name", "phone", "preferred_language", "region"])
    return actor
