"""The one text analyzer of site search, for documents and queries alike.

Both databases only ever see its output: a string of space-separated terms made of
`[a-z0-9]`. SQLite's FTS5 (tokenizer unicode61) and PostgreSQL's `to_tsvector('simple', …)`
split such a string into exactly the same tokens, so matching is identical on both engines.
PostgreSQL's own 'indonesian' configuration is never used: it overstems (pegawai → gawa) and
has no stopwords.

Steps: Unicode NFKC, lowercase, accents dropped; URLs and email addresses removed (their
pieces would be noise such as "https", "www", "go", "id"); words split on anything that is
not a letter or a digit (a hyphen inside a word is kept for Sastrawi, which reads
"anak-anak" as a plural); Sastrawi's stopwords removed; Sastrawi's stemmer applied
("melaporkan", "laporan" → "lapor"; "kepegawaian" → "pegawai"). Stemming a word costs about
0.4 ms, so stems are kept in an LRU cache.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

# Words longer than this are not words (hashes, base64, run-on garbage); they are skipped.
MAX_WORD_LENGTH = 40

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.IGNORECASE)
# A word: letters and digits, with single hyphens inside ("kupu-kupu", "covid-19").
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_TERM = re.compile(r"[a-z0-9]+")

# Sastrawi's own stemmer without its unbounded dict cache; ours below is bounded.
_stemmer = StemmerFactory().create_stemmer().delegatedStemmer

# Sastrawi's Indonesian list (809 words), and a short English list for the English content.
STOPWORDS_ID = frozenset(StopWordRemoverFactory().get_stop_words())
STOPWORDS_EN = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def stopwords(language: str) -> frozenset[str]:
    """Indonesian stopwords for Indonesian text; English text loses both lists' words
    (English pages quote Indonesian names and terms)."""
    return STOPWORDS_ID if language == "id" else STOPWORDS_ID | STOPWORDS_EN


def normalise(text: str) -> str:
    """NFKC, lowercase, accents dropped, URLs and email addresses removed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _URL.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=100_000)
def stem(word: str) -> tuple[str, ...]:
    """The stem(s) of one normalised word; a hyphenated word that is not a plural gives one
    stem per part ("covid-19" → "covid", "19"). Only `[a-z0-9]` survives."""
    stemmed = _stemmer.stem(word) if not word.isdigit() else word
    return tuple(_TERM.findall(stemmed))


class Word(NamedTuple):
    """One word of the original text: where it is, and the terms it stands for."""

    start: int
    end: int
    terms: tuple[str, ...]


@lru_cache(maxsize=200_000)
def word_terms(word: str, language: str = "id") -> tuple[str, ...]:
    """The terms one word of a text stands for: () for a stopword or a non-word."""
    if not word.isascii() or any(ch.isupper() for ch in word):
        word = normalise(word)
    stop = stopwords(language)
    if not word or len(word) > MAX_WORD_LENGTH or word in stop:
        return ()
    terms = stem(word) if _TERM.fullmatch(word.replace("-", "")) else ()
    if not terms:
        # A word in another script (or with letters Sastrawi drops): keep its ASCII letters.
        terms = tuple(_TERM.findall(word))
    return tuple(t for t in terms if t not in stop)


def words(text: str, language: str = "id") -> Iterator[Word]:
    """Every word of `text` with its position in `text` and its terms (empty for a stopword).

    Positions refer to the original text, so snippets can mark the words as written.
    """
    for match in _WORD.finditer(text):
        yield Word(match.start(), match.end(), word_terms(match.group(), language))


def analyse_terms(text: str, language: str = "id") -> list[str]:
    """The terms of `text`, in order, repeats kept."""
    out: list[str] = []
    for word in _WORD.findall(_URL.sub(" ", text)):
        out.extend(word_terms(word, language))
    return out


def analyse(text: str, language: str = "id") -> str:
    """The terms of `text` joined by spaces: what the full-text index stores."""
    return " ".join(analyse_terms(text, language))


def query_terms(query: str, language: str = "id") -> list[str]:
    """The distinct terms of a query, in the order typed. Every one must match."""
    return list(dict.fromkeys(analyse_terms(query, language)))
