"""Reading office lists, service standards and sector figures from CSV or XLSX files, with a
report of every bad row (line number, the header being line 1, column, message), all or
nothing.

Each kind of file is a `Dataset`: its columns, the names each column goes by (English, and
the Indonesian the publishers' open-data files use), and how a cell is read. The column
mappings are documented in `docs/decisions/0018-offices-posters-sector-data.md`; `mapping()`
gives the same table for the import page.

Files are streamed: a CSV is read line by line from the uploaded file (Django keeps a large
upload on disk), a workbook with openpyxl's read-only mode. Every row is checked in one pass
against what was loaded once before it (region codes, the agencies the person manages, the
service codes); the offices a file names are then looked up in chunks. Only when no row has
an error are the rows written, in batches inside one transaction (`actions.import_file`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cegah.offices.models import ImportKind, OfficeKind

MAX_BYTES = 300 * 1024 * 1024
MAX_ERRORS_KEPT = 5000
XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 5000


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the person's language."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Report:
    """What a file held and what became of it: every error (`error_count` counts them all;
    only the first `MAX_ERRORS_KEPT` are kept), the rows read, created and updated."""

    kind: str
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    lines: int = 0
    created: int = 0
    updated: int = 0
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, line: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(line, column, message))


def header_key(text: str) -> str:
    """A column name reduced to what tells it apart: "Kode Wilayah" → "kode_wilayah"."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value).strip()


# Cell readers. Each takes the cell as text and returns the value or raises CellError.


def text(max_length: int) -> Callable[[str], str]:
    def read(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("Longer than %(n)s characters.") % {"n": max_length})
        return value

    return read


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def office_code(value: str) -> str:
    if not _CODE.match(value):
        raise CellError(
            _("A code has 1 to 40 letters, digits, dots, dashes or underscores, and no spaces.")
        )
    return value


_REGION = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def region_code(value: str) -> str:
    # Open-data files often write the village code without dots: 3310012001.
    digits = value.replace(".", "")
    if digits.isdigit() and "." not in value and len(digits) in (2, 4, 6, 10):
        parts = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
        value = ".".join(p for p in parts if p)
    if not _REGION.match(value):
        raise CellError(
            _("“%(value)s” is not a Kemendagri region code such as 33.10 or 33.10.01.2001.")
            % {"value": value}
        )
    return value


_KIND_NAMES = {
    **{k.value: k.value for k in OfficeKind},
    "sekolah": "school",
    "sd": "school",
    "smp": "school",
    "sma": "school",
    "smk": "school",
    "mi": "school",
    "mts": "school",
    "ma": "school",
    "slb": "school",
    "kampus": "campus",
    "perguruan_tinggi": "campus",
    "universitas": "campus",
    "rumah_sakit": "hospital",
    "rs": "hospital",
    "rsud": "hospital",
    "kantor_desa": "village_office",
    "desa": "village_office",
    "kelurahan": "village_office",
    "kantor_kelurahan": "village_office",
    "disdukcapil": "dukcapil",
    "polres": "police",
    "polsek": "police",
    "polisi": "police",
    "imigrasi": "immigration",
    "kantor_imigrasi": "immigration",
    "pelabuhan": "port",
    "ksop": "port",
    "syahbandar": "port",
    "lainnya": "other",
}


def office_kind(value: str) -> str:
    kind = _KIND_NAMES.get(header_key(value))
    if kind is None:
        raise CellError(
            _("“%(value)s” is not a kind of office; use one of: %(kinds)s.")
            % {"value": value, "kinds": ", ".join(OfficeKind.values)}
        )
    return kind


def email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError as exc:
        raise CellError(_("Enter a valid email address.")) from exc
    return value.lower()


def website(value: str) -> str:
    if "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise CellError(_("Enter a valid web address.")) from exc
    return value


_MONEY_NOISE = re.compile(r"(?i)^rp\.?\s*|\s|,-$|\.-$")


def rupiah(value: str) -> int:
    """Whole rupiah: 1.234.567, 1,234,567, Rp 1.234.567,00 or a workbook number."""
    cleaned = _MONEY_NOISE.sub("", value)
    cleaned = re.sub(r"[.,]00$", "", cleaned)
    digits = cleaned.replace(".", "").replace(",", "")
    if not digits.isdigit():
        raise CellError(_("“%(value)s” is not an amount in whole rupiah.") % {"value": value})
    amount = int(digits)
    if amount > 10**15:
        raise CellError(_("The amount is too large."))
    return amount


def whole_number(value: str) -> int:
    digits = value.replace(".", "").replace(",", "")
    if not digits.isdigit() or len(digits) > 9:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(digits)


def year(value: str) -> int:
    if not (value.isdigit() and 2000 <= int(value) <= 2100):
        raise CellError(_("“%(value)s” is not a year between 2000 and 2100.") % {"value": value})
    return int(value)


_STAGES = {"": 0, "0": 0, "1": 1, "2": 2, "3": 3, "i": 1, "ii": 2, "iii": 3, "tahunan": 0}


