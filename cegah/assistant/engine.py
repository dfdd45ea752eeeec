"""Answer a question from the reviewed knowledge base, or say plainly that it cannot.

The public interface (used by `cegah.chat` and the API): `answer(question, language)` returns an
`Answer`. Pure retrieval; the only side effect is counting unanswered questions, aggregated by
their analysed terms (`unanswered.py`).

How an entry is found:
1. The question is read by Cegah's one analyzer (`cegah.lib.textanalysis`: Sastrawi stems,
   stopwords, the shared synonym list with its informal spellings), then the chat fillers of
   `INFORMAL_STOPWORDS` ("min", "dong", "gak", ...) are dropped. It is read twice, as
   Indonesian and as English, and matched against both languages' questions: people mix them.
2. BM25 (`cegah.search.engine.Collection`, collection "assistant": one row per live entry and
   language holding its title and every question variant) shortlists `SHORTLIST` entries.
3. Each shortlisted entry is scored by its best-matching question variant (or title): the
   share of the question's weight (IDF) the variant holds and the share of the variant the
   question holds, combined as an F-measure leaning on the question's side. That score, 0–1,
   is the confidence; below `ASSISTANT_MIN_CONFIDENCE` the assistant does not answer.
4. A question with no word the knowledge base knows, or with words of known off-topic
   subjects (weather, football, recipes ...), is declined politely.

The answer is the entry's text in the answer language with its slots filled from live data
(`slots.py`), its citations, a link to its public page, and actions to go further.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from cegah.lib.textanalysis import analyse_terms, canonical_terms
from cegah.search.engine import Collection, Row, register_collection

COLLECTION = "assistant"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LANGUAGES = ("id", "en")
SHORTLIST = 12
# How much more the question's side weighs than the variant's in the F-measure (β² < 1 leans
# on precision = the share of the question's weight the variant holds).
BETA_SQUARED = 0.6

# Chat fillers and informal function words: they carry no topic. (The shared analyzer keeps
# them as terms because site search has no reason to drop them; the synonym list maps "nggak",
# "ga", "enggak" to "gak" and "yang" to "yg", so one entry each suffices here.)
INFORMAL_STOPWORDS = _words(
    """
    gak ga gk ngga nggak enggak engga tdk yg dgn utk sy aku gw gue gua ane aja doang sih dong
    deh kok nih tuh lho loh kak kakak min admin mimin bang pak bu bapak ibu mas mbak gan sis
    tanya nanya bertanya mau pengen pingin ingin tolong mohon minta please pls dong gimana gmn
    bgmn gmana gimane apakah apa kah kalo klo kl kalau kalu udah udh dah sdh blm blom belom
    bisa bs gitu gini begitu begini ya yah iya iyaa ok oke okay halo hai hallo permisi
    selamat pagi siang sore malam terima kasih makasih thanks thank hi hello what how
    can could would should must does did do tell know about anyone someone
    dpt brp brapa dr dri krn karna tp jd bgt banget nya sm trs terus gmana yach
    """
)

# Words of subjects the assistant does not cover: a question holding one is declined even if
# another of its words is known ("jadwal bola" shares "jadwal" with Hakordia).
OFF_TOPIC_WORDS = _words(
    """
    cuaca hujan panas gerimis banjir prakiraan bmkg weather rain forecast bola sepak sepakbola
    liga piala persib persija timnas football soccer resep masak rendang nasi
    goreng sambal kue recipe cook cooking film bioskop lagu musik movie song zodiak ramal
    horoskop pacar jodoh game mabar togel lotre judi slot crypto saham bitcoin
    """
)

_ENGLISH_HINTS = _words(
    """
    the is are what how do does can i my must should who when where which why a an of to
    for with have has report gift need about pay much free any this that there
    """
)
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Citation:
    """A source an answer rests on: a regulation article or a platform page."""

    title: str
    url: str


@dataclass(frozen=True)
class Action:
    """Something the person can do next (open a form, read a page, ask the forum)."""

    kind: str
    label: str
    url: str


@dataclass(frozen=True)
class Answer:
    """One short reply; `handoff` is true exactly when the assistant does not answer, and then
    `citations` is empty."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    actions: list[Action] = field(default_factory=list)
    handoff: bool = True
    entry_id: int | None = None
    topic: str = ""


