"""Reading a DTKS/DTSEN extract (CSV or XLSX), as pure Python: no Django, no ORM.

The national exports name their columns in many ways (``NIK_ART``, ``IDARTBDT``,
``ID DTSEN``, ``Tgl. Lahir``, ``DESIL``, ``PKH``...): the common ones are recognised here, and
a column mapping file (CSV ``name_in_file,field`` or a JSON object) names the others.
File handling (content sniffing, encodings, separators, XLSX safety checks) and cell parsing
are the registry importer's (`registry.importer.parsing` / `values`), so both imports refuse
the same broken files with the same messages.

A row is never dropped for a malformed value: the national data is kept as it was sent, the
value is kept as written where it cannot be parsed, and the problem is listed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pendamping.registry.importer import parsing, values
from pendamping.registry.importer.parsing import FileError, normalise_header

FIELDS = (
    "id_dtks",
    "id_dtsen",
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
    "kelurahan_name",
    "decile",
    "programs",
    "status",
)
PROGRAMS = ("PKH", "BPNT", "PBI-JK", "BLT", "PIP")
PROGRAM_COLUMNS = {
    "pkh": "PKH",
    "penerima_pkh": "PKH",
    "bpnt": "BPNT",
    "sembako": "BPNT",
    "penerima_bpnt": "BPNT",
    "pbi": "PBI-JK",
    "pbi_jk": "PBI-JK",
    "pbijk": "PBI-JK",
    "kis": "PBI-JK",
    "penerima_pbi": "PBI-JK",
    "blt": "BLT",
    "bst": "BLT",
    "pip": "PIP",
    "kip": "PIP",
}
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ("id_dtks", "iddtks", "idartbdt", "id_art_bdt", "id_bdt", "id_individu_dtks", "id_art"),
        "id_dtks",
    ),
    **dict.fromkeys(
        ("id_dtsen", "iddtsen", "id_individu", "id_individu_dtsen", "id_art_dtsen"), "id_dtsen"
    ),
    **{k: "nik" for k, v in parsing.ALIASES.items() if v == "nik"},
    **dict.fromkeys(("nik_art", "nik_individu", "nik_penerima"), "nik"),
    **{k: "kk" for k, v in parsing.ALIASES.items() if v == "kk"},
    **dict.fromkeys(("nokk", "no_kk_art", "nomor_kk_art"), "kk"),
    **{k: "name" for k, v in parsing.ALIASES.items() if v == "name"},
    **dict.fromkeys(("nama_art", "nama_individu", "nama_penerima", "nama_krt_art"), "name"),
    **{k: v for k, v in parsing.ALIASES.items() if v in ("birth_place", "birth_date", "sex")},
    **dict.fromkeys(("tanggal_lahir_art", "tgllahir"), "birth_date"),
    **dict.fromkeys(("jnskel", "jns_kel", "jenis_kelamin_art"), "sex"),
    **{k: "relationship" for k, v in parsing.ALIASES.items() if v == "relationship"},
    **dict.fromkeys(("hub_krt", "hubungan_krt", "hubungan_dengan_krt", "hub_kk"), "relationship"),
    **dict.fromkeys(("address", "alamat", "alamat_lengkap", "alamat_domisili", "jalan"), "address"),
    **dict.fromkeys(("rt", "no_rt", "nort"), "rt"),
    **dict.fromkeys(("rw", "no_rw", "norw"), "rw"),
    **{k: "kelurahan_code" for k, v in parsing.ALIASES.items() if v == "kelurahan_code"},
    **dict.fromkeys(("kd_desa", "kdkel", "kode_desa_kelurahan", "id_desa"), "kelurahan_code"),
    **dict.fromkeys(
        ("kelurahan", "desa", "desa_kelurahan", "kelurahan_desa", "nama_kelurahan", "nmdesa"),
        "kelurahan_name",
    ),
    **dict.fromkeys(
        ("decile", "desil", "desil_nasional", "desil_kesejahteraan", "peringkat_desil"), "decile"
    ),
    **dict.fromkeys(("program", "programs", "bansos", "program_bansos", "bantuan"), "programs"),
    **dict.fromkeys(
        ("status", "keterangan", "status_art", "status_individu", "status_kependudukan"),
        "status",
    ),
}
IDENTIFYING = ("nik", "id_dtks", "id_dtsen")
_YES = frozenset({"1", "y", "ya", "yes", "true", "v", "x", "penerima", "aktif"})
_DECEASED = frozenset({"meninggal", "meninggal dunia", "mati", "wafat", "md", "deceased"})
_MOVED = frozenset({"pindah", "pindah alamat", "pindah domisili", "moved"})
MAX_PROBLEMS = 200


@dataclass
class ExtractRow:
    """One row of the extract, cleaned; ``problems`` lists what could not be read."""

    row_number: int
    id_dtks: str = ""
    id_dtsen: str = ""
    nik: str = ""
    kk: str = ""
    name: str = ""
    birth_place: str = ""
    birth_date: date | None = None
    birth_date_text: str = ""
    sex: str = ""
    relationship: str = ""
    address: str = ""
    rt: int | None = None
    rw: int | None = None
    kelurahan_code: str = ""
    kelurahan_name: str = ""
    decile: int | None = None
    programs: list[str] = field(default_factory=list)
    status: str = "active"
    problems: list[values.RowError] = field(default_factory=list)

    @property
    def record_key(self) -> str:
        """Stable across snapshots: DTSEN ID, else DTKS ID, else NIK, else the row."""
        for prefix, value in (("dtsen", self.id_dtsen), ("dtks", self.id_dtks), ("nik", self.nik)):
            if value:
                return f"{prefix}:{value}"[:40]
        return f"row:{self.row_number}"


@dataclass
class Extract:
    kind: str
    columns: dict[str, int]  # field -> column index
    program_columns: dict[str, int]  # program -> column index
    ignored: list[str]
    total_rows: int
    _table: parsing.Table

    def rows(self, *, today: date | None = None) -> Iterator[ExtractRow]:
        today = today or values.today_wib()
        for number, cells in self._table.rows():
            yield parse_row(number, cells, self.columns, self.program_columns, today)


def parse_mapping(raw: bytes, *, name: str = "mapping") -> dict[str, str]:
    """A mapping file: CSV lines ``name_in_file,field`` (a header line is allowed) or a JSON
    object. The field is one of FIELDS, a program (``program:PKH``), or ``abaikan``."""
    pairs = parsing.mapping_pairs(raw, name=name, header_names=("source", "kolom", "column"))
    mapping: dict[str, str] = {}
    choices = [*FIELDS, *(f"program:{p}" for p in PROGRAMS)]
    for source, target in pairs:
        target = target.strip()
        if normalise_header(target) in parsing.IGNORE:
            mapping[normalise_header(source)] = ""
            continue
        if target.lower().startswith("program:"):
            program = target.split(":", 1)[1].strip().upper()
            if program not in PROGRAMS:
                raise parsing.mapping_error(
                    name,
                    f"program '{program[:20]}' tidak dikenal; pilihan: {', '.join(PROGRAMS)}",
                    f"unknown program '{program[:20]}'; choices: {', '.join(PROGRAMS)}",
                )
            mapping[normalise_header(source)] = f"program:{program}"
            continue
        key = normalise_header(target)
        if key not in FIELDS:
            raise parsing.mapping_error(
                name,
                f"nama kolom '{target[:40]}' tidak dikenal; pilihan: {', '.join(choices)}",
                f"unknown field '{target[:40]}'; choices: {', '.join(choices)}",
            )
        mapping[normalise_header(source)] = key
    return mapping


def map_headers(
    headers: list[object], mapping: Mapping[str, str] | None = None
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """(field -> column, program -> column, ignored headers) for a header row."""
    mapping = mapping or {}
    columns: dict[str, int] = {}
    programs: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        target = mapping[key] if key in mapping else ALIASES.get(key)
        if target is None and key in PROGRAM_COLUMNS:
            target = f"program:{PROGRAM_COLUMNS[key]}"
        if not target:
            ignored.append(str(header))
            continue
        if target.startswith("program:"):
            programs.setdefault(target.split(":", 1)[1], index)
            continue
        if target in columns:
            first = headers[columns[target]]
            raise FileError(
                "duplicate_column",
                f"Kolom '{first}' dan '{header}' sama-sama berarti {target}; "
                "hapus salah satu atau ubah pemetaan kolom.",
                f"Columns '{first}' and '{header}' both mean {target}; "
                "remove one or change the column mapping.",
            )
        columns[target] = index
    missing = []
    if "name" not in columns:
        missing.append("name/nama")
    if not any(c in columns for c in IDENTIFYING):
        missing.append("NIK / ID DTKS / ID DTSEN")
    if missing:
        found = ", ".join(str(h)[:30] for h in headers if str(h).strip())[:300] or "-"
        raise FileError(
            "missing_columns",
            f"Kolom wajib tidak ditemukan: {'; '.join(missing)}. Kolom di berkas: {found}. "
            "Pakai berkas pemetaan kolom untuk nama kolom lain.",
            f"Required columns not found: {'; '.join(missing)}. Columns in the file: {found}. "
            "Use a column mapping file for other column names.",
        )
    return columns, programs, ignored


def open_extract(path: str | Path, mapping: Mapping[str, str] | None = None) -> Extract:
    """Open a CSV or XLSX extract by its content and map its header row."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise FileError(
            "unreadable",
            f"Berkas {path.name} tidak dapat dibuka ({exc.strerror}).",
            f"The file {path.name} cannot be opened ({exc.strerror}).",
        ) from exc
    kind = parsing.sniff_kind(head)
    table = _open_table(path, kind, head)
    columns, programs, ignored = map_headers(table.headers, mapping)
    return Extract(kind, columns, programs, ignored, table.total_rows, table)


