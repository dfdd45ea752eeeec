"""The access-log viewer: KPK reads every row, an agency's inspectorate its own subtree,
everybody else gets a 404."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency
from cegah.audit.models import AccessKind, AccessLog
from cegah.privacy.tests.factories import signed_in
from cegah.test import Personas, make_user

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def row(
    agency: Agency | None,
    *,
    actor: str = "petugas@example.org",
    kind: str = AccessKind.VIEW,
    object_type: str = "complaints.complaint",
    object_id: str = "1",
    reason: str = "",
) -> AccessLog:
    return AccessLog.objects.create(
        actor_label=actor,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        agency=agency,
        reason=reason,
    )


def inspector(email: str, agency: Agency) -> User:
    return make_user(email, (agency, Role.INSPECTOR))


def listed(client: Client, query: str = "") -> str:
    response = client.get(f"/privasi/log-akses/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_kpk_officers_read_every_row(personas: Personas) -> None:
    p = personas
    row(p.agency_a, object_id="11")
    row(p.agency_b, object_id="22")
    row(None, object_id="33", object_type="factchecks.claim")
    html = listed(signed_in(p.kpk_officer))
    assert "3 entri" in html
    assert "#11" in html and "#22" in html and "#33" in html
    assert "Permintaan data pribadi" in html


def test_an_inspector_reads_the_rows_of_their_agency_and_its_units_only(
    personas: Personas,
) -> None:
    p = personas
    row(p.agency_a, object_id="11")
    row(p.unit_a, object_id="12")
    row(p.agency_b, object_id="22")
    row(None, object_id="33")
    html = listed(signed_in(inspector("itkab@example.org", p.agency_a)))
    assert "2 entri" in html
    assert "#11" in html and "#12" in html
    assert "#22" not in html and "#33" not in html


def test_an_inspector_of_another_agency_sees_nothing_of_agency_a(personas: Personas) -> None:
    p = personas
    row(p.agency_a, object_id="11", actor="rahasia.a@example.org")
    row(p.unit_a, object_id="12", actor="rahasia.a@example.org")
    client = signed_in(inspector("itprov.bali@example.org", p.agency_b))
    html = listed(client)
    assert "0 entri" in html and "rahasia.a@example.org" not in html
    html = listed(client, "?object_type=complaints.complaint&actor=rahasia")
    assert "rahasia.a@example.org" not in html
    response = client.get("/privasi/log-akses/csv/")
    exported = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "rahasia.a@example.org" not in exported


def test_everybody_else_gets_a_404(personas: Personas) -> None:
    p = personas
    for person in (p.citizen, p.asn_a, p.admin_a, p.officer_b):
        client = signed_in(person)
        assert client.get("/privasi/log-akses/").status_code == 404
        assert client.get("/privasi/log-akses/csv/").status_code == 404
    assert Client().get("/privasi/log-akses/").status_code == 302  # to sign in


def test_the_filters_narrow_by_date_kind_object_type_and_who(personas: Personas) -> None:
    p = personas
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=JAKARTA), tick=False):
        row(p.agency_a, object_id="101", actor="lama@example.org")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        row(p.agency_a, object_id="102", kind=AccessKind.EXPORT, actor="ekspor@example.org")
        row(
            p.agency_a,
            object_id="103",
            object_type="gratification.gratificationreport",
            actor="upg@example.org",
        )
    client = signed_in(p.kpk_officer)
    html = listed(client, "?date_from=2026-03-10&date_to=2026-03-10")
    assert "#101" not in html and "#102" in html and "#103" in html
    html = listed(client, "?date_to=2026-03-01")
    assert "#101" in html and "#102" not in html
    html = listed(client, "?kind=export")
    assert "#102" in html and "#101" not in html and "#103" not in html
    html = listed(client, "?object_type=gratification.gratificationreport")
    assert "#103" in html and "#102" not in html
    assert "Laporan gratifikasi" in html or "laporan gratifikasi" in html
    html = listed(client, "?actor=LAMA")
    assert "#101" in html and "#102" not in html


def test_a_date_range_that_ends_before_it_starts_is_refused(personas: Personas) -> None:
    client = signed_in(personas.kpk_officer)
    response = client.get("/privasi/log-akses/?date_from=2026-03-10&date_to=2026-03-01")
    assert response.status_code == 400
    assert "Tanggal pertama jatuh setelah tanggal terakhir." in response.content.decode()
    assert (
        client.get("/privasi/log-akses/csv/?date_from=2026-03-10&date_to=2026-03-01").status_code
        == 400
    )


def test_the_list_is_paginated_in_a_bounded_number_of_queries(
    personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    p = personas
    AccessLog.objects.bulk_create(
        AccessLog(
            actor_label="petugas@example.org",
            kind=AccessKind.VIEW,
            object_type="complaints.complaint",
            object_id=str(i),
            agency=p.unit_a if i % 2 else p.agency_a,
        )
        for i in range(120)
    )
    client = signed_in(inspector("itkab@example.org", p.agency_a))
    listed(client)  # warm the session
    # The session, the user, their roles, the agency subtree, the count, the page, and the
    # session's idle-time stamp (a savepoint, an update and its release).
    with django_assert_max_num_queries(9):
        html = listed(client, "?page=2")
    assert "Halaman 2 dari 3" in html
    officer = signed_in(p.kpk_officer)
    listed(officer)
    with django_assert_max_num_queries(8):  # no subtree to read
        listed(officer, "?page=3")


def test_the_csv_holds_the_filtered_rows_and_is_logged_as_an_export(personas: Personas) -> None:
    p = personas
    row(p.agency_a, object_id="11", reason='=HYPERLINK("http://x")')
    row(p.agency_b, object_id="22")
    auditor = inspector("itkab@example.org", p.agency_a)
    response = signed_in(auditor).get("/privasi/log-akses/csv/?kind=view")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Kapan", "Siapa", "Akses"]
    assert [r[4] for r in rows] == ["11"]
    assert rows[0][5] == p.agency_a.code
    assert rows[0][6].startswith("'=")  # never a formula in a spreadsheet
    export = AccessLog.objects.get(kind=AccessKind.EXPORT)
    assert export.actor == auditor
    assert export.agency == p.agency_a
    assert "kind=view" in export.reason
