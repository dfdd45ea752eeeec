"""From the weakest part of a score to the platform's tools that act on it.

Which tools answer which weakness is data: each `Component` row lists tool keys (its `tools`
column, loaded from `data/components.csv`), and `TOOLS` below says what each key opens. A
weak expert or external perception points to a dissemination campaign from the content
library (as KPK asked Bali); weak public service to official fees, fee posters and answering
complaints on time; weak internal integrity to gratification control and UPG reporting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cegah.integrity.judging import Book
from cegah.integrity.models import Component, Score


@dataclass(frozen=True)
class Tool:
    label: Promise
    url_name: str


# Tool key → the platform's pages, the first being the one-click start.
TOOLS: dict[str, tuple[Tool, ...]] = {
    "dissemination": (
        Tool(_("Start a dissemination campaign"), "campaigns:new"),
        Tool(_("Choose material from the content library"), "library:list"),
    ),
    "public_service": (
        Tool(_("Publish and check official fees"), "services:check"),
        Tool(_("Print fee posters for service offices"), "offices:posters"),
        Tool(_("Answer complaints on time"), "complaints:agency_inbox"),
    ),
    "internal_integrity": (
        Tool(_("Run gratification control in the UPG"), "gratification:upg_inbox"),
        Tool(_("Report a gift"), "gratification:report_new"),
        Tool(_("Check whether a gift must be reported"), "gratification:check"),
    ),
}

TOOL_HEADINGS: dict[str, Promise] = {
    "dissemination": _("Spread prevention content"),
    "public_service": _("Improve public service"),
    "internal_integrity": _("Strengthen internal integrity"),
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class WeakPart:
    """The lowest part of one score, with the tools that act on it."""

    score: Score
    component: Component
    value: float
    tool_keys: tuple[str, ...]
    links: tuple[Link, ...]

    @property
    def start(self) -> Link | None:
        return self.links[0] if self.links else None


def links_for(tool_keys: list[str] | tuple[str, ...]) -> tuple[Link, ...]:
    """The pages of these tools that exist in this installation (a module still being built
    is left out rather than linked to a 404)."""
    out = []
    for key in tool_keys:
        for tool in TOOLS.get(key, ()):
            try:
                url = reverse(tool.url_name)
            except NoReverseMatch:
                continue
            out.append(Link(str(tool.label), url))
    return tuple(out)


def weakest_part(score: Score, book: Book) -> WeakPart | None:
    """The part of `score` with the lowest value among those of its year's set, leaving out
    the subtracted correction factor; None without a breakdown."""
    parts = {c.code: c for c in book.components(score.instrument, score.year) if not c.subtracted}
    values = [(float(v), code) for code, v in (score.components or {}).items() if code in parts]
    if not values:
        return None
    value, code = min(values)
    component = parts[code]
    keys = tuple(component.tools or ())
    return WeakPart(score, component, value, keys, links_for(keys))
