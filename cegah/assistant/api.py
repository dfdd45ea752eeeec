"""The assistant API (mounted by `cegah.api.api`): `POST /api/v1/assistant/ask`.

Public, rate-limited per client like the other public POST endpoints. It answers from the
reviewed knowledge base only; `handoff` is true exactly when it does not answer, and then
`citations` is empty.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import Throttled
from pydantic import field_validator

from cegah.api.errors import responses
from cegah.assistant import engine, ratelimit

router = Router(tags=["assistant"])

# The documented bound is the setting's (read at start-up, like the rest of the settings).
MAX_QUESTION = int(settings.ASSISTANT_MAX_QUESTION_CHARS)


class AskIn(Schema):
    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION,
        pattern=r"\S",
        description="The question as the person typed it; not only spaces.",
    )
    lang: Literal["id", "en"] = Field(
        "id", description="The answer's language; a question clearly in English gets English."
    )

    @field_validator("question")
    @classmethod
    def _not_blank_or_too_long(cls, value: str) -> str:
        from django.utils.translation import gettext as _

        if not value.strip():
            raise ValueError(_("Write a question."))
        limit = int(settings.ASSISTANT_MAX_QUESTION_CHARS)
        if len(value) > limit:
            raise ValueError(_("A question may have at most %(max)s characters.") % {"max": limit})
        return value


class CitationOut(Schema):
    title: str
    url: str


class ActionOut(Schema):
    kind: str = Field(description="`entry`, `gift_check`, `fee_check`, `complaint`, `forum`, …")
    label: str
    url: str


class AnswerOut(Schema):
    answer: str
    citations: list[CitationOut] = Field(description="Empty exactly when `handoff` is true.")
    confidence: float = Field(ge=0, le=1)
    actions: list[ActionOut]
    handoff: bool = Field(
        description="True when the assistant does not answer (low confidence or off topic)."
    )


@router.post(
    "/ask",
    response={200: AnswerOut, **responses(422, 429)},
    auth=None,
    summary="Ask the assistant",
)
def ask(request: HttpRequest, payload: AskIn) -> AnswerOut:
    """Answer a question from the reviewed knowledge base, with citations; or hand over
    (forum, complaint, contact) when no entry fits well enough."""
    if not ratelimit.allow(request):
        raise Throttled(wait=ratelimit.retry_after(request))
    found = engine.answer(payload.question, payload.lang)
    return AnswerOut(
        answer=found.text,
        citations=[CitationOut(title=c.title, url=c.url) for c in found.citations],
        confidence=max(0.0, min(1.0, found.confidence)),
        actions=[ActionOut(kind=a.kind, label=a.label, url=a.url) for a in found.actions],
        handoff=found.handoff,
    )
