"""Counting the questions the assistant did not answer, for the editors who write entries.

What is kept (docs/decisions/0019): the question's analysed terms (stems, stopwords and chat
fillers dropped, synonyms reduced), sorted and de-duplicated, at most `MAX_TERMS` of them, as
the key; with the language, the reason, a count and the first and last time. Never the raw
text, the sender, a channel id or an address. Terms that could identify someone are dropped
before the key is made: anything with a digit run of 4 or more (phone numbers, NIK, plate and
account numbers), and any word that is neither an Indonesian root word (Sastrawi's
dictionary), nor a word of the knowledge base, nor an English word of the short list — names
of people and places mostly fall there. Two people asking the same thing in other words
usually give the same key, so the count says what is asked most.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cegah.assistant.engine import collection, query_terms
from cegah.assistant.models import UnansweredQuestion, UnansweredReason

MAX_TERMS = 12


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DIGITS = re.compile(r"\d{4,}")


@cache
def _sastrawi_words() -> frozenset[str]:
    """Sastrawi's Indonesian root words (about 29,000)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    words = StemmerFactory().get_words_from_file()
    return frozenset(w.strip().lower() for w in words if w.strip())


_ENGLISH_WORDS = _words(
    """
    gift gifts report reporting deadline official officials civil servant servants wedding
    bribe bribery corruption complaint complaints fee fees free levy levies school hospital
    police passport licence license permit village fund wealth survey integrity hoax fake
    news weather football recipe money cash colleague teacher parent doctor tax
    """
)


def safe_terms(question: str, language: str) -> list[str]:
    """The question's terms that may be kept (see the module), sorted."""
    index = collection()
    allowed = _sastrawi_words() | _ENGLISH_WORDS
    vocabulary = index.vocab
    kept = []
    for term in query_terms(question, language):
        if _DIGITS.search(term):
            continue
        if term.isdigit() or term in allowed or term in vocabulary:
            kept.append(term)
    return sorted(set(kept))[:MAX_TERMS]


def record_unanswered(question: str, language: str, *, off_topic: bool) -> None:
    """Count one unanswered question under its safe terms (nothing when none remain)."""
    terms = safe_terms(question, language)
    if not terms:
        return
    key = " ".join(terms)[:200]
    reason = UnansweredReason.OFF_TOPIC if off_topic else UnansweredReason.LOW_CONFIDENCE
    now = timezone.now()
    updated = UnansweredQuestion.objects.filter(key=key, language=language).update(
        count=F("count") + 1, last_seen=now, reason=reason
    )
    if updated:
        return
    try:
        with transaction.atomic():
            UnansweredQuestion.objects.create(
                key=key, language=language, reason=reason, first_seen=now, last_seen=now
            )
    except IntegrityError:  # asked at the same moment elsewhere: count it there
        UnansweredQuestion.objects.filter(key=key, language=language).update(
            count=F("count") + 1, last_seen=now
        )


def purge_unanswered(older_than_days: int) -> int:
    """Forget aggregates not asked for `older_than_days` days; returns how many."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _by_model = UnansweredQuestion.objects.filter(last_seen__lt=cutoff).delete()
    return deleted
