"""Reading a participant list (CSV or XLSX with the columns nip,name,unit_code,phone,email) into
checked rows and a report of every bad row: line number (the header is line 1), column, message.

Column names are accepted in English or Indonesian (`nama`, `kode_unit`, `telepon`, `surel`,
`kelompok`…), in any case and with spaces or dashes for underscores; `template_xlsx` writes
the list to fill in, with a NIP column formatted as text.

A NIP is never changed on the way in. Spreadsheets keep a number to 15 significant digits, so
an 18-digit NIP typed into a cell formatted as a number has already lost its last digits
(197203032012031002 is stored as 197203032012031008). Every NIP cell of an XLSX that holds a
number is therefore refused, whether or not the digits still make a valid NIP, with the line
and the fix; in a CSV, the traces such a number leaves (scientific notation, a NIP ending in
000) are refused the same way.

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
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cegah.campaigns.models import Campaign, Group
from cegah.campaigns.nip import validate_nip
from cegah.lib.phone import normalize_phone
from cegah.lib.uploads import sniff

COLUMNS = ("nip", "name", "unit_code", "phone", "email", "group")
# `nip` may be left out only by a file with a `group` column (PKK or Dharma Wanita members).
REQUIRED = ("nip", "name", "unit_code")
# The names a column goes by, after `header_key()`: today's English ones and the Indonesian
# ones people write (and the template uses).
ALIASES = {
    "nip": "nip",
    "nip_baru": "nip",
    "name": "name",
    "nama": "name",
    "nama_lengkap": "name",
    "nama_pegawai": "name",
    "unit_code": "unit_code",
    "kode_unit": "unit_code",
    "kode_unit_kerja": "unit_code",
    "kode_instansi": "unit_code",
    "phone": "phone",
    "telepon": "phone",
    "nomor_telepon": "phone",
    "no_telepon": "phone",
    "telp": "phone",
    "no_telp": "phone",
    "hp": "phone",
    "no_hp": "phone",
    "nomor_hp": "phone",
    "whatsapp": "phone",
    "no_wa": "phone",
    "nomor_whatsapp": "phone",
    "email": "email",
    "e_mail": "email",
    "surel": "email",
    "alamat_email": "email",
    "group": "group",
    "kelompok": "group",
}
# The template's column names, by language of the page it is downloaded from.
TEMPLATE_COLUMNS = {
    "id": ("nip", "nama", "kode_unit", "telepon", "email", "kelompok"),
    "en": COLUMNS,
}
MAX_BYTES = 50 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
XLSX_NAMES = (".xlsx", ".xlsm", ".xltx", ".xls")
# What a spreadsheet writes into a CSV for a long number: 1.97203E+17 (or with a comma).
_SCIENTIFIC = re.compile(r"^\d([.,]\d+)?[eE]\+?\d+$")


def header_key(text: str) -> str:
    """A column name reduced to what tells it apart: "No. HP" → "no_hp", "E-mail" → "e_mail"."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


class FileRefused(Exception):
    """The upload is not a list this importer reads; the message says what it is and what to do."""

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
        return f"{value:.0f}"
    return str(value).strip()


def _is_number(value: Any) -> bool:
    """Whether a spreadsheet stored the cell as a number (True/False are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian write CSV with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _data_sheet(workbook: Any) -> Any:
    """The sheet the list is on: the template's "Peserta"/"Participants" sheet, else the first."""
    names = {"peserta", "participants"}
    return next(
        (s for s in workbook.worksheets if s.title.lower() in names), workbook.worksheets[0]
    )


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        for values in _data_sheet(workbook).iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def _kind(content_type: str) -> str:
    """What a file is, as a person would call it (for the message refusing it)."""
    kinds = {
        "application/x-ole-storage": _("an old Excel 97–2003 workbook (.xls)"),
        "application/vnd.ms-excel": _("an old Excel 97–2003 workbook (.xls)"),
        "application/cdfv2": _("an old Excel 97–2003 workbook (.xls)"),
        "application/vnd.oasis.opendocument.spreadsheet": _("an OpenDocument spreadsheet (.ods)"),
        "text/html": _("a web page (HTML) saved under a spreadsheet's name"),
        "text/xml": _("an XML file"),
        "application/xml": _("an XML file"),
        "application/pdf": _("a PDF document"),
        "application/zip": _("a ZIP archive"),
        "text/plain": _("a text (CSV) file"),
        "text/csv": _("a text (CSV) file"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _(
            "a Word document (.docx)"
        ),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": _(
            "a PowerPoint presentation (.pptx)"
        ),
    }
    found = kinds.get(content_type.lower())
    if found:
        return found
    if content_type.startswith("image/"):
        return _("a picture")
    return _("a file of another kind (%(type)s)") % {"type": content_type}


