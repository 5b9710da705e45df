"""NIK and KK number validation, as pure Python.

Kept free of Django and the ORM so that importers, the CLI, API schemas and tests can
validate numbers without settings or a database. The area codes come straight from the
reference CSV files shipped in ``pendamping/wilayah/data``.

A NIK (Nomor Induk Kependudukan) is ``PPKKCC DDMMYY SSSS``: the kecamatan where it was
first issued, the birth date (day + 40 for women) and a serial. A KK (Nomor Kartu Keluarga)
is ``PPKKCC DDMMYY SSSS`` with the date of issue instead (no +40). Every problem found is
returned, each with a stable code and a message in Indonesian and English. Messages never
contain the full number.
"""

from __future__ import annotations

import calendar
import csv
import gzip
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Literal

__all__ = [
    "AreaCodes",
    "KkResult",
    "NikResult",
    "Problem",
    "code_name",
    "default_codes",
    "make_kk",
    "make_nik",
    "mask",
    "validate_kk",
    "validate_nik",
]

ERROR = "error"
WARNING = "warning"

DATA_DIR = Path(__file__).resolve().parent.parent / "wilayah" / "data"

# Indonesia's civil registry works in WIB for Pekanbaru; "today" must not flip at UTC midnight.
_WIB = timezone(timedelta(hours=7), "WIB")
MAX_AGE = 110

