"""Issue 12: staff find a complaint by the code a reporter reads out, read a line of each
complaint in their inboxes, and the reporter sees the rating they gave."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cegah.complaints import actions
from cegah.complaints.forms import EXCERPT_LENGTH
from cegah.complaints.tests.factories import forwarded, login, public, resolved, submit
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

VERIFIER_INBOX = "/keluhan/verifikasi/"
AGENCY_INBOX = "/keluhan/instansi/"


def test_a_verifier_opens_a_complaint_by_the_code_the_reporter_reads_out(
    client: Client, personas: Personas
) -> None:
    submit()
    wanted = submit()
    verifier = login(client, personas.kpk_officer)
    # Read out over the phone and typed as heard: lower case, spaces, an O for a zero.
    typed = " ".join(wanted.display_code.lower().split("-")).replace("0", "o")
    response = verifier.post(VERIFIER_INBOX, {"code": typed})
    assert response.status_code == 302
    # The address carries the complaint's number only, never the reporter's code.
    assert response["Location"] == f"/keluhan/kelola/{wanted.pk}/"


def test_an_agency_finds_its_own_complaint_by_code(client: Client, personas: Personas) -> None:
    mine = forwarded(personas)
    response = login(client, personas.admin_a).post(AGENCY_INBOX, {"code": mine.display_code})
    assert response["Location"] == f"/keluhan/kelola/{mine.pk}/"


def test_an_officer_of_another_agency_finds_nothing_by_the_code_of_a_complaint(
    client: Client, personas: Personas
) -> None:
    theirs = forwarded(personas)  # forwarded to agency A
    not_yet = submit()  # still with the verifiers
    officer_b = login(client, personas.officer_b)
    for complaint in (theirs, not_yet):
        response = officer_b.post(AGENCY_INBOX, {"code": complaint.display_code})
        page = response.content.decode()
        assert response.status_code == 404
        assert "Tidak ada keluhan di kotak masuk ini dengan kode lacak tersebut." in page
        assert f"/keluhan/kelola/{complaint.pk}/" not in page
        assert complaint.description[:30] not in page


def test_what_is_not_a_code_is_refused_with_a_clear_message(
    client: Client, personas: Personas
) -> None:
    response = login(client, personas.kpk_officer).post(VERIFIER_INBOX, {"code": "12345"})
    assert response.status_code == 400
    assert "Ini bukan kode lacak." in response.content.decode()


def test_finding_by_code_needs_the_form_token(personas: Personas) -> None:
    complaint = submit()
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(personas.kpk_officer)
    assert guarded.post(VERIFIER_INBOX, {"code": complaint.display_code}).status_code == 403


def test_the_inbox_never_shows_a_tracking_code(client: Client, personas: Personas) -> None:
    complaint = submit()
    page = login(client, personas.kpk_officer).get(VERIFIER_INBOX).content.decode()
    assert complaint.display_code not in page
    assert complaint.tracking_code not in page


def test_each_row_shows_one_line_of_the_complaint(client: Client, personas: Personas) -> None:
    opening = "Petugas loket meminta Rp50.000 untuk mempercepat KTP elektronik."
    rest = " Katanya untuk biaya cetak, padahal gratis menurut UU 24/2013." * 5
    complaint = submit(description=opening + "\n\n" + rest)
    page = login(client, personas.kpk_officer).get(VERIFIER_INBOX).content.decode()
    row = re.search(
        rf'<a href="/keluhan/kelola/{complaint.pk}/">#{complaint.pk}</a>(.*?)</td>', page, re.S
    )
    assert row is not None
    shown = re.sub(r"<[^>]+>", "", row.group(1)).strip()
    assert shown.startswith(opening)
    assert len(shown) <= EXCERPT_LENGTH
    assert "padahal gratis" in shown  # the start of the second paragraph, on the same line
    assert complaint.description not in page  # not the whole text


def test_the_search_button_is_the_first_button_of_the_filters_so_enter_filters(
    client: Client, personas: Personas
) -> None:
    page = login(client, personas.kpk_officer).get(VERIFIER_INBOX).content.decode()
    filters = page.split('class="filters"')[1].split("</form>")[0]
    buttons = re.findall(r"<button[^>]*>", filters)
    # The browser presses a form's first submit button on Enter; the region picker's
    # button (name="_refresh_region") must not be that one.
    assert "name=" not in buttons[0]
    assert 'name="_refresh_region"' in " ".join(buttons[1:])
    # On a phone the keyboard's action key reads "Search" and sends the form, not "Next".
    search_box = re.search(r'<input[^>]*name="q"[^>]*>', filters)
    assert search_box is not None
    assert 'type="search"' in search_box.group(0)
    assert 'enterkeyhint="search"' in search_box.group(0)


def test_the_reporter_sees_the_rating_they_gave(client: Client, personas: Personas) -> None:
    complaint = resolved(personas)
    client.post(public(complaint, "nilai/"), {"rating": "4", "comment": "Cepat ditangani."})
    page = client.get(public(complaint)).content.decode()
    assert "Penilaian Anda" in page
    assert "Anda menilai hasilnya 4 dari 5." in page
    assert "Cepat ditangani." in page
    assert "Penilaian: 4 dari 5" in page  # in the history too
    assert "Kirim penilaian saya" not in page  # rated once


def test_the_history_keeps_the_rating_after_the_complaint_is_reopened(
    client: Client, personas: Personas
) -> None:
    complaint = resolved(personas)
    actions.rate_complaint(actor=None, complaint=complaint, rating=2, comment="Belum beres.")
    actions.reopen_complaint(actor=None, complaint=complaint, reason="Uang belum kembali.")
    page = client.get(public(complaint)).content.decode()
    assert "Penilaian: 2 dari 5" in page
    assert "Penilaian Anda" not in page  # the current outcome is not rated yet
    staff = login(Client(), personas.admin_a).get(f"/keluhan/kelola/{complaint.pk}/")
    assert "Penilaian: 2 dari 5" in staff.content.decode()