def _open_table(path: Path, kind: str, head: bytes) -> parsing.Table:
    """The header row and a row reader, with the registry importer's encoding, separator and
    XLSX safety rules (its header check is for registry columns, so it is not used here)."""
    if kind == "xlsx":
        from python_calamine import CalamineWorkbook

        parsing.check_xlsx_archive(path)
        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        except Exception as exc:  # calamine raises several types for broken archives
            raise parsing._xlsx_broken() from exc
        header_row, headers = 0, []
        for cells in sheet.iter_rows():
            header_row += 1
            if any(cell not in ("", None) for cell in cells):
                headers = list(cells)
                break
        if not headers:
            raise _empty()
        total = max((sheet.end[0] + 1 if sheet.end else 0) - header_row, 0)
        return parsing.Table(
            path, "xlsx", headers, {}, [], total, header_row=header_row, _sheet=sheet
        )
    encoding, lines = parsing.detect_encoding(path, head)
    header_row, delimiter, line = 0, "", ""
    with path.open(encoding=encoding, newline="") as fh:
        for line in fh:
            header_row += 1
            if not line.strip():
                continue
            if header_row == 1 and (m := parsing._SEP_LINE.match(line)):
                delimiter = m.group(1)
                continue
            break
        else:
            line = ""
    if not line.strip():
        raise _empty()
    delimiter = delimiter or parsing.detect_delimiter(line)
    headers = next(csv.reader([line], delimiter=delimiter))
    return parsing.Table(
        path,
        "csv",
        list(headers),
        {},
        [],
        max(lines - header_row + (0 if line.endswith("\n") else 1), 0),
        encoding=encoding,
        delimiter=delimiter,
        header_row=header_row,
    )


