"""Plain-function factories for forum tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import timezone

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency
from cegah.forum import actions
from cegah.forum.models import Post, Thread, Topic
from cegah.regions.models import Region
from cegah.test import PASSWORD, Personas, make_user


def ready(user: User) -> User:
    """A person allowed to post: a verified email address and an account past its
    cooling-off."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=3))
    user.refresh_from_db()
    return user


def citizen(email: str, name: str = "") -> User:
    return ready(make_user(email, full_name=name))


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def moderator(email: str, agency: Agency) -> User:
    return make_user(email, (agency, Role.MODERATOR))


def thread(
    author: User,
    *,
    title: str = "Pungutan saat mengurus KTP di kecamatan",
    body: str = "Saya diminta uang Rp 50.000 untuk mempercepat KTP. Apakah ini boleh?",
    topic: str = Topic.ILLEGAL_LEVIES,
    agency: Agency | None = None,
    region: Region | None = None,
    **extra: Any,
) -> tuple[Thread, Post]:
    return actions.create_thread(
        actor=author, title=title, body=body, topic=topic, agency=agency, region=region, **extra
    )


def klaten_thread(p: Personas, author: User | None = None) -> tuple[Thread, Post]:
    return thread(ready(author or p.citizen), agency=p.agency_a, region=p.agency_a.region)
