"""Site search's analyzer is Cegah's one text analyzer, `cegah.lib.textanalysis` (shared with
the fact-check message check, with its synonym list); this module names what search uses."""

from __future__ import annotations

from cegah.lib.textanalysis import (
    MAX_WORD_LENGTH,
    STOPWORDS_EN,
    STOPWORDS_ID,
    Word,
    analyse,
    analyse_terms,
    canonical_terms,
    normalise,
    query_terms,
    stem,
    stopwords,
    word_terms,
    words,
)

__all__ = [
    "MAX_WORD_LENGTH",
    "STOPWORDS_EN",
    "STOPWORDS_ID",
    "Word",
    "analyse",
    "analyse_terms",
    "canonical_terms",
    "normalise",
    "query_terms",
    "stem",
    "stopwords",
    "word_terms",
    "words",
]
