"""The campaign report "Laporan Pelaksanaan Kampanye" as XLSX and PDF.

Both files carry the numbers of `stats.campaign_stats` (the dashboard's and the stats API's):
the circular letter, the period, per agency the participants, those who confirmed each day with
their share, and the clicks, with totals. The PDF adds a bar chart of confirmations per agency
per day, drawn here as inline SVG so WeasyPrint needs nothing from outside.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cegah.agencies.models import Agency
from cegah.campaigns import stats
from cegah.campaigns.models import Campaign

# Bars of the chart, one colour per day (colour-blind-safe palette, Okabe–Ito).
DAY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def report_numbers(campaign: Campaign, scope: list[Agency] | None) -> dict[str, Any]:
    """The numbers of the report: exactly the dashboard's."""
    return stats.campaign_stats(campaign, scope)


def filename(campaign: Campaign, scope: list[Agency] | None, extension: str) -> str:
    suffix = "-" + "-".join(a.code for a in scope) if scope else ""
    return f"laporan-kampanye-{campaign.pk}{suffix}.{extension}"


def _day(day: dt.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else "–"


def xlsx_bytes(campaign: Campaign, numbers: dict[str, Any], scope: list[Agency] | None) -> bytes:
    """One sheet: the heading block, then the per-agency table with a totals row."""
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
            row += [d["confirmed"], d["percent"]]
        row += [agency["clicks"], agency["unique_visitors"]]
        sheet.append(row)
    total: list[Any] = ["", _("Total"), numbers["participants"]]
    for d in numbers["totals"]:
        total += [d["confirmed"], d["percent"]]
    total += [numbers["clicks"], numbers["unique_visitors"]]
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in sheet.iter_rows():
        for cell in line:
            if cell.data_type == "f":  # text that starts with "=" stays text, never a formula
                cell.data_type = "s"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_svg(numbers: dict[str, Any]) -> str:
    """A grouped bar chart: per agency one bar per day, the height the number confirmed.
    Plain SVG with a title and a legend; the table next to it carries the same numbers."""
    agencies = numbers["agencies"]
    days: list[dt.date] = numbers["days"]
    if not agencies or not days:
        return ""
    peak = max([d["confirmed"] for a in agencies for d in a["days"]] + [1])
    bar, gap, left, top, height = 10, 14, 40, 20, 160
    group = bar * len(days) + gap
    width = left + group * len(agencies) + 10
    legend_y = top + height + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{legend_y + 20}" '
        f'viewBox="0 0 {width} {legend_y + 20}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(_("Confirmations per agency per day"))}</title>',
        f'<line x1="{left}" y1="{top + height}" x2="{width - 10}" y2="{top + height}" '
        'stroke="#333" stroke-width="1"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="8" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + height}" font-size="8" text-anchor="end">0</text>',
    ]
    for i, agency in enumerate(agencies):
        x0 = left + gap / 2 + i * group
        for j, d in enumerate(agency["days"]):
            h = round(height * d["confirmed"] / peak, 1)
            parts.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{top + height - h:.1f}" width="{bar - 1}" '
                f'height="{h:.1f}" fill="{DAY_COLOURS[j % len(DAY_COLOURS)]}">'
                f"<title>{escape(agency['name'])} · {d['day'].isoformat()}: "
                f"{d['confirmed']}</title></rect>"
            )
        label_x = x0 + bar * len(days) / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{top + height + 10}" font-size="7" '
            f'text-anchor="end" transform="rotate(-35 {label_x:.1f} {top + height + 10})">'
            f"{escape(agency['code'])}</text>"
        )
    for j, day in enumerate(days):
        x = left + j * 70
        parts.append(
            f'<rect x="{x}" y="{legend_y - 8}" width="8" height="8" '
            f'fill="{DAY_COLOURS[j % len(DAY_COLOURS)]}"/>'
            f'<text x="{x + 11}" y="{legend_y}" font-size="8">{escape(_day(day))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
