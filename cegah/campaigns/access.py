"""The only way views reach campaigns and participants.

Managers (campaign managers and agency administrators of the organiser or an agency above it)
see and change a campaign; the head of a target unit (its agency administrator) sees only
the unit's numbers; everyone else gets a 404. A participant reaches their own page only
through a signed link that expires at the end of the campaign's last day.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from cegah.accounts.access import active_memberships
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.campaigns.models import MANAGER_ROLES, Campaign, Participant

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


def dashboard_scope(user: Person, campaign: Campaign) -> list[Agency] | None:
    """What part of a campaign's numbers the person sees: None for all (a manager), the target
    units the person heads, or a 404 when none."""
    if Campaign.objects.managed_by(user).filter(pk=campaign.pk).exists():
        return None
    heads = [m.agency.path for m in active_memberships(user) if m.role == Role.AGENCY_ADMIN]
    units = [t for t in campaign.targets.all() if any(t.path.startswith(p) for p in heads)]
    if not units:
        raise Http404
    return units


def get_campaign_for_dashboard(user: Person, pk: int) -> tuple[Campaign, list[Agency] | None]:
    campaign = get_object_or_404(Campaign.objects.select_related("organiser"), pk=pk)
    return campaign, dashboard_scope(user, campaign)


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
