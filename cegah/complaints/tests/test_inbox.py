from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.complaints import actions
from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import JAKARTA, forwarded, login, submit
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

VERIFIER_INBOX = "/keluhan/verifikasi/"
AGENCY_INBOX = "/keluhan/instansi/"


def numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="(?:/en)?/keluhan/kelola/(\d+)/"', html)]


def test_the_verifier_inbox_shows_open_complaints_by_default(
    client: Client, personas: Personas
) -> None:
    open_one = submit()
    closed = submit()
    actions.close_complaint(actor=personas.kpk_officer, complaint=closed, reason="spam")
    verifier = login(client, personas.kpk_officer)
    assert numbers(verifier.get(VERIFIER_INBOX).content.decode()) == [open_one.pk]
    everything = verifier.get(VERIFIER_INBOX, {"status": ""}).content.decode()
    assert sorted(numbers(everything)) == [open_one.pk, closed.pk]
    only_closed = verifier.get(VERIFIER_INBOX, {"status": "closed"}).content.decode()
    assert numbers(only_closed) == [closed.pk]


def test_filters_by_category_region_and_date_and_search(client: Client, personas: Personas) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA), tick=False):
        school = submit(description="Uang seragam diminta oleh komite sekolah tanpa rapat.")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=JAKARTA), tick=False):
        village = submit(category="desa", region="33.10.01", place="Balai Desa")
        bali = submit(category="desa", region="51.71")
    verifier = login(client, personas.kpk_officer)

    def found(**params: str) -> list[int]:
        return sorted(numbers(verifier.get(VERIFIER_INBOX, params).content.decode()))

    desa = str(village.category_id)
    assert found(category=desa) == sorted([village.pk, bali.pk])
    assert found(province="33") == sorted([school.pk, village.pk])
    assert found(province="33", regency="33.10", district="33.10.01") == [village.pk]
    assert found(received_from="2026-03-05") == sorted([village.pk, bali.pk])
    assert found(received_to="2026-03-05") == [school.pk]
    assert found(q="seragam") == [school.pk]
    assert found(q="balai") == [village.pk]
    assert found(q=f"#{bali.pk}") == [bali.pk]


def test_sorting_by_age_and_by_deadline(client: Client, personas: Personas) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA), tick=False):
        older = submit()
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=JAKARTA), tick=False):
        newer = submit()
        asked = submit()
        actions.return_for_information(
            actor=personas.kpk_officer, complaint=asked, question="?", days=1
        )
    verifier = login(client, personas.kpk_officer)
    assert numbers(verifier.get(VERIFIER_INBOX).content.decode()) == [asked.pk, newer.pk, older.pk]
    oldest = verifier.get(VERIFIER_INBOX, {"status": "open", "sort": "oldest"})
    assert numbers(oldest.content.decode()) == [older.pk, newer.pk, asked.pk]
    # Due: asked 4 Mar (its reporter's answer), older 5 Mar, newer 6 Mar.
    by_deadline = verifier.get(VERIFIER_INBOX, {"status": "open", "sort": "deadline"})
    assert numbers(by_deadline.content.decode()) == [asked.pk, older.pk, newer.pk]


def test_the_inbox_pages_with_a_constant_number_of_queries(
    client: Client, personas: Personas
) -> None:
    for _ in range(3):
        forwarded(personas)
    coordinator = login(client, personas.admin_a)
    coordinator.get(AGENCY_INBOX)  # warm the session and the caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(AGENCY_INBOX).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(27):
        forwarded(personas)
    many = queries()
    assert few == many
    page = coordinator.get(AGENCY_INBOX).content.decode()
    assert len(numbers(page)) == 25
    second = coordinator.get(AGENCY_INBOX, {"status": "open", "page": "2"}).content.decode()
    assert len(numbers(second)) == 5
    assert "status=open" in second  # page links keep the filters


def test_the_agency_inbox_lists_only_its_own_complaints_and_filters_by_unit(
    client: Client, personas: Personas
) -> None:
    mine = forwarded(personas)
    assigned = forwarded(personas)
    actions.assign_unit(actor=personas.admin_a, complaint=assigned, unit=personas.unit_a)
    theirs = forwarded(personas, agency=personas.agency_b, region="51.71")
    coordinator = login(client, personas.admin_a)
    html = coordinator.get(AGENCY_INBOX).content.decode()
    assert sorted(numbers(html)) == sorted([mine.pk, assigned.pk])
    assert theirs.pk not in numbers(html)
    assert "Pemerintah Provinsi Bali" not in html  # the unit filter lists its own units only
    by_unit = coordinator.get(AGENCY_INBOX, {"unit": str(personas.unit_a.pk)}).content.decode()
    assert numbers(by_unit) == [assigned.pk]


def test_an_unknown_filter_value_is_ignored_rather_than_failing(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    response = login(client, personas.kpk_officer).get(
        VERIFIER_INBOX, {"status": "nonsense", "received_from": "kemarin", "page": "99"}
    )
    assert response.status_code == 200
    assert Complaint.objects.get() == complaint


def test_a_huge_inbox_counts_up_to_a_cap_and_says_so(
    client: Client, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cegah.complaints import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "INBOX_COUNT_CAP", 4)
    made = [forwarded(personas) for _ in range(5)]
    coordinator = login(client, personas.admin_a)
    html = coordinator.get(AGENCY_INBOX).content.decode()
    assert "Lebih dari 4 keluhan" in html
    assert "persempit saringan" in html
    assert "Halaman 1 dari 2" in html  # the pages stop at the cap
    assert numbers(html) == [c.pk for c in reversed(made)][:2]
    # Below the cap the count is exact and nothing is said about narrowing.
    narrowed = coordinator.get(AGENCY_INBOX, {"q": f"#{made[0].pk}"}).content.decode()
    assert "1 keluhan" in narrowed
    assert "persempit saringan" not in narrowed