_MONTHS_ID = (
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_MONTHS_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Excel turns a 16-digit number into e.g. "1.47101E+15" (or "1,47101E+15" in an Indonesian
# locale); the digits past the 15th are gone for good, so this deserves its own message.
_EXCEL_RE = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_DIGITS16_RE = re.compile(r"^[0-9]{16}$")


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One finding about a number; ``code`` is stable, messages are for people."""

    code: str
    severity: str  # "error" | "warning"
    message_id: str
    message_en: str


class _HasProblems:
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """Warnings (e.g. a move since issue) do not make a number unusable."""
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def codes(self) -> tuple[str, ...]:
        """Problem codes in order, handy for tests and logs."""
        return tuple(p.code for p in self.problems)


@dataclass(frozen=True)
class NikResult(_HasProblems):
    value: str
    kecamatan_code: str | None
    birth_date: date | None
    sex: str | None
    serial: str | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class KkResult(_HasProblems):
    value: str
    kecamatan_code: str | None
    issued_on: date | None
    serial: str | None
    problems: tuple[Problem, ...]


# ---------------------------------------------------------------------------
# Area codes
# ---------------------------------------------------------------------------


def _dotted(code: str) -> str:
    """Accept "147108" as well as "14.71.08" so callers need not care which they hold."""
    code = code.strip()
    if code.isascii() and code.isdigit():
        if len(code) in (2, 4, 6):
            return ".".join(code[i : i + 2] for i in range(0, len(code), 2))
        if len(code) == 10:
            return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    return code


class AreaCodes:
    """Known area codes, current and retired, because an old NIK keeps its first code."""

    def __init__(
        self,
        current: Iterable[str],
        retired: Iterable[str] = (),
        names: Mapping[str, str] | None = None,
        successors: Mapping[str, str] | None = None,
    ) -> None:
        self._current = frozenset(_dotted(c) for c in current)
        self._retired = frozenset(_dotted(c) for c in retired) - self._current
        self._names = dict(names or {})
        self._successors = dict(successors or {})

    def status(self, code: str) -> Literal["current", "retired"] | None:
        code = _dotted(code)
        if code in self._current:
            return "current"
        if code in self._retired:
            return "retired"
        return None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.status(code) is not None

    def name(self, code: str) -> str | None:
        return self._names.get(_dotted(code))

    def successor(self, code: str) -> str | None:
        """Name-matched current code for a retired one; a hint only, not an official table."""
        return self._successors.get(_dotted(code))

    def codes(self, parts: int | None = None, *, include_retired: bool = True) -> tuple[str, ...]:
        """Sorted codes, optionally only those with ``parts`` dotted parts (3 = kecamatan)."""
        pool = self._current | self._retired if include_retired else self._current
        return tuple(sorted(c for c in pool if parts is None or c.count(".") + 1 == parts))

    @classmethod
    def from_reference(cls) -> AreaCodes:
        return _load_reference()


def _read_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _upto_kecamatan(code: str) -> bool:
    return bool(code) and code.count(".") <= 2


@lru_cache(maxsize=1)
def _load_reference() -> AreaCodes:
    """Read the shipped files once; desa/kelurahan rows are skipped to keep this fast."""
    current: set[str] = set()
    retired: set[str] = set()
    names: dict[str, str] = {}
    successors: dict[str, str] = {}

    with _read_text(DATA_DIR / "wilayah_indonesia.csv.gz") as fh:
        next(fh, None)
        for line in fh:
            # Cheap pre-filter before csv parsing: 4-part codes are ~90% of the file.
            if line.split(",", 1)[0].count(".") > 2:
                continue
            row = next(csv.reader([line]))
            code = row[0].strip()
            current.add(code)
            names[code] = row[1].strip()

    with _read_text(DATA_DIR / "wilayah_retired_codes.csv") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("code") or "").strip()
            if _upto_kecamatan(code):
                retired.add(code)
                names.setdefault(code, (row.get("name") or "").strip())

    pekanbaru = DATA_DIR / "wilayah_pekanbaru.csv"
    if pekanbaru.exists():
        with _read_text(pekanbaru) as fh:
            for row in csv.DictReader(fh):
                code = (row.get("code") or "").strip()
                if _upto_kecamatan(code):
                    current.add(code)
                    names.setdefault(code, (row.get("name") or "").strip())
                former = (row.get("former_code") or "").strip()
                if _upto_kecamatan(former):
                    retired.add(former)

    succ_file = DATA_DIR / "wilayah_retired_codes_successors.csv"
    if succ_file.exists():
        with _read_text(succ_file) as fh:
            for row in csv.DictReader(fh):
                old = (row.get("old_code") or "").strip()
                if _upto_kecamatan(old):
                    successors[old] = (row.get("current_code") or "").strip()

    return AreaCodes(current, retired, names=names, successors=successors)


def default_codes() -> AreaCodes:
    """The reference codes, loaded on first use and then cached."""
    return AreaCodes.from_reference()


def code_name(code: str) -> str | None:
    """Name of a province/kab-kota/kecamatan code (current name wins over a retired one)."""
    return default_codes().name(code)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(tz=_WIB).date()


def _as_date(value: date | None) -> date | None:
    """A datetime compares badly with a date, so reduce it first."""
    if isinstance(value, datetime):
        return value.date()
    return value


def _fmt_id(d: date) -> str:
    return f"{d.day} {_MONTHS_ID[d.month]} {d.year}"


def _fmt_en(d: date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month]} {d.year}"


def _norm_sex(sex: str | None) -> str | None:
    """Accept the usual spellings; anything unrecognised means "not recorded"."""
    if not sex:
        return None
    s = str(sex).strip().upper()
    if s in {"L", "LK", "LAKI-LAKI", "LAKI LAKI", "LAKI", "M", "MALE", "PRIA"}:
        return "L"
    if s in {"P", "PR", "PEREMPUAN", "WANITA", "F", "FEMALE"}:
        return "P"
    return None


def _sex_words(sex: str) -> tuple[str, str]:
    return ("laki-laki", "male") if sex == "L" else ("perempuan", "female")


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _err(code: str, message_id: str, message_en: str) -> Problem:
    return Problem(code, ERROR, message_id, message_en)


def _warn(code: str, message_id: str, message_en: str) -> Problem:
    return Problem(code, WARNING, message_id, message_en)


def _describe_chars(value: str) -> str:
    shown: list[str] = []
    for ch in value:
        if ch in "0123456789":
            continue
        label = "spasi" if ch == " " else repr(ch)
        if label not in shown:
            shown.append(label)
        if len(shown) == 5:
            break
    return ", ".join(shown)


def _check_format(value: str, label: str) -> list[Problem]:
    """Problems with the shape of the string; empty list means 16 ASCII digits."""
    if _DIGITS16_RE.match(value):
        return []
    if not value:
        return [_err("empty", f"{label} kosong.", f"{label} is empty.")]
    if _EXCEL_RE.match(value):
        return [
            _err(
                "excel_number",
                f"{label} tersimpan sebagai angka oleh Excel (format ilmiah seperti 1,47E+15) "
                f"sehingga sebagian digitnya hilang; ketik ulang {label} dengan kolom "
                "berformat Teks.",
                f"The {label} was stored as a number by Excel (scientific notation such as "
                f"1.47E+15) and lost digits; re-enter it with the column formatted as Text.",
            )
        ]
    problems: list[Problem] = []
    non_digit = any(ch not in "0123456789" for ch in value)
    if non_digit:
        chars = _describe_chars(value)
        problems.append(
            _err(
                "not_digits",
                f"{label} hanya boleh berisi angka 0-9; ditemukan karakter lain: {chars}.",
                f"{label} may contain only the digits 0-9; found other characters: "
                f"{chars.replace('spasi', 'space')}.",
            )
        )
    if len(value) != 16:
        unit_id, unit_en = ("karakter", "characters") if non_digit else ("angka", "digits")
        problems.append(
            _err(
                "length",
                f"{label} harus 16 angka; yang diisi {len(value)} {unit_id}.",
                f"{label} must be 16 digits; got {len(value)} {unit_en}.",
            )
        )
    return problems


def _check_area(
    kec: str, label: str, codes: AreaCodes, address_kecamatan_code: str | None
) -> list[Problem]:
    """Top-down area check, so the first unknown level is the one reported."""
    prov, regency = kec[:2], kec[:5]
    if codes.status(prov) is None:
        return [
            _err(
                "unknown_province",
                f"Kode provinsi {prov} di {label} (digit 1-2) tidak dikenal.",
                f"Province code {prov} in the {label} (digits 1-2) is unknown.",
            )
        ]
    if codes.status(regency) is None:
        return [
            _err(
                "unknown_regency",
                f"Kode kabupaten/kota {regency} di {label} (digit 1-4) tidak dikenal.",
                f"Regency/city code {regency} in the {label} (digits 1-4) is unknown.",
            )
        ]
    status = codes.status(kec)
    if status is None:
        return [
            _err(
                "unknown_kecamatan",
                f"Kode kecamatan {kec} di {label} (digit 1-6) tidak dikenal, baik yang "
                "berlaku sekarang maupun yang lama.",
                f"Kecamatan code {kec} in the {label} (digits 1-6) is unknown, neither current "
                "nor retired.",
            )
        ]
    problems: list[Problem] = []
    name = codes.name(kec)
    named = f"{name} ({kec})" if name else kec
    coded = f"{kec} ({name})" if name else kec
    if status == "retired":
        succ = codes.successor(kec)
        hint_id = f" Kode sekarang kemungkinan {succ}." if succ else ""
        hint_en = f" The current code is probably {succ}." if succ else ""
        problems.append(
            _warn(
                "retired_code",
                f"Kode kecamatan {coded} di {label} sudah tidak berlaku lagi; {label} tetap sah "
                f"karena menyimpan kode tempat {label} pertama diterbitkan.{hint_id}",
                f"Kecamatan code {coded} in the {label} has been retired; the {label} stays "
                f"valid because it keeps the code of where it was first issued.{hint_en}",
            )
        )
    if address_kecamatan_code:
        addr = ".".join(_dotted(address_kecamatan_code).split(".")[:3])
        if addr != kec:
            addr_name = codes.name(addr)
            addr_named = f"{addr_name} ({addr})" if addr_name else addr
            if label == "NIK":
                why_id = "Ini wajar bila sudah pindah; NIK tidak berubah saat pindah."
                why_en = "This is normal after a move; a NIK does not change."
            else:
                why_id = "Mungkin keluarga sudah pindah dan KK belum diperbarui."
                why_en = "The family may have moved without a new KK yet."
            problems.append(
                _warn(
                    "area_differs",
                    f"Kecamatan di {label}, {named}, berbeda dengan kecamatan alamat sekarang, "
                    f"{addr_named}. {why_id}",
                    f"The {label}'s kecamatan, {named}, differs from the current address "
                    f"kecamatan, {addr_named}. {why_en}",
                )
            )
    return problems


def _serial_problem(serial: str, label: str) -> list[Problem]:
    if serial != "0000":
        return []
    return [
        _err(
            "serial_zero",
            f"Nomor urut {label} (4 digit terakhir) tidak boleh 0000.",
            f"The {label} serial (last 4 digits) must not be 0000.",
        )
    ]


def _date_reason(
    day: int,
    month: int,
    years: Iterable[int],
    what: tuple[str, str],
    day_hint: tuple[str, str] = ("", ""),
) -> tuple[str, str] | None:
    """Why DD/MM cannot be a date in any of ``years``; None if it is valid in one."""
    reasons_id: list[str] = []
    reasons_en: list[str] = []
    if not 1 <= day <= 31:
        reasons_id.append(f"hari {day:02d} tidak ada{day_hint[0]}")
        reasons_en.append(f"day {day:02d} does not exist{day_hint[1]}")
    if not 1 <= month <= 12:
        reasons_id.append(f"bulan {month:02d} tidak ada (harus 01-12)")
        reasons_en.append(f"month {month:02d} does not exist (must be 01-12)")
    if not reasons_id:
        years = list(years)
        if any(_valid_date(y, month, day) for y in years):
            return None
        if month == 2 and day == 29:
            ys = sorted(set(years))
            if len(ys) == 1:
                reasons_id.append(f"29 Februari hanya ada di tahun kabisat; {ys[0]} bukan kabisat")
                reasons_en.append(f"29 February exists only in leap years; {ys[0]} is not one")
            else:
                listed = ", ".join(str(y) for y in ys)
                reasons_id.append(
                    f"29 Februari hanya ada di tahun kabisat; {listed} bukan tahun kabisat"
                )
                reasons_en.append(
                    f"29 February exists only in leap years; none of {listed} is a leap year"
                )
        elif month == 2:
            reasons_id.append(f"bulan Februari paling banyak 29 hari, bukan {day}")
            reasons_en.append(f"February has at most 29 days, not {day}")
        else:
            last = calendar.monthrange(2001, month)[1]  # February is handled above
            reasons_id.append(f"bulan {_MONTHS_ID[month]} hanya punya {last} hari, bukan {day}")
            reasons_en.append(f"{_MONTHS_EN[month]} has only {last} days, not {day}")
    return (
        f"{what[0]} tidak valid: " + "; ".join(reasons_id) + ".",
        f"{what[1]} is not valid: " + "; ".join(reasons_en) + ".",
    )


def _nik_birth_year_candidates(yy: int, birth_date: date | None, today: date) -> list[int]:
    """Candidate years, best first: the recorded date's century, or the latest plausible."""
    if birth_date is not None:
        base = birth_date.year // 100 * 100
        options = [y for y in (base - 100 + yy, base + yy, base + 100 + yy) if 1 <= y <= 9999]
        # Closest to the recorded year: "its century", but 31-12-1999 vs 2000 stays sane.
        return [min(options, key=lambda y: (abs(y - birth_date.year), -y))]
    base = today.year // 100 * 100
    return [base + yy, base - 100 + yy, base - 200 + yy]


def _pick_birth_date(
    day: int, month: int, years: list[int], recorded: date | None, today: date
) -> date | None:
    dates = [d for y in years if (d := _valid_date(y, month, day)) is not None]
    if not dates:
        return None
    if recorded is not None:
        return dates[0]
    for d in dates:  # most recent first
        if d <= today and _age(d, today) <= MAX_AGE:
            return d
    for d in dates:
        if d <= today:
            return d
    return dates[0]


# ---------------------------------------------------------------------------
# Public validation
# ---------------------------------------------------------------------------


def validate_nik(
    value: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    address_kecamatan_code: str | None = None,
    today: date | None = None,
    codes: AreaCodes | None = None,
) -> NikResult:
    """Check a NIK and decode it; never raises on bad input, returns problems instead.

    ``birth_date``/``sex`` are what the registry has recorded: they pick the century and
    give mismatch warnings. ``address_kecamatan_code`` is where the person lives now; it is
    compared with, never derived from, the NIK.
    """
    value = "" if value is None else str(value).strip()
    today = _as_date(today) or _today()
    birth_date = _as_date(birth_date)
    recorded_sex = _norm_sex(sex)

    problems = _check_format(value, "NIK")
    if problems:
        return NikResult(value, None, None, None, None, tuple(problems))

    codes = codes if codes is not None else default_codes()
    kec = f"{value[0:2]}.{value[2:4]}.{value[4:6]}"
    dd, mm, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    serial = value[12:16]

    problems += _check_area(kec, "NIK", codes, address_kecamatan_code)

    nik_sex: str | None = None
    day = dd
    if 1 <= dd <= 31:
        nik_sex = "L"
    elif 41 <= dd <= 71:
        nik_sex, day = "P", dd - 40

    years = _nik_birth_year_candidates(yy, birth_date, today)
    decoded: date | None = None
    what = ("Tanggal lahir di NIK", "The NIK birth date")
    # Name only plausible years in messages: "1801" would just confuse a reader.
    shown = [y for y in years if today.year - MAX_AGE <= y <= today.year] or years[:1]
    if nik_sex is None:
        hint = (
            " (harus 01-31 untuk laki-laki atau 41-71 untuk perempuan)",
            " (must be 01-31 for men or 41-71 for women)",
        )
        reason = _date_reason(dd, mm, shown, what, hint)
    else:
        reason = _date_reason(day, mm, years, what)
        if reason is not None:
            reason = _date_reason(day, mm, shown, what)
        if reason is None:
            decoded = _pick_birth_date(day, mm, years, birth_date, today)
    if reason is not None:
        problems.append(_err("invalid_date", *reason))
    elif decoded is not None and decoded > today:
        problems.append(
            _err(
                "future_date",
                f"Tanggal lahir di NIK ({_fmt_id(decoded)}) ada di masa depan.",
                f"The NIK birth date ({_fmt_en(decoded)}) is in the future.",
            )
        )

    problems += _serial_problem(serial, "NIK")

    if decoded is not None and birth_date is not None and decoded != birth_date:
        problems.append(
            _warn(
                "birth_date_mismatch",
                f"Tanggal lahir di NIK ({_fmt_id(decoded)}) berbeda dengan tanggal lahir yang "
                f"tercatat ({_fmt_id(birth_date)}).",
                f"The NIK birth date ({_fmt_en(decoded)}) differs from the recorded birth date "
                f"({_fmt_en(birth_date)}).",
            )
        )
    if nik_sex is not None and recorded_sex is not None and nik_sex != recorded_sex:
        nik_id, nik_en = _sex_words(nik_sex)
        rec_id, rec_en = _sex_words(recorded_sex)
        rule_id = "tanggal lahir +40" if nik_sex == "P" else "tanggal lahir tanpa +40"
        rule_en = "birth day + 40" if nik_sex == "P" else "birth day without + 40"
        problems.append(
            _warn(
                "sex_mismatch",
                f"Menurut NIK jenis kelaminnya {nik_id} ({rule_id}), tetapi yang tercatat "
                f"{rec_id}.",
                f"The NIK says {nik_en} ({rule_en}), but the record says {rec_en}.",
            )
        )

    return NikResult(value, kec, decoded, nik_sex, serial, tuple(problems))


def validate_kk(
    value: str,
    *,
    address_kecamatan_code: str | None = None,
    today: date | None = None,
    codes: AreaCodes | None = None,
) -> KkResult:
    """Check a KK number and decode it; never raises on bad input."""
    value = "" if value is None else str(value).strip()
    today = _as_date(today) or _today()

    problems = _check_format(value, "KK")
    if problems:
        return KkResult(value, None, None, None, tuple(problems))

    codes = codes if codes is not None else default_codes()
    kec = f"{value[0:2]}.{value[2:4]}.{value[4:6]}"
    dd, mm, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    serial = value[12:16]

    problems += _check_area(kec, "KK", codes, address_kecamatan_code)

    # Pick the century by year only, so a date later this year is reported as in the
    # future instead of silently becoming a century-old card.
    year = today.year // 100 * 100 + yy
    if year > today.year:
        year -= 100
    hint = ("", "")
    if 41 <= dd <= 71:
        hint = (
            " (KK tidak memakai +40; itu aturan NIK perempuan)",
            " (a KK does not add 40; that rule is for women's NIKs)",
        )
    reason = _date_reason(dd, mm, [year], ("Tanggal terbit KK", "The KK issue date"), hint)
    issued: date | None = None
    if reason is not None:
        problems.append(_err("invalid_date", *reason))
    else:
        issued = date(year, mm, dd)
        if issued > today:
            problems.append(
                _err(
                    "future_date",
                    f"Tanggal terbit KK ({_fmt_id(issued)}) ada di masa depan.",
                    f"The KK issue date ({_fmt_en(issued)}) is in the future.",
                )
            )

    problems += _serial_problem(serial, "KK")
    return KkResult(value, kec, issued, serial, tuple(problems))


# ---------------------------------------------------------------------------
# Builders and masking
# ---------------------------------------------------------------------------


def _kec_digits(kecamatan_code: str) -> str:
    digits = _dotted(kecamatan_code).replace(".", "")
    if not re.fullmatch(r"[0-9]{6}", digits):
        raise ValueError(f"kecamatan code must look like '14.71.08', got {kecamatan_code!r}")
    return digits


def _serial_digits(serial: int) -> str:
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1..9999, got {serial}")
    return f"{serial:04d}"


def make_nik(kecamatan_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Build a structurally valid NIK, for demo data and tests."""
    norm = _norm_sex(sex)
    if norm is None:
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    birth_date = _as_date(birth_date)
    day = birth_date.day + (40 if norm == "P" else 0)
    return (
        f"{_kec_digits(kecamatan_code)}{day:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{_serial_digits(serial)}"
    )


def make_kk(kecamatan_code: str, issued_on: date, serial: int) -> str:
    """Build a structurally valid KK number, for demo data and tests."""
    issued_on = _as_date(issued_on)
    return f"{_kec_digits(kecamatan_code)}{issued_on:%d%m%y}{_serial_digits(serial)}"


def mask(value: str | None) -> str:
    """Show only the first 4 and last 2 characters, for logs and screens.

    Values of 6 characters or fewer are fully masked, since keeping 6 would reveal them
    whole (same rule as ``registry.nikmask``).
    """
    if not value:
        return ""
    value = str(value).strip()
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]