@dataclass(frozen=True)
class EntryData:
    """What answering needs of one live entry, kept in memory beside the index."""

    pk: int
    slug: str
    topic: str
    title: dict[str, str]
    answer: dict[str, str]
    citations: tuple[tuple[str, str], ...]
    # Canonical terms of each question variant and of the title, per language.
    variants: dict[str, tuple[frozenset[str], ...]]
    # Every term of the title and the variants, expanded (a spelled-out abbreviation keeps its
    # own words too), per language: what the entry as a whole can explain of a question.
    bag: dict[str, frozenset[str]]
    # The expanded terms in order, repeats kept: the index row.
    tokens: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Match:
    """An entry and how well the question fits it (0–1)."""

    entry: EntryData
    confidence: float
    bm25: float


# Index


_entries: dict[int, EntryData] = {}
_entries_lock = threading.Lock()


def row_id(entry_pk: int, language: str) -> int:
    """One index row per entry and language."""
    return entry_pk * 2 + (1 if language == "en" else 0)


def row_ids(entry_pk: int) -> list[int]:
    return [row_id(entry_pk, language) for language in LANGUAGES]


def query_terms(text: str, language: str) -> list[str]:
    """The distinct canonical terms of a question, fillers dropped, in the order typed."""
    terms = canonical_terms(text, language)
    return list(dict.fromkeys(t for t in terms if t not in INFORMAL_STOPWORDS))


def entry_data(entry: object) -> EntryData:
    """An entry as answering reads it (from a `KnowledgeEntry`)."""
    from cegah.assistant.models import KnowledgeEntry

    assert isinstance(entry, KnowledgeEntry)
    variants: dict[str, tuple[frozenset[str], ...]] = {}
    bag: dict[str, frozenset[str]] = {}
    tokens: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        title = entry.title_en if language == "en" else entry.title_id
        texts = [title, *entry.question_list(language)]
        variants[language] = tuple(
            frozenset(terms) for terms in (query_terms(t, language) for t in texts) if terms
        )
        expanded = [
            t
            for text in texts
            for t in analyse_terms(text, language)
            if t not in INFORMAL_STOPWORDS
        ]
        tokens[language] = tuple(expanded)
        bag[language] = frozenset(expanded).union(*variants[language])
    return EntryData(
        pk=entry.pk,
        slug=entry.slug,
        topic=entry.topic,
        title={"id": entry.title_id, "en": entry.title_en or entry.title_id},
        answer={"id": entry.answer_id, "en": entry.answer_en or entry.answer_id},
        citations=tuple(entry.citation_list()),
        variants=variants,
        bag=bag,
        tokens=tokens,
    )


