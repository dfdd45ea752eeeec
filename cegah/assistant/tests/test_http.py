"""The API, the public pages and the editors' page, through HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from wagtail.models import Revision

from cegah.accounts.models import Membership, Role
from cegah.assistant import ratelimit
from cegah.assistant.knowledge import read_rows
from cegah.assistant.models import KnowledgeEntry, UnansweredQuestion
from cegah.assistant.tests.factories import load_seed, make_entry
from cegah.test import Personas, make_user

pytestmark = pytest.mark.django_db
ASK = "/api/v1/assistant/ask"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    ratelimit.reset()


def test_the_api_answers_with_citations() -> None:
    load_seed()
    response = Client().post(
        ASK, {"question": "biaya skck resmi brp", "lang": "id"}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer", "citations", "confidence", "actions", "handoff"}
    assert body["handoff"] is False and body["citations"]
    assert 0 <= body["confidence"] <= 1


def test_the_api_hands_off_with_no_citations() -> None:
    load_seed()
    response = Client().post(
        ASK, {"question": "resep rendang padang"}, content_type="application/json"
    )
    body = response.json()
    assert body["handoff"] is True and body["citations"] == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"question": ""},
        {"question": "   "},
        {"question": "a" * 501},
        {"question": "x", "lang": "fr"},
    ],
)
def test_the_api_refuses_a_missing_or_too_long_question(payload: dict[str, object]) -> None:
    response = Client().post(ASK, payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@override_settings(ASSISTANT_ASK_RATE="2/minute")
def test_the_api_is_rate_limited_per_client() -> None:
    client = Client()
    for _ in range(2):
        assert (
            client.post(
                ASK, {"question": "apa itu lhkpn"}, content_type="application/json"
            ).status_code
            == 200
        )
    refused = client.post(ASK, {"question": "apa itu lhkpn"}, content_type="application/json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_knowledge_page_lists_topics_and_answers_a_question_without_javascript() -> None:
    load_seed()
    page = Client().get("/pengetahuan/")
    assert page.status_code == 200
    assert "Gratifikasi" in page.text and "Amplop dan hadiah pernikahan" in page.text
    answered = Client().get("/pengetahuan/", {"q": "nikah di kua bayar berapa"})
    assert "Rp600.000" in answered.text


def test_an_entry_page_shows_the_answer_with_live_figures_and_sources() -> None:
    load_seed()
    page = Client().get("/pengetahuan/amplop-pernikahan/")
    assert page.status_code == 200
    assert "Rp1.500.000" in page.text and "[[" not in page.text
    assert "Pasal 2 ayat (3)" in page.text
    english = Client().get("/en/pengetahuan/amplop-pernikahan/")
    assert "Rp1,500,000" in english.text


def test_a_draft_entry_has_no_public_page() -> None:
    make_entry("draf", live=False)
    assert Client().get("/pengetahuan/draf/").status_code == 404


def test_the_staff_page_shows_expired_entries_and_unanswered_questions(personas: Personas) -> None:
    make_entry("kedaluwarsa", title_id="Entri kedaluwarsa", expires_on=dt.date(2020, 1, 1))
    UnansweredQuestion.objects.create(
        key="bpjs daftar", language="id", reason="low_confidence", count=3
    )
    editor = make_user("editor.kpk@example.org", (personas.kpk, Role.EDITOR))
    client = Client()
    client.force_login(editor)
    page = client.get("/pengetahuan/staf/")
    assert page.status_code == 200
    assert "Entri kedaluwarsa" in page.text and "bpjs daftar" in page.text
    row = UnansweredQuestion.objects.get()
    client.post(f"/pengetahuan/staf/pertanyaan/{row.pk}/selesai/")
    assert UnansweredQuestion.objects.get().dismissed


def test_an_officer_of_another_agency_gets_404_on_the_staff_page(personas: Personas) -> None:
    row = UnansweredQuestion.objects.create(key="x", language="id", reason="off_topic")
    editor_b = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    for user in (personas.officer_b, editor_b, personas.citizen):
        client = Client()
        client.force_login(user)
        assert client.get("/pengetahuan/staf/").status_code == 404
        assert client.post(f"/pengetahuan/staf/pertanyaan/{row.pk}/selesai/").status_code == 404
    assert not UnansweredQuestion.objects.get().dismissed


def test_the_workspace_shows_the_knowledge_entry_to_kpk_editors(personas: Personas) -> None:
    make_entry("kedaluwarsa", expires_on=dt.date(2020, 1, 1))
    editor = make_user("editor.kpk@example.org", (personas.kpk, Role.EDITOR))
    Membership.objects.get(user=editor)
    client = Client()
    client.force_login(editor)
    page = client.get("/ruang-kerja/")
    assert "/pengetahuan/staf/" in page.text


def test_load_knowledge_dry_run_changes_nothing_and_the_load_is_idempotent() -> None:
    call_command("load_knowledge", "--dry-run")
    assert not KnowledgeEntry.objects.exists()
    call_command("load_knowledge")
    rows = len(read_rows())
    assert KnowledgeEntry.objects.filter(live=True).count() == rows >= 120
    revisions = Revision.objects.count()
    call_command("load_knowledge")
    assert KnowledgeEntry.objects.count() == rows
    assert Revision.objects.count() == revisions  # nothing changed, no new history
    entry = KnowledgeEntry.objects.get(slug="amplop-pernikahan")
    assert entry.revisions.count() == 1 and entry.live


def test_the_demo_seeding_is_idempotent() -> None:
    from cegah.assistant.demo import seed

    assert "created" in seed(True)
    assert not KnowledgeEntry.objects.exists()
    seed(False)
    count = KnowledgeEntry.objects.count()
    assert seed(False).endswith(f"0 created, 0 updated, {count} unchanged")
    assert UnansweredQuestion.objects.count() == 3
