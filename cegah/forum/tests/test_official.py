"""Official answers: only the agency concerned (or KPK), pinned, the wait ended, followers told."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from cegah.forum import actions
from cegah.forum.models import Member, Post
from cegah.forum.tests.factories import citizen, klaten_thread, ready, signed_in
from cegah.messaging.models import OutboxMessage
from cegah.test import Personas

ANSWER = "Layanan KTP-el gratis. Laporkan pungutan itu ke Inspektorat Kabupaten Klaten."


def test_staff_of_the_agency_concerned_answer_officially_and_followers_are_told(
    personas: Personas, mailoutbox: list[EmailMessage]
) -> None:
    thread, _opening = klaten_thread(personas)
    follower = citizen("pengikut@example.org", "Dewi Lestari")
    client_f = signed_in(follower)
    client_f.post(reverse("forum:follow", args=[thread.pk]))
    # A reply before the answer, to see the answer pinned above it.
    client_f.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "Saya juga mengalami hal yang sama.", "form_token": "f1"},
    )
    Member.objects.filter(user=follower).update(telegram_chat_id="12345")
    mailoutbox.clear()
    staff = signed_in(ready(personas.admin_a))
    page = staff.get(thread.get_absolute_url()).content.decode()
    assert "Ini jawaban resmi instansi saya" in page
    response = staff.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": ANSWER, "official": "on", "form_token": "a1"},
    )
    assert response.status_code == 302
    answer = Post.objects.get(body=ANSWER)
    assert answer.official_agency == personas.agency_a
    thread.refresh_from_db()
    assert thread.answered_at is not None
    html = Client().get(thread.get_absolute_url()).content.decode()
    assert "Jawaban resmi Pemerintah Kabupaten Klaten" in html
    assert html.index(ANSWER) < html.index("Saya juga mengalami hal yang sama.")
    # The asker and the follower get an email; the follower's Telegram gets it too.
    assert sorted(m.to[0] for m in mailoutbox) == ["pengikut@example.org", "warga@example.org"]
    assert OutboxMessage.objects.filter(channel="telegram", recipient="12345").count() == 1
    # Answered filter and search over the answer.
    answered = Client().get(reverse("forum:list"), {"status": "dijawab"}).content.decode()
    assert thread.title in answered
    waiting = Client().get(reverse("forum:list"), {"status": "belum"}).content.decode()
    assert thread.title not in waiting
    found = Client().get(reverse("forum:list"), {"q": "inspektorat"}).content.decode()
    assert thread.title in found


def test_staff_of_another_agency_cannot_answer_officially(personas: Personas) -> None:
    thread, _opening = klaten_thread(personas)
    other = signed_in(ready(personas.officer_b))
    page = other.get(thread.get_absolute_url()).content.decode()
    assert "Ini jawaban resmi instansi saya" not in page
    response = other.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": ANSWER, "official": "on", "form_token": "b1"},
    )
    assert response.status_code == 422
    assert not Post.objects.filter(body=ANSWER).exists()
    thread.refresh_from_db()
    assert thread.answered_at is None


def test_a_civil_servant_of_the_agency_is_not_its_voice(personas: Personas) -> None:
    thread, _opening = klaten_thread(personas)
    asn = signed_in(ready(personas.asn_a))
    asn.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": ANSWER, "official": "on", "form_token": "c1"},
    )
    assert not Post.objects.filter(body=ANSWER).exists()


def test_kpk_answers_any_thread_officially(personas: Personas) -> None:
    thread, _opening = klaten_thread(personas)
    post = actions.reply(
        actor=ready(personas.kpk_officer), thread=thread, body=ANSWER, official=True
    )
    assert post.official_agency == personas.kpk


def test_support_is_one_per_person(personas: Personas) -> None:
    thread, _opening = klaten_thread(personas)
    client = signed_in(citizen("pendukung@example.org"))
    client.post(reverse("forum:support", args=[thread.pk]))
    thread.refresh_from_db()
    assert thread.support_count == 1
    # htmx swaps the button; a second press takes the support back.
    response = client.post(reverse("forum:support", args=[thread.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Dukung pertanyaan ini" in response.content.decode()
    thread.refresh_from_db()
    assert thread.support_count == 0
