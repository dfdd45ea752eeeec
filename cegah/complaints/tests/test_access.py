from __future__ import annotations

import pytest
from django.test import Client

from cegah.audit.models import AccessKind, AccessLog
from cegah.complaints import actions
from cegah.complaints.models import Complaint, Status
from cegah.complaints.tests.factories import forwarded, login, photo, submit, unit_handler
from cegah.complaints.urls import _STAFF_ACTIONS
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")


def _staff_urls(complaint: Complaint) -> list[str]:
    attachment = complaint.attachments.get()
    base = f"/keluhan/kelola/{complaint.pk}/"
    return [
        base,
        f"{base}lampiran/{attachment.pk}/",
        f"{base}akses-identitas/",
    ]


@pytest.fixture
def complaint_of_a(personas: Personas) -> Complaint:
    """Forwarded to agency A, assigned to its education office, with a photo."""
    from cegah.lib.uploads import clean_upload

    complaint = forwarded(personas, files=[clean_upload(photo())])
    actions.assign_unit(actor=personas.admin_a, complaint=complaint, unit=personas.unit_a)
    return complaint


@pytest.mark.parametrize("who", ["officer_b", "asn_a", "citizen"])
def test_people_outside_agency_a_get_404_on_every_complaint_page_of_agency_a(
    client: Client, personas: Personas, complaint_of_a: Complaint, who: str
) -> None:
    login(client, getattr(personas, who))
    for url in _staff_urls(complaint_of_a):
        assert client.get(url).status_code == 404, url
    for _action, segment in _STAFF_ACTIONS:
        url = f"/keluhan/kelola/{complaint_of_a.pk}/{segment}/"
        assert client.post(url, {"message": "x", "reason": "x", "reply": "x"}).status_code == 404
    complaint_of_a.refresh_from_db()
    assert complaint_of_a.status == Status.FORWARDED
    assert complaint_of_a.events.count() == 4


def test_officer_b_sees_nothing_of_agency_a_in_the_inbox(
    client: Client, personas: Personas, complaint_of_a: Complaint
) -> None:
    own = forwarded(personas, agency=personas.agency_b, region="51.71")
    html = login(client, personas.officer_b).get("/keluhan/instansi/").content.decode()
    assert f"/kelola/{complaint_of_a.pk}/" not in html
    assert f"/kelola/{own.pk}/" in html
    assert Complaint.objects.visible_to(personas.officer_b).count() == 1


def test_the_workspaces_are_for_staff_only(client: Client, personas: Personas) -> None:
    assert client.get("/keluhan/verifikasi/").status_code == 302  # to the login page
    login(client, personas.citizen)
    assert client.get("/keluhan/verifikasi/").status_code == 404
    assert client.get("/keluhan/instansi/").status_code == 404
    login(client, personas.admin_a)
    assert client.get("/keluhan/verifikasi/").status_code == 404
    assert client.get("/keluhan/instansi/").status_code == 200


def test_complaints_not_yet_forwarded_are_invisible_to_agencies(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    assert (
        login(client, personas.admin_a).get(f"/keluhan/kelola/{complaint.pk}/").status_code == 404
    )


def test_a_unit_handler_sees_only_what_is_assigned_to_the_unit(
    client: Client, personas: Personas
) -> None:
    handler = unit_handler(personas)
    complaint = forwarded(personas)
    login(client, handler)
    assert client.get(f"/keluhan/kelola/{complaint.pk}/").status_code == 404
    actions.assign_unit(actor=personas.admin_a, complaint=complaint, unit=personas.unit_a)
    assert client.get(f"/keluhan/kelola/{complaint.pk}/").status_code == 200


def test_identity_is_withheld_from_the_agency_without_consent_and_nothing_is_logged(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    html = (
        login(client, personas.admin_a).get(f"/en/keluhan/kelola/{complaint.pk}/").content.decode()
    )
    assert "Identity withheld" in html
    assert "Sri Rahayu" not in html
    assert "sri@example.org" not in html
    assert not AccessLog.objects.exists()
    assert (
        "Identitas dirahasiakan" in client.get(f"/keluhan/kelola/{complaint.pk}/").content.decode()
    )


def test_with_consent_the_agency_sees_the_identity_and_each_view_is_logged(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas, consent_to_share_identity=True)
    login(client, personas.admin_a)
    for _ in range(2):
        assert "Sri Rahayu" in client.get(f"/keluhan/kelola/{complaint.pk}/").content.decode()
    logs = AccessLog.objects.for_object(complaint).filter(kind=AccessKind.VIEW_IDENTITY)
    assert [(e.actor, e.agency) for e in logs] == [(personas.admin_a, personas.agency_a)] * 2


def test_verifiers_see_the_identity_and_their_views_are_logged(
    client: Client, personas: Personas
) -> None:
    complaint = submit()
    html = (
        login(client, personas.kpk_officer).get(f"/keluhan/kelola/{complaint.pk}/").content.decode()
    )
    assert "Sri Rahayu" in html and "sri@example.org" in html
    log = AccessLog.objects.get()
    assert (log.actor, log.kind, log.object_id) == (
        personas.kpk_officer,
        AccessKind.VIEW_IDENTITY,
        str(complaint.pk),
    )


def test_an_anonymous_complaint_has_no_identity_to_show_or_log(
    client: Client, personas: Personas
) -> None:
    complaint = submit(anonymous=True)
    html = (
        login(client, personas.kpk_officer)
        .get(f"/en/keluhan/kelola/{complaint.pk}/")
        .content.decode()
    )
    assert "Anonymous reporter" in html
    assert not AccessLog.objects.filter(kind=AccessKind.VIEW_IDENTITY).exists()


def test_kpk_officers_read_who_saw_the_identity_and_nobody_else_can(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas, consent_to_share_identity=True)
    login(Client(), personas.admin_a).get(f"/keluhan/kelola/{complaint.pk}/")
    page = login(client, personas.kpk_officer).get(
        f"/keluhan/kelola/{complaint.pk}/akses-identitas/"
    )
    assert page.status_code == 200
    assert "admin.a@example.org" in page.content.decode()
    coordinator = login(Client(), personas.admin_a)
    assert coordinator.get(f"/keluhan/kelola/{complaint.pk}/akses-identitas/").status_code == 404


def test_staff_downloads_of_evidence_are_logged(
    client: Client, personas: Personas, complaint_of_a: Complaint
) -> None:
    attachment = complaint_of_a.attachments.get()
    response = login(client, personas.admin_a).get(
        f"/keluhan/kelola/{complaint_of_a.pk}/lampiran/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    log = AccessLog.objects.get(kind=AccessKind.DOWNLOAD)
    assert (log.actor, log.object_type) == (personas.admin_a, "complaints.attachment")
