"""Issuing and revoking API credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cegah.api.models import KEY_PREFIX, TOKEN_PREFIX, ApiKey, ApiToken, hash_secret, new_secret

if TYPE_CHECKING:
    from cegah.accounts.models import User


@transaction.atomic
def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for `actor`; the secret is returned once and never stored."""
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=actor, name=name.strip() or "token", token_hash=hash_secret(secret), hint=secret[:8]
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    """Revoke one of `actor`'s tokens; revoking twice is harmless."""
    if token.user_id != actor.pk:
        raise PermissionError("A token can only be revoked by its owner.")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def create_api_key(*, name: str) -> tuple[ApiKey, str]:
    """Create a key for an outside system; the secret is returned once and never stored."""
    secret = new_secret(KEY_PREFIX)
    key = ApiKey.objects.create(name=name.strip(), key_hash=hash_secret(secret), hint=secret[:8])
    return key, secret


def user_for_token(secret: str) -> User | None:
    """The active user owning a usable token, touching its last use; None otherwise."""
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=hash_secret(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def key_for_secret(secret: str) -> ApiKey | None:
    """The usable key with this secret, touching its last use; None otherwise."""
    key = ApiKey.objects.usable().filter(key_hash=hash_secret(secret)).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
