"""Campaigns in a person's workspace: those they run, those they take part in, and for KPK the
overview of every campaign in the country."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cegah.campaigns import access, stats
from cegah.campaigns.models import Campaign, Participant, Status
from cegah.core.workspace import Entry, Link, register, watch
from cegah.lib.encryption import blind_index

if TYPE_CHECKING:
    from cegah.accounts.models import User

# Saving or deleting these refreshes the cached counts (cegah.core.workspace).
watch("campaigns.Campaign", "campaigns.Participant", "account.EmailAddress")

# Campaigns that still ask something of their managers and participants.
ACTIVE = (Status.PUBLISHED, Status.RUNNING)


def _yesterday() -> dt.date:
    # A campaign's last day is a date in its organiser's zone, which may be ahead of the
    # platform's: keep yesterday's too and let `is_open_to_participants` decide.
    return timezone.localdate() - dt.timedelta(days=1)


def participant_rows(user: User) -> QuerySet[Participant]:
    """The participant rows that are this person. An imported list links no account, so a row
    is theirs when it names their NIP (set on accounts by administrators, never by the person)
    or an email address they have proved is theirs (compared through the email's blind index:
    the column is encrypted); a row linked to another account is never theirs."""
    mine = Q(user_id=user.pk)
    unlinked = Q(user__isnull=True)
    if user.nip:
        mine |= unlinked & Q(nip=user.nip)
    verified = EmailAddress.objects.filter(user_id=user.pk, verified=True).values_list(
        "email", flat=True
    )
    hashes = [h for h in (blind_index(email, "email") for email in verified) if h]
    if hashes:
        mine |= unlinked & Q(email_hash__in=hashes)
    return Participant.objects.filter(mine)


@register(60)
def campaigns_i_run(user: User) -> Iterator[Entry]:
    """Campaigns of the agencies where the person manages campaigns: drafts and running ones
    wait on them, until the nearest last day."""
    if not access.managing_agencies(user):
        return
    today = timezone.localdate()
    found = Campaign.objects.managed_by(user).aggregate(
        waiting=Count(
            "pk", filter=Q(status=Status.DRAFT) | Q(status__in=ACTIVE, ends_on__gte=today)
        ),
        deadline=Min("ends_on", filter=Q(status__in=ACTIVE, ends_on__gte=today)),
    )
    yield Entry(
        key="campaigns-run",
        label=_("Campaigns I run"),
        description=_("Plan campaigns, add participants and follow who shared."),
        url=reverse("campaigns:list"),
        waiting=found["waiting"],
        deadline=found["deadline"],
    )


@register(70)
def campaigns_i_take_part_in(user: User) -> Iterator[Entry]:
    """Open campaigns in which the person takes part, each with the link to the person's own
    page (today's material and "Sudah saya bagikan"): as added from their account, or as
    imported from a list that names them by their NIP or by an email address they have
    verified (see `participant_rows`)."""
    participants = [
        p
        for p in participant_rows(user)
        .filter(campaign__status__in=ACTIVE, campaign__ends_on__gte=_yesterday())
        .select_related("campaign", "campaign__organiser")
        .order_by("campaign__ends_on", "campaign_id")
        if p.campaign.is_open_to_participants
    ]
    if not participants:
        return
    links = tuple(
        Link(
            label=p.campaign.title,
            url=reverse("campaigns:personal", args=[access.personal_token(p)]),
        )
        for p in participants
    )
    yield Entry(
        key="campaigns-participate",
        label=_("Campaigns I take part in"),
        description=_("Your own page in each campaign: today's material to share."),
        url=links[0].url,
        waiting=len(participants),
        deadline=participants[0].campaign.ends_on,
        links=links,
    )


@register(65)
def campaigns_across_the_country(user: User) -> Iterator[Entry]:
    """KPK's door to the national overview, while any campaign is published or running: every
    campaign's numbers, none of its people."""
    if not access.sees_every_campaign(user):
        return
    active = stats.active_campaign_count()
    if not active:
        return
    yield Entry(
        key="campaigns-national",
        label=_("Campaigns across the country"),
        description=_("Every published or running campaign with its numbers per agency; no names."),
        url=reverse("campaigns:national"),
        waiting=active,
    )
