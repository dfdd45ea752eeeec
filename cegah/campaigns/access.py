"""The only way views reach campaigns and participants.

Managers (campaign managers and agency administrators of the organiser or an agency above it)
see and change a campaign; the head of a target unit (its agency administrator) sees only
the unit's numbers and people; KPK (its officers, and the campaign managers and administrators
of KPK itself) sees the numbers of every published campaign in the country, per agency, but
none of its people (no names, NIPs or personal links); everyone else gets a 404. A participant
reaches their own page only through a signed link that expires at the end of the campaign's
last day.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from cegah.accounts.access import active_memberships, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.campaigns.models import MANAGER_ROLES, Campaign, Participant, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

    Person = User | AnonymousUser

_signer = signing.Signer(salt="cegah.campaigns.participant", sep=".")


def get_campaign_for_manager(user: Person, pk: int) -> Campaign:
    """A campaign the person manages; otherwise a 404."""
    return get_object_or_404(
        Campaign.objects.managed_by(user).select_related("organiser", "parent"), pk=pk
    )


def managing_agencies(user: Person) -> list[Agency]:
    """Agencies in which the person may organise campaigns."""
    return [m.agency for m in active_memberships(user) if m.role in MANAGER_ROLES]


def joining_governments(user: Person) -> list[Agency]:
    """Regional governments the person manages campaigns for, which may join national ones."""
    return [
        a
        for a in managing_agencies(user)
        if a.type
        in (
            AgencyType.PROVINCE_GOVERNMENT,
            AgencyType.REGENCY_GOVERNMENT,
            AgencyType.CITY_GOVERNMENT,
        )
    ]


def sees_every_campaign(user: Person) -> bool:
    """Whether the person sees every campaign's numbers across the country: KPK officers, and
    campaign managers and administrators of KPK itself. Numbers only, never the people."""
    if is_kpk_officer(user):
        return True
    return any(
        m.role in MANAGER_ROLES and m.agency.type == AgencyType.KPK
        for m in active_memberships(user)
    )


@dataclass(frozen=True)
class DashboardView:
    """What part of a campaign's dashboard a person sees: the target agencies (None for all of
    them) and whether the people behind the numbers (names, NIPs, who has not confirmed) may
    be shown."""

    agencies: list[Agency] | None
    people: bool


def dashboard_view(user: Person, campaign: Campaign) -> DashboardView:
    """A manager sees everything; a unit head the units they head, with their people; KPK every
    agency's numbers of a campaign past its draft, without people; anyone else gets a 404."""
    if Campaign.objects.managed_by(user).filter(pk=campaign.pk).exists():
        return DashboardView(agencies=None, people=True)
    heads = [m.agency.path for m in active_memberships(user) if m.role == Role.AGENCY_ADMIN]
    units = [t for t in campaign.targets.all() if any(t.path.startswith(p) for p in heads)]
    if units:
        return DashboardView(agencies=units, people=True)
    if campaign.status != Status.DRAFT and sees_every_campaign(user):
        return DashboardView(agencies=None, people=False)
    raise Http404


def dashboard_scope(user: Person, campaign: Campaign) -> list[Agency] | None:
    """What part of a campaign's numbers the person sees: None for all (a manager, KPK), the
    target units the person heads, or a 404 when none."""
    return dashboard_view(user, campaign).agencies


def get_dashboard(user: Person, pk: int) -> tuple[Campaign, DashboardView]:
    """A campaign and what of its dashboard the person sees (see `dashboard_view`)."""
    campaign = get_object_or_404(Campaign.objects.select_related("organiser"), pk=pk)
    return campaign, dashboard_view(user, campaign)


def get_campaign_for_dashboard(user: Person, pk: int) -> tuple[Campaign, list[Agency] | None]:
    """A campaign and the agencies whose numbers the person sees (numbers only)."""
    campaign, view = get_dashboard(user, pk)
    return campaign, view.agencies


def get_campaign_for_people(user: Person, pk: int) -> tuple[Campaign, list[Agency] | None]:
    """A campaign whose participants the person may list by name (its managers, the heads of
    its target units for their units); a 404 for those who see numbers only, such as KPK."""
    campaign, view = get_dashboard(user, pk)
    if not view.people:
        raise Http404
    return campaign, view.agencies


def may_see_national_overview(user: Person) -> bool:
    """Whether the national overview of campaigns is open to the person (KPK): pages offer
    the link on this, the overview itself checks it with `require_national_overview`."""
    return sees_every_campaign(user)


def require_national_overview(user: Person) -> None:
    """The national overview of campaigns is KPK's; a 404 for everyone else."""
    if not may_see_national_overview(user):
        raise Http404


def personal_token(participant: Participant) -> str:
    """The signed part of a participant's personal link: no password, no expiry in the token
    itself (the campaign's end decides, so extending a campaign extends the links)."""
    return _signer.sign(str(participant.pk))


# A Telegram start payload naming a participant: "k<pk>-<22 characters of HMAC>" (Telegram
# allows 1–64 of A-Za-z0-9_-). "k" is the prefix campaigns registers with messaging.
TELEGRAM_PREFIX = "k"
_TELEGRAM_SALT = "cegah.campaigns.telegram"


def _telegram_mac(pk: int) -> str:
    digest = salted_hmac(_TELEGRAM_SALT, str(pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def telegram_payload(participant: Participant) -> str:
    """The `start` payload of the bot link that connects a participant's Telegram chat."""
    return f"{TELEGRAM_PREFIX}{participant.pk}-{_telegram_mac(participant.pk)}"


def get_participant_by_telegram_payload(rest: str) -> Participant | None:
    """The participant a start payload (without its prefix) names, while their campaign is
    open; None for anything else (forged, malformed, closed)."""
    pk_text, _sep, mac = rest.partition("-")
    if not pk_text.isdigit() or not constant_time_compare(mac, _telegram_mac(int(pk_text))):
        return None
    participant = (
        Participant.objects.select_related("campaign", "campaign__organiser")
        .filter(pk=int(pk_text))
        .first()
    )
    if participant is None or not participant.campaign.is_open_to_participants:
        return None
    return participant


class LinkClosed(Exception):
    """A genuine link whose campaign is over (or not open yet): the page says so."""


def get_participant_by_token(token: str) -> Participant:
    """The participant a signed link names, while their campaign is published or running and
    not past its last day; a 404 for anything else (forged, another campaign's, expired)."""
    try:
        pk = int(_signer.unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404 from None
    participant = get_object_or_404(
        Participant.objects.select_related("campaign", "campaign__organiser", "agency"), pk=pk
    )
    campaign = participant.campaign
    if not campaign.is_open_to_participants or timezone.now() >= campaign.ends_at():
        raise LinkClosed
    return participant


def get_participant_by_code(code: str) -> Participant:
    """The participant behind a short link (any state: old links still lead somewhere)."""
    return get_object_or_404(
        Participant.objects.select_related("campaign", "campaign__organiser"), code=code
    )
