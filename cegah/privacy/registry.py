"""Where each app's personal data is described once: what a person's export shows, what an
erasure deletes or anonymises, and what stops an erasure for now.

A `Provider` describes one kind of data (the account, complaints, gift reports, ...). The
export page, the JSON file and the erasure only assemble what the providers declare
(`cegah/privacy/providers.py` holds them for now; an app may later declare its own). Erasure
runs the providers in the reverse of their order, so the account (first in an export) is
emptied last, after every provider has read what it needs from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cegah.accounts.models import User

Value = str | int | bool | None | list[str]


@dataclass(frozen=True)
class Field:
    """One value of a record, with its machine key (JSON) and its label (the page)."""

    key: str
    label: StrOrPromise
    value: Value

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


@dataclass(frozen=True)
class Item:
    """One record about the person: a complaint, a post, a membership."""

    title: str
    fields: tuple[Field, ...]

    def as_dict(self) -> dict[str, Value]:
        return {f.key: f.value for f in self.fields}


@dataclass(frozen=True)
class Section:
    key: str
    label: StrOrPromise
    policy: StrOrPromise
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Subject:
    """The person a request is about, and the chat conversations their browser holds
    (a web conversation belongs to a token in the session, not to an account)."""

    user: User
    chat_senders: tuple[tuple[str, str], ...] = ()


def _no_blockers(subject: Subject) -> list[str]:
    return []


def _no_records(subject: Subject) -> list[tuple[str, str]]:
    return []


@dataclass(frozen=True)
class Provider:
    """One kind of personal data. `export` lists the person's records; `erase` deletes or
    anonymises them and returns how many records it touched; `blockers` gives the reasons
    (for the person) why an erasure must wait; `records` names the rows (`app.model`, id)
    whose access-log entries belong in the export; `policy` says what erasure does."""

    key: str
    label: StrOrPromise
    order: int
    policy: StrOrPromise
    export: Callable[[Subject], list[Item]]
    erase: Callable[[Subject], int]
    blockers: Callable[[Subject], list[str]] = field(default=_no_blockers)
    records: Callable[[Subject], list[tuple[str, str]]] = field(default=_no_records)


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Declare a kind of personal data; registering the same key again replaces it."""
    _providers[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def export(subject: Subject) -> list[Section]:
    """Everything the platform holds about the person, by kind."""
    return [Section(p.key, p.label, p.policy, tuple(p.export(subject))) for p in providers()]


def as_json(account_id: int, sections: list[Section]) -> dict[str, Any]:
    """The export as a JSON document with stable keys (labels are in the HTML summary)."""
    return {
        "format": "cegah-pdp-export/1",
        "generated_at": timezone.now().isoformat(),
        "account_id": account_id,
        "sections": {
            s.key: {"label": str(s.label), "items": [item.as_dict() for item in s.items]}
            for s in sections
        },
    }


def records(subject: Subject) -> list[tuple[str, str]]:
    """Every row about the person that an access-log entry may name."""
    return [record for p in providers() for record in p.records(subject)]


def blockers(subject: Subject) -> list[str]:
    """Why an erasure must wait (empty when it may go ahead)."""
    return [reason for p in providers() for reason in p.blockers(subject)]


def erase(subject: Subject) -> dict[str, int]:
    """Run every provider's erasure, the account last; the caller holds the transaction."""
    return {p.key: p.erase(subject) for p in reversed(providers())}


def value_of(obj: models.Model, name: str) -> Value:
    """A field's value as the export shows it: choices as their label, dates in ISO form,
    related rows as their name."""
    model_field = obj._meta.get_field(name)
    raw = getattr(obj, name)
    if raw is None or (
        isinstance(raw, bool | int | str) and not getattr(model_field, "choices", None)
    ):
        return raw
    if getattr(model_field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(raw, dt.datetime):
        # In the site's zone (Asia/Jakarta unless set), with its offset: what people read.
        return timezone.localtime(raw).isoformat(timespec="seconds")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, Decimal):
        return str(raw)
    if isinstance(raw, list | tuple):
        return [str(v) for v in raw]
    if isinstance(raw, dict):
        return [f"{k}: {v}" for k, v in raw.items()]
    if hasattr(raw, "name") and isinstance(raw, models.fields.files.FieldFile):
        return raw.name or None
    return str(raw)


def fields(obj: models.Model, *names: str) -> tuple[Field, ...]:
    """The named fields of a row, labelled with the model's own (translated) names."""
    return tuple(
        Field(name, obj._meta.get_field(name).verbose_name, value_of(obj, name))  # type: ignore[union-attr]
        for name in names
    )
