"""Cegah's one Indonesian text analyzer: site search and the fact-check message check read
text only through it, so a word means the same thing to both.

Its output is plain terms made of `[a-z0-9]`. Steps: Unicode NFKC, lowercase, accents
dropped; URLs and email addresses removed (their pieces would be noise such as "https",
"www", "go", "id"); words split on anything that is not a letter or a digit (a hyphen inside
a word is kept for Sastrawi, which reads "anak-anak" as a plural); Sastrawi's stopwords
removed; Sastrawi's stemmer applied ("melaporkan", "laporan" → "lapor"; "kepegawaian" →
"pegawai"). Stemming a word costs about 0.4 ms, so stems are kept in an LRU cache.

Synonyms: the groups of `synonyms_id.txt` (bansos = bantuan sosial, pungli = pungutan liar,
OTT, ASN, THR …) are recognised on the stems, so affixes and case do not matter. Each group has
one term, its short form. Documents are analysed *expanded*: a spelled-out form keeps its own
terms and gains the group's term ("bantuan sosial" → "bantu sosial bansos"), so both the
abbreviation and the words themselves find it. Queries and the fact-check comparison use the
*canonical* form: the whole phrase becomes the group's term ("bantuan sosial" → "bansos"), so
"hoaks bansos" and "hoaks bantuan sosial" ask for the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

# Words longer than this are not words (hashes, base64, run-on garbage); they are skipped.
MAX_WORD_LENGTH = 40
SYNONYMS_FILE = Path(__file__).with_name("synonyms_id.txt")

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


class Analysed(NamedTuple):
    """One word as analysis sees it: its stems (for recognising synonym phrases, stopwords
    included) and its terms (stopwords dropped)."""

    stems: tuple[str, ...]
    terms: tuple[str, ...]


@lru_cache(maxsize=200_000)
def analyse_word(word: str, language: str = "id") -> Analysed:
    """One word of a text, before synonyms."""
    if not word.isascii() or any(ch.isupper() for ch in word):
        word = normalise(word)
    if not word or len(word) > MAX_WORD_LENGTH:
        return Analysed((), ())
    stems = stem(word) if _TERM.fullmatch(word.replace("-", "")) else ()
    if not stems:
        # A word in another script (or with letters Sastrawi drops): keep its ASCII letters.
        stems = tuple(_TERM.findall(word))
    stop = stopwords(language)
    if word in stop:
        return Analysed(stems, ())
    return Analysed(stems, tuple(t for t in stems if t not in stop))


def word_terms(word: str, language: str = "id") -> tuple[str, ...]:
    """The terms one word stands for on its own: () for a stopword or a non-word."""
    return analyse_word(word, language).terms


# Synonyms


@dataclass(frozen=True)
class SynonymGroup:
    term: str  # the group's one term: the short form's stem
    forms: tuple[str, ...]  # as written in the list


@dataclass(frozen=True)
class Synonyms:
    """The synonym list, compiled: single stems that stand for a group, and phrases (stem
    sequences of two or more) by their first stem, longest first."""

    groups: tuple[SynonymGroup, ...]
    single: dict[str, str]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]


def _form_stems(form: str) -> tuple[str, ...]:
    return tuple(s for w in _WORD.findall(normalise(form)) for s in analyse_word(w).stems)


def parse_synonyms(text: str) -> Synonyms:
    """Compile a synonym list (the format of `synonyms_id.txt`); a malformed list raises
    ValueError naming the line, so a bad edit fails loudly at start-up and in the tests."""
    groups: list[SynonymGroup] = []
    single: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    owner: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        forms = tuple(f.strip() for f in line.split(",") if f.strip())
        if len(forms) < 2:
            raise ValueError(f"synonyms line {number}: a group needs at least two forms")
        short = _form_stems(forms[0])
        if len(short) != 1 or short[0] in STOPWORDS_ID:
            raise ValueError(
                f"synonyms line {number}: the first form {forms[0]!r} must be one word "
                "that is not a stopword"
            )
        term = short[0]
        for form in forms:
            stems = _form_stems(form)
            if not stems:
                raise ValueError(f"synonyms line {number}: {form!r} has no words")
            if owner.get(stems, number) != number:
                raise ValueError(
                    f"synonyms line {number}: {form!r} is already in line {owner[stems]}"
                )
            owner[stems] = number
            if len(stems) == 1:
                if stems[0] != term:
                    single[stems[0]] = term
            else:
                phrases.setdefault(stems[0], []).append((stems, term))
        groups.append(SynonymGroup(term, forms))
    return Synonyms(
        groups=tuple(groups),
        single=single,
        phrases={
            first: tuple(sorted(found, key=lambda p: -len(p[0])))
            for first, found in phrases.items()
        },
    )


@cache
def synonyms() -> Synonyms:
    """The maintained list, read once per process."""
    return parse_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))


def synonym_term(stems: tuple[str, ...]) -> str | None:
    """The group term of a whole form given as stems, if it is one."""
    table = synonyms()
    if len(stems) == 1:
        return table.single.get(stems[0]) or (
            stems[0] if any(g.term == stems[0] for g in table.groups) else None
        )
    for candidate, term in table.phrases.get(stems[0], ()):
        if candidate == stems:
            return term
    return None


# Texts


class Word(NamedTuple):
    """One word of the original text: where it is, and the terms it stands for (a word in a
    spelled-out synonym also stands for the group's term)."""

    start: int
    end: int
    terms: tuple[str, ...]


def _spans(analysed: list[Analysed]) -> dict[int, tuple[int, str]]:
    """Where synonym phrases start: word index → (number of words, group term)."""
    table = synonyms()
    if not table.phrases:
        return {}
    # The stems of the text in order, each with the index of its word.
    flat: list[tuple[str, int]] = [(s, i) for i, a in enumerate(analysed) for s in a.stems]
    found: dict[int, tuple[int, str]] = {}
    position = 0
    while position < len(flat):
        stem_, word_index = flat[position]
        for stems, term in table.phrases.get(stem_, ()):
            end = position + len(stems)
            if end <= len(flat) and tuple(s for s, _w in flat[position:end]) == stems:
                last_word = flat[end - 1][1]
                found[word_index] = (last_word - word_index + 1, term)
                position = end
                break
        else:
            position += 1
    return found


class _Forms(NamedTuple):
    """One word with the synonym list applied, when it is not part of a phrase."""

    analysed: Analysed
    canonical: tuple[str, ...]
    expanded: tuple[str, ...]
    starts_phrase: bool  # one of its stems begins a synonym phrase


@lru_cache(maxsize=200_000)
def _forms(word: str, language: str) -> _Forms:
    analysed = analyse_word(word, language)
    table = synonyms()
    terms = analysed.terms
    if len(terms) == 1 and terms[0] in table.single:
        canonical: tuple[str, ...] = (table.single[terms[0]],)
        expanded: tuple[str, ...] = (terms[0], canonical[0])
    else:
        canonical = expanded = terms
    return _Forms(analysed, canonical, expanded, any(s in table.phrases for s in analysed.stems))


def _phrase_at(forms: list[_Forms], index: int) -> tuple[int, str] | None:
    """The synonym phrase beginning with a stem of word `index`: (words it spans, term)."""
    phrases = synonyms().phrases
    head = forms[index].analysed.stems
    for position, first in enumerate(head):
        candidates = phrases.get(first)
        if not candidates:
            continue
        # The stems from here on, each with its word, as far as the longest candidate.
        wanted = len(candidates[0][0])  # candidates are longest first
        stems = [(s, index) for s in head[position:]]
        following = index + 1
        while len(stems) < wanted and following < len(forms):
            stems.extend((s, following) for s in forms[following].analysed.stems)
            following += 1
        for candidate, term in candidates:
            if len(candidate) <= len(stems) and all(
                stems[i][0] == stem_ for i, stem_ in enumerate(candidate)
            ):
                return stems[len(candidate) - 1][1] - index + 1, term
    return None


def _terms_with_phrases(forms: list[_Forms], *, expand: bool) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(forms):
        form = forms[index]
        found = _phrase_at(forms, index) if form.starts_phrase else None
        if found is None:
            out.extend(form.expanded if expand else form.canonical)
            index += 1
            continue
        length, term = found
        if expand:
            for word in forms[index : index + length]:
                out.extend(word.analysed.terms)
        out.append(term)
        index += length
    return out


def analyse_terms(text: str, language: str = "id", *, expand: bool = True) -> list[str]:
    """The terms of `text`, in order, repeats kept: expanded (documents) or canonical
    (queries and comparisons) as the module says."""
    forms = [_forms(w, language) for w in _WORD.findall(_URL.sub(" ", text))]
    if any(f.starts_phrase for f in forms):
        return _terms_with_phrases(forms, expand=expand)
    if expand:
        return [t for f in forms for t in f.expanded]
    return [t for f in forms for t in f.canonical]


def analyse(text: str, language: str = "id") -> str:
    """The expanded terms of a document joined by spaces: what the search index stores."""
    return " ".join(analyse_terms(text, language))


def canonical_terms(text: str, language: str = "id") -> list[str]:
    """The terms of `text` with every synonym reduced to its group's term."""
    return analyse_terms(text, language, expand=False)


def query_terms(query: str, language: str = "id") -> list[str]:
    """The distinct canonical terms of a query, in the order typed. Every one must match."""
    return list(dict.fromkeys(canonical_terms(query, language)))


def words(text: str, language: str = "id") -> Iterator[Word]:
    """Every word of `text` with its position in `text` and its terms (empty for a stopword);
    the words of a spelled-out synonym also carry the group's term, so a snippet marks
    "bantuan sosial" for the query "bansos".

    Positions refer to the original text, so snippets can mark the words as written.
    """
    matches = list(_WORD.finditer(text))
    analysed = [analyse_word(m.group(), language) for m in matches]
    spans = _spans(analysed)
    single = synonyms().single
    extra: dict[int, str] = {}
    for start, (length, term) in spans.items():
        for index in range(start, start + length):
            extra[index] = term
    for index, (match, word) in enumerate(zip(matches, analysed, strict=True)):
        terms = word.terms
        if index in extra:
            terms = (*terms, extra[index])
        elif len(terms) == 1 and terms[0] in single:
            terms = (*terms, single[terms[0]])
        yield Word(match.start(), match.end(), terms)
