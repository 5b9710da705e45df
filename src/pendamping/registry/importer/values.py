"""Row values as office staff write them -> one clean `Record`, or row errors. Pure Python.

`parse_row` never raises on bad input: every problem becomes a `RowError` naming the row, the
column and the reason in Indonesian and English. NIK and KK are checked by `registry.nik`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from dataclasses import fields as fields_of
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from operator import attrgetter

from pendamping.registry import nik as nikmod
from pendamping.registry.names import name_keys, name_search_key

_WIB = timezone(timedelta(hours=7), "WIB")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's 1900 leap-year bug
MAX_AGE_YEARS = 120
BLANKS = frozenset({"", "-", "--", "–", "—"})
PPKS_COUNT = 26

SEX = {
    **dict.fromkeys(
        ("l", "lk", "laki-laki", "laki laki", "lakilaki", "laki", "pria", "m", "male", "1"), "L"
    ),
    **dict.fromkeys(("p", "pr", "perempuan", "wanita", "f", "female", "w", "2"), "P"),
}
# Dukcapil's SHDK numbering: 1 kepala keluarga ... 11 lainnya.
RELATIONSHIP = {
    **dict.fromkeys(
        ("head", "kepala keluarga", "kepala", "kepala rumah tangga", "krt", "kk", "1"), "head"
    ),
    **dict.fromkeys(
        (
            "spouse",
            "suami",
            "istri",
            "isteri",
            "suami istri",
            "pasangan",
            "wife",
            "husband",
            "2",
            "3",
        ),
        "spouse",
    ),
    **dict.fromkeys(
        ("child", "anak", "anak kandung", "anak tiri", "anak angkat", "son", "daughter", "4"),
        "child",
    ),
    **dict.fromkeys(("child in law", "menantu", "5"), "child_in_law"),
    **dict.fromkeys(("grandchild", "cucu", "6"), "grandchild"),
    **dict.fromkeys(
        (
            "parent",
            "orang tua",
            "orangtua",
            "ortu",
            "ayah",
            "ibu",
            "bapak",
            "father",
            "mother",
            "7",
        ),
        "parent",
    ),
    **dict.fromkeys(("parent in law", "mertua", "8"), "parent_in_law"),
    **dict.fromkeys(
        ("other relative", "famili lain", "famili", "keluarga lain", "saudara", "9"),
        "other_relative",
    ),
    **dict.fromkeys(
        ("helper", "pembantu", "asisten rumah tangga", "art", "household helper", "10"), "helper"
    ),
    **dict.fromkeys(("other", "lainnya", "lain lain", "lain", "11"), "other"),
}
DWELLING = {
    **dict.fromkeys(("own", "milik", "milik sendiri", "sendiri", "rumah sendiri"), "own"),
    **dict.fromkeys(("rent", "sewa", "menyewa"), "rent"),
    **dict.fromkeys(("contract", "kontrak", "mengontrak"), "contract"),
    **dict.fromkeys(
        ("lodging", "menumpang", "numpang", "bebas sewa", "rumah dinas", "milik orang tua"),
        "lodging",
    ),
    **dict.fromkeys(
        ("none", "no dwelling", "tidak punya", "tidak ada", "tidak memiliki", "tidak punya rumah"),
        "none",
    ),
}
MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "pebruari", "february"), 2),
    **dict.fromkeys(("mar", "maret", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("agu", "agt", "agus", "agustus", "aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oktober", "oct", "october"), 10),
    **dict.fromkeys(("nov", "nop", "november", "nopember"), 11),
    **dict.fromkeys(("des", "desember", "dec", "december"), 12),
}

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DMY_SHORT = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$")
_WORDS_DATE = re.compile(r"^(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})$")
_SERIAL = re.compile(r"^\d{3,7}(?:\.0+)?$")
_KEL_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_KEL_PLAIN = re.compile(r"^\d{10}$")
_AREA_NUMBER = re.compile(r"^(?:r[tw]\.?\s*)?0*(\d{1,3})(?:\.0+)?$")
_PHONE_JUNK = re.compile(r"[\s\-.()]")
_PPKS = re.compile(r"^(?:PPKS)?0*(\d{1,2})$")
_PPKS_SPLIT = re.compile(r"[|,;]")
_NAME_PUNCT = " .,'’`-"
_NAME_OK = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .,'’`\-])*$")
_PLACE_OK = re.compile(r"^[^\W_][\w .,'’`\-()/]*$")
_FORMULA_START = frozenset("=+@-")
_SHOWN_WARNINGS = frozenset({"birth_date_mismatch", "sex_mismatch"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell; `warning` ones do not stop the row from being imported."""

    row: int
    column: str
    value: str
    reason_id: str
    reason_en: str
    warning: bool = False


