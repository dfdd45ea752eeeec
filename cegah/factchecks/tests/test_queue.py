"""The fact-checkers' queue: who gets in, what they see, and the steps on a claim."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.accounts.models import User
from cegah.audit.models import AccessKind, AccessLog
from cegah.factchecks import actions
from cegah.factchecks.models import ClaimEvent, FactcheckError, Status, Verdict
from cegah.factchecks.tests.factories import (
    HOAX,
    HOAX_FORWARDED,
    OTHER,
    VERDICT,
    FactPeople,
    submit,
)

QUEUE = "/en/cek-fakta/antrean/"


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_fact_checkers_of_kpk_and_of_a_diskominfo_see_the_queue_with_counts(
    client: Client, people: FactPeople
) -> None:
    submit(HOAX, contact_email="a@example.org")
    submit(HOAX_FORWARDED)
    submit(OTHER)
    for checker in (people.checker_kpk, people.checker_bali):
        response = login(client, checker).get(QUEUE)
        html = response.content.decode()
        assert response.status_code == 200
        assert "2 new, 0 being checked." in html
        assert '<span class="submission-count">2</span>' in html
        assert '<span class="submission-count">1</span>' in html
        assert "a@example.org" not in html  # contacts only on the claim's own page


@pytest.mark.parametrize("who", ["citizen", "asn_a", "admin_a", "officer_b", "kpk_officer"])
def test_everyone_but_fact_checkers_gets_404_on_the_queue_and_on_a_claim(
    client: Client, people: FactPeople, who: str
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    login(client, getattr(people.personas, who))
    assert client.get(QUEUE).status_code == 404
    assert client.get(f"{QUEUE}{claim.pk}/").status_code == 404
    assert client.post(f"{QUEUE}{claim.pk}/mulai/").status_code == 404
    assert not AccessLog.objects.exists()


def test_anonymous_visitors_get_404_too(client: Client, people: FactPeople) -> None:
    claim = submit(HOAX).claim
    assert client.get(QUEUE).status_code == 404
    assert client.get(f"{QUEUE}{claim.pk}/").status_code == 404


def test_a_fact_checker_sees_contacts_and_each_view_is_logged(
    client: Client, people: FactPeople
) -> None:
    claim = submit(HOAX, contact_email="a@example.org").claim
    submit(HOAX_FORWARDED, contact_email="b@example.org")
    login(client, people.checker_bali)
    for _ in range(2):
        html = client.get(f"{QUEUE}{claim.pk}/").content.decode()
        assert "a@example.org" in html and "b@example.org" in html
    logs = AccessLog.objects.for_object(claim)
    assert logs.count() == 2
    assert {(log.actor_id, log.kind) for log in logs} == {
        (people.checker_bali.pk, AccessKind.VIEW_IDENTITY)
    }


def test_a_claim_without_contacts_needs_no_log(client: Client, people: FactPeople) -> None:
    claim = submit(HOAX).claim
    assert login(client, people.checker_kpk).get(f"{QUEUE}{claim.pk}/").status_code == 200
    assert not AccessLog.objects.exists()


def test_start_assign_note_and_the_filters(client: Client, people: FactPeople) -> None:
    claim = submit(HOAX).claim
    other = submit(OTHER).claim
    login(client, people.checker_kpk)
    assert client.post(f"{QUEUE}{claim.pk}/mulai/").status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.CHECKING and claim.assignee == people.checker_kpk

    response = client.post(
        f"{QUEUE}{other.pk}/tugaskan/", {"assignee": str(people.checker_bali.pk)}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Status.CHECKING and other.assignee == people.checker_bali

    client.post(f"{QUEUE}{claim.pk}/catatan/", {"message": "Cek ke Direktorat Dumas."})
    assert ClaimEvent.objects.get(claim=claim, kind="note").message == "Cek ke Direktorat Dumas."

    mine = client.get(QUEUE, {"assignee": "me"}).content.decode()
    assert f"#{claim.pk} " in mine and f"#{other.pk} " not in mine
    done = client.get(QUEUE, {"status": "done"}).content.decode()
    assert f"#{claim.pk} " not in done


def test_only_fact_checkers_can_be_assigned(people: FactPeople) -> None:
    claim = submit(HOAX).claim
    with pytest.raises(FactcheckError):
        actions.assign_claim(
            actor=people.checker_kpk, claim=claim, assignee=people.personas.officer_b
        )


def test_out_of_scope_and_reopen(client: Client, people: FactPeople) -> None:
    claim = submit(HOAX).claim
    login(client, people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/di-luar-cakupan/", {"reason": "Bukan soal korupsi"})
    claim.refresh_from_db()
    assert claim.status == Status.OUT_OF_SCOPE
    assert client.get(QUEUE).content.decode().count(f"#{claim.pk} ") == 0
    client.post(f"{QUEUE}{claim.pk}/buka-kembali/")
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_a_verdict_cannot_be_written_before_checking_starts(people: FactPeople) -> None:
    claim = submit(HOAX).claim
    with pytest.raises(FactcheckError):
        actions.save_verdict(actor=people.checker_kpk, claim=claim, **VERDICT)
    with pytest.raises(FactcheckError):
        actions.publish_verdict(actor=people.checker_kpk, claim=claim)


def test_publishing_without_sources_is_refused_and_keeps_the_typed_verdict(
    client: Client, people: FactPeople
) -> None:
    claim = submit(HOAX).claim
    login(client, people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/mulai/")
    data = {**VERDICT, "verdict": Verdict.MISLEADING.value, "sources": ""}
    response = client.post(f"{QUEUE}{claim.pk}/terbitkan/", data)
    assert response.status_code == 400
    assert VERDICT["headline"] in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.CHECKING and claim.published_at is None


def test_a_submitted_image_opens_for_fact_checkers_only(client: Client, people: FactPeople) -> None:
    from cegah.factchecks.tests.factories import photo
    from cegah.lib.uploads import clean_upload

    submission = submit("", image=clean_upload(photo(), stem="image"))
    url = f"{QUEUE}{submission.claim_id}/gambar/{submission.pk}/"
    login(client, people.personas.officer_b)
    assert client.get(url).status_code == 404
    login(client, people.checker_bali)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"PhoneMaker" not in b"".join(response.streaming_content)  # type: ignore[attr-defined]
