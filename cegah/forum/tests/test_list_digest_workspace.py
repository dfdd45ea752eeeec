"""The list's query bound, the weekly digest, workspace entries, demo data and Telegram."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cegah.core.workspace import entries_for
from cegah.forum import actions, telegram
from cegah.forum.demo import seed_forum_demo
from cegah.forum.models import Member, Post, PostStatus, Thread
from cegah.forum.tasks import weekly_overdue_digest
from cegah.forum.tests.factories import citizen, klaten_thread, moderator, thread
from cegah.test import Personas

LIST_QUERY_BOUND = 4


def test_the_list_costs_a_fixed_number_of_queries(personas: Personas) -> None:
    for n in range(12):
        thread(
            citizen(f"q{n}@example.org"),
            title=f"Pertanyaan pungli nomor {n}",
            agency=personas.agency_a,
            region=personas.agency_a.region,
        )
    client = Client()
    client.get(reverse("forum:list"))  # warm the caches of the page's shared parts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("forum:list"), {"q": "pungli", "topik": "pungli"})
    assert response.status_code == 200 and response.content.decode().count("forum-item") == 12
    assert len(queries) <= LIST_QUERY_BOUND, [q["sql"] for q in queries]


def test_weekly_digest_lists_overdue_questions_per_agency(
    personas: Personas, mailoutbox: list[EmailMessage]
) -> None:
    late, _ = klaten_thread(personas)
    Thread.objects.filter(pk=late.pk).update(answer_due=dt.date(2026, 1, 5))
    fresh, _ = thread(
        citizen("baru@example.org"), title="Pertanyaan yang masih baru", agency=personas.agency_a
    )
    answered, _ = thread(
        citizen("jawab@example.org"), title="Pertanyaan sudah dijawab", agency=personas.agency_b
    )
    Thread.objects.filter(pk=answered.pk).update(answer_due=dt.date(2026, 1, 5))
    actions.reply(actor=personas.officer_b, thread=answered, body="Jawaban resmi.", official=True)
    mailoutbox.clear()
    assert weekly_overdue_digest.call() == 1
    assert [m.to for m in mailoutbox] == [["admin.a@example.org"]]
    body = mailoutbox[0].body
    assert late.title in body and fresh.title not in body and answered.title not in body


def test_workspace_entries_for_moderators_and_agency_staff(personas: Personas) -> None:
    t, _ = klaten_thread(personas)
    actions.reply(actor=citizen("h@example.org"), thread=t, body="wa 081234567890")
    mod = moderator("mod@example.org", personas.agency_a)
    entries = {e.key: e for e in entries_for(mod)}
    assert entries["forum-queue"].waiting == 1
    staff = {e.key: e for e in entries_for(personas.admin_a)}
    assert staff["forum-unanswered"].waiting == 1
    assert staff["forum-unanswered"].deadline == t.answer_due
    assert "forum-queue" not in staff
    assert not [e for e in entries_for(personas.citizen) if e.key.startswith("forum")]
    other = {e.key: e for e in entries_for(personas.officer_b)}
    assert other["forum-unanswered"].waiting == 0


def test_demo_seeds_once(personas: Personas) -> None:
    from cegah.accounts.models import Membership, Role, User

    answerer = User.objects.create_user("setda.klaten@demo.example", "x", full_name="Admin")
    Membership.objects.create(user=answerer, agency=personas.agency_a, role=Role.AGENCY_ADMIN)
    assert "4 demo questions" in seed_forum_demo(False)
    assert "already" in seed_forum_demo(False)
    assert Thread.objects.filter(answered_at__isnull=False).count() == 1
    assert Post.objects.filter(status=PostStatus.HIDDEN, flag_count=3).count() == 1
    page = Client().get(reverse("forum:list")).content.decode()
    assert "Guru diberi parsel Lebaran" in page


def test_telegram_link_connects_the_chat(personas: Personas) -> None:
    code = actions.telegram_code(actor=personas.citizen)
    assert telegram.link_chat("nothing", "1") is None
    assert telegram.link_chat(code, "777") is not None
    assert Member.objects.get(user=personas.citizen).telegram_chat_id == "777"
