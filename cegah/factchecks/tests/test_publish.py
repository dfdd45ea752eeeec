"""Publishing a verdict: the public article with its ClaimReview, search, and the emails."""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from cegah.factchecks import actions
from cegah.factchecks.models import Claim, Status, Verdict
from cegah.factchecks.tests.factories import (
    HOAX,
    HOAX_FORWARDED,
    HOAX_FORWARDED_EN,
    VERDICT,
    FactPeople,
    published,
    submit,
)
from cegah.search.documents import SearchDoc, providers

QUEUE = "/cek-fakta/antrean/"


@pytest.fixture
def search_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """What the fact-checks send to site search (its backend is tested in its own app)."""
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        "cegah.search.backend.index_documents",
        lambda docs: calls.extend(("index", d) for d in docs),
    )
    monkeypatch.setattr(
        "cegah.search.backend.remove_document",
        lambda kind, key, language=None: calls.append(("remove", (kind, key))),
    )
    return calls


def claim_review(html: str) -> dict[str, Any]:
    found = re.findall(
        r'<script type="application/ld\+json" id="claimreview" nonce="[^"]+">(.*?)</script>',
        html,
        re.S,
    )
    assert len(found) == 1
    data: dict[str, Any] = json.loads(found[0])
    return data


def test_a_fact_checker_publishes_through_the_page_and_everyone_who_asked_is_told_once(
    client: Client, people: FactPeople, mailoutbox: list[Any], search_calls: list[Any]
) -> None:
    claim = submit(HOAX, contact_email="a@example.org", language="en").claim
    submit(HOAX_FORWARDED, contact_email="b@example.org")
    submit(HOAX_FORWARDED_EN, contact_email="A@example.org")  # the same person again
    submit(HOAX_FORWARDED_EN)  # no address
    client.force_login(people.checker_kpk)
    client.post(f"{QUEUE}{claim.pk}/mulai/")
    response = client.post(f"{QUEUE}{claim.pk}/terbitkan/", VERDICT)
    assert response.status_code == 302

    claim.refresh_from_db()
    assert claim.status == Status.DONE and claim.published_at is not None
    assert claim.slug == "kpk-tidak-pernah-meminta-uang-pembinaan-dari-kepala-desa"
    assert claim.agency == people.personas.kpk
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    english = next(m for m in mailoutbox if m.to == ["a@example.org"])
    assert "Hoax/False" in english.body
    assert f"{settings.SITE_URL}/cek-fakta/{claim.slug}/" in english.body
    assert not claim.submissions.filter(notified_at__isnull=True).exclude(contact_email="").exists()

    # Withdrawn to correct it and published again: nobody is told twice.
    actions.unpublish_verdict(actor=people.checker_kpk, claim=claim, reason="Typo")
    assert client.get(f"/cek-fakta/{claim.slug}/").status_code == 404
    actions.save_verdict(actor=people.checker_kpk, claim=claim, **VERDICT)
    actions.publish_verdict(actor=people.checker_kpk, claim=claim)
    assert len(mailoutbox) == 2

    kinds = [(kind, getattr(doc, "kind", doc)) for kind, doc in search_calls]
    assert kinds == [
        ("index", "factcheck"),
        ("remove", ("factcheck", str(claim.pk))),
        ("index", "factcheck"),
    ]
    doc: SearchDoc = search_calls[0][1]
    assert doc.key == str(claim.pk) and doc.url == f"/cek-fakta/{claim.slug}/"
    assert doc.title == "[Hoaks/Salah] " + VERDICT["headline"]
    assert "menyetor" in doc.body and "dilarang menerima uang" in doc.body


def test_a_late_sender_of_a_checked_message_is_told_at_once_and_sees_the_verdict(
    client: Client, people: FactPeople, mailoutbox: list[Any], search_calls: list[Any]
) -> None:
    claim = published(people.checker_bali)
    response = client.post(
        "/cek-fakta/kirim/",
        {"text": HOAX_FORWARDED, "contact_email": "late@example.org", "form_token": "x" * 20},
    )
    receipt = client.get(response["Location"]).content.decode()
    assert f'href="/cek-fakta/{claim.slug}/"' in receipt
    assert [m.to for m in mailoutbox] == [["late@example.org"]]


def test_the_article_carries_a_complete_claimreview(
    client: Client, people: FactPeople, search_calls: list[Any]
) -> None:
    submit(HOAX, link="https://www.facebook.com/pos/123?fbclid=x")
    claim = published(people.checker_bali, HOAX_FORWARDED, verdict=Verdict.MISLEADING)
    response = client.get(f"/cek-fakta/{claim.slug}/")
    assert response.status_code == 200
    data = claim_review(response.content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == VERDICT["claim_text"]
    assert data["url"] == f"{settings.SITE_URL}/cek-fakta/{claim.slug}/"
    wita = ZoneInfo("Asia/Makassar")  # the Bali agency's own zone
    assert data["datePublished"] == claim.published_at.astimezone(wita).date().isoformat()  # type: ignore[union-attr]
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["name"] == "Diskominfos Provinsi Bali"
    rating = data["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "Menyesatkan"
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 2, 5)
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["datePublished"] == claim.first_seen_at.astimezone(wita).date().isoformat()
    assert item["appearance"] == [
        {"@type": "CreativeWork", "url": "https://www.facebook.com/pos/123?fbclid=x"}
    ]


def test_the_json_ld_cannot_close_its_script_element(
    client: Client, people: FactPeople, search_calls: list[Any]
) -> None:
    claim = published(people.checker_kpk)
    # Stored text is already stripped of tags; the escaping must hold even if it were not.
    hostile = "Klaim </script><script>alert(1)</script> & <!-- palsu"
    Claim.objects.filter(pk=claim.pk).update(claim_text=hostile)
    html = client.get(f"/cek-fakta/{claim.slug}/").content.decode()
    assert claim_review(html)["claimReviewed"] == hostile
    assert "<script>alert(1)" not in html


def test_the_article_shows_the_verdict_first_with_open_graph_tags(
    client: Client, people: FactPeople, search_calls: list[Any]
) -> None:
    claim = published(people.checker_kpk)
    html = client.get(f"/cek-fakta/{claim.slug}/").content.decode()
    assert '<p class="token" id="verdict">Hoaks/Salah</p>' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://' in html
    assert f'/cek-fakta/{claim.slug}/">' in html
    assert '<meta property="og:title" content="[Hoaks/Salah] KPK tidak pernah' in html
    assert 'href="https://www.kpk.go.id/id/berita/siaran-pers"' in html


def test_a_draft_verdict_has_no_public_page(client: Client, people: FactPeople) -> None:
    claim = submit(HOAX).claim
    actions.start_checking(actor=people.checker_kpk, claim=claim)
    actions.save_verdict(actor=people.checker_kpk, claim=claim, **VERDICT)
    claim.refresh_from_db()
    assert claim.slug is None
    assert (
        client.get(
            "/cek-fakta/kpk-tidak-pernah-meminta-uang-pembinaan-dari-kepala-desa/"
        ).status_code
        == 404
    )


def test_the_search_provider_yields_only_published_fact_checks(
    people: FactPeople, search_calls: list[Any]
) -> None:
    claim = published(people.checker_kpk)
    submit("Pesan lain yang belum diperiksa sama sekali oleh siapa pun")
    docs = list(providers()["factcheck"]())
    assert [d.key for d in docs] == [str(claim.pk)]
