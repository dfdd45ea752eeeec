"""A campaign video with captions plays them on the participant's personal page."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from cegah.campaigns.access import personal_token
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, make_participant, make_video

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nLayanan publik gratis.\n"


def test_personal_page_plays_the_videos_indonesian_captions(client: Client, people: People) -> None:
    item = make_video(people.p.agency_a)
    item.captions.save("captions.vtt", ContentFile(VTT))
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a], item=item)
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    page = client.get(f"/kampanye/saya/{personal_token(sri)}/").content.decode()
    video = page[page.index("<video") : page.index("</video>")]
    assert (
        f'<track kind="captions" srclang="id" label="Bahasa Indonesia" '
        f'src="{item.captions.url}" default>'
    ) in video
    served = client.get(item.captions.url)
    assert served["Content-Type"].startswith("text/vtt")


def test_personal_page_has_no_track_for_a_video_without_captions(
    client: Client, people: People
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    page = client.get(f"/kampanye/saya/{personal_token(sri)}/").content.decode()
    assert "<video" in page
    assert "<track" not in page
