"""A campaign's schedule as an iCalendar feed (RFC 5545): one all-day event per scheduled day.

A small writer rather than a dependency: the feed needs only VCALENDAR, VEVENT, TEXT escaping
(§3.3.11) and line folding at 75 octets (§3.1), all tested in `tests/test_calendar_api.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from cegah.campaigns.models import Campaign

PRODID = "-//Cegah//Kampanye//ID"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as `\\n`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (UTF-8), never inside a
    character; continuation lines begin with a space. Lines are joined with CRLF."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(campaign: Campaign, day: dt.date) -> str:
    """Stable per campaign and day, so a calendar that subscribes updates the same event when
    the material or caption of a day changes."""
    return f"kampanye-{campaign.pk}-{_date(day)}@cegah"


def write(lines: Iterable[tuple[str, str]]) -> str:
    """Content lines (`name` with any parameters, already-escaped value), folded, CRLF-ended."""
    return "".join(fold(f"{name}:{value}") + "\r\n" for name, value in lines)


def campaign_feed(campaign: Campaign, landing_url: str) -> str:
    """The VCALENDAR of a campaign: per scheduled day the items' titles as summary, the day's
    caption as description and the landing page as URL."""
    stamp = _utc(timezone.now())
    lines: list[tuple[str, str]] = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", escape_text(campaign.title)),
        ("X-WR-TIMEZONE", campaign.organiser.timezone),
    ]
    for entry in campaign.schedule.with_items().order_by("day"):
        lines += [
            ("BEGIN", "VEVENT"),
            ("UID", event_uid(campaign, entry.day)),
            ("DTSTAMP", stamp),
            ("DTSTART;VALUE=DATE", _date(entry.day)),
            ("DTEND;VALUE=DATE", _date(entry.day + dt.timedelta(days=1))),
            ("SUMMARY", escape_text("; ".join(i.title for i in entry.ordered_items()))),
            ("DESCRIPTION", escape_text(entry.caption)),
            ("URL;VALUE=URI", landing_url),
            ("TRANSP", "TRANSPARENT"),
            ("END", "VEVENT"),
        ]
    lines.append(("END", "VCALENDAR"))
    return write(lines)