def _refuse_as_workbook(name: str, content_type: str) -> FileRefused:
    return FileRefused(
        _(
            "“%(name)s” is not an Excel workbook (.xlsx) but %(kind)s. Nothing was imported. "
            "Open it in your spreadsheet program, choose “Save as”, pick “Excel Workbook "
            "(.xlsx)” and upload the saved file; the import page offers a template to fill in."
        )
        % {"name": name or "file", "kind": _kind(content_type)}
    )


def read_rows(data: bytes, name: str = "") -> Iterator[list[Any]]:
    """The rows of a CSV or XLSX file, told apart by the content, not the name. A file whose
    name promises a workbook but whose content is something else (an old .xls, a web page
    saved as .xls, a renamed CSV), a ZIP that holds no workbook, or a binary file passed off
    as CSV raises FileRefused."""
    lowered = name.lower()
    if data.startswith(XLSX_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                is_workbook = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_workbook = False
        if not is_workbook:
            raise _refuse_as_workbook(name, sniff(data))
        return _xlsx_rows(io.BytesIO(data))
    content_type = sniff(data)
    if lowered.endswith(XLSX_NAMES) or lowered.endswith(".ods"):
        raise _refuse_as_workbook(name, content_type)
    if not content_type.startswith("text/") or content_type == "text/html":
        raise FileRefused(
            _(
                "“%(name)s” is %(kind)s, not a participant list. Nothing was imported. Upload "
                "the list as an Excel workbook (.xlsx) or a CSV file."
            )
            % {"name": name or "file", "kind": _kind(content_type)}
        )
    return _csv_rows(data)


def numeric_nip_message() -> str:
    return _(
        "The NIP is stored as a number, and a spreadsheet keeps only 15 digits of a number, so "
        "its last digits may already be changed. Format the NIP column as Text, type these "
        "NIPs again and upload the file again (the template has the column ready)."
    )


def _rounded_nip_message(raw: str) -> str | None:
    """The fix for a NIP a spreadsheet wrote into a CSV as a number, or None."""
    if _SCIENTIFIC.match(raw):
        return _(
            "“%(value)s” is a NIP written as a number in scientific notation: a spreadsheet "
            "has cut it to 15 digits. Format the NIP column as Text, type these NIPs again and "
            "save the file again."
        ) % {"value": raw}
    if len(raw) == 18 and raw.isdigit() and raw.endswith("000"):
        return _(
            "A NIP does not end in 000 (its last three digits count from 001): a spreadsheet "
            "has probably rounded this one to 15 digits. Format the NIP column as Text, type "
            "these NIPs again and save the file again."
        )
    return None


def check_rows(campaign: Campaign, rows: Iterable[list[Any]], *, from_csv: bool = False) -> Report:
    """Check every row against the columns' rules and the campaign's target agencies."""
    report = Report()
    units = {code.lower(): pk for pk, code in campaign.targets.values_list("pk", "code")}
    allowed_groups = set(campaign.groups)
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        report.errors.append(RowError(1, "", _("The file is empty.")))
        return report
    index: dict[str, int] = {}
    written: dict[str, str] = {}  # each column's name as the file writes it
    for position, raw_name in enumerate(header):
        text = _cell(raw_name)
        if not text:
            continue
        column = ALIASES.get(header_key(text))
        if column is None:
            report.errors.append(
                RowError(
                    1,
                    text,
                    _(
                        "Unknown column; expected nip, name (nama), unit_code (kode_unit), "
                        "phone (telepon), email and group (kelompok)."
                    ),
                )
            )
        elif column in index:
            report.errors.append(
                RowError(
                    1,
                    text,
                    _("“%(first)s” and “%(second)s” are the same column; keep one.")
                    % {"first": written[column], "second": text},
                )
            )
        else:
            index[column] = position
            written[column] = text
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

    def raw(values: list[Any], column: str) -> Any:
        position = index.get(column)
        return None if position is None or position >= len(values) else values[position]

    def error(line: int, column: str, message: str) -> None:
        report.errors.append(RowError(line, written.get(column, column), message))

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
                error(
                    line,
                    "group",
                    _("“%(group)s” is not a group; use asn, pkk or dharma_wanita.")
                    % {"group": raw_group},
                )
            elif allowed_groups and group not in allowed_groups:
                error(
                    line,
                    "group",
                    _("This campaign does not include %(group)s.") % {"group": Group(group).label},
                )
        raw_nip = get(values, "nip")
        nip = ""
        rounded = _rounded_nip_message(raw_nip) if from_csv else None
        if _is_number(raw(values, "nip")):
            error(line, "nip", numeric_nip_message())
        elif rounded:
            error(line, "nip", rounded)
        elif raw_nip or group == Group.ASN.value:
            try:
                nip = validate_nip(raw_nip)
            except ValidationError as exc:
                error(line, "nip", exc.messages[0])
        name = get(values, "name")
        if not name:
            error(line, "name", _("The name is missing."))
        elif len(name) > 150:
            error(line, "name", _("The name is longer than 150 characters."))
        unit_code = get(values, "unit_code")
        agency_id = units.get(unit_code.lower())
        if agency_id is None:
            error(
                line,
                "unit_code",
                _("“%(code)s” is not one of the campaign's target agencies.") % {"code": unit_code},
            )
        phone = get(values, "phone")
        if phone:
            try:
                phone = normalize_phone(phone)
            except ValidationError as exc:
                error(line, "phone", exc.messages[0])
        email = get(values, "email").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error(line, "email", _("Enter a valid email address."))
        if not raw_nip and group != Group.ASN.value and not (phone or email):
            error(
                line,
                "phone",
                _("Without a NIP, give a phone number or an email to tell this person apart."),
            )
        if len(report.errors) > errors or agency_id is None:
            continue
        row = Row(line, nip, name, agency_id, phone, email, group)
        if row.key in report.rows:
            report.duplicates += 1
        report.rows[row.key] = row
    return report


def check_file(campaign: Campaign, upload: IO[bytes], name: str = "") -> Report:
    """Read and check an uploaded file; a file too large, of another kind or unreadable is one
    error on line 1, and nothing is imported."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Report(errors=[RowError(1, "", _("The file is larger than 50 MB."))])
    if not data:
        return Report(errors=[RowError(1, "", _("The file is empty."))])
    try:
        rows = read_rows(data, name)
        return check_rows(campaign, rows, from_csv=not data.startswith(XLSX_MAGIC))
    except FileRefused as exc:
        return Report(errors=[RowError(1, "", exc.message)])
    except csv.Error as exc:
        return Report(
            errors=[RowError(1, "", _("The file could not be read: %(reason)s") % {"reason": exc})]
        )
    except (ValueError, KeyError, OSError, zipfile.BadZipFile):
        return Report(
            errors=[
                RowError(
                    1,
                    "",
                    _(
                        "The workbook could not be read; it may be damaged or protected by a "
                        "password. Open it, save it again as “Excel Workbook (.xlsx)” without a "
                        "password and upload it again."
                    ),
                )
            ]
        )


# How many rows of the template are formatted one by one (beyond them the column's own text
# format applies, which Excel and LibreOffice give to every new cell of the column).
TEMPLATE_ROWS = 2000
# The last row of a sheet: rules on the template's columns hold for every row one adds.
WHOLE_COLUMN = 1048576


def template_xlsx(campaign: Campaign) -> bytes:
    """The list to fill in: a "Peserta" sheet whose NIP and phone columns are formatted as
    text (so no digit is lost and no leading zero dropped), with the campaign's unit codes to
    pick from, the groups it takes, and a sheet of instructions. Column names are the page's
    language's; the importer accepts both languages'."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    language = (get_language() or "id")[:2]
    names = TEMPLATE_COLUMNS.get(language, TEMPLATE_COLUMNS["id"])
    with_groups = any(g != Group.ASN.value for g in campaign.groups)
    columns = names if with_groups else names[:5]
    targets = list(campaign.targets.order_by("name").values_list("code", "name"))

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Participants")
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = {"A": 22, "B": 36, "C": 22, "D": 18, "E": 30, "F": 16}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    # Text, not numbers: the NIP (column A) and the phone (column D).
    for letter in ("A", "D"):
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "@"

    nip_rule = DataValidation(
        type="textLength",
        operator="equal",
        formula1="18",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("NIP"),
        error=_("A NIP has exactly 18 digits."),
    )
    nip_rule.add(f"A2:A{WHOLE_COLUMN}")
    sheet.add_data_validation(nip_rule)

    codes = book.create_sheet(_("Unit codes"))
    codes.append([_("Unit code"), _("Unit name")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for code, name in targets:
        codes.append([code, name])
    codes.column_dimensions["A"].width = 24
    codes.column_dimensions["B"].width = 50
    if targets:
        # A drop-down on every row of the unit-code column, listing the codes sheet's cells:
        # a list of values typed into the rule itself is capped at 255 characters, which a
        # regency's forty-odd unit codes exceed.
        quoted = codes.title.replace("'", "''")
        unit_rule = DataValidation(
            type="list",
            formula1=f"'{quoted}'!$A$2:$A${len(targets) + 1}",
            allow_blank=True,
            showInputMessage=True,
            promptTitle=_("Unit code"),
            prompt=_("Pick the unit from the list."),
            showErrorMessage=True,
            errorTitle=_("Unit code"),
            error=_("Pick one of the codes on the “Unit codes” sheet."),
        )
        unit_rule.add(f"C2:C{WHOLE_COLUMN}")
        sheet.add_data_validation(unit_rule)
    if with_groups:
        allowed = [g for g in campaign.groups if g in Group.values]
        group_rule = DataValidation(
            type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True
        )
        group_rule.add(f"F2:F{WHOLE_COLUMN}")
        sheet.add_data_validation(group_rule)

    help_sheet = book.create_sheet(_("Instructions"))
    help_sheet.column_dimensions["A"].width = 110
    lines = [
        _("Participant list for “%(title)s”") % {"title": campaign.title},
        "",
        _("Fill in one person per row on the first sheet; keep the header on line 1."),
        _(
            "The NIP and phone columns are formatted as Text. Keep them so: a NIP typed into "
            "a number cell loses its last digits, and the import refuses it."
        ),
        _(
            "When you paste NIPs from another file, paste them as text (Paste Special → "
            "Unformatted text), or format that file's column as Text and type them again first."
        ),
        _("The unit code must be one of the codes on the “Unit codes” sheet."),
        _("Phone and email are optional for civil servants."),
    ]
    if with_groups:
        lines.append(
            _(
                "Group: asn (civil servants, the default when empty), pkk or dharma_wanita; "
                "PKK and Dharma Wanita members need no NIP but a phone or an email."
            )
        )
    lines.append(
        _(
            "Check the file with “Only check the file, import nothing” first: every bad row is listed with its "
            "line, and nothing is imported until every row is right."
        )
    )
    for text in lines:
        help_sheet.append([text])
        help_sheet.cell(row=help_sheet.max_row, column=1).alignment = Alignment(wrap_text=True)
    help_sheet["A1"].font = Font(bold=True, size=13)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
