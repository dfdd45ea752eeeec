"""Demo data: Klaten's campaign of 24–26 April 2024 (SE B/700/127/11), with a few hundred
participants across its units and partial confirmations. Idempotent; refused in production."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.conf import settings
from django.db import transaction

from cegah.agencies.models import Agency
from cegah.campaigns import actions
from cegah.campaigns.importing import Report, Row
from cegah.campaigns.models import Campaign, Channel, Click, Group, Share, Status
from cegah.library.models import LibraryItem

FORM_TOKEN = "demo-campaign-klaten-2024"
DAYS = [dt.date(2024, 4, 24), dt.date(2024, 4, 25), dt.date(2024, 4, 26)]
# Share of participants who confirmed, per day: high on the first day, then falling off.
CONFIRMED = [0.72, 0.55, 0.41]
FIRST = ["Sri", "Budi", "Dewi", "Agus", "Rina", "Joko", "Siti", "Eko", "Wahyu", "Nur", "Tri"]
LAST = ["Wahyuni", "Santoso", "Lestari", "Prasetyo", "Rahayu", "Hidayat", "Saputra", "Utomo"]


def _nip(rng: random.Random, serial: int) -> str:
    born = dt.date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
    appointed = born.year + rng.randint(22, 26)
    return f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{rng.choice('12')}{serial % 1000:03d}"


def seed_campaigns_demo(*, dry_run: bool = False, participants: int = 300) -> str:
    """Create the Klaten campaign once; a second run changes nothing."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    if Campaign.objects.filter(form_token=FORM_TOKEN).exists():
        return "Campaigns: the Klaten demo campaign already exists."
    klaten = Agency.objects.filter(code="pemkab-klaten").first()
    items = list(
        LibraryItem.objects.published()
        .filter(form_token__startswith="demo-library-")
        .order_by("id")
    )
    if klaten is None or not items:
        return "Campaigns: demo agencies or library items missing; nothing created."
    units = list(Agency.objects.filter(parent=klaten, is_active=True).order_by("code"))
    if dry_run:
        return f"Campaigns: the Klaten campaign with {participants} participants would be created."
    own = next((i for i in items if i.owner_agency_id == klaten.pk), items[0])
    schedule = [own, *[i for i in items if i != own][:2]]
    rng = random.Random(20240424)
    with transaction.atomic():
        campaign, _created = actions.create_campaign(
            actor=None,
            organiser=klaten,
            targets=units,
            form_token=FORM_TOKEN,
            title="Kampanye Antikorupsi ASN Kabupaten Klaten",
            goal=(
                "Seluruh ASN memasang video dan materi antikorupsi KPK sebagai status WhatsApp: "
                "layanan publik gratis, jangan beri tip kepada petugas karena itu suap."
            ),
            circular_number="B/700/127/11",
            circular_date=dt.date(2024, 4, 4),
            circular_signatory="Sekretaris Daerah Kabupaten Klaten",
            starts_on=DAYS[0],
            ends_on=DAYS[-1],
            channels=[
                Channel.WHATSAPP_STATUS,
                Channel.INSTAGRAM,
                Channel.FACEBOOK,
                Channel.BANNER,
                Channel.BILLBOARD,
            ],
            groups=[Group.ASN, Group.PKK, Group.DHARMA_WANITA],
        )
        for position, (day, item) in enumerate(zip(DAYS, schedule * 3, strict=False)):
            # The first day carries two materials: the agency's own and a national one.
            more = [schedule[1]] if position == 0 and len(schedule) > 1 else []
            actions.set_schedule_day(
                actor=None,
                campaign=campaign,
                day=day,
                items=[item, *more],
                caption=item.caption or item.title,
            )
        report = Report()
        for i in range(participants):
            nip = _nip(rng, i)
            # One in twenty is a member of PKK or Dharma Wanita: no NIP, known by phone.
            group = (Group.PKK, Group.DHARMA_WANITA)[i // 20 % 2] if i % 20 == 19 else Group.ASN
            row = Row(
                line=i + 2,
                nip=nip if group == Group.ASN else "",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                agency_id=units[i % len(units)].pk,
                phone=f"+628{rng.randint(1_100_000_000, 5_999_999_999)}",
                email="",
                group=group.value,
            )
            report.rows[row.key] = row
            report.lines += 1
        actions.import_participants(actor=None, campaign=campaign, report=report)
        shares, clicks = [], []
        for participant in campaign.participants.all():
            for day, share in zip(DAYS, CONFIRMED, strict=True):
                if rng.random() < share:
                    shares.append(
                        Share(participant=participant, day=day, channel=Channel.WHATSAPP_STATUS)
                    )
                    for v in range(rng.randint(0, 3)):
                        visitor = hashlib.sha256(f"demo|{participant.pk}|{day}|{v}".encode())
                        clicks.append(
                            Click(
                                participant=participant,
                                day=day,
                                visitor=visitor.hexdigest(),
                                hits=rng.randint(1, 2),
                            )
                        )
        Share.objects.bulk_create(shares, ignore_conflicts=True)
        Click.objects.bulk_create(clicks, ignore_conflicts=True)
        for name in ("publish", "start", "finish"):
            # Published after its period, the campaign starts and finishes at once.
            if campaign.status in actions.TRANSITIONS[name][0]:
                campaign = actions.change_status(actor=None, campaign=campaign, transition=name)
    assert campaign.status == Status.FINISHED
    return (
        f"Campaigns: the Klaten campaign with {participants} participants, "
        f"{len(shares)} confirmations and {len(clicks)} visitors created."
    )
