"""schema.org `ClaimReview` for a published fact-check, as search engines and the Google
Fact Check Tools read it (https://schema.org/ClaimReview)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from cegah.factchecks.models import BEST_RATING, WORST_RATING, Claim

# The same escapes as Django's `json_script`: the JSON can never close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def claim_review(claim: Claim, appearances: list[str]) -> dict[str, Any]:
    """The structured data of one published fact-check."""
    url = absolute(claim.public_url())
    publisher = {
        "@type": "Organization",
        "name": claim.agency.name if claim.agency else "Cegah",
        "url": (
            claim.agency.website if claim.agency and claim.agency.website else settings.SITE_URL
        ),
    }
    if appearances:
        appearance = [{"@type": "CreativeWork", "url": link} for link in appearances]
    else:
        # Forwarded chat messages have no address; describe where they circulated.
        appearance = [
            {
                "@type": "CreativeWork",
                "name": "Pesan berantai (WhatsApp dan media sosial)",
                "datePublished": claim.first_seen_at.date().isoformat(),
            }
        ]
    with translation.override("id"):
        verdict_label = str(claim.get_verdict_display())
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "name": claim.headline,
        "claimReviewed": claim.claim_text,
        "datePublished": claim.published_at.date().isoformat() if claim.published_at else None,
        "inLanguage": "id",
        "author": publisher,
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": claim.first_seen_at.date().isoformat(),
            "appearance": appearance,
            "firstAppearance": appearance[0],
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.rating_value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict_label,
        },
    }


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308 - the characters that could end the element are escaped
