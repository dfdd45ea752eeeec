"""Forwarding on a phone: a short list of suggested agencies, a search that keeps what was
typed, and a POST that still accepts any active agency outside KPK."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.agencies.models import Agency, AgencyType
from cegah.complaints import actions
from cegah.complaints.forms import MAX_AGENCY_MATCHES, MAX_SUGGESTED_AGENCIES
from cegah.complaints.models import Category, Complaint, EventKind, RoutingRule, Status
from cegah.complaints.tests.factories import login, submit
from cegah.regions.actions import ensure_region
from cegah.regions.models import Region
from cegah.test import Personas, make_agency

pytestmark = pytest.mark.usefixtures("regions")

OPTION = re.compile(r'<option value="([^"]*)"')


def verified(p: Personas) -> Complaint:
    """A complaint from Klaten Tengah, verified and waiting to be forwarded."""
    complaint = submit()
    actions.verify_complaint(actor=p.kpk_officer, complaint=complaint)
    return complaint


def page_url(complaint: Complaint) -> str:
    return f"/en/keluhan/kelola/{complaint.pk}/"


def forward_url(complaint: Complaint) -> str:
    return f"/en/keluhan/kelola/{complaint.pk}/teruskan/"


def agency_options(page: str) -> list[str]:
    """The values of the options of the forward form's agency list, in order."""
    select = re.search(
        r'<select name="agency"[^>]*id="forward-agency"[^>]*>(.*?)</select>', page, re.S
    )
    assert select is not None, "the forward form has no agency list"
    return OPTION.findall(select.group(1))