@dataclass(slots=True)
class Record:
    """One row, clean: empty strings/None mean "not given" (an update keeps the stored value)."""

    row: int
    nik: str
    kk: str
    name: str
    kelurahan_code: str
    sex: str
    birth_place: str = ""
    birth_date: date | None = None
    relationship: str = ""
    address: str = ""
    rt: int | None = None
    rw: int | None = None
    dwelling_status: str = ""
    phone: str = ""
    ppks: tuple[str, ...] = ()
    warnings: list[RowError] = field(default_factory=list)
    # Derived by `derive()`, so that a parser process can do this work too:
    name_key: str = ""
    keys: tuple[str, ...] = ()  # the name-search keys (`registry.names.name_keys`)
    created: str = ""  # JSON of the fields a new person's history starts with


CREATED_FIELDS = ("nik", "name", "birth_place", "birth_date", "sex", "relationship", "phone")


def derive(rec: Record) -> Record:
    """Fill in the derived fields: name keys and the history of a creation."""
    rec.name_key = name_search_key(rec.name)
    rec.keys = tuple(name_keys(rec.name))
    fields = {}
    for name in CREATED_FIELDS:
        value = getattr(rec, name)
        if value:
            fields[name] = [None, value.isoformat() if name == "birth_date" else value]
    fields["status"] = [None, "active"]
    if rec.ppks:
        fields["ppks"] = [None, list(rec.ppks)]
    rec.created = json.dumps(fields)
    return rec


def to_wire(item: tuple[Record | None, list[RowError]]) -> tuple:
    """A parsed row as plain tuples, which cross a pipe several times faster than objects."""
    rec, problems = item
    errors = [_error_tuple(e) for e in problems]
    if rec is None:
        return (None, errors)
    values = list(_wire_values(rec))
    values[_BIRTH] = rec.birth_date.toordinal() if rec.birth_date else 0
    values[_WARNINGS] = [_error_tuple(w) for w in rec.warnings]
    return (values, errors)


def from_wire(item: tuple) -> tuple[Record | None, list[RowError]]:
    values, errors = item
    problems = [RowError(*e) for e in errors]
    if values is None:
        return None, problems
    values[_BIRTH] = date.fromordinal(values[_BIRTH]) if values[_BIRTH] else None
    values[_WARNINGS] = [RowError(*w) for w in values[_WARNINGS]]
    return Record(*values), problems


def _error_tuple(error: RowError) -> tuple:
    return (error.row, error.column, error.value, error.reason_id, error.reason_en, error.warning)


_WIRE_FIELDS = tuple(f.name for f in fields_of(Record))
_wire_values = attrgetter(*_WIRE_FIELDS)
_BIRTH = _WIRE_FIELDS.index("birth_date")
_WARNINGS = _WIRE_FIELDS.index("warnings")


def today_wib() -> date:
    return datetime.now(tz=_WIB).date()


class _Row:
    """Collects the errors of one row while its cells are parsed."""

    __slots__ = ("errors", "number", "warnings")

    def __init__(self, number: int) -> None:
        self.number = number
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, column: str, value: object, reason_id: str, reason_en: str) -> None:
        self.errors.append(RowError(self.number, column, shown(value), reason_id, reason_en))

    def warn(self, column: str, value: object, reason_id: str, reason_en: str) -> None:
        self.warnings.append(
            RowError(self.number, column, shown(value), reason_id, reason_en, warning=True)
        )


