"""Integrity figures in the workspace of KPK officers and KPK editors: what waits for review."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cegah.core.workspace import Entry, register, watch
from cegah.integrity.access import may_manage
from cegah.integrity.models import Correction, Status

if TYPE_CHECKING:
    from cegah.accounts.models import User

watch("integrity.Correction", "integrity.ImportBatch")


@register(150)
def integrity(user: User) -> Iterator[Entry]:
    """Pending single corrections and imports, in one aggregate query."""
    if not may_manage(user):
        return
    found = Correction.objects.filter(status=Status.PENDING).aggregate(
        single=Count("pk", filter=Q(batch__isnull=True)),
        batches=Count("batch", distinct=True),
    )
    yield Entry(
        key="integrity",
        label=_("Integrity figures (MCP and SPI)"),
        description=_("Import scores and review corrections before they are published."),
        url=reverse("integrity:manage"),
        waiting=(found["single"] or 0) + (found["batches"] or 0),
    )