def _empty() -> FileError:
    return FileError(
        "empty",
        "Berkas kosong: tidak ada baris judul maupun data.",
        "The file is empty: no header row and no data.",
    )


def _cell(cells: list, index: int | None) -> object:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return "" if value is None else value


def _identifier(row: values._Row, column: str, value: object) -> str:
    """An ID or NIK/KK as text; an Excel number is kept as its digits, with a problem noted."""
    if isinstance(value, float) and value.is_integer():
        if column in ("nik", "kk"):
            row.error(
                column,
                value,
                f"{column.upper()} tersimpan sebagai angka oleh Excel; digit terakhir bisa hilang.",
                f"The {column.upper()} was stored as a number by Excel; last digits may be lost.",
            )
        value = int(value)
    text = values._clean_text(row, column, value, 40)
    text = text[1:] if text.startswith("'") else text
    return text.replace(" ", "")


def parse_row(
    number: int,
    cells: list,
    columns: Mapping[str, int],
    programs: Mapping[str, int],
    today: date,
) -> ExtractRow:
    row = values._Row(number)
    out = ExtractRow(row_number=number)

    def get(name: str) -> object:
        return _cell(cells, columns.get(name))

    for name in ("id_dtks", "id_dtsen", "nik", "kk"):
        setattr(out, name, _identifier(row, name, get(name)))
    out.name = values._clean_text(row, "name", get("name"), 150)
    out.birth_place = values._clean_text(row, "birth_place", get("birth_place"), 100)
    out.address = values._clean_text(row, "address", get("address"), 255)
    raw_dob = get("birth_date")
    out.birth_date_text = values.shown(raw_dob)[:30]
    if values.shown(raw_dob).strip() not in values.BLANKS:
        out.birth_date = values.parse_birth_date(row, raw_dob, today)
    out.sex = values.parse_choice(row, "sex", get("sex"), values.SEX)
    out.relationship = values.parse_choice(
        row, "relationship", get("relationship"), values.RELATIONSHIP
    )
    out.rt = values.parse_area_number(row, "rt", get("rt"))
    out.rw = values.parse_area_number(row, "rw", get("rw"))
    code = values.shown(get("kelurahan_code")).strip()
    if code:
        out.kelurahan_code = values.parse_kelurahan_code(row, code)
    out.kelurahan_name = values._clean_text(row, "kelurahan_name", get("kelurahan_name"), 120)
    out.decile = _decile(row, get("decile"))
    out.programs = _programs(get("programs"), {p: _cell(cells, i) for p, i in programs.items()})
    status = " ".join(values.shown(get("status")).lower().split())
    if status in _DECEASED:
        out.status = "deceased"
    elif status in _MOVED:
        out.status = "moved"
    if not out.name:
        row.error("name", get("name"), "Nama kosong.", "The name is empty.")
    out.problems = row.errors
    return out


def _decile(row: values._Row, value: object) -> int | None:
    text = values.shown(value).strip().lower().removeprefix("desil").strip()
    if text in values.BLANKS:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdigit() and 1 <= int(text) <= 10:
        return int(text)
    row.error(
        "decile",
        value,
        "Desil harus angka 1 sampai 10.",
        "The decile must be a number from 1 to 10.",
    )
    return None


def _programs(listed: object, flags: Mapping[str, object]) -> list[str]:
    found: list[str] = []
    for part in values.shown(listed).replace(";", ",").replace("|", ",").split(","):
        key = normalise_header(part)
        program = PROGRAM_COLUMNS.get(key) or (part.strip().upper() if part.strip() else "")
        if program in PROGRAMS and program not in found:
            found.append(program)
    for program, value in flags.items():
        if values.shown(value).strip().lower() in _YES and program not in found:
            found.append(program)
    return sorted(found)
