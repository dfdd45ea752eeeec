"""`/api/v1/factchecks`: the published fact-checks, each with its public address."""

import datetime as dt

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from cegah.api.errors import responses
from cegah.api.params import Pages
from cegah.factchecks import access
from cegah.factchecks.claimreview import absolute
from cegah.factchecks.models import Claim, ClaimQuerySet, Verdict

router = Router(tags=["factchecks"])


class FactcheckOut(Schema):
    slug: str
    url: str = Field(description="The public article's absolute address.")
    headline: str
    claim: str = Field(description="The claim that was checked.")
    verdict: Verdict
    verdict_label: str = Field(description="The verdict as the article shows it (Indonesian).")
    rating_value: int = Field(description="1 (false) to 5 (true), as in the ClaimReview.")
    first_seen_at: dt.datetime
    published_at: dt.datetime
    publisher: str | None

    @staticmethod
    def resolve_url(obj: Claim) -> str:
        return absolute(obj.public_url())

    @staticmethod
    def resolve_claim(obj: Claim) -> str:
        return obj.claim_text

    @staticmethod
    def resolve_verdict_label(obj: Claim) -> str:
        with translation.override("id"):
            return str(obj.get_verdict_display())

    @staticmethod
    def resolve_publisher(obj: Claim) -> str | None:
        return obj.agency.name if obj.agency else None


class FactcheckDetailOut(FactcheckOut):
    explanation: str
    sources: list[str]

    @staticmethod
    def resolve_sources(obj: Claim) -> list[str]:
        return obj.source_lines


class Filters(Schema):
    verdict: Verdict | None = Field(None, description="Only fact-checks with this verdict.")


@router.get(
    "", response=list[FactcheckOut], auth=None, summary="Published fact-checks, newest first"
)
@paginate(Pages, page_size=20)
def list_factchecks(request: HttpRequest, filters: Query[Filters]) -> ClaimQuerySet:
    """Every published verdict on a claim that circulated (hoaxes and true claims alike)."""
    qs = Claim.objects.published().select_related("agency")
    if filters.verdict:
        qs = qs.filter(verdict=filters.verdict)
    return qs.order_by("-published_at", "-pk")


@router.get(
    "/{slug}",
    response={200: FactcheckDetailOut, **responses(404)},
    auth=None,
    summary="One published fact-check",
)
def get_factcheck(
    request: HttpRequest, slug: str = Path(..., max_length=120, description="Its address.")
) -> Claim:
    """The verdict with its explanation and sources; 404 when there is no such published
    fact-check."""
    return access.get_published(slug)
