"""The forum API as the issue states it."""

from __future__ import annotations

from django.test import Client

from cegah.accounts.models import User
from cegah.api.actions import create_api_token
from cegah.forum import actions
from cegah.forum.models import Flag, Post, PostStatus, Thread
from cegah.forum.tests.factories import citizen, klaten_thread, moderator, ready, thread
from cegah.test import Personas


def _auth(user: User) -> dict[str, str]:
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_list_filters_and_search(personas: Personas) -> None:
    klaten, _ = klaten_thread(personas)
    bali, _ = thread(
        citizen("bali@example.org"),
        title="Parsel dari rekanan untuk pejabat Bali",
        body="Pejabat menerima parsel dari rekanan proyek. Apakah itu gratifikasi?",
        topic="gratifikasi",
        agency=personas.agency_b,
    )
    actions.reply(
        actor=personas.kpk_officer, thread=bali, body="Ya, wajib dilaporkan.", official=True
    )

    def ids(**query: str) -> list[int]:
        response = Client().get("/api/v1/forum/threads", query)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert set(ids()) == {klaten.pk, bali.pk}
    assert ids(topic="gratifikasi") == [bali.pk]
    assert ids(region="33") == [klaten.pk]
    assert ids(agency="pemkab-klaten") == [klaten.pk]
    assert ids(answered="true") == [bali.pk] and ids(answered="false") == [klaten.pk]
    # The analyzer: "pungutan liar" and "pungli" are one term; affixes are stemmed.
    assert ids(q="pungutan") == [klaten.pk]
    assert ids(q="gratifikasi parsel") == [bali.pk]
    assert ids(q="tidakada") == []


def test_create_thread_answers_201(personas: Personas) -> None:
    headers = _auth(ready(personas.citizen))
    body = {
        "title": "Biaya legalisir ijazah di Disdik",
        "body": "Apakah legalisir ijazah di Dinas Pendidikan dikenai biaya resmi?",
        "topic": "layanan",
        "agency": "klaten-disdik",
    }
    response = Client().post(
        "/api/v1/forum/threads", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1", **headers,
    )  # fmt: skip
    assert response.status_code == 201
    data = response.json()
    thread = Thread.objects.get()
    assert data == {
        "id": thread.pk,
        "post_id": thread.posts.get().pk,
        "url": thread.get_absolute_url(),
        "status": "published",
    }
    again = Client().post(
        "/api/v1/forum/threads", body, content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1", **headers,
    )  # fmt: skip
    assert again.json()["id"] == thread.pk and Thread.objects.count() == 1
    bad = Client().post(
        "/api/v1/forum/threads", {**body, "region": "99.99"}, content_type="application/json",
        **headers,
    )  # fmt: skip
    assert bad.status_code == 422


def test_unverified_account_gets_403(personas: Personas) -> None:
    response = Client().post(
        "/api/v1/forum/threads",
        {
            "title": "Pertanyaan tentang pungli",
            "body": "Ini pertanyaan yang cukup panjang.",
            "topic": "pungli",
        },
        content_type="application/json",
        **_auth(personas.citizen),
    )
    assert response.status_code == 403 and not Thread.objects.exists()


def test_official_replies_only_for_the_agency_concerned(personas: Personas) -> None:
    t, _ = klaten_thread(personas)
    url = f"/api/v1/forum/threads/{t.pk}/replies"
    refused = Client().post(
        url, {"body": "Jawaban resmi Bali", "official": True}, content_type="application/json",
        **_auth(ready(personas.officer_b)),
    )  # fmt: skip
    assert (
        refused.status_code == 403 and not Post.objects.filter(body="Jawaban resmi Bali").exists()
    )
    ok = Client().post(
        url, {"body": "Jawaban resmi Klaten", "official": True}, content_type="application/json",
        **_auth(personas.admin_a),
    )  # fmt: skip
    assert ok.status_code == 201 and ok.json()["official"] is True
    plain = Client().post(
        url, {"body": "Terima kasih infonya"}, content_type="application/json",
        **_auth(citizen("x@example.org")),
    )  # fmt: skip
    assert plain.status_code == 201 and plain.json()["official"] is False


def test_flags_one_per_person(personas: Personas) -> None:
    _t, post = klaten_thread(personas)
    headers = _auth(citizen("flag@example.org"))
    url = f"/api/v1/forum/posts/{post.pk}/flags"
    first = Client().post(url, {"reason": "spam"}, content_type="application/json", **headers)
    assert first.status_code == 201 and first.json()["hidden"] is False
    second = Client().post(url, {"reason": "spam"}, content_type="application/json", **headers)
    assert second.status_code == 409 and Flag.objects.count() == 1
    assert (
        Client().post(url, {"reason": "spam"}, content_type="application/json").status_code == 401
    )


def test_moderation_list_for_moderators_only(personas: Personas) -> None:
    t, _ = klaten_thread(personas)
    held = actions.reply(actor=citizen("h@example.org"), thread=t, body="wa 081234567890")
    assert held.status == PostStatus.HELD
    mine = Client().get(
        "/api/v1/forum/moderation", **_auth(moderator("m@example.org", personas.agency_a))
    )
    assert mine.status_code == 200 and [i["id"] for i in mine.json()["items"]] == [held.pk]
    other = Client().get(
        "/api/v1/forum/moderation", **_auth(moderator("n@example.org", personas.agency_b))
    )
    assert other.status_code == 200 and other.json()["items"] == []
    assert Client().get("/api/v1/forum/moderation", **_auth(personas.citizen)).status_code == 404
    assert Client().get("/api/v1/forum/moderation").status_code == 401
