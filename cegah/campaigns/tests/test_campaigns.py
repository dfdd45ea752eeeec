"""Campaigns through the staff pages: create, schedule, states, join, and who sees what."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cegah.campaigns.models import Campaign, CampaignEvent, EventKind, ScheduleDay, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_video
from cegah.test import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Client, user: object) -> Client:
    client.login(email=user.email, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (100, 140), "white").save(out, format="PDF")
    return out.getvalue()


def form_data(people: People, **extra: object) -> dict[str, object]:
    return {
        "organiser": people.p.agency_a.pk,
        "title": "Kampanye Antikorupsi Klaten",
        "goal": "Semua ASN berbagi materi KPK.",
        "circular_number": "B/700/127/11",
        "circular_date": "2024-04-04",
        "circular_signatory": "Sekretaris Daerah Kabupaten Klaten",
        "starts_on": "2024-04-24",
        "ends_on": "2024-04-26",
        "channels": ["whatsapp_status", "banner"],
        "groups": ["asn", "pkk", "dharma_wanita"],
        "targets": [people.p.unit_a.pk, people.unit_b.pk],
        "form_token": "token-1",
        **extra,
    }


def test_manager_creates_a_campaign_with_its_circular_letter(
    client: Client, people: People
) -> None:
    login(client, people.manager)
    data = form_data(people, circular_file=SimpleUploadedFile("se.pdf", pdf_bytes()))
    response = client.post("/kampanye/baru/", data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kampanye/{campaign.pk}/kelola/"
    assert campaign.status == Status.DRAFT
    assert campaign.organiser == people.p.agency_a
    assert campaign.circular_number == "B/700/127/11"
    assert campaign.circular_pdf.name.endswith(".pdf")
    assert campaign.groups == ["asn", "pkk", "dharma_wanita"]
    assert set(campaign.targets.values_list("code", flat=True)) == {
        "klaten-disdik",
        "klaten-dinkes",
    }
    assert CampaignEvent.objects.filter(campaign=campaign, kind=EventKind.CREATED).count() == 1
    page = client.get(response["Location"])
    assert "B/700/127/11" in page.content.decode()


def test_the_same_form_submitted_twice_makes_one_campaign(client: Client, people: People) -> None:
    login(client, people.manager)
    client.post("/kampanye/baru/", form_data(people))
    client.post("/kampanye/baru/", form_data(people))
    assert Campaign.objects.count() == 1


def test_a_circular_that_is_not_a_pdf_is_refused_and_nothing_saved(
    client: Client, people: People
) -> None:
    login(client, people.manager)
    data = form_data(people, circular_file=SimpleUploadedFile("se.pdf", b"not a pdf at all"))
    response = client.post("/en/kampanye/baru/", data)
    assert response.status_code == 200
    assert "“se.pdf” is not a PDF file." in response.content.decode()
    assert not Campaign.objects.exists()


def test_targets_outside_the_organiser_are_refused(client: Client, people: People) -> None:
    login(client, people.manager)
    response = client.post("/kampanye/baru/", form_data(people, targets=[people.p.agency_b.pk]))
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_states_move_forward_only_and_publishing_needs_a_schedule(
    client: Client, people: People
) -> None:
    login(client, people.manager)
    client.post("/kampanye/baru/", form_data(people))
    campaign = Campaign.objects.get()
    client.post(f"/kampanye/{campaign.pk}/status/publish/")
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT  # nothing planned yet

    item = make_video(people.p.agency_a)
    response = client.post(
        f"/kampanye/{campaign.pk}/jadwal/", {"day": "2024-04-24", "items": [item.pk], "caption": ""}
    )
    assert response.status_code == 302
    day = ScheduleDay.objects.get(campaign=campaign)
    assert day.caption == item.caption  # the material's own caption when none is given

    # Published on its first day (24 April), it runs at once; then it can only finish.
    for name, expected in [("publish", Status.RUNNING), ("finish", Status.FINISHED)]:
        client.post(f"/kampanye/{campaign.pk}/status/{name}/")
        campaign.refresh_from_db()
        assert campaign.status == expected
    client.post(f"/kampanye/{campaign.pk}/status/start/")
    campaign.refresh_from_db()
    assert campaign.status == Status.FINISHED
    kinds = list(campaign.events.values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.PUBLISHED, EventKind.STARTED, EventKind.FINISHED]


def test_a_day_outside_the_period_cannot_be_planned(client: Client, people: People) -> None:
    campaign = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT
    )
    item = make_video(people.p.agency_a)
    login(client, people.manager)
    client.post(f"/kampanye/{campaign.pk}/jadwal/", {"day": "2024-05-01", "items": [item.pk]})
    assert campaign.schedule.count() == 3


@pytest.mark.parametrize("who", ["officer_b", "asn_a", "head_a"])
def test_people_who_do_not_manage_the_campaign_get_404(
    client: Client, people: People, who: str
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    user = getattr(people, who, None) or getattr(people.p, who)
    login(client, user)
    for path in ["kelola/", "ubah/", "peserta/impor/", "peserta/tautan.csv"]:
        assert client.get(f"/kampanye/{campaign.pk}/{path}").status_code == 404
    assert client.post(f"/kampanye/{campaign.pk}/status/finish/").status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Status.RUNNING


def test_agency_admin_of_the_organiser_manages_too(client: Client, people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    login(client, people.p.admin_a)
    assert client.get(f"/kampanye/{campaign.pk}/kelola/").status_code == 200


def test_a_regional_government_joins_a_national_campaign_with_its_own_copy(
    client: Client, people: People
) -> None:
    national = make_campaign(
        people.kpk_manager,
        people.p.kpk,
        [people.p.kpk],
        status=Status.PUBLISHED,
        title="Hakordia",
    )
    login(client, people.p.officer_b)  # agency admin of Pemprov Bali
    listing = client.get("/kampanye/")
    assert "Hakordia" in listing.content.decode()
    response = client.post(f"/kampanye/{national.pk}/ikut/")
    copy = Campaign.objects.get(parent=national)
    assert response["Location"] == f"/kampanye/{copy.pk}/kelola/"
    assert copy.organiser == people.p.agency_b
    assert copy.status == Status.DRAFT
    assert [(d.day, d.caption) for d in copy.schedule.all()] == [
        (d.day, d.caption) for d in national.schedule.all()
    ]
    assert national.target_rows.filter(agency=people.p.agency_b, joined=True).exists()
    # Adjusting the copy leaves the national schedule alone.
    client.post(
        f"/kampanye/{copy.pk}/jadwal/",
        {
            "day": DAYS[0].isoformat(),
            "items": [i.pk for i in copy.schedule.first().ordered_items()],  # type: ignore[union-attr]
            "caption": "Bali",
        },
    )
    assert copy.schedule.get(day=DAYS[0]).caption == "Bali"
    assert national.schedule.get(day=DAYS[0]).caption == "Hari 1: tolak suap!"
    client.post(f"/kampanye/{national.pk}/ikut/")
    assert Campaign.objects.filter(parent=national).count() == 1


def test_the_personal_links_export_is_logged(client: Client, people: People) -> None:
    from cegah.audit.models import AccessLog
    from cegah.campaigns.models import Participant

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = Participant.objects.create(campaign=campaign, agency=people.p.unit_a, name="Sri")
    login(client, people.manager)
    response = client.get(f"/kampanye/{campaign.pk}/peserta/tautan.csv")
    text = response.content.decode()
    assert response.status_code == 200
    assert f"http://testserver/s/{sri.code}" in text
    assert "http://testserver/kampanye/saya/" in text
    assert AccessLog.objects.filter(actor=people.manager, kind="export").count() == 1


def test_a_manager_changes_the_campaign_and_a_target_with_participants_stays(
    client: Client, people: People
) -> None:
    from cegah.campaigns.models import Participant

    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    Participant.objects.create(campaign=campaign, agency=people.unit_b, name="Dewi")
    login(client, people.manager)
    data = form_data(people, title="Kampanye Klaten 2024", targets=[people.p.unit_a.pk])
    response = client.post(f"/en/kampanye/{campaign.pk}/ubah/", data)
    assert response.status_code == 200
    assert "An agency with participants cannot be removed" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.title == "Kampanye Antikorupsi Klaten"
    data["targets"] = [people.p.unit_a.pk, people.unit_b.pk]
    response = client.post(f"/kampanye/{campaign.pk}/ubah/", data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Kampanye Klaten 2024"
    assert campaign.events.filter(kind=EventKind.UPDATED).exists()
