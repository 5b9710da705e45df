"""Reading import files, as pure Python: CSV or XLSX in, header map and raw rows out.

No Django and no ORM here, so the command line, the web task, tests and benchmarks share it.
A file is streamed: `Table.rows()` yields one row at a time and never holds a CSV in memory.
(XLSX sheets are read by python-calamine, which loads one sheet at a time.)

Every whole-file problem raises `FileError`, whose message exists in Indonesian and English.
Row values are turned into clean records by `importer.values`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

CANONICAL = (
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "relationship",
    "address",
    "rt",
    "rw",
    "kelurahan_code",
    "dwelling_status",
    "phone",
    "ppks_categories",
)
REQUIRED = ("nik", "kk", "name", "kelurahan_code")

# Header names as office staff write them, after `normalise_header`.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "nik",
            "no_nik",
            "nomor_nik",
            "nik_ktp",
            "no_ktp",
            "nomor_ktp",
            "nomor_induk_kependudukan",
        ),
        "nik",
    ),
    **dict.fromkeys(
        (
            "kk",
            "no_kk",
            "nomor_kk",
            "nkk",
            "no_kartu_keluarga",
            "nomor_kartu_keluarga",
            "kartu_keluarga",
        ),
        "kk",
    ),
    **dict.fromkeys(("name", "nama", "nama_lengkap", "nama_anggota", "full_name"), "name"),
    **dict.fromkeys(
        ("birth_place", "tempat_lahir", "tmp_lahir", "tpt_lahir", "place_of_birth"),
        "birth_place",
    ),
    **dict.fromkeys(
        ("birth_date", "tanggal_lahir", "tgl_lahir", "tgl_lhr", "date_of_birth", "dob"),
        "birth_date",
    ),
    **dict.fromkeys(("sex", "jenis_kelamin", "jk", "kelamin", "gender", "l_p"), "sex"),
    **dict.fromkeys(
        (
            "relationship",
            "hubungan",
            "hubungan_keluarga",
            "hubungan_dalam_keluarga",
            "status_hubungan",
            "status_hubungan_dalam_keluarga",
            "shdk",
        ),
        "relationship",
    ),
    **dict.fromkeys(("address", "alamat", "alamat_lengkap"), "address"),
    "rt": "rt",
    "rw": "rw",
    **dict.fromkeys(
        (
            "kelurahan_code",
            "kode_kelurahan",
            "kode_desa",
            "kode_kel",
            "kd_kel",
            "kode_kelurahan_desa",
            "kode_wilayah",
        ),
        "kelurahan_code",
    ),
    **dict.fromkeys(
        (
            "dwelling_status",
            "status_tempat_tinggal",
            "status_rumah",
            "status_tinggal",
            "status_kepemilikan_rumah",
        ),
        "dwelling_status",
    ),
    **dict.fromkeys(
        (
            "phone",
            "hp",
            "no_hp",
            "nomor_hp",
            "telepon",
            "telp",
            "no_telp",
            "no_telepon",
            "nomor_telepon",
        ),
        "phone",
    ),
    **dict.fromkeys(
        ("ppks_categories", "ppks", "kategori_ppks", "jenis_ppks", "kode_ppks"), "ppks_categories"
    ),
}
IGNORE = frozenset({"", "-", "ignore", "abaikan"})

_PARENS = re.compile(r"\([^)]*\)")
_SEPARATORS = re.compile(r"[\s.\-/]+")
_UNDERSCORES = re.compile(r"_+")
_CHUNK = 1 << 20
_SNIFF = 1 << 16
# Excel's hint line naming the separator, e.g. "sep=;".
_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$")


class FileError(Exception):
    """The file as a whole cannot be imported; nothing was written because of it."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_id = message_id
        self.message_en = message_en

    def text(self, language: str | None = "id") -> str:
        return self.message_en if (language or "id").startswith("en") else self.message_id


def normalise_header(name: object) -> str:
    """ "Tgl. Lahir (DD/MM/YYYY)" -> "tgl_lahir": lower case, hints dropped, words joined by _."""
    text = str(name if name is not None else "").replace("\ufeff", "").strip().lower()
    text = _PARENS.sub(" ", text).strip()
    return _UNDERSCORES.sub("_", _SEPARATORS.sub("_", text)).strip("_")


# ---------------------------------------------------------------------------
# Header mapping
# ---------------------------------------------------------------------------


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: CSV lines `source,canonical` (header optional) or a JSON object."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileError(
            "mapping_unreadable",
            f"Berkas pemetaan kolom {path.name} tidak dapat dibaca ({exc.strerror}).",
            f"The column mapping file {path.name} cannot be read ({exc.strerror}).",
        ) from exc
    return parse_mapping(raw, name=path.name)


