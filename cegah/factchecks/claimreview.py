"""schema.org `ClaimReview` for a published fact-check, as search engines and the Google
Fact Check Tools read it (https://schema.org/ClaimReview)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from cegah.factchecks.models import BEST_RATING, WORST_RATING, Claim

# The same escapes as Django's `json_script`: the JSON can never close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def publisher_zone(claim: Claim) -> ZoneInfo:
    """The time zone of the agency that published the verdict (WIB, WITA or WIT); the site's
    own for a verdict without an agency."""
    return ZoneInfo(claim.agency.timezone if claim.agency else settings.TIME_ZONE)


def local_date(moment: dt.datetime | None, zone: ZoneInfo) -> str | None:
    """The calendar day of a stored (UTC) moment where the publisher is."""
    return moment.astimezone(zone).date().isoformat() if moment else None


def publisher(claim: Claim) -> dict[str, str]:
    """The agency as the fact-check's author: its own website, or else its page in the
    agency directory here; never this site's home page."""
    if claim.agency is None:
        return {"@type": "Organization", "name": "Cegah", "url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        page = absolute(reverse("agencies:detail", args=[claim.agency.code]))
    found = {
        "@type": "Organization",
        "name": claim.agency.name,
        "url": claim.agency.website or page,
    }
    if claim.agency.website:
        found["sameAs"] = page
    return found


def claim_review(claim: Claim, appearances: list[str]) -> dict[str, Any]:
    """The structured data of one published fact-check. Dates are days where the publisher
    is: a verdict published at 06:30 WIB is dated that day, not the day before (UTC)."""
    url = absolute(claim.public_url())
    zone = publisher_zone(claim)
    author = publisher(claim)
    appearance: list[dict[str, str | None]]
    if appearances:
        appearance = [{"@type": "CreativeWork", "url": link} for link in appearances]
    else:
        # Forwarded chat messages have no address; describe where they circulated.
        appearance = [
            {
                "@type": "CreativeWork",
                "name": "Pesan berantai (WhatsApp dan media sosial)",
                "datePublished": local_date(claim.first_seen_at, zone),
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
        "datePublished": local_date(claim.published_at, zone),
        "inLanguage": "id",
        "author": author,
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": local_date(claim.first_seen_at, zone),
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
