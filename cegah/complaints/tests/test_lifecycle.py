from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cegah.accounts.models import User
from cegah.complaints import actions
from cegah.complaints.models import (
    Category,
    CloseReason,
    Complaint,
    EventKind,
    RoutingRule,
    Status,
)
from cegah.complaints.tests.factories import (
    form_data,
    forwarded,
    login,
    public,
    resolved,
    submit,
    unit_handler,
)
from cegah.regions.models import Region
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")


def staff(complaint: Complaint, segment: str = "", *, en: bool = True) -> str:
    return f"{'/en' if en else ''}/keluhan/kelola/{complaint.pk}/{segment}"


def test_the_whole_lifecycle_through_the_pages(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    RoutingRule.objects.create(
        category=Category.objects.get(code="pendidikan"),
        region=Region.objects.get(code="33.10"),
        agency=personas.agency_a,
    )
    handler = unit_handler(personas)

    # A parent files a complaint without an account.
    reporter = Client()
    reporter.post("/keluhan/baru/", form_data())
    complaint = Complaint.objects.get()
    assert [m.to for m in mailoutbox] == [["sri@example.org"]]

    # KPK's verifier finds it in the inbox and asks for more information.
    verifier = login(Client(), personas.kpk_officer)
    inbox = verifier.get("/en/keluhan/verifikasi/").content.decode()
    assert f'href="/en/keluhan/kelola/{complaint.pk}/"' in inbox
    response = verifier.post(
        staff(complaint, "minta-informasi/"), {"question": "Berapa kelas?", "days": 5}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.NEEDS_INFO
    assert mailoutbox[-1].to == ["sri@example.org"]
    assert "Berapa kelas?" in mailoutbox[-1].body

    # The parent answers with the code.
    reporter.post(public(complaint, "tanggapi/"), {"message": "Semua kelas 6."})
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED

    # Verified, then forwarded to the agency the routing rules propose.
    verifier.post(staff(complaint, "verifikasi/"), {"message": ""})
    page = verifier.get(staff(complaint)).content.decode()
    assert f'<option value="{personas.agency_a.pk}" selected>' in page
    mailoutbox.clear()
    verifier.post(staff(complaint, "teruskan/"), {"agency": personas.agency_a.pk})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency) == (Status.FORWARDED, personas.agency_a)
    assert sorted(m.to[0] for m in mailoutbox) == ["admin.a@example.org", "sri@example.org"]

    # The agency's coordinator assigns it to the education office.
    coordinator = login(Client(), personas.admin_a)
    inbox = coordinator.get("/en/keluhan/instansi/").content.decode()
    assert f"#{complaint.pk}" in inbox
    mailoutbox.clear()
    coordinator.post(staff(complaint, "tugaskan/"), {"unit": personas.unit_a.pk})
    complaint.refresh_from_db()
    assert complaint.unit == personas.unit_a
    assert "disdik@example.org" in [m.to[0] for m in mailoutbox]

    # The unit handles it, notes, replies and resolves.
    unit = login(Client(), handler)
    assert unit.get(staff(complaint)).status_code == 200
    unit.post(staff(complaint, "proses/"), {"message": "Kami cek ke sekolah."})
    unit.post(staff(complaint, "catatan/"), {"message": "Kepala sekolah sudah dipanggil."})
    unit.post(staff(complaint, "balas/"), {"message": "Pungutan dihentikan."})
    unit.post(staff(complaint, "selesaikan/"), {"reply": "Uang dikembalikan ke orang tua."})
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    assert complaint.first_response_at is not None
    assert complaint.resolved_at is not None

    # The parent reads the outcome and rates it.
    timeline = reporter.get(public(complaint)).content.decode()
    assert "Uang dikembalikan ke orang tua." in timeline
    assert "Kepala sekolah sudah dipanggil." not in timeline
    reporter.post(public(complaint, "nilai/"), {"rating": "5", "comment": "Terima kasih"})
    complaint.refresh_from_db()
    assert complaint.rating == 5

    assert list(complaint.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.INFO_REQUESTED,
        EventKind.REPORTER_UPDATE,
        EventKind.VERIFIED,
        EventKind.FORWARDED,
        EventKind.UNIT_ASSIGNED,
        EventKind.STARTED,
        EventKind.NOTE,
        EventKind.REPLY,
        EventKind.RESOLVED,
        EventKind.RATED,
    ]
    statuses = complaint.events.exclude(to_status="").values_list("from_status", "to_status")
    assert list(statuses) == [
        (Status.RECEIVED, Status.NEEDS_INFO),
        (Status.NEEDS_INFO, Status.RECEIVED),
        (Status.RECEIVED, Status.VERIFIED),
        (Status.VERIFIED, Status.FORWARDED),
        (Status.FORWARDED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
    ]


def test_not_our_authority_sends_it_back_to_the_verifiers_who_forward_it_again(
    client: Client, personas: Personas, mailoutbox: list[Any]
) -> None:
    complaint = forwarded(personas)
    coordinator = login(client, personas.admin_a)
    mailoutbox.clear()
    response = coordinator.post(
        staff(complaint, "bukan-wewenang/"), {"reason": "Sekolah ini milik provinsi."}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/keluhan/instansi/"
    complaint.refresh_from_db()
    assert complaint.status == Status.RETURNED_BY_AGENCY
    assert complaint.agency is None
    event = complaint.events.get(kind=EventKind.AUTHORITY_REJECTED)
    assert (event.internal, event.agency, event.message) == (
        True,
        personas.agency_a,
        "Sekolah ini milik provinsi.",
    )
    assert [m.to for m in mailoutbox] == [["kpk@example.org"]]
    assert coordinator.get(staff(complaint)).status_code == 404

    verifier = login(Client(), personas.kpk_officer)
    page = verifier.get(staff(complaint)).content.decode()
    assert "Sekolah ini milik provinsi." in page
    verifier.post(staff(complaint, "teruskan/"), {"agency": personas.agency_b.pk})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency) == (Status.FORWARDED, personas.agency_b)


def test_a_verifier_closes_a_duplicate_with_its_reason(client: Client, personas: Personas) -> None:
    complaint = submit()
    login(client, personas.kpk_officer).post(
        staff(complaint, "tutup/"), {"reason": "duplicate", "message": "Sama dengan #1."}
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.close_reason) == (Status.CLOSED, CloseReason.DUPLICATE)


def _received(p: Personas) -> Complaint:
    return submit()


def _forwarded(p: Personas) -> Complaint:
    return forwarded(p)


def _resolved(p: Personas) -> Complaint:
    return resolved(p)


def _closed(p: Personas) -> Complaint:
    complaint = submit()
    actions.close_complaint(actor=p.kpk_officer, complaint=complaint, reason=CloseReason.SPAM)
    return complaint


GUARDS: list[tuple[str, Callable[[Personas], Complaint], str, dict[str, Any], Status]] = [
    ("verifikasi/", _forwarded, "kpk_officer", {}, Status.FORWARDED),
    ("minta-informasi/", _forwarded, "kpk_officer", {"question": "?", "days": 5}, Status.FORWARDED),
    ("tutup/", _forwarded, "kpk_officer", {"reason": "spam"}, Status.FORWARDED),
    ("teruskan/", _received, "kpk_officer", {"agency": "AGENCY_A"}, Status.RECEIVED),
    ("teruskan/", _resolved, "kpk_officer", {"agency": "AGENCY_A"}, Status.RESOLVED),
    ("tugaskan/", _resolved, "admin_a", {"unit": "UNIT_A"}, Status.RESOLVED),
    ("proses/", _resolved, "admin_a", {}, Status.RESOLVED),
    ("selesaikan/", _resolved, "admin_a", {"reply": "Lagi"}, Status.RESOLVED),
    ("bukan-wewenang/", _resolved, "admin_a", {"reason": "Bukan"}, Status.RESOLVED),
    ("balas/", _closed, "kpk_officer", {"message": "Halo"}, Status.CLOSED),
]


@pytest.mark.parametrize(
    ("segment", "make", "who", "data", "status"),
    GUARDS,
    ids=[f"{g[0].strip('/')}-on-{g[4]}" for g in GUARDS],
)
def test_an_action_from_the_wrong_state_is_refused_with_a_message(
    client: Client,
    personas: Personas,
    segment: str,
    make: Callable[[Personas], Complaint],
    who: str,
    data: dict[str, Any],
    status: Status,
) -> None:
    complaint = make(personas)
    events = complaint.events.count()
    data = {
        k: {"AGENCY_A": personas.agency_a.pk, "UNIT_A": personas.unit_a.pk}.get(v, v)
        if isinstance(v, str)
        else v
        for k, v in data.items()
    }
    user: User = getattr(personas, who)
    response = login(client, user).post(staff(complaint, segment), data, follow=True)
    assert response.status_code == 200
    assert "This cannot be done while the complaint is" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == status
    assert complaint.events.count() == events


def test_agency_staff_cannot_take_verifier_actions(client: Client, personas: Personas) -> None:
    complaint = forwarded(personas)
    coordinator = login(client, personas.admin_a)
    for segment, data in [
        ("verifikasi/", {}),
        ("tutup/", {"reason": "spam"}),
        ("teruskan/", {"agency": personas.agency_a.pk}),
    ]:
        assert coordinator.post(staff(complaint, segment), data).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED


def test_verifiers_cannot_take_agency_actions(client: Client, personas: Personas) -> None:
    complaint = forwarded(personas)
    verifier = login(client, personas.kpk_officer)
    assert verifier.post(staff(complaint, "selesaikan/"), {"reply": "x"}).status_code == 403
    assert verifier.post(staff(complaint, "proses/"), {}).status_code == 403
    assert (
        verifier.post(staff(complaint, "tugaskan/"), {"unit": personas.unit_a.pk}).status_code
        == 403
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.unit) == (Status.FORWARDED, None)


def test_a_unit_handler_cannot_reassign_the_complaint(client: Client, personas: Personas) -> None:
    complaint = forwarded(personas)
    actions.assign_unit(actor=personas.admin_a, complaint=complaint, unit=personas.unit_a)
    unit = login(client, unit_handler(personas))
    assert unit.post(staff(complaint, "tugaskan/"), {"unit": personas.unit_a.pk}).status_code == 403


def test_a_unit_of_another_agency_cannot_be_assigned(client: Client, personas: Personas) -> None:
    complaint = forwarded(personas)
    response = login(client, personas.admin_a).post(
        staff(complaint, "tugaskan/"), {"unit": personas.agency_b.pk}
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.unit is None


def test_an_invalid_staff_form_shows_the_page_again_with_the_error(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    response = login(client, personas.admin_a).post(staff(complaint, "selesaikan/"), {"reply": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_the_staff_page_offers_only_the_actions_allowed_now(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    html = login(client, personas.kpk_officer).get(staff(complaint)).content.decode()
    assert f"/kelola/{complaint.pk}/verifikasi/" in html
    assert f"/kelola/{complaint.pk}/tutup/" in html
    assert f"/kelola/{complaint.pk}/teruskan/" not in html  # verify first
    assert f"/kelola/{complaint.pk}/selesaikan/" not in html
    assert complaint.display_code not in html  # staff never see the reporter's key
