"""The public side: the archive, "check a message" and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cegah.factchecks.models import Verdict
from cegah.factchecks.tests.factories import (
    HOAX,
    HOAX_FORWARDED,
    OTHER,
    FactPeople,
    published,
    submit,
)
from cegah.factchecks.views import PAGE_SIZE


@pytest.fixture(autouse=True)
def _no_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cegah.search.backend.index_documents", lambda docs: list(docs))


def test_the_archive_lists_published_verdicts_and_filters_by_verdict(
    client: Client, people: FactPeople
) -> None:
    hoax = published(people.checker_kpk)
    other = published(
        people.checker_bali, OTHER, verdict=Verdict.MISLEADING, headline="Parsel untuk guru"
    )
    submit("Pesan yang belum diperiksa tentang pungutan di sekolah negeri")
    html = client.get("/cek-fakta/").content.decode()
    assert f'href="/cek-fakta/{hoax.slug}/"' in html
    assert f'href="/cek-fakta/{other.slug}/"' in html
    assert "pungutan di sekolah" not in html
    filtered = client.get("/cek-fakta/", {"verdict": "misleading"}).content.decode()
    assert f'href="/cek-fakta/{other.slug}/"' in filtered
    assert f'href="/cek-fakta/{hoax.slug}/"' not in filtered


def test_the_archive_is_paginated_and_keeps_the_filter(client: Client, people: FactPeople) -> None:
    for n in range(PAGE_SIZE + 1):
        published(
            people.checker_kpk,
            f"Pesan hoaks nomor {n} tentang petugas gadungan yang meminta uang di desa {n}",
            headline=f"Hoaks nomor {n}",
        )
    first = client.get("/cek-fakta/", {"verdict": "false"}).content.decode()
    assert first.count("<li>\n  <article>") == PAGE_SIZE
    assert 'href="?verdict=false&amp;page=2"' in first
    second = client.get("/cek-fakta/", {"verdict": "false", "page": 2}).content.decode()
    assert second.count("<li>\n  <article>") == 1


def test_checking_a_forwarded_copy_finds_the_published_verdict(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    response = client.get("/en/cek-fakta/periksa/", {"q": HOAX_FORWARDED})
    html = response.content.decode()
    assert response.status_code == 200
    assert "One verdict matches" in html
    assert f'href="/en/cek-fakta/{claim.slug}/"' in html


def test_checking_an_unknown_message_offers_to_send_it(client: Client, people: FactPeople) -> None:
    published(people.checker_kpk)
    html = client.get("/en/cek-fakta/periksa/", {"q": OTHER}).content.decode()
    assert "No verdict matches this message yet" in html
    # A POST form carries the message on (a link would not hold a long one).
    assert '<form method="post" action="/en/cek-fakta/kirim/" class="handoff">' in html
    form = client.post("/en/cek-fakta/kirim/", {"prefill": "1", "text": OTHER}).content.decode()
    assert "guru honorer sekarang dilarang" in form
    old_link = client.get("/en/cek-fakta/kirim/", {"q": OTHER}).content.decode()
    assert "guru honorer sekarang dilarang" in old_link


def test_a_message_still_being_checked_is_not_offered_as_a_verdict(
    client: Client, people: FactPeople
) -> None:
    submit(HOAX)
    html = client.get("/en/cek-fakta/periksa/", {"q": HOAX}).content.decode()
    assert "No verdict matches this message yet" in html


def test_checking_a_link_finds_the_verdict_on_that_link(client: Client, people: FactPeople) -> None:
    submit("", link="https://www.youtube.com/watch?v=abc123&utm_source=wa")
    claim = submit("", link="https://youtube.com/watch?v=abc123").claim
    from cegah.factchecks import actions
    from cegah.factchecks.tests.factories import VERDICT

    actions.start_checking(actor=people.checker_kpk, claim=claim)
    actions.save_verdict(actor=people.checker_kpk, claim=claim, **VERDICT)
    actions.publish_verdict(actor=people.checker_kpk, claim=claim)
    html = client.get(
        "/en/cek-fakta/periksa/", {"q": "https://m.youtube.com/watch?v=abc123&fbclid=z"}
    ).content.decode()
    assert "One verdict matches" in html


def test_the_api_lists_published_fact_checks_with_their_public_url(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    published(people.checker_bali, OTHER, verdict=Verdict.TRUE, headline="Parsel")
    submit("Belum diperiksa: pesan tentang pungutan liar di pelabuhan penyeberangan")
    data: dict[str, Any] = client.get("/api/v1/factchecks").json()
    assert data["count"] == 2
    item = next(i for i in data["items"] if i["slug"] == claim.slug)
    assert item["url"] == f"{settings.SITE_URL}/cek-fakta/{claim.slug}/"
    assert item["verdict"] == "false"
    assert item["verdict_label"] == "Hoaks/Salah"
    assert item["rating_value"] == 1
    assert item["claim"] == claim.claim_text
    assert item["publisher"] == "Komisi Pemberantasan Korupsi"
    assert item["published_at"] and item["first_seen_at"]
    only_true = client.get("/api/v1/factchecks", {"verdict": "true"}).json()
    assert [i["headline"] for i in only_true["items"]] == ["Parsel"]
    assert client.get("/api/v1/factchecks", {"verdict": "nonsense"}).status_code == 422


def test_the_api_gives_one_fact_check_or_404(client: Client, people: FactPeople) -> None:
    claim = published(people.checker_kpk)
    draft = submit(OTHER).claim
    data = client.get(f"/api/v1/factchecks/{claim.slug}").json()
    assert data["explanation"].startswith("KPK tidak memungut uang")
    assert data["sources"][1] == "Call center KPK 198"
    assert client.get("/api/v1/factchecks/tidak-ada").status_code == 404
    assert client.get(f"/api/v1/factchecks/{draft.pk}").status_code == 404


def test_the_openapi_document_describes_the_fact_check_endpoints(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/factchecks" in spec["paths"]
    assert "/api/v1/factchecks/{slug}" in spec["paths"]
    assert "404" in spec["paths"]["/api/v1/factchecks/{slug}"]["get"]["responses"]
