"""Near-duplicate grouping of submitted messages, so one verdict answers every copy.

A message forwarded through WhatsApp groups arrives with small changes: a "Diteruskan" or
"Forwarded" header, an appeal to spread it ("Sebarkan!"), emoji, different line breaks, a
link with tracking parameters. Two submissions are the same claim when

1. their links are the same after `normalise_url()` (scheme, `www.`/`m.`, tracking
   parameters such as `utm_*` and `fbclid`, fragments and a trailing slash dropped), or
2. their texts are the same after `normalise_text()`, or
3. the Jaccard similarity of their word 3-shingles is at least `THRESHOLD` (0.6).

With 3-word shingles one changed word in a 30-word message removes 3 of about 28 shingles and
adds 3 (J ≈ 0.8); an added two-line appeal to share keeps J above 0.8; two different messages
on the same topic share few 3-word runs (J well under 0.3). Texts shorter than 3 words are
compared as word sets. Candidates are claims first seen in the last `WINDOW_DAYS` days (at
most `MAX_CANDIDATES`, newest first), plus every published claim when looking for a verdict.

"Periksa pesan" (`check_message`) looks for published verdicts in every published claim, by
its claim, its headline, its other wordings (`Claim.variants`) and the messages people sent
with it. Texts are read by Cegah's one analyzer (`cegah.lib.textanalysis`: stems, stopwords
and the shared synonym list, so "kades", "kepala desa" and "Kepala Desa" are one term). BM25
over all published claims (`cegah.search.engine`, collection "claims") picks the
`SHORTLIST` likeliest; each of their texts is then compared with the message by how much of
it, weighed by each term's rarity (IDF), the message holds, and how much of the message it
holds. A text at least `COVERAGE` (0.6) covered, sharing at least `MIN_SHARED` terms, is a
match with that score. A chain message pasted whole covers the short claim; a paraphrase in
other words and abbreviations shares its rare words.

Images are compared by their difference hash (`cegah/lib/imagehash.py`, computed from the
cleaned upload): a re-sent, re-compressed, resized picture or one with its caption bar changed
stays within `IMAGE_THRESHOLD` bits of 64. A claim carries the hash of its first image; an
image within the threshold scores `image_score()` (0.84 to 1.0, one minus the share of
differing bits), so it counts like a near-duplicate text and the best score wins. Near images
are looked for among the same bounded candidates; older claims are found only by the exact
hash, through the index.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db.models import Q

from cegah.factchecks.models import Claim
from cegah.lib.imagehash import BITS, SAME_PICTURE_BITS, dhash_hex, distance
from cegah.lib.textanalysis import canonical_terms
from cegah.search.engine import Collection, Row, register_collection

THRESHOLD = 0.6
SHINGLE = 3
WINDOW_DAYS = 180
MAX_CANDIDATES = 2000
MAX_COMPARED_CHARS = 4000
IMAGE_THRESHOLD = SAME_PICTURE_BITS
# "Periksa pesan": the collection of published claims, how many BM25 finds are compared,
# and what makes a text a match.
COLLECTION = "claims"
LANGUAGE = "id"
SHORTLIST = 20
COVERAGE = 0.6
MIN_SHARED = 3
# A message must have this many distinct terms before a text may match by holding it whole.
MIN_MESSAGE_TERMS = 5
# Of the messages sent with a claim, this many distinct ones are compared, each cut here.
MAX_SUBMISSION_TEXTS = 20
MAX_TEXT_CHARS = 2000

# Whole lines that forwarding adds; removed before comparing.
_BOILERPLATE_LINES = re.compile(
    r"^\W*(?:"
    r"diteruskan(?: berkali[- ]kali)?|forwarded(?: many times)?|fwd?|fw|"
    r"-+\s*(?:pesan diteruskan|forwarded message)\s*-+|"
    r"(?:copas|copy paste|kiriman)(?: dari)?(?: grup| group| wag)?(?: sebelah)?|"
    r"dari grup sebelah|info dari grup sebelah|"
    r"(?:mohon |tolong |segera )?(?:sebarkan|viralkan|bagikan|share)(?: ke (?:grup|group|semua)[^\n]*)?(?: ya| yaa+| !+)?"
    r")\W*$",
    re.IGNORECASE | re.MULTILINE,
)
# "Fwd:" / "Diteruskan:" at the start of a line, before the message itself.
_BOILERPLATE_PREFIX = re.compile(r"^\W*(?:fwd?|fw|diteruskan|forwarded)\s*:\s*", re.I | re.M)
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
# "Rp 5.000.000", "Rp5.000.000" and "Rp5000000" are the same amount.
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_CURRENCY = re.compile(r"\brp (?=\d)")

# Query parameters that only say who shared a link or how it was reached.
_TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|igshid|igsh|mc_cid|mc_eid|_ga|ref|ref_src|"
    r"ref_url|s|si|share|shared|feature|wa|from|spm)$",
    re.IGNORECASE,
)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
_HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")


def normalise_text(text: str) -> str:
    """Lower case without accents, links, forwarding boilerplate, emoji or punctuation,
    single spaces: what the comparison reads."""
    text = _URL.sub(" ", text)
    text = _BOILERPLATE_PREFIX.sub("", text)
    text = _BOILERPLATE_LINES.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", plain).strip()
    return _CURRENCY.sub("rp", _THOUSANDS.sub("", words))[:MAX_COMPARED_CHARS]


def normalise_url(url: str) -> str:
    """The link without what differs between shares of the same page: scheme, `www.`,
    `m.`, tracking parameters, fragment, default port and trailing slash. Empty when it is
    not a web link."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        if _OTHER_SCHEME.match(url):
            return ""  # mailto:, javascript:, tel: ...
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = _HOST_PREFIX.sub("", parts.hostname.lower().rstrip("."))
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    key = host + (f":{port}" if port else "") + path
    if query:
        key += "?" + urlencode(query)
    return key[:500]


