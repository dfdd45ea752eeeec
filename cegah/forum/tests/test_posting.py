"""Asking and replying on the pages: who may post, what is held, double submits."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import User
from cegah.forum.models import EventKind, Member, ModerationEvent, Post, PostStatus, Thread
from cegah.forum.public import new_thread_url
from cegah.forum.tests.factories import citizen, ready, signed_in
from cegah.test import Personas, make_user

QUESTION = {
    "title": "Bolehkah guru menerima parsel Lebaran?",
    "body": "Wali murid mengirim parsel Lebaran ke rumah guru. Apakah wajib dilaporkan?",
    "topic": "gratifikasi",
    "province": "33",
    "regency": "33.10",
    "agency": "",
    "consent": "on",
    "form_token": "token-1",
}


def test_citizen_asks_and_the_question_is_listed_under_a_display_name(
    personas: Personas,
) -> None:
    client = signed_in(ready(personas.citizen))
    response = client.post(reverse("forum:new"), QUESTION)
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    # The region's government is the agency concerned, and its deadline is set.
    assert thread.agency == personas.agency_a and thread.answer_due is not None
    assert thread.is_public and thread.posts.get().is_opening
    page = Client().get(reverse("forum:list")).content.decode()
    assert "Bolehkah guru menerima parsel Lebaran?" in page
    detail = Client().get(thread.get_absolute_url()).content.decode()
    assert "Warga" in detail  # the first word of the name
    assert personas.citizen.email not in detail and "Warga Biasa" not in detail
    assert ModerationEvent.objects.filter(kind=EventKind.POSTED).count() == 1


def test_a_double_submit_creates_one_thread(personas: Personas) -> None:
    client = signed_in(ready(personas.citizen))
    first = client.post(reverse("forum:new"), QUESTION)
    second = client.post(reverse("forum:new"), QUESTION)
    assert Thread.objects.count() == 1 and Post.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_consent_is_required(personas: Personas) -> None:
    client = signed_in(ready(personas.citizen))
    response = client.post(reverse("forum:new"), {**QUESTION, "consent": ""})
    assert response.status_code == 422 and not Thread.objects.exists()


def test_an_unverified_account_is_refused(personas: Personas) -> None:
    user = make_user("baru@example.org")
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - dt.timedelta(days=5))
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = signed_in(user)
    assert "Konfirmasi alamat email" in _text(client.get(reverse("forum:new")))
    response = client.post(reverse("forum:new"), QUESTION)
    assert response.status_code == 403 and not Thread.objects.exists()


def test_a_new_account_waits_for_the_cooling_off(
    personas: Personas, settings: SettingsWrapper
) -> None:
    settings.FORUM_NEW_ACCOUNT_HOURS = 24
    user = make_user("segar@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = signed_in(user).post(reverse("forum:new"), QUESTION)
    assert response.status_code == 403 and not Thread.objects.exists()
    assert "24" in _text(response)


def test_posting_limit_per_person(personas: Personas, settings: SettingsWrapper) -> None:
    settings.FORUM_POST_RATE = "2/hour"
    client = signed_in(ready(personas.citizen))
    for n in range(2):
        assert (
            client.post(reverse("forum:new"), {**QUESTION, "form_token": f"t{n}"}).status_code
            == 302
        )
    response = client.post(reverse("forum:new"), {**QUESTION, "form_token": "t3"})
    assert response.status_code == 429 and Thread.objects.count() == 2


def test_anonymous_visitor_sees_the_form_and_a_sign_in_link(db: None) -> None:
    response = Client().get(new_thread_url(question="Apakah parsel Lebaran gratifikasi?"))
    page = _text(response)
    assert response.status_code == 200
    assert "Apakah parsel Lebaran gratifikasi?" in page and "/akun/" in page
    assert Client().post(reverse("forum:new"), QUESTION).status_code == 302
    assert not Thread.objects.exists()


def test_assistant_hand_off_prefills_the_form_in_either_language(db: None) -> None:
    url = new_thread_url(question="Tarif KTP berapa?", language="en")
    assert url.startswith("/en/") and "pertanyaan=" in url
    assert new_thread_url() == reverse("forum:new")
    page = _text(Client().get(new_thread_url(question="Tarif KTP berapa?")))
    assert 'value="Tarif KTP berapa?"' in page


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("Saya dimintai uang, hubungi saya di 0812-3456-7890 untuk lengkapnya.", "phone"),
        ("NIK saya 3310011234560001, tetapi berkas saya tetap ditolak petugas.", "nik"),
        ("Lihat buktinya di https://contoh.example.com/bukti sebelum menilai ini.", "link"),
    ],
)
def test_posts_with_personal_data_or_links_are_held(
    personas: Personas, body: str, why: str, mailoutbox: list[EmailMessage]
) -> None:
    client = signed_in(ready(personas.citizen))
    response = client.post(reverse("forum:new"), {**QUESTION, "body": body})
    thread = Thread.objects.get()
    post = thread.posts.get()
    assert post.status == PostStatus.HELD and post.held_reason == why and post.queued_at
    assert not thread.is_public
    assert QUESTION["title"] not in _text(Client().get(reverse("forum:list")))
    assert Client().get(thread.get_absolute_url()).status_code == 404
    # The author sees it with a note, and is told by email.
    assert client.get(response["Location"]).status_code == 200
    assert [m.to for m in mailoutbox] == [[personas.citizen.email]]
    assert "tinjauan moderator" in mailoutbox[0].body
    # The moderator of the agency concerned finds it in the queue.
    queue = _text(signed_in(personas.kpk_officer).get(reverse("forum:queue")))
    assert QUESTION["title"] in queue


def test_a_reply_with_a_phone_number_is_held_not_shown(personas: Personas) -> None:
    client = signed_in(ready(personas.citizen))
    client.post(reverse("forum:new"), QUESTION)
    thread = Thread.objects.get()
    other = citizen("lain@example.org", "Budi Santoso")
    signed_in(other).post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "Telepon saja 0812 3456 7890 ya", "form_token": "r1"},
    )
    reply = thread.posts.get(is_opening=False)
    assert reply.status == PostStatus.HELD
    assert "0812 3456 7890" not in _text(Client().get(thread.get_absolute_url()))
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_a_blocked_member_cannot_post(personas: Personas) -> None:
    user = ready(personas.citizen)
    Member.objects.create(user=user, display_name="Warga", is_blocked=True)
    response = signed_in(user).post(reverse("forum:new"), QUESTION)
    assert response.status_code == 403 and not Thread.objects.exists()


def test_display_name_can_be_changed_but_not_to_an_email(personas: Personas) -> None:
    client = signed_in(ready(personas.citizen))
    bad = client.post(reverse("forum:profile"), {"display_name": "a@b.org"})
    assert bad.status_code == 422
    client.post(reverse("forum:profile"), {"display_name": "Ibu Guru Klaten"})
    assert Member.objects.get(user=personas.citizen).display_name == "Ibu Guru Klaten"


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]