def mapping_pairs(
    raw: bytes, *, name: str, header_names: tuple[str, ...] = ("source",)
) -> list[tuple[str, str]]:
    """The (name in file, target) lines of a column mapping file, CSV or a JSON object; shared
    by the people importer and the national-extract import, which validate targets their way."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    pairs: list[tuple[str, str]] = []
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise mapping_error(name, "JSON tidak sah", "invalid JSON") from exc
        if not isinstance(data, dict):
            raise mapping_error(name, "harus berupa objek JSON", "must be a JSON object")
        return [(str(k), str(v if v is not None else "")) for k, v in data.items()]
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise mapping_error(
                name,
                "setiap baris harus berisi dua kolom: nama_di_berkas,nama_baku",
                "every line must hold two columns: name_in_file,canonical_name",
            )
        pairs.append((row[0], row[1]))
    if pairs and normalise_header(pairs[0][0]) in header_names:
        pairs = pairs[1:]
    return pairs


def parse_mapping(raw: bytes, *, name: str = "mapping") -> dict[str, str]:
    pairs = mapping_pairs(raw, name=name)
    mapping: dict[str, str] = {}
    for source, target in pairs:
        target_norm = normalise_header(target)
        if target_norm in IGNORE:
            target_norm = ""
        elif target_norm not in CANONICAL:
            raise mapping_error(
                name,
                f"nama kolom baku '{target[:40]}' tidak dikenal; pilihan: {', '.join(CANONICAL)}",
                f"unknown canonical column '{target[:40]}'; choices: {', '.join(CANONICAL)}",
            )
        mapping[normalise_header(source)] = target_norm
    return mapping


def mapping_error(name: str, why_id: str, why_en: str) -> FileError:
    return FileError(
        "mapping_invalid",
        f"Berkas pemetaan kolom {name} tidak sah: {why_id}.",
        f"The column mapping file {name} is not valid: {why_en}.",
    )


def map_headers(
    headers: list[object], mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Column index of each canonical column found, and the header names that were ignored."""
    mapping = mapping or {}
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        canonical = mapping[key] if key in mapping else ALIASES.get(key)
        if not canonical:
            ignored.append(str(header))
            continue
        if canonical in columns:
            first = headers[columns[canonical]]
            raise FileError(
                "duplicate_column",
                f"Kolom '{first}' dan '{header}' sama-sama berarti {canonical}; "
                "hapus salah satu atau ubah pemetaan kolom.",
                f"Columns '{first}' and '{header}' both mean {canonical}; "
                "remove one or change the column mapping.",
            )
        columns[canonical] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        found = ", ".join(str(h)[:30] for h in headers if str(h).strip())[:300] or "-"
        raise FileError(
            "missing_columns",
            f"Kolom wajib tidak ditemukan: {', '.join(missing)}. Kolom di berkas: {found}. "
            "Pakai templat impor atau berkas pemetaan kolom (--mapping).",
            f"Required columns not found: {', '.join(missing)}. Columns in the file: {found}. "
            "Use the import template or a column mapping file (--mapping).",
        )
    return columns, ignored


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


@dataclass
class Table:
    """An opened import file: where each canonical column is, and its rows."""

    path: Path
    kind: str  # "csv" | "xlsx"
    headers: list[object]
    columns: dict[str, int]
    ignored: list[str]
    total_rows: int  # an estimate for CSV (line count), exact for XLSX
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1
    _sheet: object = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number as a spreadsheet shows it, cells), blank rows skipped."""
        if self.kind == "xlsx":
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        with self.path.open(encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            number = 0
            try:
                for row in reader:
                    number += 1
                    if number <= self.header_row:
                        continue
                    if any(row):
                        yield number, row
            except csv.Error as exc:
                raise FileError(
                    "csv_broken",
                    f"Berkas CSV rusak di sekitar baris {number + 1}: {exc}. Baris sebelumnya "
                    "sudah diproses; perbaiki berkas lalu impor ulang (aman diulang).",
                    f"The CSV file is broken near row {number + 1}: {exc}. Earlier rows were "
                    "processed; fix the file and import it again (safe to repeat).",
                ) from exc

    def _xlsx_rows(self) -> Iterator[tuple[int, list]]:
        number = 0
        for row in self._sheet.iter_rows():  # type: ignore[attr-defined]
            number += 1
            if number <= self.header_row:
                continue
            if any(cell not in ("", None) for cell in row):
                yield number, row


def open_table(path: str | Path, mapping: Mapping[str, str] | None = None) -> Table:
    """Open a CSV or XLSX file by its content (not its name) and map its header row."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        raise FileError(
            "unreadable",
            f"Berkas {path.name} tidak dapat dibuka ({exc.strerror}).",
            f"The file {path.name} cannot be opened ({exc.strerror}).",
        ) from exc
    kind = sniff_kind(head)
    if kind == "xlsx":
        return _open_xlsx(path, mapping)
    return _open_csv(path, head, mapping)


