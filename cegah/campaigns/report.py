"""The campaign report "Laporan Pelaksanaan Kampanye" as XLSX and PDF.

Both files carry the numbers of `stats.campaign_stats` (the dashboard's and the stats API's):
the circular letter, the period, per agency the participants, those who confirmed each day with
their share, and the clicks, with totals; then the ranking of agencies (those with
participants), the trend day by day and, per agency, how many have not confirmed. A day not
reached yet reads "not yet", never 0. The PDF adds two charts drawn here as inline SVG, so
WeasyPrint needs nothing from outside: the ranking as horizontal bars labelled with the
agencies' names, and the trend as a bar per day.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cegah.agencies.models import Agency
from cegah.campaigns import stats
from cegah.campaigns.models import Campaign

# Colours of the charts' bars (colour-blind-safe palette, Okabe–Ito).
DAY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def report_numbers(campaign: Campaign, scope: list[Agency] | None) -> dict[str, Any]:
    """The numbers of the report: exactly the dashboard's."""
    return stats.campaign_stats(campaign, scope)


def filename(campaign: Campaign, scope: list[Agency] | None, extension: str) -> str:
    suffix = "-" + "-".join(a.code for a in scope) if scope else ""
    return f"laporan-kampanye-{campaign.pk}{suffix}.{extension}"


def _not_yet() -> str:
    return _("not yet")


def xlsx_bytes(campaign: Campaign, numbers: dict[str, Any], scope: list[Agency] | None) -> bytes:
    """The report sheet (heading block, the per-agency table with a totals row), then the
    ranking and the trend on sheets of their own."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Report")
    bold = Font(bold=True)
    sheet.append([_("Campaign implementation report")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Campaign"), campaign.title])
    sheet.append([_("Organiser"), campaign.organiser.name])
    sheet.append([_("Circular letter number"), campaign.circular_number or "–"])
    sheet.append(
        [_("Circular letter date"), campaign.circular_date if campaign.circular_date else "–"]
    )
    sheet.append([_("Signed by"), campaign.circular_signatory or "–"])
    sheet.append([_("Period"), campaign.starts_on, campaign.ends_on])
    sheet.append([_("Numbers as of"), numbers["today"]])
    if scope:
        sheet.append([_("Units"), ", ".join(a.name for a in scope)])
    for heading in sheet.iter_rows(min_row=2, max_col=3):
        for cell in heading:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.append([])
    header = [_("Agency code"), _("Agency"), _("Participants")]
    for day in numbers["days"]:
        header += [
            _("Confirmed %(day)s") % {"day": day.isoformat()},
            _("Share %(day)s (%%)") % {"day": day.isoformat()},
        ]
    header += [_("Clicks"), _("Unique visitors")]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for agency in numbers["agencies"]:
        row: list[Any] = [agency["code"], agency["name"], agency["participants"]]
        for d in agency["days"]:
            if not d["reached"]:
                row += [_not_yet(), None]
            elif not agency["participants"]:
                row += [d["confirmed"], None]  # no share of nobody
            else:
                row += [d["confirmed"], d["percent"]]
        row += [agency["clicks"], agency["unique_visitors"]]
        sheet.append(row)
    total: list[Any] = ["", _("Total"), numbers["participants"]]
    for d in numbers["totals"]:
        total += [d["confirmed"], d["percent"]] if d["reached"] else [_not_yet(), None]
    total += [numbers["clicks"], numbers["unique_visitors"]]
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40

    ranked = book.create_sheet(_("Ranking"))
    ranked.append(
        [
            _("Rank"),
            _("Agency code"),
            _("Agency"),
            _("Participants"),
            _("Average share (%)"),
            _("Not confirmed on the last day reached"),
            _("Clicks"),
        ]
    )
    for row_data in stats.ranking(numbers):
        ranked.append(
            [
                row_data["rank"],
                row_data["code"],
                row_data["name"],
                row_data["participants"],
                row_data["percent"],
                row_data["not_confirmed"],
                row_data["clicks"],
            ]
        )
    for name in stats.unranked(numbers):
        ranked.append(["", "", name, 0, _("not ranked: no participants")])
    ranked.column_dimensions["C"].width = 40

    trend = book.create_sheet(_("Trend"))
    trend.append([_("Day"), _("Confirmed"), _("Share (%)"), _("Change (points)")])
    for t in stats.trend(numbers):
        if t["reached"]:
            trend.append([t["day"], t["confirmed"], t["percent"], t["change"]])
        else:
            trend.append([t["day"], _not_yet(), None, None])
        trend.cell(row=trend.max_row, column=1).number_format = "yyyy-mm-dd"

    for ws in (ranked, trend):
        for cell in ws[1]:
            cell.font = bold
    for ws in book.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.data_type == "f":  # text that starts with "=" stays text, never a formula
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_context(
    campaign: Campaign, scope: list[Agency] | None, numbers: dict[str, Any]
) -> dict[str, Any]:
    """What the PDF template shows: the numbers, the ranking, the trend and the charts."""
    ranking = stats.ranking(numbers)
    trend = stats.trend(numbers)
    return {
        "campaign": campaign,
        "scope": scope,
        "numbers": numbers,
        "ranking": ranking,
        "unranked": stats.unranked(numbers),
        "trend": trend,
        "last_day": stats.last_reached_day(numbers),
        "ranking_chart": ranking_chart_svg(ranking),
        "trend_chart": trend_chart_svg(trend),
    }


def _label_lines(name: str, width: int = 34, lines: int = 2) -> list[str]:
    """An agency's name on at most two lines; a longer one ends with an ellipsis."""
    wrapped = textwrap.wrap(name, width) or [""]
    if len(wrapped) > lines:
        wrapped = [
            *wrapped[: lines - 1],
            textwrap.shorten(" ".join(wrapped[lines - 1 :]), width, placeholder=" …"),
        ]
    return wrapped


