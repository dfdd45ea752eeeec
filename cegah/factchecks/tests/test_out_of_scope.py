"""Setting a claim aside as out of scope: everyone who left an address is told once, with
the reason the fact-checker wrote for them."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cegah.factchecks.models import ClaimEvent, EventKind, Status
from cegah.factchecks.tests.factories import (
    HOAX,
    HOAX_FORWARDED,
    HOAX_FORWARDED_EN,
    VERDICT,
    FactPeople,
    submit,
)

QUEUE = "/cek-fakta/antrean/"
REASON = "Pesan ini bukan tentang korupsi atau layanan publik, melainkan promosi dagang."


@pytest.fixture
def search_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Publishing indexes the article; the site search is not under test here."""
    monkeypatch.setattr("cegah.factchecks.search.index_claim", lambda claim: None)
    monkeypatch.setattr("cegah.factchecks.search.unindex_claim", lambda claim: None)


def test_everyone_who_left_an_address_is_told_once_with_the_reason(
    client: Client, people: FactPeople, mailoutbox: list[Any]
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    submit(HOAX_FORWARDED, contact_email="b@example.org", language="en")
    submit(HOAX_FORWARDED_EN, contact_email="A@example.org")  # the same person again
    submit(HOAX_FORWARDED_EN)  # no address
    client.force_login(people.checker_kpk)
    response = client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": REASON})
    assert response.status_code == 302

    claim.refresh_from_db()
    assert claim.status == Status.OUT_OF_SCOPE
    assert ClaimEvent.objects.get(claim=claim, kind=EventKind.OUT_OF_SCOPE).message == REASON
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    indonesian = next(m for m in mailoutbox if m.to == ["a@example.org"])
    assert indonesian.subject == "Cek Fakta: tentang pesan yang Anda kirim"
    assert "tidak akan menerbitkan putusan" in indonesian.body
    assert REASON in indonesian.body
    assert f"{settings.SITE_URL}/cek-fakta/" in indonesian.body
    english = next(m for m in mailoutbox if m.to == ["b@example.org"])
    assert "set it aside" in english.body and REASON in english.body
    assert not claim.submissions.exclude(contact_email="").filter(
        set_aside_notified_at__isnull=True
    )
    assert not claim.submissions.filter(notified_at__isnull=False)  # the verdict is another matter

    page = client.get(claim.staff_url()).content.decode()
    assert "sudah diberi tahu bahwa klaim dikesampingkan" in page


def test_reopening_then_setting_aside_again_tells_nobody_twice(
    client: Client, people: FactPeople, mailoutbox: list[Any]
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    client.force_login(people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": REASON})
    client.post(f"{QUEUE}{claim.pk}/buka-kembali/")
    claim.refresh_from_db()
    assert claim.status == Status.NEW
    response = client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": "Alasan kedua."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.OUT_OF_SCOPE
    assert len(mailoutbox) == 1
    assert ClaimEvent.objects.filter(claim=claim, kind=EventKind.OUT_OF_SCOPE).count() == 2


def test_a_reason_is_required_and_the_form_says_it_is_public(
    client: Client, people: FactPeople, mailoutbox: list[Any]
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    client.force_login(people.checker_kpk)
    page = client.get(claim.staff_url()).content.decode()
    assert "Ditulis untuk publik" in page
    response = client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": "   "})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == Status.NEW
    assert mailoutbox == []


def test_a_late_sender_of_a_set_aside_message_is_told_at_once(
    client: Client, people: FactPeople, mailoutbox: list[Any]
) -> None:
    claim = submit(HOAX).claim
    client.force_login(people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": REASON})
    client.logout()
    assert mailoutbox == []
    response = client.post(
        "/cek-fakta/kirim/",
        {"text": HOAX_FORWARDED, "contact_email": "late@example.org", "form_token": "x" * 20},
    )
    assert response.status_code == 302
    assert claim.submissions.get(contact_email="late@example.org").set_aside_notified_at
    assert [m.to for m in mailoutbox] == [["late@example.org"]]
    assert REASON in mailoutbox[0].body


@pytest.mark.usefixtures("search_calls")
def test_someone_told_of_the_set_aside_still_gets_the_verdict_when_it_is_published_later(
    client: Client, people: FactPeople, mailoutbox: list[Any]
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    client.force_login(people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": REASON})
    client.post(f"{QUEUE}{claim.pk}/buka-kembali/")
    client.post(f"{QUEUE}{claim.pk}/mulai/")
    response = client.post(f"{QUEUE}{claim.pk}/terbitkan/", VERDICT)
    assert response.status_code == 302
    assert [m.subject for m in mailoutbox] == [
        "Cek Fakta: tentang pesan yang Anda kirim",
        "Cek Fakta: putusan atas pesan yang Anda kirim",
    ]
