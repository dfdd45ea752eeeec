from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from cegah.complaints import actions
from cegah.complaints.models import BreachKind, Category, Complaint, ResolutionClass
from cegah.complaints.tests.factories import JAKARTA, forwarded, login, submit
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

D = dt.date


def at(*args: int) -> time_machine.travel:
    return time_machine.travel(dt.datetime(*args, tzinfo=JAKARTA), tick=False)


def test_verification_is_due_3_working_days_later_skipping_the_weekend(personas: Personas) -> None:
    with at(2026, 3, 6, 10, 0):  # a Friday
        complaint = submit()
    assert complaint.verify_by == D(2026, 3, 11)  # Mon 9, Tue 10, Wed 11


def test_the_agencys_deadlines_skip_nyepi_idul_fitri_2026_and_cuti_bersama(
    personas: Personas,
) -> None:
    with at(2026, 3, 16, 9, 0):  # Monday before Nyepi (19 Mar) and Idul Fitri (21–22 Mar)
        complaint = forwarded(personas)
    # 17 Mar counts; 18–24 Mar are Nyepi, Idul Fitri, their cuti bersama and a weekend.
    assert complaint.first_response_by == D(2026, 4, 1)
    # Education is in the 14-working-day class; Good Friday (3 Apr) does not count either.
    assert complaint.category.resolution_days == ResolutionClass.NO_INVESTIGATION
    assert complaint.resolve_by == D(2026, 4, 13)


def test_the_resolution_deadline_follows_the_category_class(personas: Personas) -> None:
    Category.objects.filter(code="perizinan").update(resolution_days=ResolutionClass.LIGHT)
    with at(2026, 3, 16, 9, 0):
        light = forwarded(personas, category="perizinan")
        village = forwarded(personas, category="desa")
    assert light.resolve_by == D(2026, 3, 25)
    assert village.resolve_by == D(2026, 6, 25)


def test_deadlines_are_dates_in_the_zone_of_the_agency_that_owes_them(
    personas: Personas,
) -> None:
    # 23:30 on Thursday in Jakarta is already 00:30 on Friday in Bali (WITA).
    with at(2026, 3, 12, 23, 30):
        klaten = forwarded(personas)
        bali = forwarded(personas, agency=personas.agency_b, region="51.71")
    assert klaten.first_response_by == D(2026, 3, 30)  # counted from Thursday
    assert bali.first_response_by == D(2026, 3, 31)  # counted from Friday


def test_a_question_gives_the_reporter_5_working_days_by_default(personas: Personas) -> None:
    with at(2026, 3, 17, 9, 0):
        complaint = submit()
        actions.return_for_information(
            actor=personas.kpk_officer, complaint=complaint, question="Di kelas berapa?"
        )
    assert complaint.information_by == D(2026, 3, 31)


def test_an_answer_restarts_the_verification_clock(client: Client, personas: Personas) -> None:
    with at(2026, 3, 9, 9, 0):
        complaint = submit()
        actions.return_for_information(
            actor=personas.kpk_officer, complaint=complaint, question="?"
        )
    with at(2026, 3, 16, 9, 0):
        actions.add_reporter_update(actor=None, complaint=complaint, message="Ini jawabannya.")
    assert complaint.verify_by == D(2026, 3, 26)


def test_a_missed_deadline_is_flagged_in_the_inbox_and_filterable(
    client: Client, personas: Personas
) -> None:
    with at(2026, 3, 9, 9, 0):
        late = submit()
    with at(2026, 3, 13, 9, 0):
        fresh = submit()
        assert late.breaches() == [(BreachKind.VERIFICATION, D(2026, 3, 12))]
        assert fresh.breaches() == []
        verifier = login(client, personas.kpk_officer)
        html = verifier.get("/en/keluhan/verifikasi/").content.decode()
        assert html.count("Overdue") == 1
        only_late = verifier.get("/en/keluhan/verifikasi/", {"overdue": "on"}).content.decode()
        assert f"/kelola/{late.pk}/" in only_late
        assert f"/kelola/{fresh.pk}/" not in only_late


def test_an_agencys_deadline_is_overdue_by_its_own_calendar(personas: Personas) -> None:
    with at(2026, 3, 2, 9, 0):
        bali = forwarded(personas, agency=personas.agency_b, region="51.71")
        klaten = forwarded(personas)
    assert bali.first_response_by == klaten.first_response_by == D(2026, 3, 11)
    # 23:30 on 11 Mar in Jakarta: Bali's 12 Mar has begun, Klaten's 11 Mar has not ended.
    with at(2026, 3, 11, 23, 30):
        overdue = set(Complaint.objects.breached(BreachKind.FIRST_RESPONSE))
        assert overdue == {bali}
        assert bali.breaches() == [(BreachKind.FIRST_RESPONSE, D(2026, 3, 11))]
        assert klaten.breaches() == []


def test_a_first_response_stops_the_first_response_clock(personas: Personas) -> None:
    with at(2026, 3, 9, 9, 0):
        complaint = forwarded(personas)
    with at(2026, 3, 10, 9, 0):
        actions.reply_to_reporter(actor=personas.admin_a, complaint=complaint, message="Diterima.")
    with at(2026, 3, 30, 9, 0):
        assert [kind for kind, _due in complaint.breaches()] == []
    with at(2026, 4, 30, 9, 0):
        assert [kind for kind, _due in complaint.breaches()] == [BreachKind.RESOLUTION]
