"""An agency that asks for it gets a second fact-checker's approval before any verdict is
published: the setting is data with its history, the actions enforce it, the queue shows
what waits."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.accounts.models import Role, User
from cegah.factchecks import actions
from cegah.factchecks.models import Claim, EventKind, FactcheckError, ReviewPolicy, Status
from cegah.factchecks.tests.factories import VERDICT, FactPeople, submit
from cegah.test import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_checker(people: FactPeople) -> User:
    return make_user(
        "cekfakta2@bali.example", (people.diskominfo, Role.FACT_CHECKER), full_name="Ayu Bali"
    )


@pytest.fixture
def admin_bali(people: FactPeople) -> User:
    return make_user("admin@bali.example", (people.diskominfo, Role.AGENCY_ADMIN))


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def turn_on(admin: User, people: FactPeople) -> None:
    response = logged_in(admin).post(
        "/cek-fakta/kebijakan-tinjauan/",
        {"agency": people.diskominfo.pk, "required": "on", "reason": "Keputusan rapat redaksi"},
    )
    assert response.status_code == 302


def checking(people: FactPeople) -> Claim:
    claim = submit().claim
    return actions.start_checking(actor=people.checker_bali, claim=claim)


def verdict_form(**values: str) -> dict[str, str]:
    return {**{k: str(v) for k, v in VERDICT.items()}, **values}


def test_the_agency_admin_turns_it_on_and_the_change_is_kept_with_who_and_why(
    people: FactPeople, admin_bali: User
) -> None:
    turn_on(admin_bali, people)
    policy = ReviewPolicy.objects.get()
    assert policy.second_review_required is True
    assert (policy.agency, policy.set_by, policy.reason) == (
        people.diskominfo,
        admin_bali,
        "Keputusan rapat redaksi",
    )
    html = logged_in(admin_bali).get("/cek-fakta/kebijakan-tinjauan/").content.decode()
    assert "Saat ini: pemeriksa fakta kedua harus menyetujui setiap putusan." in html
    assert "Keputusan rapat redaksi" in html
    workspace = logged_in(admin_bali).get("/ruang-kerja/").content.decode()
    assert 'href="/cek-fakta/kebijakan-tinjauan/"' in workspace


def test_only_the_agency_admin_reaches_the_setting(people: FactPeople, admin_bali: User) -> None:
    assert logged_in(people.checker_bali).get("/cek-fakta/kebijakan-tinjauan/").status_code == 404
    other_admin = make_user("admin@lain.example", (people.personas.agency_a, Role.AGENCY_ADMIN))
    response = logged_in(other_admin).post(
        "/cek-fakta/kebijakan-tinjauan/", {"agency": people.diskominfo.pk, "required": "on"}
    )
    assert response.status_code == 404
    assert not ReviewPolicy.objects.exists()
    with pytest.raises(FactcheckError):
        actions.set_review_policy(
            actor=people.checker_bali, agency=people.diskominfo, required=True
        )


def test_a_verdict_waits_for_a_second_fact_checker_of_the_same_agency(
    people: FactPeople, admin_bali: User, second_checker: User
) -> None:
    turn_on(admin_bali, people)
    claim = checking(people)
    author = logged_in(people.checker_bali)

    refused = author.post(f"/cek-fakta/antrean/{claim.pk}/terbitkan/", verdict_form())
    assert refused.status_code == 409
    assert "send it for a second review" not in refused.content.decode()
    assert "kirim untuk tinjauan kedua" in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).published_at is None

    sent = author.post(f"/cek-fakta/antrean/{claim.pk}/minta-tinjauan/", verdict_form())
    assert sent.status_code == 302
    claim.refresh_from_db()
    assert claim.awaits_second_review and claim.review_requested_by == people.checker_bali

    queue = logged_in(second_checker).get("/cek-fakta/antrean/").content.decode()
    assert "1 putusan menunggu tinjauan kedua." in queue
    assert "Menunggu tinjauan kedua" in queue
    workspace = logged_in(second_checker).get("/ruang-kerja/").content.decode()
    assert 'href="/cek-fakta/antrean/?status=review"' in workspace
    waiting = logged_in(second_checker).get("/cek-fakta/antrean/", {"status": "review"})
    assert f'href="/cek-fakta/antrean/{claim.pk}/"' in waiting.content.decode()

    # The author cannot approve their own verdict, nor a fact-checker of another agency.
    assert author.post(f"/cek-fakta/antrean/{claim.pk}/setujui/").status_code == 302
    assert Claim.objects.get(pk=claim.pk).published_at is None
    with pytest.raises(FactcheckError):
        actions.publish_verdict(actor=people.checker_kpk, claim=claim)

    page = logged_in(second_checker).get(f"/cek-fakta/antrean/{claim.pk}/").content.decode()
    assert "Setujui dan terbitkan" in page
    approved = logged_in(second_checker).post(f"/cek-fakta/antrean/{claim.pk}/setujui/")
    assert approved.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.DONE and claim.published_by == second_checker
    assert claim.review_requested_at is None
    kinds = list(claim.events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.REVIEW_REQUESTED, EventKind.PUBLISHED]
    published_event = claim.events.get(kind=EventKind.PUBLISHED)
    assert published_event.actor == second_checker
    assert "Disetujui oleh Ayu Bali; ditulis oleh Cek Fakta Bali." in published_event.message


def test_the_reviewer_returns_it_and_a_changed_verdict_needs_asking_again(
    people: FactPeople, admin_bali: User, second_checker: User
) -> None:
    turn_on(admin_bali, people)
    claim = checking(people)
    actions.save_verdict(actor=people.checker_bali, claim=claim, **VERDICT)
    actions.request_second_review(actor=people.checker_bali, claim=claim)

    returned = logged_in(second_checker).post(
        f"/cek-fakta/antrean/{claim.pk}/kembalikan/", {"reason": "Sumber kedua kurang"}
    )
    assert returned.status_code == 302
    claim.refresh_from_db()
    assert not claim.awaits_second_review
    assert claim.events.get(kind=EventKind.REVIEW_RETURNED).message == "Sumber kedua kurang"

    actions.request_second_review(actor=people.checker_bali, claim=claim)
    actions.save_verdict(actor=people.checker_bali, claim=claim, **{**VERDICT, "headline": "Baru"})
    claim.refresh_from_db()
    assert not claim.awaits_second_review
    assert claim.events.filter(kind=EventKind.REVIEW_WITHDRAWN).count() == 1
    with pytest.raises(FactcheckError):
        actions.publish_verdict(actor=second_checker, claim=claim)


def test_without_the_setting_one_fact_checker_publishes(people: FactPeople) -> None:
    claim = checking(people)
    response = logged_in(people.checker_bali).post(
        f"/cek-fakta/antrean/{claim.pk}/terbitkan/", verdict_form()
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).is_published
    with pytest.raises(FactcheckError):
        actions.request_second_review(actor=people.checker_bali, claim=claim)