def shown(value: object) -> str:
    """A cell as text for the error file (cut to 100 characters)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value)[:100]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _clean_text(row: _Row, column: str, value: object, max_len: int) -> str:
    """Trimmed single-spaced text; refuses control characters and spreadsheet formulas."""
    if _is_number(value):
        value = shown(value)
    elif isinstance(value, date):
        value = value.isoformat()
    text = " ".join(str(value).replace("\xa0", " ").split())
    if text in BLANKS:
        return ""
    if not text.isprintable():
        row.error(
            column,
            value,
            "Berisi karakter kontrol atau tak terlihat; ketik ulang isinya.",
            "Holds control or invisible characters; type the value again.",
        )
        return ""
    if text[0] in _FORMULA_START:
        row.error(
            column,
            value,
            f"Diawali '{text[0]}' seperti rumus spreadsheet; isi hanya teks biasa.",
            f"Starts with '{text[0]}' like a spreadsheet formula; enter plain text only.",
        )
        return ""
    if len(text) > max_len:
        row.error(
            column,
            value,
            f"Terlalu panjang: {len(text)} karakter, paling banyak {max_len}.",
            f"Too long: {len(text)} characters, at most {max_len}.",
        )
        return ""
    return text


def _bad_name_chars(text: str) -> str:
    seen: list[str] = []
    for ch in text:
        if not (ch.isalpha() or ch in _NAME_PUNCT) and repr(ch) not in seen:
            seen.append(repr(ch))
    return ", ".join(seen[:5])


def parse_name(row: _Row, value: object) -> str:
    text = _clean_text(row, "name", value, 150)
    if not text:
        if not row.errors or row.errors[-1].column != "name":
            row.error("name", value, "Nama wajib diisi.", "The name is required.")
        return ""
    if not _NAME_OK.match(text):
        chars = _bad_name_chars(text)
        row.error(
            "name",
            value,
            "Nama hanya boleh berisi huruf, spasi dan tanda . , ' - serta diawali huruf"
            + (f"; ditemukan: {chars}." if chars else "."),
            "A name may hold only letters, spaces and . , ' - and must start with a letter"
            + (f"; found: {chars}." if chars else "."),
        )
        return ""
    return text


def parse_place(row: _Row, value: object) -> str:
    text = _clean_text(row, "birth_place", value, 100)
    if text and not _PLACE_OK.match(text):
        row.error(
            "birth_place",
            value,
            "Tempat lahir hanya boleh berisi huruf, angka, spasi dan tanda baca biasa.",
            "The birth place may hold only letters, digits, spaces and ordinary punctuation.",
        )
        return ""
    return text


def excel_serial_date(serial: float) -> date | None:
    if not 1 <= serial < 2958466:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _date_from_text(text: str) -> tuple[int, int, int] | date | None:
    if m := _ISO.match(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := _DMY.match(text):
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    if m := _WORDS_DATE.match(text.lower()):
        month = MONTHS.get(m.group(2))
        if month:
            return int(m.group(3)), month, int(m.group(1))
    if _SERIAL.match(text):
        return excel_serial_date(float(text))
    return None


def parse_birth_date(row: _Row, value: object, today: date) -> date | None:
    if isinstance(value, datetime):
        found: date | None = value.date()
    elif isinstance(value, date):
        found = value
    elif _is_number(value):
        found = excel_serial_date(float(value))  # type: ignore[arg-type]
        if found is None:
            row.error(
                "birth_date",
                value,
                "Angka ini bukan tanggal Excel yang sah.",
                "This number is not a valid Excel date.",
            )
            return None
    else:
        text = str(value).strip()
        if text in BLANKS:
            return None
        parts = _date_from_text(text)
        if parts is None:
            if _DMY_SHORT.match(text):
                reason = (
                    "Tahun harus 4 angka (misalnya 17/05/1980), bukan 2 angka.",
                    "The year must have 4 digits (e.g. 17/05/1980), not 2.",
                )
            else:
                reason = (
                    "Format tanggal tidak dikenali; pakai YYYY-MM-DD (1980-05-17) atau "
                    "DD/MM/YYYY (17/05/1980).",
                    "Date format not recognised; use YYYY-MM-DD (1980-05-17) or "
                    "DD/MM/YYYY (17/05/1980).",
                )
            row.error("birth_date", value, *reason)
            return None
        if isinstance(parts, tuple):
            try:
                found = date(*parts)
            except ValueError:
                row.error(
                    "birth_date",
                    value,
                    "Tanggal ini tidak ada di kalender (periksa hari dan bulan; urutan yang "
                    "dibaca: hari/bulan/tahun atau tahun-bulan-hari).",
                    "This date does not exist (check day and month; read as day/month/year "
                    "or year-month-day).",
                )
                return None
        else:
            found = parts
    if found is None:
        row.error("birth_date", value, "Tanggal lahir tidak sah.", "The birth date is not valid.")
        return None
    if found > today:
        row.error(
            "birth_date",
            value,
            "Tanggal lahir ada di masa depan.",
            "The birth date is in the future.",
        )
        return None
    if today.year - found.year > MAX_AGE_YEARS:
        row.error(
            "birth_date",
            value,
            f"Tanggal lahir lebih dari {MAX_AGE_YEARS} tahun yang lalu.",
            f"The birth date is more than {MAX_AGE_YEARS} years ago.",
        )
        return None
    return found


def _choice_key(value: object) -> str:
    if _is_number(value):
        value = shown(value)
    return " ".join(str(value).lower().replace("_", " ").replace("-", " ").split())


def parse_choice(row: _Row, column: str, value: object, table: dict[str, str]) -> str:
    key = _choice_key(value)
    if key in BLANKS:
        return ""
    found = table.get(key) or table.get(key.replace(" ", "-"))
    if found:
        return found
    allowed = {
        "sex": ("L, P, laki-laki, perempuan", "L, P, laki-laki, perempuan, male, female"),
        "relationship": (
            "kepala keluarga, suami, istri, anak, menantu, cucu, orang tua, mertua, "
            "famili lain, pembantu, lainnya (atau kode SHDK 1-11)",
            "kepala keluarga, suami, istri, anak, ... or head, spouse, child, child_in_law, "
            "grandchild, parent, parent_in_law, other_relative, helper, other",
        ),
        "dwelling_status": (
            "milik, sewa, kontrak, menumpang, tidak punya",
            "milik, sewa, kontrak, menumpang, tidak punya, or own, rent, contract, lodging, none",
        ),
    }[column]
    row.error(
        column,
        value,
        f"Nilai tidak dikenali; yang diterima: {allowed[0]}.",
        f"Value not recognised; accepted: {allowed[1]}.",
    )
    return ""


def parse_area_number(row: _Row, column: str, value: object) -> int | None:
    text = shown(value).strip().lower()
    if text in BLANKS:
        return None
    m = _AREA_NUMBER.match(text)
    number = int(m.group(1)) if m else 0
    if not 1 <= number <= 999:
        label = column.upper()
        row.error(
            column,
            value,
            f"{label} harus berupa nomor 1-999 (misalnya 003 atau 3).",
            f"{label} must be a number 1-999 (e.g. 003 or 3).",
        )
        return None
    return number


def parse_kelurahan_code(row: _Row, value: object) -> str:
    text = shown(value).strip().replace(" ", "")
    if _KEL_PLAIN.match(text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    if _KEL_DOTTED.match(text):
        return text
    if not text:
        row.error(
            "kelurahan_code",
            value,
            "Kode kelurahan/desa wajib diisi.",
            "The kelurahan/desa code is required.",
        )
    else:
        row.error(
            "kelurahan_code",
            value,
            "Kode kelurahan/desa harus 10 angka, misalnya 14.71.01.1002 atau 1471011002.",
            "The kelurahan/desa code must be 10 digits, e.g. 14.71.01.1002 or 1471011002.",
        )
    return ""


def parse_phone(row: _Row, value: object) -> str:
    if _is_number(value):
        text = shown(value)
        if text.startswith("8"):  # Excel dropped the leading 0 of 08xx
            text = "0" + text
    else:
        text = _PHONE_JUNK.sub("", str(value).strip())
    if text in BLANKS:
        return ""
    digits = text[1:] if text.startswith("+") else text
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 15:
        row.error(
            "phone",
            value,
            "Nomor telepon harus 8-15 angka, boleh diawali + (misalnya 081234567890).",
            "A phone number must be 8-15 digits, optionally starting with + (e.g. 081234567890).",
        )
        return ""
    return text


def parse_ppks(row: _Row, value: object) -> tuple[str, ...]:
    if _is_number(value):
        value = shown(value)
    text = str(value).strip()
    if text in BLANKS:
        return ()
    codes: list[str] = []
    for part in _PPKS_SPLIT.split(text):
        token = part.strip().upper().replace(" ", "")
        if not token:
            continue
        m = _PPKS.match(token)
        number = int(m.group(1)) if m else 0
        if not 1 <= number <= PPKS_COUNT:
            row.error(
                "ppks_categories",
                value,
                f"Kode PPKS '{part.strip()[:20]}' tidak dikenal; pakai PPKS01-PPKS26 "
                "dipisah tanda |.",
                f"Unknown PPKS code '{part.strip()[:20]}'; use PPKS01-PPKS26 separated by |.",
            )
            return ()
        code = f"PPKS{number:02d}"
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _number_text(row: _Row, column: str, value: object) -> str | None:
    """NIK/KK cell as text; a number cell means Excel has already changed it."""
    label = column.upper()
    if _is_number(value):
        row.error(
            column,
            value,
            f"{label} tersimpan sebagai angka oleh Excel sehingga digit terakhirnya bisa hilang "
            f"(mis. 1,47101E+15). Format kolom {label} sebagai Teks lalu ketik ulang {label}.",
            f"The {label} was stored as a number by Excel, which can lose its last digits "
            f"(e.g. 1.47101E+15). Format the {label} column as Text and type the {label} again.",
        )
        return None
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def _problems(
    row: _Row, column: str, value: object, result: nikmod.NikResult | nikmod.KkResult
) -> None:
    for problem in result.problems:  # most rows have none: skip the properties' tuples
        if problem.severity == nikmod.ERROR:
            row.error(column, value, problem.message_id, problem.message_en)
        elif problem.code in _SHOWN_WARNINGS:
            row.warn(column, value, problem.message_id, problem.message_en)


@lru_cache(maxsize=4096)
def _validate_kk(
    text: str, kecamatan: str | None, today: date, codes: nikmod.AreaCodes | None
) -> nikmod.KkResult:
    """Members of a family follow each other in a file, so their KK is checked once."""
    return nikmod.validate_kk(text, address_kecamatan_code=kecamatan, today=today, codes=codes)


def parse_row(
    number: int,
    cells: list,
    columns: dict[str, int],
    *,
    width: int | None = None,
    today: date | None = None,
    codes: nikmod.AreaCodes | None = None,
) -> tuple[Record | None, list[RowError]]:
    """A clean record and its warnings, or None and every error found in the row.

    `width` is the number of header cells: a row with more non-empty cells than that was
    split wrongly (an unquoted separator inside a value) and is refused.
    """
    today = today or today_wib()
    row = _Row(number)
    size = len(cells)

    def cell(name: str) -> object:
        index = columns.get(name, size)
        value = cells[index] if index < size else ""
        return "" if value is None else value

    if width is not None and size > width and any(shown(c).strip() for c in cells[width:]):
        row.error(
            "-",
            "",
            f"Baris ini berisi {size} sel, lebih banyak dari {width} judul kolom; mungkin ada "
            "pemisah (, atau ;) di dalam isian tanpa tanda kutip.",
            f"This row holds {size} cells, more than the {width} header columns; a value may "
            "contain the separator (, or ;) without quotes.",
        )

    name = parse_name(row, cell("name"))
    kelurahan_code = parse_kelurahan_code(row, cell("kelurahan_code"))
    birth_date = parse_birth_date(row, cell("birth_date"), today)
    sex = parse_choice(row, "sex", cell("sex"), SEX)
    kecamatan = kelurahan_code[:8] or None

    nik_raw = cell("nik")
    nik_value = ""
    nik_text = _number_text(row, "nik", nik_raw)
    if nik_text is not None:
        result = nikmod.validate_nik(
            nik_text,
            birth_date=birth_date,
            sex=sex or None,
            address_kecamatan_code=kecamatan,
            today=today,
            codes=codes,
        )
        _problems(row, "nik", nik_raw, result)
        if result.valid:
            nik_value = result.value
            sex = sex or result.sex or ""  # a valid NIK always tells the sex

    kk_raw = cell("kk")
    kk_value = ""
    kk_text = _number_text(row, "kk", kk_raw)
    if kk_text is not None:
        kk_result = _validate_kk(kk_text, kecamatan, today, codes)
        _problems(row, "kk", kk_raw, kk_result)
        if kk_result.valid:
            kk_value = kk_result.value

    rt = parse_area_number(row, "rt", cell("rt"))
    rw = parse_area_number(row, "rw", cell("rw"))
    if (rt is None) != (rw is None) and not any(e.column in ("rt", "rw") for e in row.errors):
        missing = "rw" if rw is None else "rt"
        row.error(
            missing,
            "",
            "RT dan RW harus diisi keduanya atau dikosongkan keduanya.",
            "RT and RW must both be filled in or both be left empty.",
        )

    record = Record(
        row=number,
        nik=nik_value,
        kk=kk_value,
        name=name,
        kelurahan_code=kelurahan_code,
        sex=sex,
        birth_place=parse_place(row, cell("birth_place")),
        birth_date=birth_date,
        relationship=parse_choice(row, "relationship", cell("relationship"), RELATIONSHIP),
        address=_clean_text(row, "address", cell("address"), 255),
        rt=rt,
        rw=rw,
        dwelling_status=parse_choice(row, "dwelling_status", cell("dwelling_status"), DWELLING),
        phone=parse_phone(row, cell("phone")),
        ppks=parse_ppks(row, cell("ppks_categories")),
        warnings=row.warnings,
    )
    if row.errors:
        return None, row.errors + row.warnings
    return record, row.warnings