def sniff_kind(head: bytes) -> str:
    """ "xlsx" or "csv" from the first bytes, or FileError for anything else."""
    if not head.strip():
        raise FileError(
            "empty",
            "Berkas kosong: tidak ada baris judul maupun data.",
            "The file is empty: no header row and no data.",
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            "xls_old",
            "Berkas Excel 97-2003 (.xls) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.",
            "Excel 97-2003 files (.xls) are not supported; save as .xlsx or CSV UTF-8.",
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    sample = head[:_SNIFF]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) // 100:
        raise FileError(
            "not_text",
            "Berkas ini bukan CSV maupun XLSX (isinya data biner). Unggah CSV atau XLSX.",
            "This file is neither CSV nor XLSX (it holds binary data). Upload a CSV or XLSX.",
        )
    return "csv"


def detect_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """The file's encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252)
    and its number of line breaks, in one streaming pass."""
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    text = decoder.decode(chunk)
                    lines += text.count("\n")
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, lines
    raise FileError(
        "encoding",
        "Pengodean huruf berkas tidak dikenali (bukan UTF-8 maupun Windows-1252). "
        "Di Excel pilih Simpan Sebagai > CSV UTF-8.",
        "The file's character encoding is not recognised (neither UTF-8 nor Windows-1252). "
        "In Excel choose Save As > CSV UTF-8.",
    )


def detect_delimiter(line: str) -> str:
    """The separator of a header line: the most frequent of , ; and tab outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def _open_csv(path: Path, head: bytes, mapping: Mapping[str, str] | None) -> Table:
    encoding, lines = detect_encoding(path, head)
    with path.open(encoding=encoding, newline="") as fh:
        header_row = 0
        delimiter = ""
        line = ""
        for line in fh:
            header_row += 1
            if not line.strip():
                continue
            if header_row == 1 and (m := _SEP_LINE.match(line)):
                delimiter = m.group(1)
                continue
            break
        else:
            line = ""
        if not line.strip():
            raise FileError(
                "empty",
                "Berkas kosong: tidak ada baris judul maupun data.",
                "The file is empty: no header row and no data.",
            )
    delimiter = delimiter or detect_delimiter(line)
    headers = next(csv.reader([line], delimiter=delimiter))
    columns, ignored = map_headers(headers, mapping)
    return Table(
        path=path,
        kind="csv",
        headers=headers,
        columns=columns,
        ignored=ignored,
        total_rows=max(lines - header_row + (0 if line.endswith("\n") else 1), 0),
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
    )


# XLSX limits, checked on the archive before calamine reads it: calamine builds each sheet as
# a dense grid, so one cell placed at XFD1048576 in a 5 KB file would ask for half a terabyte
# and abort the process. Excel itself stops at 1,048,576 rows.
XLSX_MAX_UNPACKED = 1 << 30  # 1 GiB of XML in all
XLSX_MAX_RATIO = 200  # unpacked / packed, per member (zip bombs)
XLSX_MAX_COLUMNS = 256
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELLS = 30_000_000  # rows x columns of the grid
# Writers (Excel, LibreOffice, xlsxwriter) put the position first: `<row r="12"`, `<c r="B12"`.
_ROW_POSITION = re.compile(rb'<row r="(\d+)"')
_WIDE_COLUMN = re.compile(rb'<c r="([A-Z]{2,})\d')
_XLSX_TAG = re.compile(
    rb'<row\b[^>]*?(?:\sr="(\d+)")?[^>]*>|<c\b[^>]*?(?:\sr="([A-Z]{1,4})(\d+)")?[^>]*>'
)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _xlsx_too_big(what_id: str, what_en: str) -> FileError:
    return FileError(
        "xlsx_too_big",
        f"Berkas XLSX ini tidak dapat dibaca dengan aman: {what_id}. Simpan ulang hanya "
        "lembar data (tanpa sel jauh di luar tabel), atau simpan sebagai CSV UTF-8.",
        f"This XLSX file cannot be read safely: {what_en}. Save only the data sheet again "
        "(with no cells far outside the table), or save it as CSV UTF-8.",
    )


def check_xlsx_archive(path: Path) -> None:
    """Refuse archives that would exhaust memory when read: zip bombs, and sheets whose grid
    (last row x last column, cells without a position counted in order) is too large."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _xlsx_broken() from exc
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > XLSX_MAX_UNPACKED:
            raise _xlsx_too_big("isinya lebih dari 1 GB setelah dibuka", "it unpacks to over 1 GB")
        for member in members:
            if member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1024):
                raise _xlsx_too_big(
                    "arsipnya dipadatkan secara tidak wajar", "it is packed abnormally"
                )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_sheet_grid(archive, member)


