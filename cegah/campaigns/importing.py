"""Reading a participant list (CSV or XLSX with the columns nip,name,unit_code,phone,email) into
checked rows and a report of every bad row: line number (the header is line 1), column, message.

An optional sixth column `group` names who the person is: `asn` (civil servant, the default
when the column is missing or empty), `pkk` or `dharma_wanita` (the labels "PKK" and "Dharma
Wanita" are accepted too), and must be one of the campaign's participant groups. A civil
servant needs a valid NIP; a member of PKK or Dharma Wanita has none and is told apart by phone
or email instead, so one of those two is required without a NIP. Repeated rows are merged,
the last one winning: by NIP, else by phone, else by email.

Nothing here touches the database except one query for the campaign's target agencies; the
rows are written by `actions.import_participants`, all of them or none.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cegah.campaigns.models import Campaign, Group
from cegah.campaigns.nip import validate_nip
from cegah.lib.phone import normalize_phone

COLUMNS = ("nip", "name", "unit_code", "phone", "email", "group")
# `nip` may be left out only by a file with a `group` column (PKK or Dharma Wanita members).
REQUIRED = ("nip", "name", "unit_code")
MAX_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    line: int
    nip: str
    name: str
    agency_id: int
    phone: str
    email: str
    group: str = Group.ASN.value

    @property
    def key(self) -> str:
        """What tells two rows of one person apart: the NIP, else the phone, else the email."""
        return merge_key(self.nip, self.phone, self.email)


def merge_key(nip: str, phone: str, email: str) -> str:
    if nip:
        return nip
    return f"phone:{phone}" if phone else f"email:{email}"


def _group_names() -> dict[str, str]:
    """Accepted spellings of each group: its code and its label in English and Indonesian."""
    names = {}
    for group in Group:
        names[group.value] = group.value
        names[group.value.replace("_", " ")] = group.value
    names.update({"pns": Group.ASN.value, "pkk": Group.PKK.value, "dw": Group.DHARMA_WANITA.value})
    return names


GROUP_NAMES = _group_names()


@dataclass
class Report:
    """What a file holds: the good rows by person (`Row.key`; the last row of a person wins)
    and every error."""

    rows: dict[str, Row] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    lines: int = 0
    duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets keep long numbers as floats and lose digits beyond 15: say so below.
        return f"{value:.0f}"
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian write CSV with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def read_rows(data: bytes, name: str = "") -> Iterator[list[Any]]:
    """The rows of a CSV or XLSX file (sniffed from its first bytes, not its name)."""
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(io.BytesIO(data))
    return _csv_rows(data)


def check_rows(campaign: Campaign, rows: Iterable[list[Any]]) -> Report:
    """Check every row against the columns' rules and the campaign's target agencies."""
    report = Report()
    units = {code.lower(): pk for pk, code in campaign.targets.values_list("pk", "code")}
    allowed_groups = set(campaign.groups)
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        report.errors.append(RowError(1, "", _("The file is empty.")))
        return report
    names = [_cell(h).lower() for h in header]
    index: dict[str, int] = {}
    for position, column in enumerate(names):
        if not column:
            continue
        if column not in COLUMNS:
            report.errors.append(
                RowError(
                    1,
                    column,
                    _("Unknown column; expected nip, name, unit_code, phone, email (and group)."),
                )
            )
        elif column in index:
            report.errors.append(RowError(1, column, _("This column appears twice.")))
        else:
            index[column] = position
    for column in ("name", "unit_code") if "group" in index else REQUIRED:
        if column not in index:
            report.errors.append(RowError(1, column, _("This column is missing.")))
    if report.errors:
        return report

    def get(values: list[Any], column: str) -> str:
        position = index.get(column)
        if position is None or position >= len(values):
            return ""
        return _cell(values[position])

    for line, values in enumerate(iterator, start=2):
        if not any(_cell(v) for v in values):
            continue  # blank lines at the end of spreadsheets
        report.lines += 1
        errors = len(report.errors)
        group = Group.ASN.value
        raw_group = get(values, "group")
        if raw_group:
            group = GROUP_NAMES.get(" ".join(raw_group.lower().replace("_", " ").split()), "")
            if not group:
                report.errors.append(
                    RowError(
                        line,
                        "group",
                        _("“%(group)s” is not a group; use asn, pkk or dharma_wanita.")
                        % {"group": raw_group},
                    )
                )
            elif allowed_groups and group not in allowed_groups:
                report.errors.append(
                    RowError(
                        line,
                        "group",
                        _("This campaign does not include %(group)s.")
                        % {"group": Group(group).label},
                    )
                )
        raw_nip = get(values, "nip")
        nip = ""
        if raw_nip or group == Group.ASN.value:
            try:
                nip = validate_nip(raw_nip)
            except ValidationError as exc:
                message = exc.messages[0]
                if "nip" in index and position_is_float(values, index["nip"]):
                    message = _(
                        "The NIP was stored as a number and lost digits; format the column as text."
                    )
                report.errors.append(RowError(line, "nip", message))
        name = get(values, "name")
        if not name:
            report.errors.append(RowError(line, "name", _("The name is missing.")))
        elif len(name) > 150:
            report.errors.append(
                RowError(line, "name", _("The name is longer than 150 characters."))
            )
        unit_code = get(values, "unit_code")
        agency_id = units.get(unit_code.lower())
        if agency_id is None:
            report.errors.append(
                RowError(
                    line,
                    "unit_code",
                    _("“%(code)s” is not one of the campaign's target agencies.")
                    % {"code": unit_code},
                )
            )
        phone = get(values, "phone")
        if phone:
            try:
                phone = normalize_phone(phone)
            except ValidationError as exc:
                report.errors.append(RowError(line, "phone", exc.messages[0]))
        email = get(values, "email").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                report.errors.append(RowError(line, "email", _("Enter a valid email address.")))
        if not raw_nip and group != Group.ASN.value and not (phone or email):
            report.errors.append(
                RowError(
                    line,
                    "phone",
                    _("Without a NIP, give a phone number or an email to tell this person apart."),
                )
            )
        if len(report.errors) > errors or agency_id is None:
            continue
        row = Row(line, nip, name, agency_id, phone, email, group)
        if row.key in report.rows:
            report.duplicates += 1
        report.rows[row.key] = row
    return report


def position_is_float(values: list[Any], position: int) -> bool:
    return position < len(values) and isinstance(values[position], float)


def check_file(campaign: Campaign, upload: IO[bytes], name: str = "") -> Report:
    """Read and check an uploaded file; a file too large or unreadable is one error on line 1."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Report(errors=[RowError(1, "", _("The file is larger than 50 MB."))])
    try:
        return check_rows(campaign, read_rows(data, name))
    except (csv.Error, ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        return Report(
            errors=[RowError(1, "", _("The file could not be read: %(reason)s") % {"reason": exc})]
        )
