"""Daily figures from the CSV exports of the platforms' dashboards.

Accepted columns (case and spaces ignored; Indonesian and English names of the platforms'
exports): a date column — `date`, `day`, `tanggal`, `reporting starts` — and any of
`impressions` (`tayangan`, `impresi`), `reach` (`jangkauan`, `accounts reached`), `views`
(`video views`, `plays`, `penayangan`), `followers` (`pengikut`, `total followers`),
`engagements` (`engagement`, `interactions`, `interaksi`). Numbers may carry thousands
separators ("1.234", "1,234"). Dates are `YYYY-MM-DD`, `DD/MM/YYYY` or `MM/DD/YYYY` when the day
is over 12. Other columns are listed back as unknown and ignored; they never pass silently.
A file with any bad row imports nothing; a good file replaces the figures of the days it
holds (an export is the platform's latest truth).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from cegah.reach.models import Account, DailyMetric

ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("date", "day", "tanggal", "reporting starts", "hari"),
    "impressions": ("impressions", "tayangan", "impresi"),
    "reach": ("reach", "jangkauan", "accounts reached"),
    "views": ("views", "video views", "plays", "penayangan"),
    "followers": ("followers", "pengikut", "total followers"),
    "engagements": ("engagements", "engagement", "interactions", "interaksi"),
}
_COLUMN = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
MAX_ROWS = 10_000
MAX_BYTES = 2 * 1024 * 1024  # the messages say 2 MB


@dataclass
class ImportError_:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)


def _key(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower().lstrip("\ufeff"))


def _number(text: str) -> int:
    cleaned = re.sub(r"[.,\s]", "", text.strip())
    if not cleaned:
        return 0
    if not cleaned.isdigit():
        raise ValueError
    return int(cleaned)


def _date(text: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def import_csv(account: Account, raw: bytes, *, dry_run: bool = False) -> ImportResult:
    result = ImportResult()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(ImportError_(1, "", _("The file is not UTF-8 text (CSV).")))
        return result
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        result.errors.append(ImportError_(1, "", _("The file is empty.")))
        return result
    columns: dict[int, str] = {}
    for index, name in enumerate(header):
        key = _key(name)
        if key in _COLUMN:
            columns[index] = _COLUMN[key]
        elif key:
            result.unknown_columns.append(name.strip())
    if "day" not in columns.values():
        result.errors.append(ImportError_(1, "date", _("No date column (date or tanggal).")))
        return result
    values: dict[dt.date, dict[str, int]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.errors.append(
                ImportError_(line, "", _("At most %(n)s rows a file.") % {"n": MAX_ROWS})
            )
            break
        figures: dict[str, int] = {}
        day: dt.date | None = None
        for index, name in columns.items():
            cell = row[index] if index < len(row) else ""
            try:
                if name == "day":
                    day = _date(cell)
                else:
                    figures[name] = _number(cell)
            except ValueError:
                message = (
                    _("“%(value)s” is not a date.")
                    if name == "day"
                    else _("“%(value)s” is not a whole number.")
                ) % {"value": cell}
                result.errors.append(ImportError_(line, header[index].strip(), message))
        if day is not None:
            values[day] = figures
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        existing = {m.day: m for m in account.days.filter(day__in=list(values))}
        for day, figures in values.items():
            metric = existing.get(day) or DailyMetric(account=account, day=day)
            for name, value in figures.items():
                setattr(metric, name, value)
            if metric.pk:
                result.updated += 1
            else:
                result.created += 1
            metric.save()
    return result