def stage(value: str) -> int:
    key = re.sub(r"(?i)^(tahap|stage)\s*", "", value.strip()).lower()
    if key not in _STAGES:
        raise CellError(
            _("“%(value)s” is not a stage; use 1, 2 or 3 (0 or empty for the whole year).")
            % {"value": value}
        )
    return _STAGES[key]


_BOOLEANS = {
    "ya": True,
    "yes": True,
    "y": True,
    "1": True,
    "true": True,
    "tidak": False,
    "no": False,
    "n": False,
    "0": False,
    "false": False,
}


def yes_no(value: str) -> bool:
    key = value.strip().lower()
    if key not in _BOOLEANS:
        raise CellError(_("Write ya or tidak (yes or no)."))
    return _BOOLEANS[key]


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    read: Callable[[str], Any]
    required: bool = False
    help: Any = ""


@dataclass(frozen=True)
class Dataset:
    kind: str
    title: Any
    columns: tuple[Column, ...]

    def alias_map(self) -> dict[str, str]:
        names = {}
        for column in self.columns:
            names[column.key] = column.key
            for alias in column.aliases:
                names[alias] = column.key
        return names


_OFFICE_CODE = (
    "kode",
    "kode_unit",
    "kode_kantor",
    "npsn",
    "kode_faskes",
    "kode_desa",
    "office_code",
)

OFFICES = Dataset(
    ImportKind.OFFICES,
    gettext_lazy("Service offices"),
    (
        Column(
            "code",
            ("kode", "kode_unit", "kode_kantor", "npsn", "kode_faskes", "kode_ppk"),
            office_code,
            True,
            gettext_lazy("NPSN, facility code, Kemendagri village code or the agency's own"),
        ),
        Column(
            "kind",
            ("jenis", "jenis_unit", "jenis_layanan", "bentuk_pendidikan"),
            office_kind,
            True,
            gettext_lazy("school, puskesmas, village_office, dukcapil…"),
        ),
        Column(
            "name",
            ("nama", "nama_unit", "nama_sekolah", "nama_faskes", "nama_kantor"),
            text(200),
            True,
        ),
        Column(
            "region_code",
            ("kode_wilayah", "kode_kemendagri", "wilayah", "kode_desa_kemendagri"),
            region_code,
            True,
            gettext_lazy("Kemendagri code, with or without dots"),
        ),
        Column("address", ("alamat", "alamat_jalan"), text(300)),
        Column("phone", ("telepon", "telp", "no_telp", "nomor_telepon"), text(40)),
        Column("email", ("surel", "e_mail"), email),
        Column("website", ("situs", "laman", "web"), website),
        Column(
            "agency_code",
            ("kode_instansi",),
            text(64),
            help=gettext_lazy("The responsible agency; default: the one chosen for the import"),
        ),
    ),
)

STANDARDS = Dataset(
    ImportKind.STANDARDS,
    gettext_lazy("Service standards"),
    (
        Column("office_code", _OFFICE_CODE, office_code, True),
        Column(
            "service_code",
            ("kode_layanan", "layanan"),
            text(80),
            True,
            gettext_lazy("A service code of the fee registry (/cek-biaya/)"),
        ),
        Column("requirements", ("persyaratan",), text(4000)),
        Column("procedure", ("prosedur", "sistem_mekanisme_prosedur", "alur"), text(4000)),
        Column("completion_time", ("jangka_waktu", "waktu_penyelesaian", "waktu"), text(200)),
        Column("fee_note", ("catatan_biaya", "keterangan_biaya"), text(300)),
        Column("product", ("produk", "produk_pelayanan"), text(300)),
        Column("complaints", ("pengaduan", "penanganan_pengaduan"), text(4000)),
    ),
)

BOS = Dataset(
    ImportKind.BOS,
    gettext_lazy("School BOS funds"),
    (
        Column("office_code", ("npsn", *_OFFICE_CODE), office_code, True),
        Column("year", ("tahun", "tahun_anggaran"), year, True),
        Column("stage", ("tahap", "periode"), stage),
        Column(
            "students",
            ("jumlah_siswa", "siswa", "peserta_didik", "jumlah_peserta_didik"),
            whole_number,
        ),
        Column(
            "received_idr",
            (
                "penerimaan",
                "dana_diterima",
                "diterima",
                "penyaluran",
                "jumlah_dana",
                "nilai_penyaluran",
                "received",
            ),
            rupiah,
            True,
        ),
        Column(
            "spent_idr", ("penggunaan", "realisasi", "dana_digunakan", "belanja", "spent"), rupiah
        ),
    ),
)

VILLAGE_FUNDS = Dataset(
    ImportKind.VILLAGE_FUNDS,
    gettext_lazy("Village funds (Dana Desa)"),
    (
        Column("office_code", ("kode_desa", *_OFFICE_CODE), office_code, True),
        Column("year", ("tahun", "tahun_anggaran"), year, True),
        Column("stage", ("tahap",), stage),
        Column("ceiling_idr", ("pagu", "pagu_dana_desa", "ceiling"), rupiah),
        Column(
            "disbursed_idr",
            ("penyaluran", "realisasi", "realisasi_penyaluran", "salur", "disbursed"),
            rupiah,
            True,
        ),
    ),
)

