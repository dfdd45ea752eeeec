"""Campaign activity of a government in a year, for the integrity pages: counts only, no
names or other personal data."""

from __future__ import annotations

from django.db.models import Count, Q

from cegah.campaigns.models import Campaign, Participant, Share


def campaign_activity(region_code: str, year: int) -> dict[str, int]:
    """Campaigns that reached the government of `region_code` (its agencies were targets or
    ran them) starting in `year`, how many of its people took part and how many shared."""
    campaigns = (
        Campaign.objects.filter(starts_on__year=year)
        .exclude(status="draft")
        .filter(Q(organiser__region_id=region_code) | Q(target_rows__agency__region_id=region_code))
        .values("pk")
        .distinct()
    )
    people = Participant.objects.filter(
        campaign__in=campaigns, agency__region_id=region_code
    ).aggregate(
        participants=Count("pk", distinct=True),
        shared=Count("pk", filter=Q(shares__isnull=False), distinct=True),
    )
    shares = Share.objects.filter(
        participant__campaign__in=campaigns, participant__agency__region_id=region_code
    ).count()
    return {
        "campaigns": campaigns.count(),
        "participants": people["participants"] or 0,
        "participants_shared": people["shared"] or 0,
        "shares": shares,
    }
