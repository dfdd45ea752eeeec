"""The iCalendar feed of a campaign's schedule and the staff API that lists and shows campaigns."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cegah.accounts.models import Role
from cegah.campaigns import actions
from cegah.campaigns.calendar import escape_text, fold
from cegah.campaigns.models import Campaign, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import DAYS, make_campaign, make_video, token_for
from cegah.test import make_user

pytestmark = pytest.mark.django_db

CAPTION = "Tolak suap, tolak gratifikasi; lapor ke UPG.\nLink: \\ di bio"


def parse(feed: str) -> list[dict[str, str]]:
    """A minimal reader for the test: unfold, split content lines, unescape TEXT values;
    returns the calendar's properties and then one dict per VEVENT."""
    assert feed.endswith("\r\n")
    lines = feed.replace("\r\n ", "").split("\r\n")[:-1]
    components: list[dict[str, str]] = [{}]
    for line in lines:
        name, _sep, value = line.partition(":")
        if name == "BEGIN" and value == "VEVENT":
            components.append({})
            continue
        if name in ("BEGIN", "END"):
            continue
        value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
        components[-1][name] = value
    return components


@pytest.fixture
def campaign(people: People) -> Campaign:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a, people.unit_b])
    entry = campaign.schedule.get(day=DAYS[1])
    entry.caption = CAPTION
    entry.save()
    return campaign


def test_text_is_escaped_per_rfc_5545() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "DESCRIPTION:" + "é" * 100  # two octets each
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) == 3
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_the_feed_has_one_all_day_event_per_scheduled_day(
    client: Client, campaign: Campaign
) -> None:
    response = client.get(f"/kampanye/{campaign.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    assert "\n" not in feed.replace("\r\n", "")
    calendar, *events = parse(feed)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == "Kampanye Antikorupsi Klaten"
    assert [e["DTSTART;VALUE=DATE"] for e in events] == ["20240424", "20240425", "20240426"]
    assert [e["DTEND;VALUE=DATE"] for e in events] == ["20240425", "20240426", "20240427"]
    assert events[0]["SUMMARY"] == "Jangan beri tip petugas"
    assert events[0]["DESCRIPTION"] == "Hari 1: tolak suap!"
    assert events[1]["DESCRIPTION"] == CAPTION
    assert "Tolak suap\\, tolak gratifikasi\\; lapor" in feed.replace("\r\n ", "")
    assert events[0]["URL;VALUE=URI"] == f"http://testserver/kampanye/{campaign.pk}/"
    assert events[0]["DTSTAMP"] == "20240424T020000Z"
    assert len({e["UID"] for e in events}) == 3


def test_uids_stay_the_same_when_a_day_changes(
    client: Client, people: People, campaign: Campaign
) -> None:
    before = [e["UID"] for e in parse(client.get(f"/kampanye/{campaign.pk}/kalender.ics").text)[1:]]
    actions.set_schedule_day(
        actor=people.manager,
        campaign=campaign,
        day=DAYS[0],
        item=make_video(people.p.agency_a, "Video baru"),
        caption="Baru",
    )
    campaign.landing_url = "https://klatenkab.go.id/antikorupsi"
    campaign.save()
    after = parse(client.get(f"/kampanye/{campaign.pk}/kalender.ics").text)[1:]
    assert [e["UID"] for e in after] == before
    assert after[0]["SUMMARY"] == "Video baru"
    assert after[0]["URL;VALUE=URI"] == "https://klatenkab.go.id/antikorupsi"


def test_a_draft_has_no_feed_and_finished_ones_keep_it(client: Client, people: People) -> None:
    draft = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT)
    assert client.get(f"/kampanye/{draft.pk}/kalender.ics").status_code == 404
    done = make_campaign(
        people.manager, people.p.agency_a, [people.p.unit_a], status=Status.FINISHED
    )
    assert client.get(f"/kampanye/{done.pk}/kalender.ics").status_code == 200
    assert client.get("/kampanye/999999/kalender.ics").status_code == 404


# Staff API


