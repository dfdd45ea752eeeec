"""Public transparency: the list without personal data, and how each agency answers."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cegah.complaints import actions
from cegah.complaints.models import Complaint, response_working_days
from cegah.complaints.tests.factories import DESCRIPTION, JAKARTA, forwarded, submit
from cegah.complaints.transparency import median
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")

LIST = "/keluhan/publik/"
STATS = "/keluhan/statistik/"
_backfill = importlib.import_module("cegah.complaints.migrations.0004_backfill_first_response_days")


def numbers(html: str) -> list[int]:
    """The complaint numbers in the public table's first column."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", body)]


def stats_row(html: str, agency_id: int) -> list[str]:
    row = html.split(f'<tr id="agency-{agency_id}">', 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
    ]


def test_the_public_list_shows_where_complaints_stand_without_any_personal_data(
    client: Client, personas: Personas
) -> None:
    named = forwarded(
        personas,
        place="SD Negeri 1 Klaten",
        reporter_phone="+6281234567890",
        consent_to_share_identity=True,
    )
    anonymous = submit(
        anonymous=True,
        reporter_name="",
        reporter_email="",
        description="Pungli di jembatan timbang " * 3,
    )
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(numbers(html)) == sorted([named.pk, anonymous.pk])
    assert "Pendidikan/sekolah" in html
    assert "Kabupaten Klaten, Jawa Tengah" in html
    assert "Pemerintah Kabupaten Klaten" in html
    assert "Diteruskan ke instansi" in html and "Diterima" in html
    for secret in (
        "Sri Rahayu",
        "sri@example.org",
        "+6281234567890",
        "0812",
        DESCRIPTION[:30],
        "jembatan timbang",
        "SD Negeri 1",
        "Klaten Tengah",  # the district is left out: regions stop at the regency
        named.display_code,
        named.tracking_code,
        anonymous.display_code,
        "/keluhan/kelola/",
        "/lampiran/",
    ):
        assert secret not in html, secret


def test_confidential_complaints_are_never_listed(client: Client, personas: Personas) -> None:
    listed = forwarded(personas)
    secret = forwarded(personas, confidential=True)
    html = client.get(LIST).content.decode()
    assert numbers(html) == [listed.pk]
    assert secret.pk not in numbers(
        client.get(LIST, {"agency": personas.agency_a.pk}).content.decode()
    )


def test_the_list_filters_by_province_regency_agency_category_and_status(
    client: Client, personas: Personas
) -> None:
    school = forwarded(personas)
    village = submit(category="desa", region="33.10.01")
    bali = forwarded(personas, agency=personas.agency_b, region="51.71", category="desa")
    actions.resolve_complaint(actor=personas.officer_b, complaint=bali, reply="Sudah ditindak.")

    def found(**params: object) -> list[int]:
        return sorted(numbers(client.get(LIST, params).content.decode()))

    assert found() == sorted([school.pk, village.pk, bali.pk])
    assert found(province="33") == sorted([school.pk, village.pk])
    assert found(province="51", regency="51.71") == [bali.pk]
    assert found(province="33", regency="33.10") == sorted([school.pk, village.pk])
    assert found(agency=personas.agency_a.pk) == [school.pk]
    assert found(agency=personas.agency_b.pk) == [bali.pk]
    assert found(category=village.category_id) == sorted([village.pk, bali.pk])
    assert found(status="open") == sorted([school.pk, village.pk])
    assert found(status="closed") == [bali.pk]


def test_only_agencies_with_listed_complaints_are_offered_as_a_filter(
    client: Client, personas: Personas
) -> None:
    forwarded(personas, agency=personas.agency_b, region="51.71", confidential=True)
    forwarded(personas)
    html = client.get(LIST).content.decode()
    assert f'<option value="{personas.agency_a.pk}">Pemerintah Kabupaten Klaten</option>' in html
    assert "Pemerintah Provinsi Bali" not in html


def test_the_list_pages_with_a_constant_number_of_queries(
    client: Client, personas: Personas
) -> None:
    for _ in range(3):
        forwarded(personas)
    submit(region="51.71")

    def queries(**params: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, params).status_code == 200
        return len(captured)

    client.get("/")  # fills the header's cached section addresses
    few = queries()
    few_filtered = queries(province="33", regency="33.10", status="open")
    for _ in range(27):
        forwarded(personas, agency=personas.agency_b, region="51.71")
    assert queries() == few
    assert queries(province="33", regency="33.10", status="open") == few_filtered
    first = client.get(LIST, {"status": "open"}).content.decode()
    assert len(numbers(first)) == 25
    second = client.get(LIST, {"status": "open", "page": "2"}).content.decode()
    assert len(numbers(second)) == 6
    assert "status=open" in second  # page links keep the filters


def test_bad_filter_values_are_ignored(client: Client, db: None) -> None:
    response = client.get(
        LIST, {"agency": "nope", "status": "maybe", "page": "99", "province": "x"}
    )
    assert response.status_code == 200