HEALTH = Dataset(
    ImportKind.HEALTH,
    gettext_lazy("Health facilities"),
    (
        Column("office_code", ("kode_faskes", "kode_ppk", *_OFFICE_CODE), office_code, True),
        Column("year", ("tahun",), year, True),
        Column("accreditation", ("akreditasi", "status_akreditasi"), text(40)),
        Column("beds", ("tempat_tidur", "jumlah_tempat_tidur", "tt"), whole_number),
        Column("doctors", ("dokter", "jumlah_dokter"), whole_number),
        Column("bpjs_partner", ("kerja_sama_bpjs", "bpjs", "mitra_bpjs"), yes_no),
    ),
)

DATASETS: dict[str, Dataset] = {d.kind: d for d in (OFFICES, STANDARDS, BOS, VILLAGE_FUNDS, HEALTH)}
# Which office kinds a sector file may name.
SECTOR_KINDS: dict[str, tuple[str, ...]] = {
    ImportKind.BOS: (OfficeKind.SCHOOL,),
    ImportKind.VILLAGE_FUNDS: (OfficeKind.VILLAGE_OFFICE,),
    ImportKind.HEALTH: (OfficeKind.PUSKESMAS, OfficeKind.HOSPITAL),
}


def mapping(kind: str) -> list[tuple[str, str, bool, str]]:
    """The column mapping of a kind of file, for the import page: column, other names,
    required, note."""
    return [(c.key, ", ".join(c.aliases), c.required, str(c.help)) for c in DATASETS[kind].columns]


# Reading the file


class FileRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _csv_rows(stream: IO[bytes]) -> Iterator[list[str]]:
    head = stream.read(65536)
    stream.seek(0)
    if b"\x00" in head[:8192]:
        raise FileRefused(
            _("The file is not a CSV text file or an Excel workbook (.xlsx). Nothing was imported.")
        )
    try:
        # A cut in the middle of a character at the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    first = head.split(b"\n", 1)[0]
    # Spreadsheets set to Indonesian write CSV with semicolons.
    delimiter = ";" if first.count(b";") > first.count(b",") else ","
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    yield from csv.reader(wrapper, delimiter=delimiter)


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRefused(
            _(
                "The workbook could not be read; it may be damaged or protected by a password. "
                "Save it again as “Excel Workbook (.xlsx)” and upload it again."
            )
        ) from exc
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def read_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    """The rows of a CSV or XLSX file, told apart by the content, not the name."""
    start = stream.read(4)
    stream.seek(0)
    if start == XLSX_MAGIC:
        return _xlsx_rows(stream)
    return _csv_rows(stream)


@dataclass
class Header:
    index: dict[str, int]
    written: dict[str, str]


def read_header(dataset: Dataset, header: list[Any], report: Report) -> Header | None:
    aliases = dataset.alias_map()
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    for position, raw in enumerate(header):
        name = _cell(raw)
        if not name:
            continue
        key = aliases.get(header_key(name))
        if key is None:
            report.unknown_columns.append(name)
        elif key in index:
            report.add(
                1,
                name,
                _("“%(first)s” and “%(second)s” are the same column; keep one.")
                % {"first": written[key], "second": name},
            )
        else:
            index[key] = position
            written[key] = name
    for column in dataset.columns:
        if column.required and column.key not in index:
            report.add(1, column.key, _("This column is missing."))
    return None if report.error_count else Header(index, written)


def iter_rows(dataset: Dataset, stream: IO[bytes], report: Report) -> Iterator[dict[str, Any]]:
    """Read and check every row's cells (not yet against the database), yielding the rows
    whose cells are all good, each with its `line`; every bad cell goes into `report`. A
    file that cannot be read is one error on line 1. Rows are not kept: a file of 500,000
    rows passes through in batches."""
    try:
        rows = read_rows(stream)
        header_row = next(rows, None)
        if header_row is None:
            report.add(1, "", _("The file is empty."))
            return
        header = read_header(dataset, header_row, report)
        if header is None:
            return
        columns = [
            (c, header.index.get(c.key), header.written.get(c.key, c.key)) for c in dataset.columns
        ]
        for line, values in enumerate(rows, start=2):
            if not any(v is not None and _cell(v) for v in values):
                continue  # blank lines, often at the end of spreadsheets
            report.lines += 1
            row: dict[str, Any] = {"line": line}
            good = True
            for column, position, name in columns:
                raw = (
                    _cell(values[position])
                    if position is not None and position < len(values)
                    else ""
                )
                if not raw:
                    if column.required:
                        report.add(line, name, _("This cell is empty."))
                        good = False
                    row[column.key] = None
                    continue
                try:
                    row[column.key] = column.read(raw)
                except CellError as exc:
                    report.add(line, name, str(exc))
                    good = False
            if good:
                yield row
    except FileRefused as exc:
        report.add(1, "", exc.message)
    except csv.Error as exc:
        report.add(1, "", _("The file could not be read: %(reason)s") % {"reason": exc})


def empty_message() -> str:
    return _("The file has a header but no rows.")
