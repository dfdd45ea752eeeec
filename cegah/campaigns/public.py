"""What campaigns show the public outside their own pages (the home page's block)."""

from __future__ import annotations

from django.utils import timezone

from cegah.campaigns.models import Campaign, Status


def running_campaigns(limit: int = 3) -> list[Campaign]:
    """Published campaigns whose period includes today, those ending soonest first."""
    today = timezone.localdate()
    return list(
        Campaign.objects.filter(
            status__in=[Status.PUBLISHED, Status.RUNNING],
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("organiser")
        .order_by("ends_on", "pk")[:limit]
    )
