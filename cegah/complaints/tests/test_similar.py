"""The verifiers' hint: recent complaints like this one, and closing a duplicate in one click."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any

import pytest
import time_machine
from django.test import Client

from cegah.complaints.models import CloseReason, Complaint, EventKind, Status
from cegah.complaints.similar import normalise, similarity
from cegah.complaints.tests.factories import JAKARTA, forwarded, login, submit
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

DAY_0 = dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA)
TEXT = "Komite sekolah SD Negeri 2 memungut Rp250.000 per siswa untuk perpisahan tanpa rapat."
SAME_IN_OTHER_WORDS = (
    "komite SEKOLAH di SD Negeri 2 memungut Rp 250.000 per siswa untuk acara perpisahan, "
    "tanpa rapat!"
)
OTHER_TEXT = "Petugas pelabuhan meminta uang tambahan agar kapal bisa cepat bersandar malam ini."


def at(days: float, **values: Any) -> Complaint:
    with time_machine.travel(DAY_0 + dt.timedelta(days=days), tick=False):
        return submit(**values)


def staff_page(client: Client, complaint: Complaint) -> str:
    return client.get(f"/keluhan/kelola/{complaint.pk}/").content.decode()


def similar_numbers(page: str) -> list[int]:
    if 'id="similar"' not in page:
        return []
    section = page.split('id="similar"', 1)[1].split("</section>", 1)[0]
    return [int(n) for n in re.findall(r'<p><a href="/keluhan/kelola/(\d+)/">', section)]


def test_the_verifier_sees_recent_similar_complaints_of_the_same_category_and_regency(
    client: Client, personas: Personas
) -> None:
    original = at(0, description=TEXT)
    other_district = at(1, description=TEXT, region="33.10.01")
    different_text = at(1, description=OTHER_TEXT)
    other_category = at(1, description=TEXT, category="pungli")
    other_regency = at(1, description=TEXT, region="51.71")
    too_old = at(-5, description=TEXT)
    later = at(10, description=TEXT)  # 7 days after `new` exactly: still inside the window
    new = at(3, description=SAME_IN_OTHER_WORDS)
    page = staff_page(login(client, personas.kpk_officer), new)
    listed = similar_numbers(page)
    assert sorted(listed) == sorted([original.pk, other_district.pk, later.pk])
    for excluded in (different_text, other_category, other_regency, too_old):
        assert excluded.pk not in listed
    assert "% mirip" in page


def test_closing_as_a_duplicate_takes_one_click_and_uses_the_close_action(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    original = at(0, description=TEXT)
    duplicate = at(2, description=SAME_IN_OTHER_WORDS, reporter_email="dua@example.org")
    verifier = login(client, personas.kpk_officer)
    page = staff_page(verifier, duplicate)
    form = page.split('id="similar"', 1)[1].split("</form>", 1)[0]
    action = re.search(r'<form method="post" action="([^"]+)"', form)
    assert action is not None and action.group(1) == f"/keluhan/kelola/{duplicate.pk}/tutup/"
    fields = {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    }
    assert fields["reason"] == "duplicate"
    assert f"Tutup keluhan ini sebagai duplikat dari #{original.pk}" in form
    mailoutbox.clear()
    response = verifier.post(action.group(1), fields)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.close_reason == CloseReason.DUPLICATE
    event = duplicate.events.get(kind=EventKind.CLOSED)
    assert event.actor == personas.kpk_officer
    assert f"#{original.pk}" in event.message
    assert not event.internal
    assert [m.to for m in mailoutbox] == [["dua@example.org"]]
    original.refresh_from_db()
    assert original.status == Status.RECEIVED
    # Once closed, the button is gone and the duplicate is no one's original.
    assert "/tutup/" not in staff_page(verifier, duplicate).split('id="similar"', 1)[-1]
    assert duplicate.pk not in similar_numbers(staff_page(verifier, original))


def test_agency_staff_get_no_similar_hint(client: Client, personas: Personas) -> None:
    with time_machine.travel(DAY_0, tick=False):
        forwarded(personas, description=TEXT)
        second = forwarded(personas, description=SAME_IN_OTHER_WORDS)
    page = staff_page(login(client, personas.admin_a), second)
    assert 'id="similar"' not in page
    assert 'id="similar"' in staff_page(login(client, personas.kpk_officer), second)


def test_the_hint_lists_complaints_already_forwarded_without_a_close_button(
    client: Client, personas: Personas
) -> None:
    with time_machine.travel(DAY_0, tick=False):
        original = submit(description=TEXT)
        handled = forwarded(personas, description=SAME_IN_OTHER_WORDS)
    page = staff_page(login(client, personas.kpk_officer), handled)
    assert similar_numbers(page) == [original.pk]
    assert "/tutup/" not in page.split('id="similar"', 1)[1].split("</section>", 1)[0]


def test_at_most_fifty_candidates_are_compared(client: Client, personas: Personas) -> None:
    with time_machine.travel(DAY_0, tick=False):
        for _ in range(55):
            submit(description=TEXT)
        new = submit(description=TEXT)
    assert len(similar_numbers(staff_page(login(client, personas.kpk_officer), new))) == 50


def test_normalising_ignores_case_accents_punctuation_and_spacing() -> None:
    assert (
        normalise("  Kepala SEKOLAH — meminta   uang!!! Café ")
        == "kepala sekolah meminta uang cafe"
    )
    assert similarity(normalise(TEXT), normalise(SAME_IN_OTHER_WORDS)) >= 0.6
    assert similarity(normalise(TEXT), normalise(OTHER_TEXT)) < 0.6