def _check_sheet_grid(archive, member) -> None:
    """The sheet's last row and column without parsing its XML, from the positions writers
    put first on every row and cell; a sheet with cells written otherwise is walked tag by
    tag instead (slower, same answer)."""
    max_row = max_col = rows_without_position = 0
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b">") + 1
            data, tail = data[:cut], data[cut:]
            cells = data.count(b"<c ") + data.count(b"<c>")
            if cells > data.count(b'<c r="'):  # some cell without a leading position
                _check_sheet_grid_slowly(archive, member)
                return
            numbers = _ROW_POSITION.findall(data)
            if numbers:
                max_row = max(max_row, *map(int, numbers))
            rows_without_position += data.count(b"<row>") + data.count(b"<row ") - len(numbers)
            wide = _WIDE_COLUMN.findall(data)
            if wide:
                max_col = max(max_col, *map(_column_number, wide))
            if max_col > XLSX_MAX_COLUMNS or max_row > XLSX_MAX_ROWS:
                break
    max_row += rows_without_position
    max_col = max(max_col, 26 if max_row else 0)  # one-letter columns are at most Z
    _check_grid(max_row, max_col)


def _check_sheet_grid_slowly(archive, member) -> None:
    max_row = max_col = row = col = 0
    tail = b""
    with archive.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b">") + 1
            data, tail = data[:cut], data[cut:]
            for match in _XLSX_TAG.finditer(data):
                if match.group(0).startswith(b"<row"):
                    row = int(match.group(1)) if match.group(1) else row + 1
                    col = 0
                else:
                    col = _column_number(match.group(2)) if match.group(2) else col + 1
                    if match.group(3):
                        row = max(row, int(match.group(3)))
                    max_col = max(max_col, col)
                max_row = max(max_row, row)
            if max_col > XLSX_MAX_COLUMNS or max_row > XLSX_MAX_ROWS:
                break
    _check_grid(max_row, max_col)


def _check_grid(max_row: int, max_col: int) -> None:
    if max_col > XLSX_MAX_COLUMNS or max_row > XLSX_MAX_ROWS:
        raise _xlsx_too_big(
            f"ada sel sampai baris {max_row:,} kolom ke-{max_col:,}",
            f"it has cells up to row {max_row:,}, column {max_col:,}",
        )
    if max_row * max_col > XLSX_MAX_CELLS:
        raise _xlsx_too_big(
            f"lembarnya {max_row:,} baris x {max_col:,} kolom",
            f"its sheet is {max_row:,} rows x {max_col:,} columns",
        )


def _xlsx_broken() -> FileError:
    return FileError(
        "xlsx_broken",
        "Berkas XLSX rusak atau bukan berkas Excel yang sah; buka di Excel lalu simpan ulang "
        "sebagai .xlsx, atau simpan sebagai CSV UTF-8.",
        "The XLSX file is broken or not a valid Excel file; open it in Excel and save it "
        "again as .xlsx, or save it as CSV UTF-8.",
    )


def _open_xlsx(path: Path, mapping: Mapping[str, str] | None) -> Table:
    from python_calamine import CalamineWorkbook

    check_xlsx_archive(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise ValueError("no sheets")
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several types for broken archives
        raise _xlsx_broken() from exc
    header_row = 0
    headers: list[object] = []
    for row in sheet.iter_rows():
        header_row += 1
        if any(cell not in ("", None) for cell in row):
            headers = list(row)
            break
    if not headers:
        raise FileError(
            "empty",
            "Lembar pertama berkas XLSX kosong: tidak ada baris judul maupun data.",
            "The first sheet of the XLSX file is empty: no header row and no data.",
        )
    columns, ignored = map_headers(headers, mapping)
    return Table(
        path=path,
        kind="xlsx",
        headers=headers,
        columns=columns,
        ignored=ignored,
        total_rows=max((sheet.end[0] + 1 if sheet.end else 0) - header_row, 0),
        header_row=header_row,
        _sheet=sheet,
    )
