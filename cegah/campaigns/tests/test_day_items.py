"""Several library items a day, picked with previews: what the organiser does on the day page
(without JavaScript), and every page and message that shows a day's material."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from PIL import Image

from cegah.accounts.models import Role
from cegah.campaigns import actions, reminders
from cegah.campaigns.access import personal_token
from cegah.campaigns.models import (
    Campaign,
    CampaignEvent,
    EventKind,
    ScheduleDay,
    ScheduleItem,
    Status,
)
from cegah.campaigns.tests.conftest import NOW, People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_participant, make_video
from cegah.campaigns.tests.test_campaigns import form_data, login, pdf_bytes
from cegah.library.models import Adoption, AdoptionKind, Kind, LibraryItem
from cegah.library.tests.factories import make_item
from cegah.messaging.models import OutboxMessage
from cegah.test import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(people: People) -> dict[str, LibraryItem]:
    """Klaten's own picture, a KPK video Klaten adopted, a national KPK poster, and Bali's
    own picture (another agency's: never offered to Klaten)."""
    kpk, klaten, bali = people.p.kpk, people.p.agency_a, people.p.agency_b
    own = make_item(klaten, title="Layanan Klaten tanpa pungli", image=True)
    adopted = make_item(people.p.agency_b, title="Video Bali diadopsi", kind=Kind.CAPTION)
    Adoption.objects.create(item=adopted, agency=klaten, kind=AdoptionKind.ADOPT)
    national = make_item(kpk, title="Poster KPK tolak gratifikasi", image=True, kind=Kind.IMAGE)
    other = make_item(bali, title="Materi Bali sendiri", image=True)
    draft = make_item(klaten, title="Draf Klaten", published=False)
    return {"own": own, "adopted": adopted, "national": national, "other": other, "draft": draft}


def day_url(campaign: Campaign, day: dt.date = DAYS[0]) -> str:
    return f"/kampanye/{campaign.pk}/jadwal/{day.isoformat()}/"


def group(page: str, key: str) -> str:
    match = re.search(rf'aria-labelledby="group-{key}">(.*?)</section>', page, re.S)
    assert match is not None, key
    return match.group(1)


def test_the_picker_shows_own_adopted_and_national_items_with_previews_and_kinds(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.manager)
    response = client.get(day_url(campaign))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Materi untuk Rabu, 24 April 2024" in page  # the date in Indonesian
    own, adopted, national = group(page, "own"), group(page, "adopted"), group(page, "national")
    assert "Layanan Klaten tanpa pungli" in own and library["own"].phone_url() in own
    assert "Gambar atau infografik" in own  # its kind
    assert "Video Bali diadopsi" in adopted and "Caption saja" in adopted
    assert "Tolak gratifikasi! #TolakGratifikasi" in adopted  # a caption's preview is its text
    assert "Poster KPK tolak gratifikasi" in national
    # What the day carries already comes first, ticked.
    chosen = group(page, "chosen")
    assert "Jangan beri tip petugas" in chosen and "checked" in chosen
    assert "Materi Bali sendiri" not in page  # another agency's own item
    assert "Draf Klaten" not in page


def test_the_organiser_puts_several_items_on_a_day_in_order_without_javascript(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.manager)
    picked = [library["national"].pk, library["own"].pk, library["adopted"].pk]
    response = client.post(
        day_url(campaign), {"day": "2024-04-24", "items": picked, "caption": ""}, follow=True
    )
    assert response.redirect_chain == [(f"/kampanye/{campaign.pk}/kelola/#schedule", 302)]
    assert "Materi untuk Rabu, 24 April 2024 tersimpan." in response.content.decode()
    day = ScheduleDay.objects.with_items().get(campaign=campaign, day=DAYS[0])
    assert [i.pk for i in day.ordered_items()] == picked
    assert day.caption == library["national"].caption  # the first material's own caption
    event = CampaignEvent.objects.filter(campaign=campaign, kind=EventKind.UPDATED).last()
    assert event is not None and event.actor == people.manager
    assert event.note == f"schedule 2024-04-24: items {', '.join(map(str, picked))}"
    detail = response.content.decode()
    for title in ("Poster KPK tolak gratifikasi", "Layanan Klaten tanpa pungli"):
        assert title in detail
    assert "Rabu, 24 April 2024" in detail


def test_an_item_of_another_agency_or_a_draft_is_refused_and_nothing_changes(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.manager)
    for item in (library["other"], library["draft"]):
        response = client.post(
            day_url(campaign), {"day": "2024-04-24", "items": [item.pk], "caption": "x"}
        )
        assert response.status_code == 400
        assert "Materi itu tidak lagi tersedia untuk instansi Anda." in response.content.decode()
    day = ScheduleDay.objects.get(campaign=campaign, day=DAYS[0])
    assert [i.title for i in day.ordered_items()] == ["Jangan beri tip petugas"]


def test_nothing_ticked_or_too_many_is_refused_with_the_ticks_kept(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.manager)
    empty = client.post(day_url(campaign), {"day": "2024-04-24", "caption": "x"})
    assert empty.status_code == 400
    assert "Pilih sekurang-kurangnya satu materi untuk hari itu." in empty.content.decode()
    extra = [make_item(people.p.agency_a, title=f"Tambahan {i}").pk for i in range(4)]
    too_many = client.post(
        day_url(campaign),
        {"day": "2024-04-24", "items": [library["own"].pk, *extra], "caption": "x"},
    )
    page = too_many.content.decode()
    assert too_many.status_code == 400
    assert "Satu hari paling banyak memuat 4 materi." in page
    assert group(page, "chosen").count("checked") == 5  # what she ticked stays ticked
    assert ScheduleItem.objects.filter(day__campaign=campaign, day__day=DAYS[0]).count() == 1


def test_the_picker_search_narrows_by_title_and_kind(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.manager)
    page = client.get(day_url(campaign) + "?cari=gratifikasi").content.decode()
    assert "Poster KPK tolak gratifikasi" in page
    assert "Layanan Klaten tanpa pungli" not in page
    page = client.get(day_url(campaign) + "?jenis=caption").content.decode()
    assert "Video Bali diadopsi" in page and "Poster KPK tolak gratifikasi" not in page


def test_a_manager_of_another_agency_gets_404_on_the_day_page(
    client: Client, people: People, library: dict[str, LibraryItem]
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.p.officer_b)
    assert client.get(day_url(campaign)).status_code == 404
    response = client.post(
        day_url(campaign), {"day": "2024-04-24", "items": [library["other"].pk], "caption": "x"}
    )
    assert response.status_code == 404
    login(client, people.manager)
    assert client.get(day_url(campaign, dt.date(2024, 5, 1))).status_code == 404  # outside


def test_the_day_choices_read_as_indonesian_dates(client: Client, people: People) -> None:
    from cegah.campaigns.forms import ScheduleDayForm

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    labels = dict(ScheduleDayForm(campaign=campaign).fields["day"].choices)  # type: ignore[attr-defined]
    assert labels["2024-04-24"] == "Rabu, 24 April 2024"
    assert labels["2024-04-26"] == "Jumat, 26 April 2024"


def _two_items(people: People, campaign: Campaign) -> list[LibraryItem]:
    items = [
        make_video(people.p.agency_a, "Video tolak tip"),
        make_item(people.p.agency_a, title="Poster layanan gratis", image=True),
    ]
    actions.set_schedule_day(
        actor=people.manager, campaign=campaign, day=DAYS[0], items=items, caption="Hari 1!"
    )
    return items


def test_the_personal_page_shows_every_item_of_the_day_with_its_download(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    video, poster = _two_items(people, campaign)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    page = client.get(f"/kampanye/saya/{personal_token(sri)}/").content.decode()
    assert page.index("Video tolak tip") < page.index("Poster layanan gratis")
    assert f'href="{video.video.url}"' in page
    assert f'href="{poster.rendition_url("story")}"' in page
    assert "Unduh video" in page and "Unduh gambar" in page


def test_the_short_link_leads_to_a_page_with_the_days_material(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    video, poster = _two_items(people, campaign)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    response = client.get(f"/s/{sri.code}", follow=True)
    assert response.redirect_chain == [(f"/kampanye/{campaign.pk}/", 302)]
    page = response.content.decode()
    assert "Materi hari ini" in page
    assert f'src="{video.video.url}"' in page and poster.rendition_url("story") in page
    assert "Hari 1!" in page
    assert "Sri Wahyuni" not in page  # the public page names nobody


def test_the_public_day_page_shows_a_past_day_but_never_a_day_to_come(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _two_items(people, campaign)
    url = f"/kampanye/{campaign.pk}/hari/2024-04-24/"
    assert client.get(f"/kampanye/{campaign.pk}/hari/2024-04-25/").status_code == 404
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        page = client.get(url).content.decode()
        assert "Materi Rabu, 24 April 2024" in page
        assert "Video tolak tip" in page and "Poster layanan gratis" in page
        landing = client.get(f"/kampanye/{campaign.pk}/").content.decode()
        assert "Materi hari ini" in landing and "Hari 2: tolak suap!" in landing
        assert f'href="{url}"' in landing  # the days so far
    draft = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status="draft")
    assert client.get(f"/kampanye/{draft.pk}/hari/2024-04-24/").status_code == 404


def test_the_reminder_names_every_item_of_the_day(people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _two_items(people, campaign)
    participant = make_participant(campaign, people.p.unit_a, "Rina")
    participant.phone = "+6281200000001"
    participant.save()
    reminders.plan_reminders()
    body = OutboxMessage.objects.get().body
    assert "(“Video tolak tip”; “Poster layanan gratis”)" in body


def test_the_calendar_and_the_api_list_every_item(client: Client, people: People) -> None:
    from cegah.campaigns.tests.factories import token_for

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    video, poster = _two_items(people, campaign)
    feed = client.get(f"/kampanye/{campaign.pk}/kalender.ics").content.decode()
    assert "SUMMARY:Video tolak tip\\; Poster layanan gratis" in feed
    data = client.get(f"/api/v1/campaigns/{campaign.pk}", headers=token_for(people.manager))
    first = data.json()["schedule"][0]
    assert first["item"]["id"] == video.pk
    assert [i["id"] for i in first["items"]] == [video.pk, poster.pk]


def test_a_joined_copy_keeps_every_item_of_each_day(people: People) -> None:
    national = make_campaign(
        people.kpk_manager, people.p.kpk, [people.p.kpk], status=Status.PUBLISHED, title="Hakordia"
    )
    items = [make_video(people.p.kpk, "Video KPK"), make_item(people.p.kpk, title="Teks KPK")]
    actions.set_schedule_day(
        actor=people.kpk_manager, campaign=national, day=DAYS[1], items=items, caption="Dua"
    )
    bali_manager = make_user("kampanye@bali.example.org", (people.p.agency_b, Role.AGENCY_ADMIN))
    copy = actions.join_campaign(actor=bali_manager, campaign=national, agency=people.p.agency_b)
    day = ScheduleDay.objects.with_items().get(campaign=copy, day=DAYS[1])
    assert [i.title for i in day.ordered_items()] == ["Video KPK", "Teks KPK"]


def test_a_scheduled_item_cannot_be_deleted_from_the_library(
    client: Client, people: People
) -> None:
    editor = make_user("editor@klaten.example.org", (people.p.agency_a, Role.EDITOR))
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    _video, poster = _two_items(people, campaign)
    login(client, editor)
    client.post(f"/pustaka/kelola/{poster.pk}/hapus/")
    assert LibraryItem.objects.filter(pk=poster.pk).exists()


# Publishing on or after the first day


@pytest.mark.parametrize(
    ("today", "status", "kinds"),
    [
        (dt.date(2024, 4, 23), Status.PUBLISHED, [EventKind.PUBLISHED]),
        (dt.date(2024, 4, 24), Status.RUNNING, [EventKind.PUBLISHED, EventKind.STARTED]),
        (dt.date(2024, 4, 25), Status.RUNNING, [EventKind.PUBLISHED, EventKind.STARTED]),
        (
            dt.date(2024, 4, 27),
            Status.FINISHED,
            [EventKind.PUBLISHED, EventKind.STARTED, EventKind.FINISHED],
        ),
    ],
    ids=["the-day-before", "on-the-first-day", "during", "after-the-last-day"],
)
def test_a_campaign_published_on_or_after_its_first_day_starts_at_once(
    client: Client, people: People, today: dt.date, status: str, kinds: list[str]
) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT
    )
    login(client, people.manager)
    moment = dt.datetime.combine(today, dt.time(9), NOW.tzinfo)
    with time_machine.travel(moment, tick=False):
        client.post(f"/kampanye/{campaign.pk}/status/publish/")
    campaign.refresh_from_db()
    assert campaign.status == status
    events = campaign.events.exclude(kind__in=[EventKind.CREATED, EventKind.UPDATED])
    assert list(events.values_list("kind", flat=True)) == kinds
    assert all(e.actor == people.manager for e in events)


def test_a_campaign_published_on_its_first_day_reminds_that_same_day(people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT
    )
    rina = make_participant(campaign, people.p.unit_a, "Rina")
    rina.phone = "+6281200000002"
    rina.save()
    actions.change_status(actor=people.manager, campaign=campaign, transition="publish")
    assert reminders.plan_reminders() == 1


# Forms that speak to the field


def test_file_type_messages_name_what_the_field_takes(client: Client, people: People) -> None:
    login(client, people.manager)
    png = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(png, format="PNG")
    response = client.post(
        "/kampanye/baru/",
        form_data(people, circular_file=SimpleUploadedFile("se.png", png.getvalue())),
    )
    page = response.content.decode()
    assert "“se.png” bukan berkas PDF." in page
    assert "JPEG, PNG, WebP" not in page
    assert not Campaign.objects.exists()

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri")
    response = client.post(
        f"/kampanye/saya/{personal_token(sri)}/",
        {
            "day": "2024-04-24",
            "channel": "whatsapp_status",
            "proof": SimpleUploadedFile("bukti.pdf", pdf_bytes()),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“bukti.pdf” bukan gambar JPEG, PNG, atau WebP." in page
    assert "atau PDF" not in page


def test_target_units_are_picked_from_a_list_that_shows_their_codes(
    client: Client, people: People
) -> None:
    login(client, people.manager)
    page = client.get("/kampanye/baru/").content.decode()
    assert "Dinas Pendidikan Kabupaten Klaten (klaten-disdik)" in page
    assert "Dinas Kesehatan Kabupaten Klaten (klaten-dinkes)" in page
    assert "kolom unit_code" in page


# The migration keeps what was scheduled


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_existing_days_item(people: People) -> None:
    executor = MigrationExecutor(connection)
    before = [("campaigns", "0007_reminder_campaign_required")]
    latest = executor.loader.graph.leaf_nodes("campaigns")
    item = make_video(people.p.agency_a)
    try:
        executor.migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldCampaign = old.get_model("campaigns", "Campaign")
        OldDay = old.get_model("campaigns", "ScheduleDay")
        campaign = OldCampaign.objects.create(
            organiser_id=people.p.agency_a.pk,
            title="Lama",
            starts_on=DAYS[0],
            ends_on=DAYS[-1],
        )
        for day in DAYS[:2]:
            OldDay.objects.create(campaign=campaign, day=day, item_id=item.pk, caption="Lama")
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)
    days = ScheduleDay.objects.with_items().filter(campaign_id=campaign.pk).order_by("day")
    assert [(d.day, [i.pk for i in d.ordered_items()]) for d in days] == [
        (DAYS[0], [item.pk]),
        (DAYS[1], [item.pk]),
    ]
