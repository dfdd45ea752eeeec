"""Demo data: the national fee table (the real one; it is small) and the review workflow."""

from __future__ import annotations

from cegah.core.demo import register
from cegah.services.actions import ensure_fee_editing, load_fees


@register(60)
def seed_fees(dry_run: bool) -> str:
    """Load `data/national_fees.yaml` (idempotent) and put fees under KPK review."""
    report = load_fees(actor=None, dry_run=dry_run)
    if not dry_run:
        ensure_fee_editing()
    return report.summary()
