"""The reporter's and the giver's personal fields are stored encrypted; the reporter's own
report page and KPK's officer still read them."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from cegah.gratification.tests.conftest import Gratification
from cegah.gratification.tests.factories import NIK, create_draft

COLUMNS = (
    "reporter_name",
    "reporter_nik",
    "reporter_address",
    "reporter_phone",
    "reporter_email",
    "giver_name",
    "giver_address",
)


def test_a_reports_personal_fields_are_ciphertext_in_the_table_and_plain_on_the_page(
    client: Client, people: Gratification
) -> None:
    client.force_login(people.p.asn_a)
    report = create_draft(client)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM gratification_gratificationreport WHERE id = %s",
            [report.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    stored = " ".join(row)
    for plain in (NIK, "Sri Lestari", "Jl. Pemuda", "81234567890", "asn@example.org", "Maju"):
        assert plain not in stored
    assert all(value.startswith("gAAAAA") for value in row)

    page = client.get(f"/gratifikasi/laporan/{report.pk}/").content.decode()
    assert "Sri Lestari" in page and "CV Maju Jaya" in page
    edit = client.get(f"/gratifikasi/laporan/{report.pk}/ubah/").content.decode()
    assert f'value="{NIK}"' in edit and "Jl. Pemuda 10, Klaten" in edit
