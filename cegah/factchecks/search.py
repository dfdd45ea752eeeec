"""Published fact-checks in site search (the contract is `cegah.search.documents`)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import translation

from cegah.factchecks.models import Claim
from cegah.search.documents import SearchDoc, index, unindex

KIND = "factcheck"
# Verdicts are written in Indonesian; the article is indexed once, in Indonesian.
LANGUAGE = "id"


def search_document(claim: Claim) -> SearchDoc:
    with translation.override(LANGUAGE):
        verdict = str(claim.get_verdict_display())
        body = "\n".join([verdict, claim.claim_text, claim.explanation])
        return SearchDoc(
            kind=KIND,
            key=str(claim.pk),
            language=LANGUAGE,
            title=f"[{verdict}] {claim.headline}",
            body=body,
            url=claim.public_url(),
            published_at=claim.published_at,
        )


def index_claim(claim: Claim) -> None:
    index(search_document(claim))


def unindex_claim(claim: Claim) -> None:
    unindex(KIND, str(claim.pk))


def search_documents() -> Iterator[SearchDoc]:
    """Every published fact-check, for `reindex_search`."""
    for claim in Claim.objects.published().order_by("pk").iterator():
        yield search_document(claim)
