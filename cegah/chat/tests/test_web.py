"""`/tanya/` without JavaScript (post, redirect, the conversation on the page) and with htmx
(the conversation swapped in): answers with their citations, hand-offs, buttons, languages."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.assistant.engine import Answer
from cegah.assistant.tests.factories import load_seed
from cegah.chat import dialogue
from cegah.chat.models import Conversation, Message

pytestmark = pytest.mark.django_db

TOKEN = "a-token-for-the-form"


@pytest.fixture
def knowledge(db: None) -> None:
    """The seeded knowledge base of `cegah.assistant` (the real engine answers)."""
    load_seed()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Records what the page asks the knowledge base, and in which language."""
    calls: list[tuple[str, str]] = []
    real = dialogue.default_answerer

    def recording(question: str, language: str) -> Answer:
        calls.append((question, language))
        return real(question, language)

    monkeypatch.setattr(dialogue, "default_answerer", recording)
    return calls


def test_the_page_offers_a_form_and_the_tools(client: Client) -> None:
    page = client.get("/tanya/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Tanya Cegah</h1>" in html
    assert 'name="text"' in html and 'enctype="multipart/form-data"' in html
    assert 'value="/hadiah"' in html and "Wajibkah saya melaporkan pemberian ini?" in html
    assert 'hx-post="/tanya/"' in html
    assert "<script" not in html.split("</main>")[0]  # no inline script in the page body


def test_without_javascript_a_question_shows_the_answer_with_its_citation(
    client: Client, knowledge: None, asked: list[tuple[str, str]]
) -> None:
    sent = client.post("/tanya/", {"text": "kapan batas lapor lhkpn?", "token": TOKEN})
    assert sent.status_code == 302
    assert sent["Location"] == "/tanya/#latest"
    html = client.get("/tanya/").content.decode()
    assert "kapan batas lapor lhkpn?" in html
    assert "31 Maret" in html
    assert "Sumber:" in html
    assert 'href="/pengetahuan/kapan-lapor-lhkpn/"' in html
    assert asked == [("kapan batas lapor lhkpn?", "id")]


def test_with_htmx_the_conversation_is_swapped_in(client: Client, knowledge: None) -> None:
    answer = client.post(
        "/tanya/",
        {"text": "kapan batas lapor lhkpn?", "token": TOKEN},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.startswith('<div id="chat"')
    assert "31 Maret" in html
    assert "<html" not in html


def test_the_english_page_answers_in_english(
    client: Client, knowledge: None, asked: list[tuple[str, str]]
) -> None:
    client.post("/en/tanya/", {"text": "When is the LHKPN due?", "token": TOKEN})
    html = client.get("/en/tanya/").content.decode()
    assert "31 March" in html
    assert 'href="/en/pengetahuan/kapan-lapor-lhkpn/"' in html
    assert asked == [("When is the LHKPN due?", "en")]
    assert Conversation.objects.get().language == "en"


def test_when_the_assistant_does_not_know_it_says_so_and_offers_the_forum_and_a_complaint(
    client: Client, knowledge: None
) -> None:
    client.post("/tanya/", {"text": "siapa juara piala dunia 2026?", "token": TOKEN})
    html = client.get("/tanya/").content.decode()
    assert "Maaf, saya tidak tahu jawaban yang dapat dipercaya" in html
    assert 'href="/diskusi/baru/?pertanyaan=' in html
    assert 'href="/keluhan/baru/"' in html
    assert Message.objects.filter(direction="out", handoff=True).count() == 1


def test_the_same_form_sent_twice_is_answered_once(
    client: Client, knowledge: None, asked: list[tuple[str, str]]
) -> None:
    for _ in range(2):
        client.post("/tanya/", {"text": "kapan batas lapor lhkpn?", "token": TOKEN})
    assert Message.objects.count() == 2
    assert len(asked) == 1


def test_a_button_shows_its_label_and_starts_its_tool(client: Client) -> None:
    client.post("/tanya/", {"choice": "/hadiah", "text": "", "token": TOKEN})
    html = client.get("/tanya/").content.decode()
    assert "Wajibkah saya melaporkan pemberian ini?" in html  # the person's message, as the label
    assert "Apa pemberiannya?" in html
    assert 'value="money"' in html
    assert Conversation.objects.get().tool == "gift"


def test_an_empty_question_is_refused_with_a_message(client: Client) -> None:
    refused = client.post("/tanya/", {"text": "  ", "token": TOKEN})
    assert refused.status_code == 400
    assert "Tulis pertanyaan terlebih dahulu." in refused.content.decode()
    assert not Conversation.objects.exists()


def test_the_conversation_can_be_deleted(client: Client) -> None:
    client.post("/tanya/", {"text": "halo", "token": TOKEN})
    assert Conversation.objects.exists()
    assert client.post("/tanya/", {"clear": "1"}).status_code == 302
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_each_session_sees_only_its_own_conversation(client: Client, knowledge: None) -> None:
    client.post("/tanya/", {"text": "LHKPN rahasia saya", "token": TOKEN})
    other = Client()
    assert "LHKPN rahasia saya" not in other.get("/tanya/").content.decode()