def ranking_chart_svg(ranking: list[dict[str, Any]]) -> str:
    """The ranking as horizontal bars, one per agency in rank order, each labelled with the
    agency's name and its average share; the scale is 0–100 %. Empty before the first day."""
    if not ranking:
        return ""
    label_width, bar_width, row, top = 300, 520, 34, 28
    width = label_width + bar_width + 60
    height = top + row * len(ranking) + 24
    title = escape(_("Average share of participants who confirmed, per agency"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="ranking-chart-title">',
        f'<title id="ranking-chart-title">{title}</title>',
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" '
            'stroke="#ccc" stroke-width=".5"/>'
            f'<text x="{x:.1f}" y="{top - 8}" font-size="10" text-anchor="middle">{tick}%</text>'
        )
    for i, r in enumerate(ranking):
        y = top + i * row
        lines = _label_lines(f"{r['rank']}. {r['name']}", width=40)
        first_y = y + row / 2 - (len(lines) - 1) * 6 + 4
        spans = "".join(
            f'<tspan x="{label_width - 8}" y="{first_y + k * 12:.1f}">{escape(text)}</tspan>'
            for k, text in enumerate(lines)
        )
        parts.append(f'<text font-size="10" text-anchor="end">{spans}</text>')
        w = round(bar_width * r["percent"] / 100, 1)
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{w}" height="{row - 10}" '
            f'fill="{DAY_COLOURS[0]}"><title>{escape(r["name"])}: {r["percent"]}%</title></rect>'
            f'<text x="{label_width + w + 5:.1f}" y="{y + row / 2 + 4:.1f}" font-size="10">'
            f"{_number(r['percent'])}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def trend_chart_svg(trend: list[dict[str, Any]]) -> str:
    """The whole campaign's share of confirmations per day: a bar per day reached, a marked
    empty slot labelled "not yet" for the days to come."""
    if not trend or not any(t["reached"] for t in trend):
        return ""
    slot, height, top, left = 64, 160, 20, 44
    width = left + slot * len(trend) + 10
    total_height = top + height + 34
    title = escape(_("Share of all participants who confirmed, day by day"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_height}" '
        f'viewBox="0 0 {width} {total_height}" role="img" aria-labelledby="trend-chart-title">',
        f'<title id="trend-chart-title">{title}</title>',
        f'<line x1="{left}" y1="{top + height}" x2="{width - 10}" y2="{top + height}" '
        'stroke="#333" stroke-width="1"/>',
        f'<text x="{left - 5}" y="{top + 4}" font-size="10" text-anchor="end">100%</text>',
        f'<text x="{left - 5}" y="{top + height}" font-size="10" text-anchor="end">0%</text>',
    ]
    for i, t in enumerate(trend):
        x = left + i * slot + 8
        centre = x + (slot - 16) / 2
        label = escape(date_format(t["day"], "j M"))
        parts.append(
            f'<text x="{centre:.1f}" y="{top + height + 14}" font-size="10" '
            f'text-anchor="middle">{label}</text>'
        )
        if not t["reached"]:
            # Upright along the empty slot, so a long phrase never runs into the next day.
            parts.append(
                f'<text x="{centre + 3:.1f}" y="{top + height - 4}" font-size="9" fill="#555" '
                f'transform="rotate(-90 {centre + 3:.1f} {top + height - 4})">'
                f"{escape(_not_yet())}</text>"
            )
            continue
        h = round(height * t["percent"] / 100, 1)
        parts.append(
            f'<rect x="{x}" y="{top + height - h:.1f}" width="{slot - 16}" height="{h}" '
            f'fill="{DAY_COLOURS[2]}"/>'
            f'<text x="{centre:.1f}" y="{top + height - h - 4:.1f}" font-size="10" '
            f'text-anchor="middle">{_number(t["percent"])}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    """A share as the page's language writes it (50,0 in Indonesian)."""
    return str(number_format(value, 1))
