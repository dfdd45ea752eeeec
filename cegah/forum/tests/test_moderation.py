"""Flags, the hide threshold, the one queue scoped per moderator, decisions and alerts."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.accounts.models import Role
from cegah.agencies.models import AgencyType
from cegah.audit.models import AccessLog
from cegah.forum import access, actions
from cegah.forum.models import EventKind, Flag, Member, ModerationEvent, Post, PostStatus
from cegah.forum.tests.factories import citizen, klaten_thread, moderator, signed_in, thread
from cegah.test import Personas, make_agency, make_user


def _flaggers(n: int) -> list[Client]:
    return [signed_in(citizen(f"pelapor{i}@example.org")) for i in range(n)]


def _flag(client: Client, post: Post) -> int:
    return client.post(reverse("forum:flag", args=[post.pk]), {"reason": "abuse"}).status_code


def test_hidden_only_when_distinct_people_reach_the_threshold(
    personas: Personas, mailoutbox: list[EmailMessage]
) -> None:
    _thread, post = klaten_thread(personas)
    first, second, third = _flaggers(3)
    assert _flag(first, post) == 302
    assert _flag(first, post) == 302  # the same person again: still one flag
    assert _flag(first, post) == 302
    assert Flag.objects.filter(post=post).count() == 1
    _flag(second, post)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.flag_count == 2
    _flag(third, post)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN and post.queued_at is not None
    assert ModerationEvent.objects.filter(kind=EventKind.AUTO_HIDDEN, post=post).count() == 1
    # Hidden at once: the thread (its opening post) leaves the list; the author is told.
    assert post.thread.title not in Client().get(reverse("forum:list")).content.decode()
    assert any(m.to == [personas.citizen.email] for m in mailoutbox)


def test_threshold_is_a_setting(personas: Personas, settings: SettingsWrapper) -> None:
    settings.FORUM_HIDE_AFTER_FLAGS = 1
    _thread, post = klaten_thread(personas)
    _flag(_flaggers(1)[0], post)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_moderator_restores_and_hides_with_a_reason_logged_and_told(
    personas: Personas, mailoutbox: list[EmailMessage]
) -> None:
    t, post = klaten_thread(personas)
    for client in _flaggers(3):
        _flag(client, post)
    mod = signed_in(moderator("mod.klaten@example.org", personas.agency_a))
    page = mod.get(reverse("forum:moderate", args=[post.pk]))
    assert page.status_code == 200
    assert AccessLog.objects.filter(object_id=str(post.pk)).exists()
    mailoutbox.clear()
    mod.post(
        reverse("forum:moderate", args=[post.pk]),
        {"action": "restore", "reason": "Pertanyaan wajar, bukan pelanggaran."},
    )
    post.refresh_from_db()
    t.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.queued_at is None and t.is_public
    assert "Pertanyaan wajar" in mailoutbox[-1].body
    mod.post(reverse("forum:moderate", args=[post.pk]), {"action": "hide", "reason": "Spam."})
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN and post.queued_at is None
    kinds = list(ModerationEvent.objects.filter(post=post).values_list("kind", flat=True))
    assert EventKind.RESTORED in kinds and EventKind.HIDDEN in kinds
    assert ModerationEvent.objects.get(kind=EventKind.HIDDEN).reason == "Spam."


def test_edit_with_a_reason_and_block_a_member(personas: Personas) -> None:
    t, _post = klaten_thread(personas)
    author = citizen("penulis@example.org", "Penulis")
    held = actions.reply(actor=author, thread=t, body="Hubungi 0812-3456-7890 segera")
    assert held.status == PostStatus.HELD
    mod = signed_in(personas.kpk_officer)
    missing = mod.post(reverse("forum:moderate", args=[held.pk]), {"action": "edit", "reason": "x"})
    assert missing.status_code == 422
    mod.post(
        reverse("forum:moderate", args=[held.pk]),
        {"action": "edit", "reason": "Nomor telepon dihapus.", "body": "Hubungi saya segera"},
    )
    held.refresh_from_db()
    assert held.status == PostStatus.PUBLISHED and held.body == "Hubungi saya segera"
    assert held.edited_at is not None
    mod.post(reverse("forum:moderate", args=[held.pk]), {"action": "block", "reason": "Kasar."})
    assert Member.objects.get(user=author).is_blocked
    with pytest.raises(actions.PostingRefused):
        actions.reply(actor=author, thread=t, body="Saya kembali lagi")


def test_one_queue_across_spaces_scoped_per_moderator(personas: Personas) -> None:
    klaten, _ = klaten_thread(personas)
    held_a = actions.reply(
        actor=citizen("a@example.org"), thread=klaten, body="Lihat www.contoh-bukti.com"
    )
    bali, _ = thread(
        citizen("b@example.org"),
        title="Pungli parkir di objek wisata Bali",
        agency=personas.agency_b,
    )
    held_b = actions.reply(actor=citizen("c@example.org"), thread=bali, body="NIK 5171011234560001")
    mod_a = moderator("mod.a@example.org", personas.agency_a)
    mod_b = moderator("mod.b@example.org", personas.agency_b)
    assert list(access.queue(mod_a)) == [held_a]
    assert list(access.queue(mod_b)) == [held_b]
    assert set(access.queue(personas.kpk_officer)) == {held_a, held_b}
    kpk_mod = make_user("mod.kpk@example.org", (personas.kpk, Role.MODERATOR))
    assert set(access.queue(kpk_mod)) == {held_a, held_b}
    # Through the pages: B's moderator sees nothing of agency A's threads.
    client_b = signed_in(mod_b)
    page = client_b.get(reverse("forum:queue")).content.decode()
    assert "Pungli parkir" in page and klaten.title not in page
    assert client_b.get(reverse("forum:moderate", args=[held_a.pk])).status_code == 404
    assert (
        client_b.post(
            reverse("forum:moderate", args=[held_a.pk]), {"action": "restore", "reason": "x"}
        ).status_code
        == 404
    )
    held_a.refresh_from_db()
    assert held_a.status == PostStatus.HELD
    # A moderator of a unit's parent covers the unit's threads.
    unit_thread, _ = thread(
        citizen("d@example.org"), agency=personas.unit_a, title="Biaya PPDB di SD"
    )
    unit_post = actions.reply(
        actor=citizen("e@example.org"), thread=unit_thread, body="wa 081234567890"
    )
    assert unit_post in set(access.queue(mod_a)) and unit_post not in set(access.queue(mod_b))


def test_non_moderators_get_404(personas: Personas) -> None:
    _t, post = klaten_thread(personas)
    for user in (personas.citizen, personas.admin_a, personas.officer_b):
        client = signed_in(user)
        assert client.get(reverse("forum:queue")).status_code == 404
        assert client.get(reverse("forum:moderate", args=[post.pk])).status_code == 404
    assert Client().get(reverse("forum:queue")).status_code == 302  # to sign in


def test_moderators_are_alerted_when_the_queue_grows(
    personas: Personas, settings: SettingsWrapper, mailoutbox: list[EmailMessage]
) -> None:
    settings.FORUM_QUEUE_ALERT_SIZE = 1
    t, _ = klaten_thread(personas)
    moderator("mod.alert@example.org", personas.agency_a)
    other = make_agency("pemkot-x", "Pemkot X", type=AgencyType.NATIONAL_AGENCY)
    moderator("mod.other@example.org", other)
    for n in range(3):
        actions.reply(actor=citizen(f"w{n}@example.org"), thread=t, body=f"wa 0812345678{n}0")
    alerts = [m for m in mailoutbox if "moderasi" in m.subject]
    # Once (not again the same day), to A's moderator and KPK, never to another agency's.
    assert sorted(m.to[0] for m in alerts) == ["kpk@example.org", "mod.alert@example.org"]