def first_url(text: str) -> str:
    """The first web link written inside a message, if any."""
    found = _URL.search(text)
    return found.group(0).rstrip(".,;:!?)]}\"'") if found else ""


def text_key(normalised: str) -> str:
    return hashlib.sha256(normalised.encode()).hexdigest() if normalised else ""


def shingles(normalised: str) -> frozenset[str]:
    words = normalised.split()
    if len(words) < SHINGLE:
        return frozenset(words)
    return frozenset(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def image_score(bits: int) -> float:
    """The similarity of two images `bits` apart: 1.0 when the hashes are equal, 0.84 at the
    threshold, always above the text `THRESHOLD`."""
    return 1.0 - bits / BITS


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Fingerprint:
    """What one message is compared by."""

    text: str  # normalised text
    text_key: str
    url_key: str
    image_hash: str = ""  # dHash of the image, 16 hex digits

    @classmethod
    def of(cls, text: str, link: str = "", image_hash: str = "") -> Fingerprint:
        normalised = normalise_text(text)
        return cls(
            text=normalised,
            text_key=text_key(normalised),
            url_key=normalise_url(link or first_url(text)),
            image_hash=image_hash,
        )

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.url_key and not self.image_hash


@dataclass(frozen=True)
class Match:
    claim: Claim
    score: float  # 1.0 for the same link, the same normalised text or the same image hash

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def best_matches(
    fingerprint: Fingerprint, candidates: Iterable[Claim], *, limit: int = 10
) -> list[Match]:
    """Claims that are the same as the message, most similar first."""
    if fingerprint.is_empty:
        return []
    mine = shingles(fingerprint.text)
    found: list[Match] = []
    for claim in candidates:
        same_link = bool(fingerprint.url_key) and claim.url_key == fingerprint.url_key
        same_text = bool(fingerprint.text_key) and claim.text_key == fingerprint.text_key
        score = 1.0 if same_link or same_text else jaccard(mine, shingles(claim.fingerprint))
        if fingerprint.image_hash and claim.image_hash:
            bits = distance(fingerprint.image_hash, claim.image_hash)
            if bits <= IMAGE_THRESHOLD:
                score = max(score, image_score(bits))
        if score >= THRESHOLD:
            found.append(Match(claim, score))
    found.sort(key=lambda m: (-m.score, -(m.claim.published_at or m.claim.created_at).timestamp()))
    return found[:limit]


def image_fingerprint(data: bytes) -> str:
    """The hash an image is compared by (from the bytes `clean_upload()` returned)."""
    return dhash_hex(data)


# "Periksa pesan": published claims by their words


def wordings(
    claim_text: str, headline: str, variants: str, submissions: Iterable[str] = ()
) -> list[str]:
    """Every wording of a claim that a message is compared with: the claim, the headline,
    each line of the other wordings and the distinct messages people sent (at most
    `MAX_SUBMISSION_TEXTS`, each cut at `MAX_TEXT_CHARS`)."""
    texts = [claim_text, headline, *variants.splitlines()]
    seen: set[str] = set()
    for text in submissions:
        key = " ".join(text.casefold().split())
        if key and key not in seen and len(seen) < MAX_SUBMISSION_TEXTS:
            seen.add(key)
            texts.append(text[:MAX_TEXT_CHARS])
    return [t for t in texts if t.strip()]


def match_terms(texts: Iterable[str]) -> str:
    """What `Claim.match_terms` stores: one line per wording, its canonical terms."""
    lines = (" ".join(canonical_terms(text, LANGUAGE)) for text in texts)
    return "\n".join(line for line in lines if line)


def claim_match_terms(claim: Claim) -> str:
    """The claim's `match_terms` from its wordings and the messages sent with it."""
    sent = claim.submissions.exclude(text="").order_by("created_at", "pk")
    texts = sent.values_list("text", flat=True)[: MAX_SUBMISSION_TEXTS * 5]
    return match_terms(wordings(claim.claim_text, claim.headline, claim.variants, texts))


# Each published claim's wordings as sorted terms, kept by `_rows` in step with the
# collection (it runs under the collection's lock whenever the collection syncs).
_wordings: dict[int, list[tuple[str, ...]]] = {}


def _rows(ids: Sequence[int] | None) -> Iterator[Row]:
    """Published claims as the ranking collection indexes them: their stored terms."""
    if ids is None:
        _wordings.clear()
    batches = [None] if ids is None else [ids[i : i + 900] for i in range(0, len(ids), 900)]
    for batch in batches:
        claims = Claim.objects.published()
        if batch is not None:
            claims = claims.filter(pk__in=batch)
        seen = set()
        for pk, stored in claims.order_by("pk").values_list("pk", "match_terms").iterator(2000):
            lines = [line.split() for line in stored.splitlines()]
            _wordings[pk] = [tuple(sorted(set(line))) for line in lines if line]
            seen.add(pk)
            tokens = [term for line in lines for term in line]
            yield Row(id=pk, language=LANGUAGE, tokens=tokens, group=pk)
        if batch is not None:
            for gone in set(batch) - seen:
                _wordings.pop(gone, None)


def collection() -> Collection:
    """This process's index of published claims."""
    return register_collection(COLLECTION, _rows)


def _weight(terms: set[str], idf: Mapping[str, float]) -> float:
    return sum(idf[t] for t in terms)


def coverage(message: set[str], text: set[str], idf: Mapping[str, float]) -> float:
    """How alike a message and one wording of a claim are, 0 to 1: the share of the
    wording's weight (IDF) the message holds, or, for a message of at least
    `MIN_MESSAGE_TERMS` terms, the share of the message the wording holds; 0 unless they
    share `MIN_SHARED` terms (or every term of a shorter wording)."""
    shared = message & text
    if len(shared) < min(MIN_SHARED, len(text)) or not shared:
        return 0.0
    weight = _weight(shared, idf)
    of_text = weight / _weight(text, idf)
    of_message = weight / _weight(message, idf) if len(message) >= MIN_MESSAGE_TERMS else 0.0
    return max(of_text, of_message)


def published_matches(text: str, *, limit: int = 10) -> list[Match]:
    """Published claims whose wordings match the message's words (see the module)."""
    message = set(canonical_terms(text[:MAX_COMPARED_CHARS]))
    if not message:
        return []
    index = collection()
    with index.lock:  # one view of the claims for the shortlist, the wordings and the IDF
        shortlist = index.rank(
            sorted(message), LANGUAGE, require_all=False, limit=SHORTLIST
        ).ids.tolist()
        wordings = {pk: [set(w) for w in _wordings.get(pk, ())] for pk in shortlist}
        every_term = message.union(*(w for found in wordings.values() for w in found))
        stats = index.stats(LANGUAGE, every_term)
    idf = {t: stats.idf(t) for t in every_term}
    scores = {}
    for pk, texts in wordings.items():
        score = max((coverage(message, t, idf) for t in texts), default=0.0)
        if score >= COVERAGE:
            scores[pk] = round(score, 4)
    claims = Claim.objects.published().in_bulk(list(scores))
    found = [Match(claims[pk], score) for pk, score in scores.items() if pk in claims]
    found.sort(key=lambda m: (-m.score, -(m.claim.published_at or m.claim.created_at).timestamp()))
    return found[:limit]


def check_message(text: str = "", image_hash: str = "", *, limit: int = 10) -> list[Match]:
    """ "Periksa pesan": the published verdicts on the claim a message (its text, a link in
    it, and/or an image) makes, best first. The same link, text or picture scores 1.0; a
    near picture `image_score()`; words `coverage()`."""
    fingerprint = Fingerprint.of(text, image_hash=image_hash)
    if fingerprint.is_empty:
        return []
    best: dict[int, Match] = {}

    def keep(match: Match) -> None:
        if match.claim.pk not in best or best[match.claim.pk].score < match.score:
            best[match.claim.pk] = match

    exact = Q(pk__in=[])
    if fingerprint.text_key:
        exact |= Q(text_key=fingerprint.text_key)
    if fingerprint.url_key:
        exact |= Q(url_key=fingerprint.url_key)
    if image_hash:
        exact |= Q(image_hash=image_hash)
    for claim in Claim.objects.published().filter(exact):
        keep(Match(claim, 1.0))
    if image_hash:
        pictured = Claim.objects.published().exclude(image_hash="").only("pk", "image_hash")
        near = []
        for claim in pictured.iterator(chunk_size=2000):
            bits = distance(image_hash, claim.image_hash)
            if bits <= IMAGE_THRESHOLD:
                near.append((claim.pk, image_score(bits)))
        for claim in Claim.objects.published().filter(pk__in=[pk for pk, _s in near]):
            keep(Match(claim, dict(near)[claim.pk]))
    if fingerprint.text:
        for match in published_matches(text, limit=limit):
            keep(match)
    found = sorted(
        best.values(),
        key=lambda m: (-m.score, -(m.claim.published_at or m.claim.created_at).timestamp()),
    )
    return found[:limit]
