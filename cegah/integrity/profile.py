"""Everything the page of one government shows, gathered in a fixed number of queries."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from cegah.integrity.activity import Activity, cached_activity
from cegah.integrity.judging import Book
from cegah.integrity.models import (
    Band,
    Component,
    Government,
    Instrument,
    Scope,
    Score,
)
from cegah.integrity.programmes import ParticipantProgress, participants_progress
from cegah.integrity.weakest import WeakPart, weakest_part


@dataclass(frozen=True)
class ScoreView:
    """One score with what the platform works out beside the published figures."""

    score: Score
    band: Band | None
    bands: list[Band]
    components: list[tuple[Component, float | None]]
    extra_components: dict[str, float]


@dataclass(frozen=True)
class Flag:
    """A published pair of figures that do not agree; shown, never "corrected"."""

    instrument: str
    message: str


@dataclass
class Profile:
    government: Government
    by_instrument: dict[str, list[ScoreView]] = field(default_factory=dict)
    other: list[ScoreView] = field(default_factory=list)
    weak: list[WeakPart] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    activity: list[Activity] = field(default_factory=list)
    participants: list[ParticipantProgress] = field(default_factory=list)


def _view(score: Score, book: Book) -> ScoreView:
    parts = book.components(score.instrument, score.year)
    values = dict(score.components or {})
    listed = [(c, values.pop(c.code, None)) for c in parts]
    return ScoreView(
        score=score,
        band=book.judge(score.instrument, score.year, score.score),
        bands=book.bands_for(score.instrument, score.year),
        components=listed if any(v is not None for _c, v in listed) else [],
        extra_components=values,
    )


def rank_up_score_down(final: list[Score]) -> list[Flag]:
    """Consecutive years where the published rank improved (same scope) while the score fell,
    as with Klaten's MCP 2022–2023: a validator flags it rather than fixing either number."""
    flags = []
    ordered = sorted(
        (s for s in final if s.score is not None and s.published_rank), key=lambda s: s.year
    )
    for before, after in itertools.pairwise(ordered):
        if (
            after.year == before.year + 1
            and after.instrument == before.instrument
            and after.rank_scope == before.rank_scope
            and after.published_rank is not None
            and before.published_rank is not None
            and after.published_rank < before.published_rank
            and after.score is not None
            and before.score is not None
            and after.score < before.score
        ):
            flags.append(
                Flag(
                    after.instrument,
                    _(
                        "As published, the rank rose from %(r1)s (%(y1)s) to %(r2)s (%(y2)s) "
                        "while the score fell from %(s1)s to %(s2)s. Both figures are shown as "
                        "the sources give them; one of them may be wrong."
                    )
                    % {
                        "r1": before.published_rank,
                        "y1": before.year,
                        "r2": after.published_rank,
                        "y2": after.year,
                        "s1": formats.localize(before.score),
                        "s2": formats.localize(after.score),
                    },
                )
            )
    return flags


def government_profile(government: Government, *, activity_years: int = 3) -> Profile:
    book = Book.load()
    scores = list(
        Score.objects.approved()
        .filter(government=government)
        .select_related("source")
        .order_by("instrument", "-year", "scope", "interim")
    )
    profile = Profile(government=government)
    for instrument in Instrument.values:
        profile.by_instrument[instrument] = [
            _view(s, book)
            for s in scores
            if s.instrument == instrument and s.scope == Scope.GOVERNMENT and not s.interim
        ]
    profile.other = [_view(s, book) for s in scores if s.scope != Scope.GOVERNMENT or s.interim]
    for instrument in (Instrument.SPI, Instrument.MCP):
        for view in profile.by_instrument[instrument]:
            weak = weakest_part(view.score, book)
            if weak is not None:
                profile.weak.append(weak)
                break
    for instrument in Instrument.values:
        profile.flags += rank_up_score_down([v.score for v in profile.by_instrument[instrument]])
    if government.region_id:
        years = sorted({s.year for s in scores if s.score is not None}, reverse=True)
        profile.activity = cached_activity(government.code, years[:activity_years])
    profile.participants = participants_progress(government=government)
    return profile
