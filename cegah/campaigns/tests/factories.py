"""Plain functions that make campaign test data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from cegah.accounts.models import User
from cegah.agencies.models import Agency
from cegah.api.actions import create_api_token
from cegah.campaigns import actions
from cegah.campaigns.models import Campaign, Channel, Participant, Status
from cegah.library.models import Kind, LibraryItem

DAYS = [dt.date(2024, 4, 24), dt.date(2024, 4, 25), dt.date(2024, 4, 26)]


def make_video(agency: Agency, title: str = "Jangan beri tip petugas") -> LibraryItem:
    item = LibraryItem(
        kind=Kind.VIDEO,
        title=title,
        caption="Layanan publik gratis. #TolakGratifikasi",
        attribution="KPK RI",
        owner_agency=agency,
        is_published=True,
        published_at=timezone.now(),
    )
    item.video.save("tip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), save=False)
    item.save()
    return item


def make_campaign(
    actor: User,
    organiser: Agency,
    targets: list[Agency],
    *,
    status: str = Status.RUNNING,
    item: LibraryItem | None = None,
    **fields: Any,
) -> Campaign:
    """The Klaten campaign: 24–26 April 2024, WhatsApp status and Instagram, one item a day."""
    values: dict[str, Any] = {
        "title": "Kampanye Antikorupsi Klaten",
        "goal": "Semua ASN memasang status WhatsApp antikorupsi.",
        "circular_number": "B/700/127/11",
        "circular_date": dt.date(2024, 4, 4),
        "circular_signatory": "Sekretaris Daerah",
        "starts_on": DAYS[0],
        "ends_on": DAYS[-1],
        "channels": [Channel.WHATSAPP_STATUS, Channel.INSTAGRAM, Channel.BANNER],
        "groups": ["asn"],
        **fields,
    }
    campaign, _created = actions.create_campaign(
        actor=actor, organiser=organiser, targets=targets, **values
    )
    item = item or make_video(organiser)
    for i, day in enumerate(DAYS):
        actions.set_schedule_day(
            actor=actor, campaign=campaign, day=day, item=item, caption=f"Hari {i + 1}: tolak suap!"
        )
    order = ["publish", "start", "finish"]
    target_index = [Status.DRAFT, Status.PUBLISHED, Status.RUNNING, Status.FINISHED].index(status)
    for name in order[:target_index]:
        # Publishing on or after the first day already starts the campaign.
        if campaign.status in actions.TRANSITIONS[name][0]:
            campaign = actions.change_status(actor=actor, campaign=campaign, transition=name)
    if campaign.status != status:  # asked for "published" on a day it would already run
        Campaign.objects.filter(pk=campaign.pk).update(status=status)
        campaign.status = status
    return campaign


def make_participant(campaign: Campaign, agency: Agency, name: str, nip: str = "") -> Participant:
    return Participant.objects.create(campaign=campaign, agency=agency, name=name, nip=nip)


def token_for(user: User) -> dict[str, str]:
    _token, secret = create_api_token(actor=user, name="test")
    return {"Authorization": f"Bearer {secret}"}
