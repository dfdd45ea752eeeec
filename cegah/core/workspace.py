"""The workspace registry: what each app offers a signed-in person on their "Ruang kerja" page.

Each app declares its entries in its own `workspace.py` with `@register(order)`: a function
that takes the person and returns the entries their roles give them (none for everyone
else), each with the count of items waiting and the nearest deadline. The workspace page only
assembles what the apps declare, so this module imports no app's models; `discover()` (called
from `CoreConfig.ready`) imports every installed app's `workspace` module by name.

A person's entries are kept in the cache for `CACHE_SECONDS`, per language, under the version
of the `workspace` namespace: every app names the models its counts read (`watch(...)`), and a
save or delete of any of them bumps that version, so a count changes on the next view of the
page. Roles (`accounts.Membership`) are watched here. Without Redis each web process has its
own cache, so another process may show the old count for up to `CACHE_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import get_language

from cegah.core.caching import content_version, invalidate_on_change

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cegah.accounts.models import User


@dataclass(frozen=True)
class Link:
    """A further address inside an entry (a campaign participant's personal page)."""

    label: StrOrPromise
    url: str


@dataclass(frozen=True)
class Entry:
    """One door in a person's workspace: where their work of one kind is, how much of it waits
    and by when the most urgent piece is due (None when the kind of work has no deadline)."""

    key: str
    label: StrOrPromise
    url: str
    description: StrOrPromise = ""
    waiting: int | None = None
    deadline: dt.date | None = None
    links: tuple[Link, ...] = field(default=())

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()


Provider = Callable[["User"], Iterable[Entry]]

_providers: list[tuple[int, str, Provider]] = []

NAMESPACE = "workspace"
CACHE_SECONDS = 60


def register(order: int) -> Callable[[Provider], Provider]:
    """Declare a function that gives a person's entries of one app; `order` places them on
    the page (lower first). Registering the same function twice keeps one."""

    def decorator(provider: Provider) -> Provider:
        name = f"{provider.__module__}.{provider.__qualname__}"
        _providers[:] = [p for p in _providers if p[1] != name]
        _providers.append((order, name, provider))
        _providers.sort(key=lambda p: (p[0], p[1]))
        return provider

    return decorator


def watch(*labels: str) -> None:
    """Declare the models (`"app_label.Model"`) whose rows an app's counts read: saving or
    deleting one refreshes every person's cached entries."""
    for label in labels:
        invalidate_on_change(apps.get_model(label), NAMESPACE)


def entries_for(user: User) -> list[Entry]:
    """Every entry the person's roles give them, in the page's order (cached, see above)."""
    key = f"workspace:entries:{user.pk}:{get_language()}:{content_version(NAMESPACE)}"
    found: list[Entry] | None = cache.get(key)
    if found is None:
        found = [
            _resolved(entry) for _order, _name, provider in _providers for entry in provider(user)
        ]
        cache.set(key, found, CACHE_SECONDS)
    return found


def _resolved(entry: Entry) -> Entry:
    """The entry with its texts in the active language (the cache key holds the language):
    unpickling a lazy translation builds a new proxy class each time, which is slow and feeds
    the garbage collector on every view."""
    return replace(
        entry,
        label=str(entry.label),
        description=str(entry.description),
        links=tuple(Link(label=str(link.label), url=link.url) for link in entry.links),
    )


def discover() -> None:
    """Import `<app>.workspace` of every installed app that has one (each registers itself)."""
    watch("accounts.Membership")
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "workspace"):
            import_module(f"{config.name}.workspace")
