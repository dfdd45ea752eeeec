"""Demo integrity data: the published figures of integrity-data.md (the same loader as
`load_integrity`), so the pages show real, sourced numbers. No figure is invented here."""

from __future__ import annotations

from django.conf import settings

from cegah.core.demo import register
from cegah.integrity.loading import load_published


@register(160)
def seed_integrity_demo(dry_run: bool = False) -> str:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    report = load_published(dry_run=dry_run)
    return f"Integrity: {report.summary()}."
