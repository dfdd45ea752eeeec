"""Small charts drawn on the server as inline SVG: no script, no library from another host.

Each chart is an image with an accessible name (`role="img"`, `<title>`, `aria-labelledby`);
the page puts a table with the same numbers beside it for screen readers and for reading the
exact values. Values are on the 0–100 scale of MCP and SPI unless `top` says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
HEIGHT = 160
PAD_LEFT = 30
PAD_RIGHT = 10
PAD_TOP = 10
PAD_BOTTOM = 24
# Colour-blind-safe pair (Okabe–Ito) with distinct dash patterns, so lines differ without colour.
STYLES = (("#0072B2", ""), ("#D55E00", "5 3"), ("#009E73", "2 2"))


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, float | None]]


def _number(value: float) -> str:
    """A value as the page shows it: no trailing zeros, the language's decimal mark."""
    rounded = round(value, 2)
    return formats.localize(int(rounded) if rounded == int(rounded) else rounded)


def _nice_range(
    values: list[float], bottom: float | None, top: float | None
) -> tuple[float, float]:
    lo = min(values) if values else 0.0
    hi = max(values) if values else 100.0
    low = bottom if bottom is not None else max(0.0, (int(lo) // 10) * 10 - 10)
    high = top if top is not None else min(100.0, (int(hi) // 10) * 10 + 10)
    if high <= low:
        high = low + 10
    return low, high


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    bottom: float | None = None,
    top: float | None = None,
) -> SafeString:
    """Lines over years; a missing year breaks the line rather than being interpolated."""
    years = sorted({x for s in series for x, y in s.points})
    values = [float(y) for s in series for _x, y in s.points if y is not None]
    if not years or not values:
        return mark_safe("")
    low, high = _nice_range(values, bottom, top)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def sx(year: int) -> float:
        if len(years) == 1:
            return PAD_LEFT + inner_w / 2
        return PAD_LEFT + inner_w * (year - years[0]) / (years[-1] - years[0])

    def sy(value: float) -> float:
        return PAD_TOP + inner_h * (1 - (value - low) / (high - low))

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    for tick in (low, (low + high) / 2, high):
        ty = sy(tick)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            'stroke="#ccc" stroke-width="0.5"/>'
            f'<text x="{PAD_LEFT - 4}" y="{ty + 3:.1f}" font-size="10" text-anchor="end">'
            f"{tick:g}</text>"
        )
    for year in years:
        parts.append(
            f'<text x="{sx(year):.1f}" y="{HEIGHT - 8}" font-size="10" text-anchor="middle">'
            f"{year}</text>"
        )
    for index, s in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for x, y in sorted(s.points):
            if y is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{sx(x):.1f},{sy(float(y)):.1f}")
            parts.append(
                f'<circle cx="{sx(x):.1f}" cy="{sy(float(y)):.1f}" r="2.5" fill="{colour}"/>'
            )
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash_attr}/>'
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped or numeric


def bar_chart(
    rows: Sequence[tuple[str, float]], *, chart_id: str, title: str, highlight: str = ""
) -> SafeString:
    """Horizontal bars, one per row (label, value on 0–100); `highlight` marks one label."""
    if not rows:
        return mark_safe("")
    bar = 16
    gap = 6
    label_w = 130
    height = len(rows) * (bar + gap) + gap
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{}-t">{}</title>',
            WIDTH,
            height,
            chart_id,
            chart_id,
            title,
        )
    ]
    inner = WIDTH - label_w - 40
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar + gap)
        colour = "#D55E00" if label == highlight else "#0072B2"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                label_w - 4,
                y + bar - 4,
                label if len(label) <= 22 else label[:21] + "…",
                label_w,
                y,
                f"{max(0.0, inner * float(value) / 100):.1f}",
                bar,
                colour,
                f"{label_w + max(0.0, inner * float(value) / 100) + 3:.1f}",
                y + bar - 4,
                _number(float(value)),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 -- built with format_html