def test_the_list_shows_managed_campaigns_and_national_ones_to_join(
    client: Client, people: People, campaign: Campaign
) -> None:
    national = make_campaign(
        people.kpk_manager, people.p.kpk, [people.p.kpk], status=Status.PUBLISHED, title="Nasional"
    )
    bali = make_user("kampanye@bali.example.org", (people.p.agency_b, Role.CAMPAIGN_MANAGER))
    other = make_campaign(bali, people.p.agency_b, [people.p.agency_b], title="Bali")
    response = client.get("/api/v1/campaigns", headers=token_for(people.manager))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    rows = {row["id"]: row for row in data["items"]}
    assert set(rows) == {campaign.pk, national.pk}
    assert other.pk not in rows
    assert rows[campaign.pk]["managed"] is True and rows[national.pk]["managed"] is False
    assert rows[campaign.pk]["calendar_url"] == (
        f"http://testserver/kampanye/{campaign.pk}/kalender.ics"
    )
    assert rows[campaign.pk]["organiser"] == {
        "code": "pemkab-klaten",
        "name": "Pemerintah Kabupaten Klaten",
    }


def test_the_detail_has_the_schedule_targets_and_calendar(
    client: Client, people: People, campaign: Campaign
) -> None:
    response = client.get(f"/api/v1/campaigns/{campaign.pk}", headers=token_for(people.manager))
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "running"
    assert (data["starts_on"], data["ends_on"]) == ("2024-04-24", "2024-04-26")
    assert data["circular"] == {
        "number": "B/700/127/11",
        "date": "2024-04-04",
        "signatory": "Sekretaris Daerah",
    }
    assert data["channels"] == ["whatsapp_status", "instagram", "banner"]
    assert data["calendar_url"] == f"http://testserver/kampanye/{campaign.pk}/kalender.ics"
    assert client.get(data["calendar_url"]).status_code == 200
    assert data["target_agencies"] == [
        {"code": "klaten-dinkes", "name": "Dinas Kesehatan Kabupaten Klaten"},
        {"code": "klaten-disdik", "name": "Dinas Pendidikan Kabupaten Klaten"},
    ]  # by name
    assert [d["day"] for d in data["schedule"]] == ["2024-04-24", "2024-04-25", "2024-04-26"]
    assert data["schedule"][1]["caption"] == CAPTION
    assert data["schedule"][0]["item"]["title"] == "Jangan beri tip petugas"
    first = campaign.schedule.first().ordered_items()[0]  # type: ignore[union-attr]
    assert data["schedule"][0]["item"]["id"] == first.pk
    assert data["schedule"][0]["items"] == [{"id": first.pk, "title": first.title}]


def test_a_draft_has_no_calendar_url(client: Client, people: People) -> None:
    draft = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], status=Status.DRAFT)
    data = client.get(f"/api/v1/campaigns/{draft.pk}", headers=token_for(people.manager)).json()
    assert data["calendar_url"] is None


def test_campaigns_of_other_agencies_are_not_found(
    client: Client, people: People, campaign: Campaign
) -> None:
    bali = make_user("kampanye@bali.example.org", (people.p.agency_b, Role.CAMPAIGN_MANAGER))
    response = client.get(f"/api/v1/campaigns/{campaign.pk}", headers=token_for(bali))
    assert response.status_code == 404
    assert client.get("/api/v1/campaigns", headers=token_for(bali)).json()["count"] == 0
    for user in (people.p.officer_b, people.p.asn_a):
        assert (
            client.get(f"/api/v1/campaigns/{campaign.pk}", headers=token_for(user)).status_code
            == 404
        )
        assert client.get("/api/v1/campaigns", headers=token_for(user)).json()["count"] == 0
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 401


def test_the_endpoints_are_documented(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/campaigns" in schema["paths"]
    detail = schema["paths"]["/api/v1/campaigns/{campaign_id}"]["get"]
    assert "404" in detail["responses"]
    out = schema["components"]["schemas"]["CampaignOut"]["properties"]
    assert {"calendar_url", "target_agencies", "schedule", "circular"} <= set(out)


def test_the_feed_may_be_cached_a_quarter_hour_and_an_unchanged_one_is_a_304(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    url = f"/kampanye/{campaign.pk}/kalender.ics"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=900"
    etag = first["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    actions.set_schedule_day(
        actor=people.manager,
        campaign=campaign,
        day=DAYS[1],
        items=campaign.schedule.first().ordered_items(),  # type: ignore[union-attr]
        caption="Hari 2: berubah",
    )
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_landing_and_manage_pages_link_the_feed(client: Client, people: People) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    link = f'href="/kampanye/{campaign.pk}/kalender.ics"'
    landing = client.get(f"/kampanye/{campaign.pk}/").content.decode()
    assert link in landing and "Tambahkan ke kalender" in landing
    client.force_login(people.manager)
    assert link in client.get(f"/kampanye/{campaign.pk}/kelola/").content.decode()