def _rows(ids: Sequence[int] | None) -> Iterator[Row]:
    """Live entries as the collection indexes them: per language, the title and every
    question variant (repeats kept, so a word many variants use weighs more)."""
    from cegah.assistant.models import KnowledgeEntry

    entries = KnowledgeEntry.objects.answering()
    if ids is not None:
        pks = sorted({i // 2 for i in ids})
        entries = entries.filter(pk__in=pks)
    else:
        pks = None
    seen: set[int] = set()
    loaded: dict[int, EntryData] = {}
    for entry in entries.order_by("pk").iterator(2000):
        data = entry_data(entry)
        loaded[entry.pk] = data
        seen.add(entry.pk)
        for language in LANGUAGES:
            tokens = data.tokens[language]
            if tokens:
                yield Row(
                    id=row_id(entry.pk, language),
                    language=language,
                    tokens=tokens,
                    topics=(entry.topic,),
                    group=entry.pk,
                )
    with _entries_lock:
        if pks is None:
            _entries.clear()
        else:
            for gone in set(pks) - seen:
                _entries.pop(gone, None)
        _entries.update(loaded)


def collection() -> Collection:
    """This process's index of live knowledge entries."""
    return register_collection(COLLECTION, _rows)


def record_entry_change(entry_pk: int) -> None:
    """Tell every process's index that this entry changed (call inside the write's
    transaction: published, unpublished, deleted)."""
    from cegah.search.engine import record_changes

    record_changes(COLLECTION, row_ids(entry_pk))


# Matching


def looks_english(text: str) -> bool:
    """Whether the question is clearly written in English (most of its small words are)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return False
    hits = sum(1 for w in words if w in _ENGLISH_HINTS)
    return hits >= 2 and hits / len(words) >= 0.25


def _weight(terms: frozenset[str], idf: dict[str, float]) -> float:
    return sum(idf[t] for t in terms)


def fit(question: frozenset[str], data: EntryData, language: str, idf: dict[str, float]) -> float:
    """How well the entry answers the question, 0–1: the share of the question's weight the
    entry's words explain (precision, over all its variants and title), and the share of
    its best-matching variant the question holds (recall), as an F-measure leaning on
    precision."""
    total = _weight(question, idf)
    if not total:
        return 0.0
    precision = _weight(question & data.bag.get(language, frozenset()), idf) / total
    if not precision:
        return 0.0
    recall = max(
        (_weight(question & v, idf) / _weight(v, idf) for v in data.variants.get(language, ())),
        default=0.0,
    )
    if not recall:
        return 0.0
    return (1 + BETA_SQUARED) * precision * recall / (BETA_SQUARED * recall + precision)


def find(question: str, *, limit: int = 3) -> tuple[list[Match], bool]:
    """The entries that fit the question best, best first, and whether any word of the
    question is known to the knowledge base at all."""
    index = collection()
    best: dict[int, Match] = {}
    known = False
    for language in LANGUAGES:
        terms = query_terms(question, language)
        if not terms:
            continue
        with index.lock:
            ranked = index.rank(terms, language, require_all=False, limit=SHORTLIST)
            stats = index.stats(language, terms)
            every = set(terms)
            with _entries_lock:
                shortlist = [
                    (_entries[int(g)], float(s))
                    for g, s in zip(ranked.groups.tolist(), ranked.scores.tolist(), strict=True)
                    if int(g) in _entries
                ]
            for data, _score in shortlist:
                every |= data.bag.get(language, frozenset())
            stats = index.stats(language, every)
        known = known or any(stats.frequencies.get(t, 0) for t in terms)
        idf = {t: stats.idf(t) for t in every}
        wanted = frozenset(terms)
        for data, score in shortlist:
            confidence = fit(wanted, data, language, idf)
            found = best.get(data.pk)
            if found is None or (confidence, score) > (found.confidence, found.bm25):
                best[data.pk] = Match(data, round(confidence, 4), score)
    ordered = sorted(best.values(), key=lambda m: (-m.confidence, -m.bm25, m.entry.pk))
    return ordered[:limit], known


def is_off_topic(question: str) -> bool:
    words = {w.lower() for w in _WORD.findall(question)}
    return bool(words & OFF_TOPIC_WORDS)


# Answering


def _absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def _reverse(name: str, language: str, **kwargs: object) -> str | None:
    with translation.override(language):
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None


def entry_url(slug: str, language: str) -> str:
    return _absolute(_reverse("assistant:entry", language, slug=slug) or f"/pengetahuan/{slug}/")


# What to offer after an answer on each topic: (kind, URL name, label).
_TOPIC_ACTIONS: dict[str, tuple[tuple[str, str, Promise], ...]] = {
    "gratification": (("gift_check", "gratification:check", gettext_lazy("Check your gift")),),
    "levies": (
        ("fee_check", "services:check", gettext_lazy("Check the official fee")),
        ("complaint", "complaints:new", gettext_lazy("Report a levy")),
    ),
    "complaints": (("complaint", "complaints:new", gettext_lazy("File a complaint")),),
    "hoaxes": (("fact_check", "factchecks:check", gettext_lazy("Check a message")),),
    "spi": (("integrity", "integrity:home", gettext_lazy("See integrity scores")),),
    "mcp": (("integrity", "integrity:home", gettext_lazy("See integrity scores")),),
}


def _actions_for(data: EntryData, language: str) -> list[Action]:
    with translation.override(language):
        actions = [Action("entry", gettext("Read more"), entry_url(data.slug, language))]
        for kind, name, label in _TOPIC_ACTIONS.get(data.topic, ()):
            path = _reverse(name, language)
            if path:
                actions.append(Action(kind, str(label), _absolute(path)))
    return actions


def handoff_actions(question: str, language: str) -> list[Action]:
    """Where a person goes when the assistant cannot answer: the forum, a complaint, contact."""
    actions: list[Action] = []
    try:
        from cegah.forum.public import new_thread_url

        forum = new_thread_url(question=question[:300], language=language)
    except Exception:  # the forum app is built alongside; its page still exists
        forum = _reverse("forum:new", language) or ""
    with translation.override(language):
        if forum:
            actions.append(Action("forum", gettext("Ask in the forum"), _absolute(forum)))
        complaint = _reverse("complaints:new", language)
        if complaint:
            actions.append(Action("complaint", gettext("File a complaint"), _absolute(complaint)))
        actions.append(
            Action(
                "contact",
                gettext("Contact KPK (call 198)"),
                str(settings.ASSISTANT_CONTACT_URL),
            )
        )
    return actions


def _dont_know(language: str) -> str:
    with translation.override(language):
        return gettext(
            "I don't know the answer to that, and I won't guess. You can ask people in the "
            "discussion forum, file a complaint, or contact KPK."
        )


def _declined(language: str) -> str:
    with translation.override(language):
        return gettext(
            "Sorry, I can only help with corruption prevention: gifts to officials, wealth "
            "reports, illegal levies, complaints, hoaxes and integrity. Ask me about one of "
            "those."
        )


def answer_language(question: str, language: str) -> str:
    """English when asked for, or when the question is clearly English; else Indonesian."""
    if language == "en" or looks_english(question):
        return "en"
    return "id"


def answer(question: str, language: str = "id", *, record: bool = True) -> Answer:
    """Answer `question` from the live knowledge base (see the module). With `record`, an
    unanswered question is counted for the editors (aggregated, no personal data)."""
    from cegah.assistant import slots

    language = answer_language(question, language)
    question = question.strip()[: settings.ASSISTANT_MAX_QUESTION_CHARS]
    threshold = float(settings.ASSISTANT_MIN_CONFIDENCE)
    matches, known = find(question, limit=1) if question else ([], False)
    top = matches[0] if matches else None
    off_topic = not known or is_off_topic(question)
    if top is None or off_topic or top.confidence < threshold:
        if record and question:
            from cegah.assistant.unanswered import record_unanswered

            record_unanswered(question, language, off_topic=off_topic)
        return Answer(
            text=_declined(language) if off_topic else _dont_know(language),
            citations=[],
            confidence=top.confidence if top and not off_topic else 0.0,
            actions=handoff_actions(question, language),
            handoff=True,
            entry_id=None,
            topic="",
        )
    data = top.entry
    with translation.override(language):
        text = slots.fill(data.answer[language], language)
    citations = [Citation(title, _absolute(url)) for title, url in data.citations]
    page = Citation(data.title[language], entry_url(data.slug, language))
    if all(c.url != page.url for c in citations):
        citations.append(page)
    return Answer(
        text=text,
        citations=citations,
        confidence=top.confidence,
        actions=_actions_for(data, language),
        handoff=False,
        entry_id=data.pk,
        topic=data.topic,
    )
