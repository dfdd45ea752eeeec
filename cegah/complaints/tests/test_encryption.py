"""The reporter's identity is stored encrypted; verifiers still read it, the constraint on
anonymous complaints still holds, and a lookup by email is refused rather than empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from cegah.complaints.models import Complaint
from cegah.complaints.tests.factories import form_data, login, submit
from cegah.lib.encryption import EncryptedLookupError
from cegah.test import Personas

pytestmark = pytest.mark.usefixtures("regions")


def stored_identity(complaint: Complaint) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_email, reporter_phone FROM complaints_complaint "
            "WHERE id = %s",
            [complaint.pk],
        )
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def test_the_reporters_identity_is_stored_as_ciphertext_and_shown_to_the_verifier(
    client: Client, personas: Personas
) -> None:
    assert client.post("/keluhan/baru/", form_data()).status_code == 302
    complaint = Complaint.objects.get()

    stored = " ".join(stored_identity(complaint))
    for plain in ("Sri", "Rahayu", "sri@example.org", "81234567890"):
        assert plain not in stored
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "Sri Rahayu",
        "sri@example.org",
        "+6281234567890",
    )
    html = login(client, personas.kpk_officer).get(f"/keluhan/kelola/{complaint.pk}/")
    page = html.content.decode()
    assert "Sri Rahayu" in page and "sri@example.org" in page


def test_an_anonymous_complaint_stores_empty_columns_and_the_constraint_still_refuses_identity(
    db: None,
) -> None:
    complaint = submit(anonymous=True)
    assert stored_identity(complaint) == ("", "", "")

    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(reporter_email="sri@example.org")


def test_the_staff_list_reads_every_identity_without_a_query_per_row(
    client: Client, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        submit()
    login(client, personas.kpk_officer)
    client.get("/keluhan/verifikasi/")  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        assert client.get("/keluhan/verifikasi/").status_code == 200
    for _ in range(7):
        submit()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/keluhan/verifikasi/").status_code == 200


def test_looking_a_complaint_up_by_the_reporters_email_is_refused_loudly(db: None) -> None:
    with pytest.raises(EncryptedLookupError, match="reporter_email is encrypted"):
        Complaint.objects.filter(reporter_email="sri@example.org").exists()
