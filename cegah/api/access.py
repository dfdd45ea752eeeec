"""The only way a view gets an API credential."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from cegah.api.models import ApiToken

if TYPE_CHECKING:
    from cegah.accounts.models import User


def get_token_for_user(user: User, token_id: int) -> ApiToken:
    """One of the person's own tokens; anybody else's is a 404."""
    return get_object_or_404(ApiToken, pk=token_id, user=user)