def message_shown(page: str) -> str:
    textarea = re.search(
        r'<textarea name="message"[^>]*id="forward-message"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert textarea is not None
    return html.unescape(textarea.group(1)).strip()


@pytest.fixture
def central_java(personas: Personas) -> Agency:
    """The provincial government above Klaten, with one unit."""
    province = make_agency(
        "pemprov-jateng",
        "Pemerintah Provinsi Jawa Tengah",
        type=AgencyType.PROVINCE_GOVERNMENT,
        region=ensure_region("33"),
    )
    make_agency("jateng-inspektorat", "Inspektorat Provinsi Jawa Tengah", parent=province)
    return province


def test_the_list_shows_the_agencies_suggested_for_the_region_and_not_a_far_away_one(
    client: Client, personas: Personas, central_java: Agency
) -> None:
    complaint = verified(personas)
    page = login(client, personas.kpk_officer).get(page_url(complaint)).content.decode()
    options = agency_options(page)
    inspectorate = Agency.objects.get(code="jateng-inspektorat")
    assert set(options) == {
        "",
        str(personas.agency_a.pk),
        str(personas.unit_a.pk),
        str(central_java.pk),
        str(inspectorate.pk),
    }
    assert str(personas.agency_b.pk) not in options  # Bali
    assert str(personas.kpk.pk) not in options
    assert f'<option value="{personas.agency_a.pk}" selected>' in page  # proposed


def test_the_routing_rules_target_is_suggested_even_far_away(
    client: Client, personas: Personas
) -> None:
    RoutingRule.objects.create(
        category=Category.objects.get(code="pendidikan"),
        region=Region.objects.get(code="33.10"),
        agency=personas.agency_b,
    )
    complaint = verified(personas)
    page = login(client, personas.kpk_officer).get(page_url(complaint)).content.decode()
    assert str(personas.agency_a.pk) in agency_options(page)
    assert f'<option value="{personas.agency_b.pk}" selected>' in page


def test_the_search_finds_an_agency_by_name_and_keeps_the_message(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    verifier = login(client, personas.kpk_officer)
    response = verifier.post(
        forward_url(complaint),
        {"search": "1", "agency_search": "  provinsi BALI ", "message": "Mohon ditindaklanjuti."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert agency_options(page) == ["", str(personas.agency_b.pk)]
    # The only match is what was searched for: it is chosen, "Confirm" is the next step.
    assert f'<option value="{personas.agency_b.pk}" selected>' in page
    assert message_shown(page) == "Mohon ditindaklanjuti."
    assert 'value="  provinsi BALI "' in page or 'value="provinsi BALI"' in page
    assert (
        "One agency matches “provinsi BALI”: Pemerintah Provinsi Bali. It is chosen in the list "
        "below." in page
    )
    assert "The routing rules propose" not in page  # chosen by the search, not the rules
    complaint.refresh_from_db()
    assert complaint.status == Status.VERIFIED  # searching wrote nothing
    assert not complaint.events.filter(kind=EventKind.FORWARDED).exists()


def test_the_search_finds_an_agency_by_code(client: Client, personas: Personas) -> None:
    complaint = verified(personas)
    page = (
        login(client, personas.kpk_officer)
        .post(forward_url(complaint), {"search": "1", "agency_search": "PEMPROV-BA", "message": ""})
        .content.decode()
    )
    assert agency_options(page) == ["", str(personas.agency_b.pk)]


def test_a_search_without_matches_shows_the_suggestions_and_says_so(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    page = (
        login(client, personas.kpk_officer)
        .post(forward_url(complaint), {"search": "1", "agency_search": "kpk", "message": ""})
        .content.decode()
    )
    assert "No agency matches “kpk”." in page
    assert str(personas.kpk.pk) not in agency_options(page)
    assert str(personas.agency_a.pk) in agency_options(page)


def test_a_search_with_several_matches_chooses_none_of_them(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    make_agency(
        "pemkot-denpasar",
        "Pemerintah Kota Denpasar",
        type=AgencyType.CITY_GOVERNMENT,
        region=Region.objects.get(code="51.71"),
    )
    page = (
        login(client, personas.kpk_officer)
        .post(forward_url(complaint), {"search": "1", "agency_search": "pemerintah", "message": ""})
        .content.decode()
    )
    assert len(agency_options(page)) == 4
    assert "3 agencies match “pemerintah”." in page
    assert re.findall(r'<option value="(\d+)" selected>', page) == []


def test_the_only_match_of_a_search_is_forwarded_to_with_one_more_press(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    verifier = login(client, personas.kpk_officer)
    page = verifier.post(
        forward_url(complaint), {"search": "1", "agency_search": "bali", "message": "X"}
    ).content.decode()
    chosen = re.findall(r'<option value="(\d+)" selected>', page)
    assert chosen == [str(personas.agency_b.pk)]
    # What the browser sends when "Confirm" is pressed on that page.
    response = verifier.post(
        forward_url(complaint),
        {"agency": chosen[0], "agency_search": "bali", "message": "X"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency) == (Status.FORWARDED, personas.agency_b)


def test_forwarding_to_a_searched_agency_works(client: Client, personas: Personas) -> None:
    complaint = verified(personas)
    verifier = login(client, personas.kpk_officer)
    verifier.post(forward_url(complaint), {"search": "1", "agency_search": "bali", "message": "X"})
    response = verifier.post(
        forward_url(complaint),
        {"agency": personas.agency_b.pk, "agency_search": "bali", "message": "Diteruskan."},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency) == (Status.FORWARDED, personas.agency_b)
    event = complaint.events.get(kind=EventKind.FORWARDED)
    assert event.message == "Diteruskan."


@pytest.mark.parametrize("bad", ["999999", "abc", "KPK"])
def test_an_agency_that_cannot_be_chosen_is_refused_with_the_form_kept(
    client: Client, personas: Personas, bad: str
) -> None:
    complaint = verified(personas)
    value = str(personas.kpk.pk) if bad == "KPK" else bad
    response = login(client, personas.kpk_officer).post(
        forward_url(complaint), {"agency": value, "message": "Mohon segera."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert message_shown(page) == "Mohon segera."
    assert str(personas.agency_a.pk) in agency_options(page)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency) == (Status.VERIFIED, None)


def test_a_refused_form_keeps_the_chosen_agency_selected(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    response = login(client, personas.kpk_officer).post(
        forward_url(complaint), {"agency": personas.agency_b.pk, "message": "x" * 5001}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<option value="{personas.agency_b.pk}" selected>' in page


def _many_agencies(p: Personas) -> None:
    """2,000 more agencies: 1,700 national bodies elsewhere, 100 units of Bali's
    government and 200 units of Klaten's (more than the list may suggest)."""
    created = Agency.objects.bulk_create(
        [
            Agency(
                code=f"badan-{i}", name=f"Badan Nasional {i:04d}", type=AgencyType.NATIONAL_AGENCY
            )
            for i in range(1700)
        ]
        + [
            Agency(
                code=f"bali-{i}",
                name=f"Dinas Bali {i:03d}",
                type=AgencyType.UNIT,
                parent=p.agency_b,
            )
            for i in range(100)
        ]
        + [
            Agency(
                code=f"klaten-{i}",
                name=f"UPT Klaten {i:03d}",
                type=AgencyType.UNIT,
                parent=p.agency_a,
            )
            for i in range(200)
        ]
    )
    # bulk_create skips save(), which keeps the tree paths.
    for agency in created:
        agency.path = f"{agency.parent.path if agency.parent else '/'}{agency.pk}/"
    Agency.objects.bulk_update(created, ["path"])


def test_the_page_stays_small_and_its_query_count_constant_with_2000_agencies(
    client: Client, personas: Personas
) -> None:
    complaint = verified(personas)
    verifier = login(client, personas.kpk_officer)
    verifier.get(page_url(complaint))  # warm the per-process lookups
    with CaptureQueriesContext(connection) as few:
        verifier.get(page_url(complaint))
    _many_agencies(personas)
    with CaptureQueriesContext(connection) as many:
        page = verifier.get(page_url(complaint)).content.decode()
    assert len(many) == len(few)
    options = agency_options(page)
    assert len(options) == 1 + MAX_SUGGESTED_AGENCIES
    assert options[1] == str(personas.agency_a.pk)  # the government before its units

    searched = verifier.post(
        forward_url(complaint), {"search": "1", "agency_search": "badan nasional", "message": ""}
    ).content.decode()
    assert len(agency_options(searched)) == 1 + MAX_AGENCY_MATCHES
    assert f"More than {MAX_AGENCY_MATCHES} agencies match" in searched

    # Only the list is narrowed: an agency on none of those lists is still accepted.
    far = Agency.objects.get(code="badan-1699")
    verifier.post(forward_url(complaint), {"agency": far.pk, "message": ""})
    complaint.refresh_from_db()
    assert complaint.agency == far
