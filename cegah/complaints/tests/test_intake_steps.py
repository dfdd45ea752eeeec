"""The intake form's steps that are not a submission, and what the rate limits count.

Issue 12: without JavaScript the region button reloads the form; that is a step, not a
failure. And the per-address limits count complaints sent, not forms refused for a mistake.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import form_data

pytestmark = pytest.mark.usefixtures("regions")

NEW = "/keluhan/baru/"
NOT_SENT = "Keluhan Anda belum terkirim"


def refresh(client: Client, **values: Any) -> str:
    response = client.post(NEW, form_data(_refresh_region="1", **values))
    assert response.status_code == 200
    return response.content.decode()


def autofocused(html: str) -> list[str]:
    """The names of the fields the browser focuses when the page loads."""
    return re.findall(r'<(?:select|input|textarea)[^>]*\bname="([^"]+)"[^>]*\bautofocus', html)


def test_the_region_button_shows_no_failure_banner_and_no_errors_on_fields_not_reached(
    client: Client,
) -> None:
    # Someone on a basic phone picks the province first, with nothing else filled in yet.
    html = refresh(
        client,
        regency=None,
        district=None,
        description=None,
        reporter_name=None,
        reporter_email=None,
        reporter_phone=None,
    )
    assert NOT_SENT not in html
    assert 'class="errorlist' not in html
    assert "wajib diisi" not in html
    assert '<option value="33.10">Kabupaten Klaten</option>' in html
    assert autofocused(html) == ["regency"]
    assert Complaint.objects.count() == 0


def test_the_region_button_keeps_everything_typed_and_focuses_the_next_level(
    client: Client,
) -> None:
    html = refresh(client, district=None, anonymous="on", place="Pasar Klaten")
    assert NOT_SENT not in html
    assert 'value="Pasar Klaten"' in html
    assert "Kepala sekolah meminta uang" in html
    assert re.search(r'name="anonymous"[^>]*checked', html)
    assert '<option value="33.10" selected>' in html
    assert '<option value="33.10.25">' in html
    assert autofocused(html) == ["district"]
    # The form's token travels on, so the complaint is still sent once.
    assert 'name="form_token" value="token-xxxxxxxxxxxxxxxxxxxx"' in html


def test_a_province_changed_after_the_regency_drops_the_stale_regency(client: Client) -> None:
    html = refresh(client, province="51", regency="33.10", district="33.10.25")
    assert '<option value="51" selected>' in html
    assert '<option value="51.71">' in html  # Denpasar, to choose now
    assert "33.10" not in html.split('name="regency"')[1].split("</select>")[0]
    assert autofocused(html) == ["regency"]


def test_a_region_chosen_to_the_deepest_level_keeps_the_focus_there(client: Client) -> None:
    assert autofocused(refresh(client)) == ["district"]


def test_the_region_button_does_not_use_up_the_robot_check(client: Client) -> None:
    html = refresh(client, altcha="not-a-real-proof")
    assert "Pemeriksaan robot" not in html
    assert NOT_SENT not in html


# What the rate limits count


def send(client: Client, token: str, **values: Any) -> int:
    data = form_data(form_token=f"limit-token-{token}-abcdefgh", **values)
    return client.post(NEW, data).status_code  # type: ignore[no-any-return]


def test_forms_refused_for_a_mistake_do_not_use_up_the_allowance(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    # A parent gets the form wrong five times over (too short, no contact, a future date).
    mistakes = [
        send(client, "m1", description="Terlalu pendek"),
        send(client, "m2", reporter_email="", reporter_phone=""),
        send(client, "m3", incident_date="2999-01-01"),
        send(client, "m4", regency=None, district=None),
        send(client, "m5", category=""),
    ]
    assert mistakes == [400] * 5
    # Their complaints, and the rest of the family's, still go through up to the limit.
    assert [send(client, "a"), send(client, "b"), send(client, "c")] == [302, 302, 429]
    assert Complaint.objects.count() == 2


def test_without_javascript_mistakes_do_not_count_either(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.COMPLAINTS_UNPROVEN_RATE = "1/hour"
    assert [send(client, f"x{i}", description="Pendek") for i in range(4)] == [400] * 4
    assert send(client, "first") == 302
    refused = client.post(NEW, form_data(form_token="limit-token-second-abcdefgh"))
    assert refused.status_code == 429
    assert "tanpa pemeriksaan robot" in refused.content.decode()


def test_a_complaint_held_back_by_the_no_javascript_limit_uses_up_nothing_else(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    settings.COMPLAINTS_UNPROVEN_RATE = "1/hour"
    assert send(client, "n1") == 302
    assert [send(client, "n2"), send(client, "n3")] == [429, 429]  # no proof of work
    # The general allowance still has room for one more complaint, from a browser with the
    # proof (it is not only no-JavaScript limited attempts that were counted against it).
    from cegah.complaints.tests.test_proof_of_work import solved

    assert send(client, "js", altcha=solved(client)) == 302
    assert Complaint.objects.count() == 2


def test_a_shared_address_without_javascript_sends_ten_complaints_an_hour() -> None:
    from django.conf import settings

    assert settings.COMPLAINTS_UNPROVEN_RATE == "10/hour"


def test_a_mistyped_address_on_the_receipt_page_uses_up_nothing(
    client: Client, settings: SettingsWrapper, mailoutbox: list[Any]
) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "2/hour"
    assert send(client, "r1", anonymous="on") == 302
    typos = [
        client.post("/keluhan/tanda-terima/", {"email": "sri@example"}).status_code,
        client.post("/keluhan/tanda-terima/", {"email": "sri.example.org"}).status_code,
    ]
    assert typos == [400, 400]
    assert client.post("/keluhan/tanda-terima/", {"email": "sri@example.org"}).status_code == 302
    assert [m.to for m in mailoutbox] == [["sri@example.org"]]
