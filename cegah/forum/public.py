"""What the forum offers other apps (the assistant's hand-off to a public question)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

# The form's own limit on a question's text; a longer hand-off is cut, never refused.
MAX_QUESTION = 4000


def new_thread_url(*, question: str = "", language: str = "id") -> str:
    """The new-thread form (`forum:new`, `/diskusi/baru/`) in `language`, its question field
    prefilled with `question`. Nothing is posted: the person reads the text, confirms their
    consent and posts under the usual rules (a verified account, limits, review)."""
    with translation.override(language if language in ("id", "en") else "id"):
        url = reverse("forum:new")
    question = question.strip()[:MAX_QUESTION]
    return f"{url}?{urlencode({'pertanyaan': question})}" if question else url
