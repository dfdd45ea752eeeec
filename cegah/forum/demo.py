"""Demo forum: questions about gratification and illegal levies (pungli) in Klaten and Bali,
one answered officially by Pemkab Klaten, one reply hidden after three people flagged it,
and one held for review because it carries a phone number. Written straight to the tables
(the demo people's accounts are new, so the posting rules would refuse them), idempotently."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cegah.accounts.models import User
from cegah.agencies.models import Agency
from cegah.core.demo import register
from cegah.forum.actions import agency_for_region, answer_due, member_for, thread_terms
from cegah.forum.models import (
    EventKind,
    Flag,
    FlagReason,
    Follow,
    ModerationEvent,
    Post,
    PostStatus,
    Support,
    Thread,
    Topic,
)
from cegah.regions.models import Region

MARKER = "[demo]"
PASSWORD = "cegah-demo-2026"

# title, topic, region, agency code, body, days ago
THREADS = [
    (
        "Guru diberi parsel Lebaran oleh wali murid, wajib lapor?",
        Topic.GRATIFICATION,
        "33.10",
        "klaten-disdik",
        "Saya guru SD negeri di Klaten. Menjelang Lebaran beberapa wali murid mengirim parsel "
        "berisi sirup dan kue ke rumah. Apakah ini gratifikasi yang wajib dilaporkan, dan ke "
        "mana saya melapor?",
        9,
    ),
    (
        "Pungutan Rp 50.000 saat mengurus KTP di kecamatan",
        Topic.ILLEGAL_LEVIES,
        "33.10",
        "",
        "Minggu lalu saat mengurus KTP-el di kantor kecamatan saya diminta uang Rp 50.000 "
        "'untuk mempercepat'. Bukankah layanan KTP gratis? Bagaimana cara melaporkannya?",
        6,
    ),
    (
        "Biaya izin usaha di mal pelayanan publik Denpasar",
        Topic.SERVICES,
        "51",
        "",
        "Berapa biaya resmi pengurusan NIB untuk usaha mikro di Bali? Ada yang menawarkan jasa "
        "pengurusan dengan biaya Rp 1.500.000.",
        4,
    ),
    (
        "Pungli parkir di objek wisata, siapa yang berwenang?",
        Topic.ILLEGAL_LEVIES,
        "51",
        "pemprov-bali",
        "Di beberapa objek wisata ada juru parkir yang menarik tarif jauh di atas karcis resmi. "
        "Instansi mana yang berwenang menertibkan dan ke mana warga bisa melapor?",
        2,
    ),
]

OFFICIAL_ANSWER = (
    "Terima kasih atas pertanyaannya. Parsel dari wali murid yang berkaitan dengan jabatan Bapak/"
    "Ibu sebagai guru termasuk gratifikasi. Tolak dengan sopan bila memungkinkan; bila sudah "
    "terlanjur diterima, laporkan dalam 30 hari kerja ke UPG Pemkab Klaten atau langsung ke KPK "
    "melalui GOL. Makanan yang mudah rusak boleh disalurkan ke panti asuhan dan dilaporkan."
)
REPLY = (
    "Di sekolah anak saya juga begitu. Sebaiknya komite sekolah membuat edaran agar wali murid "
    "tidak memberi hadiah kepada guru."
)
FLAGGED_REPLY = "Dasar pegawai malas semua, percuma bertanya di sini!"
HELD_REPLY = "Saya juga pernah dimintai uang. Hubungi saya di 0812-3456-7890 untuk cerita lengkap."


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, full_name=name)
        User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=30))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    member_for(user)
    return user


@register(110)
def seed_forum_demo(dry_run: bool = False) -> str:
    if settings.PRODUCTION:
        raise RuntimeError("Demo data is refused in production.")
    if Thread.objects.filter(title=THREADS[0][0]).exists():
        return "Forum: the demo questions already exist."
    if dry_run:
        return f"Forum: would create {len(THREADS)} demo questions in Klaten and Bali."
    now = timezone.now()
    with transaction.atomic():
        citizens = [
            _person("warga.forum1@demo.example", "Sri Lestari"),
            _person("warga.forum2@demo.example", "Made Wirawan"),
            _person("warga.forum3@demo.example", "Agus Santoso"),
            _person("warga.forum4@demo.example", "Nyoman Sari"),
        ]
        answerer = User.objects.filter(email="setda.klaten@demo.example").first()
        threads = []
        for index, (title, topic, region_code, agency_code, body, days) in enumerate(THREADS):
            region = Region.objects.filter(code=region_code).first()
            agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
            if agency is None and region is not None:
                agency = agency_for_region(region)
            when = now - dt.timedelta(days=days)
            author = citizens[index % len(citizens)]
            thread = Thread(
                title=title,
                topic=topic,
                region=region,
                agency=agency,
                author=author,
                is_public=True,
                created_at=when,
                last_activity_at=when,
                answer_due=answer_due(agency, when),
            )
            thread.search_terms = thread_terms(thread, body)
            thread.save()
            Post.objects.create(
                thread=thread, author=author, body=body, is_opening=True, created_at=when
            )
            Follow.objects.create(thread=thread, user=author)
            threads.append(thread)
        first = threads[0]
        # Supporters of the first question.
        for supporter in citizens[1:]:
            Support.objects.create(thread=first, user=supporter)
        first.support_count = len(citizens) - 1
        if answerer is not None:
            klaten = Agency.objects.filter(code="pemkab-klaten").first()
            member_for(answerer)
            when = first.created_at + dt.timedelta(days=2)
            answer = Post.objects.create(
                thread=first,
                author=answerer,
                body=OFFICIAL_ANSWER,
                official_agency=klaten,
                created_at=when,
            )
            ModerationEvent.objects.create(
                kind=EventKind.OFFICIAL, post=answer, actor=answerer, reason=str(klaten)
            )
            first.answered_at = when
            first.search_terms = thread_terms(first, THREADS[0][4], OFFICIAL_ANSWER)
        Post.objects.create(
            thread=first,
            author=citizens[1],
            body=REPLY,
            created_at=first.created_at + dt.timedelta(days=3),
        )
        first.reply_count = 2 if answerer is not None else 1
        first.last_activity_at = first.created_at + dt.timedelta(days=3)
        first.save()
        # A reply hidden after three people flagged it, waiting in the queue.
        second = threads[1]
        flagged = Post.objects.create(
            thread=second,
            author=citizens[3],
            body=FLAGGED_REPLY,
            status=PostStatus.HIDDEN,
            flag_count=3,
            queued_at=now - dt.timedelta(hours=5),
            created_at=now - dt.timedelta(days=1),
        )
        for flagger in citizens[:3]:
            Flag.objects.create(post=flagged, user=flagger, reason=FlagReason.ABUSE)
        ModerationEvent.objects.create(
            kind=EventKind.AUTO_HIDDEN,
            post=flagged,
            subject=citizens[3],
            reason="3 people reported it.",
        )
        # A reply held because it carries a phone number.
        Post.objects.create(
            thread=second,
            author=citizens[2],
            body=HELD_REPLY,
            status=PostStatus.HELD,
            held_reason="phone",
            queued_at=now - dt.timedelta(hours=2),
            created_at=now - dt.timedelta(hours=2),
        )
    return f"Forum: {len(THREADS)} demo questions in Klaten and Bali, one answered, one flagged."