def test_the_statistics_count_received_resolved_median_days_and_on_time_answers(
    client: Client, personas: Personas
) -> None:
    monday = dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA)  # 2 March 2026, an ordinary week
    with time_machine.travel(monday, tick=False):
        quick = forwarded(personas)
        slow = forwarded(personas)
        silent = forwarded(personas)
        secret = forwarded(personas, confidential=True)
        bali = forwarded(personas, agency=personas.agency_b, region="51.71")
        actions.reply_to_reporter(actor=personas.officer_b, complaint=bali, message="Kami cek.")
    with time_machine.travel(monday + dt.timedelta(days=2), tick=False):  # Wednesday: 2 days
        actions.start_progress(actor=personas.admin_a, complaint=quick)
        actions.resolve_complaint(actor=personas.admin_a, complaint=quick, reply="Selesai.")
    with time_machine.travel(monday + dt.timedelta(days=3), tick=False):  # Thursday: 3 days
        actions.start_progress(actor=personas.admin_a, complaint=secret)
    # 7 working days end on Wednesday 11 March; Thursday 12 March is the 8th, so late.
    with time_machine.travel(dt.datetime(2026, 3, 12, 9, tzinfo=JAKARTA), tick=False):
        actions.start_progress(actor=personas.admin_a, complaint=slow)
        html = client.get(STATS).content.decode()
    assert silent.first_response_at is None
    # Agency A: 4 received (one confidential, counted), 1 resolved; answers took 2, 3 and 8
    # working days (median 3); 2 of the 4 due were on time (the silent one is overdue).
    assert stats_row(html, personas.agency_a.pk) == [
        "Pemerintah Kabupaten Klaten",
        "4",
        "1",
        "3",
        "50 %",
    ]
    assert stats_row(html, personas.agency_b.pk) == [
        "Pemerintah Provinsi Bali",
        "1",
        "0",
        "0",
        "100 %",
    ]
    assert html.index(f"agency-{personas.agency_a.pk}") < html.index(
        f"agency-{personas.agency_b.pk}"
    )


def test_complaints_not_yet_due_do_not_count_against_the_share_on_time(
    client: Client, personas: Personas
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA), tick=False):
        answered = forwarded(personas)
        forwarded(personas)
        actions.start_progress(actor=personas.admin_a, complaint=answered)
        html = client.get(STATS).content.decode()
    assert stats_row(html, personas.agency_a.pk)[1:] == ["2", "0", "0", "100 %"]


def test_an_agency_without_answers_shows_dashes(client: Client, personas: Personas) -> None:
    forwarded(personas)
    assert stats_row(client.get(STATS).content.decode(), personas.agency_a.pk)[3:] == ["—", "—"]


def test_the_statistics_take_the_same_queries_however_many_agencies_and_complaints(
    client: Client, personas: Personas
) -> None:
    complaint = forwarded(personas)
    actions.start_progress(actor=personas.admin_a, complaint=complaint)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(STATS).status_code == 200
        return len(captured)

    client.get("/")  # fills the header's cached section addresses
    few = queries()
    for _ in range(5):
        other = forwarded(personas, agency=personas.agency_b, region="51.71")
        actions.start_progress(actor=personas.officer_b, complaint=other)
        forwarded(personas)
    assert queries() == few


def test_an_answer_on_a_day_off_counts_as_given_on_the_next_working_day() -> None:
    friday = dt.datetime(2026, 3, 6, 9, tzinfo=JAKARTA)
    saturday = friday + dt.timedelta(days=1)
    monday = friday + dt.timedelta(days=3)
    assert response_working_days(friday, friday, "Asia/Jakarta") == 0
    assert response_working_days(friday, saturday, "Asia/Jakarta") == 1
    assert response_working_days(friday, monday, "Asia/Jakarta") == 1
    assert response_working_days(saturday, saturday, "Asia/Jakarta") == 0
    # 23:30 in Jakarta on Friday is Saturday in Jayapura (WIT).
    late_friday = dt.datetime(2026, 3, 6, 23, 30, tzinfo=JAKARTA)
    assert response_working_days(friday, late_friday, "Asia/Jakarta") == 0
    assert response_working_days(friday, late_friday, "Asia/Jayapura") == 1


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [({}, None), ({4: 1}, 4), ({2: 1, 9: 1}, 5.5), ({1: 3, 7: 1}, 1), ({1: 1, 3: 2, 10: 1}, 3)],
)
def test_the_median_comes_from_counts_per_value(
    histogram: dict[int, int], expected: float | None
) -> None:
    assert median(histogram) == expected


def test_the_migration_counts_the_days_of_answers_given_before_it(personas: Personas) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=JAKARTA), tick=False):
        complaint = forwarded(personas)
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=JAKARTA), tick=False):
        actions.start_progress(actor=personas.admin_a, complaint=complaint)
    Complaint.objects.update(first_response_days=None)
    _backfill.backfill(apps, None)
    complaint.refresh_from_db()
    assert complaint.first_response_days == 3
