"""NIK/KK validation: pure functions, so no database and no Django settings needed."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pendamping.registry import nik
from pendamping.registry.management.commands.nik import format_line
from pendamping.registry.nik import (
    AreaCodes,
    code_name,
    default_codes,
    make_kk,
    make_nik,
    mask,
    validate_kk,
    validate_nik,
)

TODAY = date(2025, 6, 1)
KNOWN_CODES = {
    "empty",
    "length",
    "not_digits",
    "excel_number",
    "unknown_province",
    "unknown_regency",
    "unknown_kecamatan",
    "invalid_date",
    "future_date",
    "serial_zero",
    "birth_date_mismatch",
    "sex_mismatch",
    "area_differs",
    "retired_code",
}
FEMALE_1990 = "1471084107900001"  # Binawidya, 1 July 1990, female, serial 0001
MALE_1990 = "1471080107900001"


def codes_of(result) -> list[str]:
    return [p.code for p in result.problems]


def retired_kecamatan() -> str:
    """A kecamatan code from the retired file that is not current any more."""
    with (nik.DATA_DIR / "wilayah_retired_codes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "kecamatan" and default_codes().status(row["code"]) == "retired":
                return row["code"]
    raise AssertionError("no retired kecamatan in the reference file")


# --- valid numbers -----------------------------------------------------------------------


def test_valid_female_nik_decodes_day_minus_40():
    r = validate_nik(FEMALE_1990, today=TODAY)
    assert r.valid
    assert r.problems == ()
    assert r.kecamatan_code == "14.71.08"
    assert r.birth_date == date(1990, 7, 1)
    assert r.sex == "P"
    assert r.serial == "0001"
    assert r.value == FEMALE_1990


def test_valid_male_nik():
    r = validate_nik(MALE_1990, today=TODAY)
    assert r.valid
    assert (r.birth_date, r.sex) == (date(1990, 7, 1), "L")


def test_surrounding_whitespace_is_stripped():
    r = validate_nik(f"  {FEMALE_1990}\n", today=TODAY)
    assert r.valid
    assert r.value == FEMALE_1990


def test_female_day_71_is_the_31st():
    r = validate_nik("1471087101900001", today=TODAY)
    assert r.valid
    assert (r.birth_date, r.sex) == (date(1990, 1, 31), "P")


def test_pekanbaru_binawidya_is_current_with_name():
    assert default_codes().status("14.71.08") == "current"
    assert default_codes().status("147108") == "current"
    assert code_name("14.71.08") == "Binawidya"
    assert validate_nik(make_nik("14.71.08", date(1985, 3, 9), "L", 12), today=TODAY).valid


def test_retired_kecamatan_code_still_valid_with_warning():
    code = retired_kecamatan()
    r = validate_nik(make_nik(code, date(1980, 5, 5), "L", 7), today=TODAY)
    assert r.valid
    assert codes_of(r) == ["retired_code"]
    assert r.warnings[0].severity == "warning"
    assert code in r.warnings[0].message_id


def test_known_retired_merauke_mentions_successor():
    r = validate_nik("9101010101900001", today=TODAY)
    assert r.valid
    assert codes_of(r) == ["retired_code"]
    assert "93.01.01" in r.problems[0].message_id


# --- dates ---------------------------------------------------------------------------------


def test_29_february_leap_year_valid():
    r = validate_nik("1471082902920001", today=TODAY)  # male, 29-02-1992
    assert r.valid
    assert r.birth_date == date(1992, 2, 29)
    female = validate_nik("1471086902920001", today=TODAY)
    assert female.valid
    assert (female.birth_date, female.sex) == (date(1992, 2, 29), "P")


def test_29_february_non_leap_year_invalid():
    r = validate_nik("1471082902910001", today=TODAY)
    assert not r.valid
    assert codes_of(r) == ["invalid_date"]
    assert "kabisat" in r.problems[0].message_id
    assert "leap" in r.problems[0].message_en


def test_29_february_2000_leap_but_1900_not():
    assert validate_nik("1471082902000001", today=TODAY).birth_date == date(2000, 2, 29)
    recorded_1900 = validate_nik("1471082902000001", birth_date=date(1900, 3, 1), today=TODAY)
    assert codes_of(recorded_1900) == ["invalid_date"]


@pytest.mark.parametrize(
    ("dd", "mm", "needle"),
    [
        ("32", "07", "hari 32"),
        ("72", "07", "hari 72"),
        ("00", "07", "hari 00"),
        ("35", "07", "hari 35"),
        ("01", "13", "bulan 13"),
        ("01", "00", "bulan 00"),
        ("31", "04", "30 hari"),
        ("71", "04", "30 hari"),
        ("30", "02", "Februari"),
    ],
)
def test_invalid_birth_dates(dd, mm, needle):
    r = validate_nik(f"147108{dd}{mm}900001", today=TODAY)
    assert not r.valid
    assert codes_of(r) == ["invalid_date"]
    assert r.birth_date is None
    assert needle in r.problems[0].message_id


def test_invalid_day_leaves_sex_unknown():
    assert validate_nik("1471083607900001", today=TODAY).sex is None
    assert validate_nik("1471087102900001", today=TODAY).sex == "P"  # 31 Feb, female


def test_century_without_record_prefers_latest_plausible():
    assert validate_nik("1471080101050001", today=TODAY).birth_date == date(2005, 1, 1)
    assert validate_nik("1471080101900001", today=TODAY).birth_date == date(1990, 1, 1)
    # 15-12-25 would be in the future in 2025, so it is 1925 (age 99).
    assert validate_nik("1471081512250001", today=TODAY).birth_date == date(1925, 12, 15)
    assert validate_nik("1471080101250001", today=TODAY).birth_date == date(2025, 1, 1)
    # 1 Jan 2026 is plausible (age 0) and more recent than 1926.
    later = date(2026, 6, 1)
    assert validate_nik("1471080101260001", today=later).birth_date == date(2026, 1, 1)
    assert validate_nik("1471081512260001", today=later).birth_date == date(1926, 12, 15)


def test_century_uses_recorded_birth_date():
    r = validate_nik("1471080101050001", birth_date=date(1905, 1, 1), today=TODAY)
    assert r.birth_date == date(1905, 1, 1)
    assert r.problems == ()
    # Recorded 31-12-1999 vs NIK 01-01-00: the nearest year, not a 99-year gap.
    near = validate_nik("1471080101000001", birth_date=date(1999, 12, 31), today=TODAY)
    assert near.birth_date == date(2000, 1, 1)
    assert codes_of(near) == ["birth_date_mismatch"]


def test_recorded_datetime_is_accepted():
    r = validate_nik(MALE_1990, birth_date=datetime(1990, 7, 1, 8, 0), today=TODAY)
    assert r.problems == ()


def test_future_birth_date_from_record_century():
    r = validate_nik("1471080101300001", birth_date=date(2030, 1, 1), today=TODAY)
    assert "future_date" in codes_of(r)
    assert not r.valid


# --- format ----------------------------------------------------------------------------


def test_serial_zero():
    r = validate_nik("1471084107900000", today=TODAY)
    assert codes_of(r) == ["serial_zero"]
    assert not r.valid


def test_fifteen_digits():
    r = validate_nik("147108410790000", today=TODAY)
    assert codes_of(r) == ["length"]
    assert r.problems[0].message_id == "NIK harus 16 angka; yang diisi 15 angka."
    assert r.problems[0].message_en == "NIK must be 16 digits; got 15 digits."
    assert r.kecamatan_code is None


def test_letters():
    r = validate_nik("14710841079000A1", today=TODAY)
    assert codes_of(r) == ["not_digits"]
    assert "'A'" in r.problems[0].message_id


def test_letters_and_wrong_length_both_reported():
    assert codes_of(validate_nik("NIK-123", today=TODAY)) == ["not_digits", "length"]


def test_internal_spaces_are_not_digits():
    assert codes_of(validate_nik("1471 0841 0790 0001", today=TODAY)) == ["not_digits", "length"]


def test_non_ascii_digits_rejected():
    arabic = "١٤٧١٠٨٤١٠٧٩٠٠٠٠١"
    assert codes_of(validate_nik(arabic, today=TODAY)) == ["not_digits"]


@pytest.mark.parametrize("value", ["1.47101E+15", "1,47108E+15", "1.471084E+15", "1E+15"])
def test_excel_scientific_notation(value):
    r = validate_nik(value, today=TODAY)
    assert codes_of(r) == ["excel_number"]
    assert "Excel" in r.problems[0].message_id
    assert "lost digits" in r.problems[0].message_en


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty(value):
    r = validate_nik(value, today=TODAY)
    assert codes_of(r) == ["empty"]
    assert not r.valid


# --- areas -----------------------------------------------------------------------------


def test_unknown_province():
    r = validate_nik("9971084107900001", today=TODAY)
    assert codes_of(r) == ["unknown_province"]
    assert "99" in r.problems[0].message_id


def test_unknown_regency():
    r = validate_nik("1499084107900001", today=TODAY)
    assert codes_of(r) == ["unknown_regency"]
    assert "14.99" in r.problems[0].message_id


def test_unknown_kecamatan():
    r = validate_nik("1471994107900001", today=TODAY)
    assert codes_of(r) == ["unknown_kecamatan"]
    assert "14.71.99" in r.problems[0].message_id


def test_custom_area_codes_checked_top_down():
    codes = AreaCodes(["14", "14.71", "14.71.08"], retired=["14.72", "14.72.01"])
    assert codes.status("14.72.01") == "retired"
    assert codes.status("14.71") == "current"
    assert codes.status("15") is None
    assert "14.71.08" in codes
    assert codes.codes(3) == ("14.71.08", "14.72.01")
    assert codes.codes(3, include_retired=False) == ("14.71.08",)
    assert codes_of(validate_nik("1472014107900001", today=TODAY, codes=codes)) == ["retired_code"]
    assert codes_of(validate_nik("1571084107900001", today=TODAY, codes=codes)) == [
        "unknown_province"
    ]
    assert codes_of(validate_nik("1473084107900001", today=TODAY, codes=codes)) == [
        "unknown_regency"
    ]


def test_code_current_and_retired_counts_as_current():
    codes = AreaCodes(["14"], retired=["14"])
    assert codes.status("14") == "current"


# --- warnings ----------------------------------------------------------------------------


def test_birth_date_mismatch_warning():
    r = validate_nik(FEMALE_1990, birth_date=date(1990, 7, 2), today=TODAY)
    assert r.valid
    assert codes_of(r) == ["birth_date_mismatch"]
    assert "1 Juli 1990" in r.problems[0].message_id
    assert "2 July 1990" in r.problems[0].message_en


def test_sex_mismatch_warning():
    r = validate_nik(FEMALE_1990, sex="L", today=TODAY)
    assert r.valid
    assert codes_of(r) == ["sex_mismatch"]
    assert r.sex == "P"
    assert codes_of(validate_nik(MALE_1990, sex="P", today=TODAY)) == ["sex_mismatch"]
    assert validate_nik(MALE_1990, sex="l", today=TODAY).problems == ()
    assert validate_nik(FEMALE_1990, sex="Perempuan", today=TODAY).problems == ()


@pytest.mark.parametrize("address", ["14.71.08", "147108", "14.71.08.1001", "1471081001"])
def test_same_area_no_warning(address):
    assert validate_nik(FEMALE_1990, address_kecamatan_code=address, today=TODAY).problems == ()


def test_area_differs_warning():
    r = validate_nik(FEMALE_1990, address_kecamatan_code="14.71.01", today=TODAY)
    assert r.valid
    assert codes_of(r) == ["area_differs"]
    assert "Sukajadi" in r.problems[0].message_id
    assert r.kecamatan_code == "14.71.08"  # never replaced by the address


def test_all_warnings_together_stay_valid():
    r = validate_nik(
        FEMALE_1990,
        birth_date=date(1991, 7, 1),
        sex="L",
        address_kecamatan_code="14.71.02",
        today=TODAY,
    )
    assert r.valid
    assert set(codes_of(r)) == {"area_differs", "birth_date_mismatch", "sex_mismatch"}
    assert r.errors == ()
    assert len(r.warnings) == 3


def test_multiple_problems_reported_together():
    r = validate_nik("9971083213900000", sex="P", today=TODAY)
    assert codes_of(r) == ["unknown_province", "invalid_date", "serial_zero"]
    assert all(p.severity == "error" for p in r.problems)
    assert "bulan 13" in r.problems[1].message_id
    assert "hari 32" in r.problems[1].message_id


def test_messages_are_bilingual_and_never_contain_the_number():
    samples = [
        "9971083213900000",
        FEMALE_1990,
        "1471082902910001",
        "9101010101900001",
        "1471084507250000",
    ]
    for value in samples:
        for result in (
            validate_nik(
                value,
                birth_date=date(1950, 1, 1),
                sex="L",
                address_kecamatan_code="14.71.01",
                today=TODAY,
            ),
            validate_kk(value, address_kecamatan_code="14.71.01", today=TODAY),
        ):
            for p in result.problems:
                assert p.code in KNOWN_CODES
                assert p.severity in {"error", "warning"}
                assert p.message_id
                assert p.message_en
                assert p.message_id != p.message_en
                assert value not in p.message_id
                assert value not in p.message_en


# --- KK ------------------------------------------------------------------------------------


def test_kk_valid():
    r = validate_kk("1471080107200001", today=TODAY)
    assert r.valid
    assert (r.kecamatan_code, r.issued_on, r.serial) == ("14.71.08", date(2020, 7, 1), "0001")


def test_kk_century():
    assert validate_kk("1471080107990001", today=TODAY).issued_on == date(1999, 7, 1)


def test_kk_has_no_plus_40():
    r = validate_kk("1471084107200001", today=TODAY)
    assert codes_of(r) == ["invalid_date"]
    assert "+40" in r.problems[0].message_id


def test_kk_future_date():
    r = validate_kk("1471081512250001", today=TODAY)
    assert codes_of(r) == ["future_date"]
    assert r.issued_on == date(2025, 12, 15)


def test_kk_problems_together():
    r = validate_kk("1499083102200000", address_kecamatan_code="14.71.01", today=TODAY)
    assert codes_of(r) == ["unknown_regency", "invalid_date", "serial_zero"]


def test_kk_format_and_area_warning():
    assert codes_of(validate_kk("1.47101E+15", today=TODAY)) == ["excel_number"]
    r = validate_kk("1471080107200001", address_kecamatan_code="14.71.01", today=TODAY)
    assert r.valid
    assert codes_of(r) == ["area_differs"]
    assert "KK" in r.problems[0].message_id


# --- builders and mask -----------------------------------------------------------------


def test_make_nik_and_kk():
    assert make_nik("14.71.08", date(1990, 7, 1), "P", 1) == FEMALE_1990
    assert make_nik("147108", date(1990, 7, 1), "L", 1) == MALE_1990
    assert make_kk("14.71.08", date(2020, 7, 1), 12) == "1471080107200012"


@pytest.mark.parametrize(
    ("code", "sex", "serial"),
    [("14.71.8", "L", 1), ("14.71.08", "X", 1), ("14.71.08", "L", 0), ("14.71.08", "L", 10000)],
)
def test_make_nik_rejects_bad_input(code, sex, serial):
    with pytest.raises(ValueError, match=r"."):
        make_nik(code, date(1990, 1, 1), sex, serial)


def test_mask():
    assert mask(FEMALE_1990) == "1471**********01"
    assert mask("1471084107900012") == "1471**********12"
    assert mask(None) == ""
    assert mask("") == ""
    assert mask("12345") == "*****"


# --- loading -------------------------------------------------------------------------------


def test_reference_loads_fast_and_is_cached():
    nik._load_reference.cache_clear()
    start = time.perf_counter()
    codes = AreaCodes.from_reference()
    assert time.perf_counter() - start < 1.0
    assert default_codes() is codes
    assert codes.status("14") == "current"
    assert codes.status("14.71") == "current"
    assert codes.status("14.71.08.1001") is None  # desa codes are not loaded
    assert len(codes.codes(3, include_retired=False)) == 7285


def test_module_imports_without_django():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import sys; import pendamping.registry.nik as n; "
        "assert 'django' not in sys.modules, 'django imported'; "
        "print(n.validate_nik('1471084107900001').valid)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


# --- management command output ---------------------------------------------------------


def test_format_line_valid():
    line = format_line(validate_nik(FEMALE_1990, today=TODAY))
    assert line == (
        "1471084107900001  OK  kecamatan 14.71.08 (Binawidya)  lahir 1990-07-01  P  serial 0001"
    )


def test_format_line_valid_with_warning_and_mask():
    r = validate_nik(FEMALE_1990, sex="L", today=TODAY)
    line = format_line(r, masked=True)
    assert line.startswith("1471**********01  OK  kecamatan 14.71.08 (Binawidya)")
    assert "PERINGATAN sex_mismatch: " in line
    assert FEMALE_1990 not in line


def test_format_line_invalid():
    line = format_line(validate_nik("9971083213900000", today=TODAY))
    assert line.startswith("9971083213900000  INVALID  unknown_province: Kode provinsi 99")
    assert "; invalid_date: " in line
    assert "; serial_zero: " in line


def test_format_line_kk():
    line = format_line(validate_kk("1471080107200001", today=TODAY))
    assert line == (
        "1471080107200001  OK  kecamatan 14.71.08 (Binawidya)  terbit 2020-07-01  serial 0001"
    )


def _django_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "DJANGO_SETTINGS_MODULE": "pendamping.settings.test",
    }


def test_command_runs_through_django():
    env = _django_env()
    setup = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        pytest.skip(f"Django project does not set up here: {setup.stderr[-300:]}")
    ok = subprocess.run(
        [sys.executable, "-m", "django", "nik", "check", FEMALE_1990, MALE_1990],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{FEMALE_1990}  OK  kecamatan 14.71.08 (Binawidya)")
    bad = subprocess.run(
        [sys.executable, "-m", "django", "nik", "check", FEMALE_1990, "123", "--sex", "P"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "123  INVALID  length: " in bad.stdout


# --- properties ----------------------------------------------------------------------------

REAL_TODAY = date.today()
KECAMATAN = default_codes().codes(3)
BIRTH_DATES = st.dates(min_value=date(max(1920, REAL_TODAY.year - 109), 1, 1), max_value=REAL_TODAY)
ISSUE_DATES = st.dates(min_value=date(REAL_TODAY.year - 99, 1, 1), max_value=REAL_TODAY)


@settings(deadline=None)
@given(
    code=st.sampled_from(KECAMATAN),
    born=BIRTH_DATES,
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(1, 9999),
)
def test_make_nik_round_trip(code, born, sex, serial):
    value = make_nik(code, born, sex, serial)
    r = validate_nik(value, birth_date=born, sex=sex, today=REAL_TODAY)
    assert r.errors == (), r.errors
    assert set(codes_of(r)) <= {"retired_code"}
    assert (r.kecamatan_code, r.birth_date, r.sex) == (code, born, sex)
    assert r.serial == f"{serial:04d}"
    # Without a record the two-digit year goes to the latest century not in the future.
    try:
        later = born.replace(year=born.year + 100)
    except ValueError:  # 29 Feb in a non-leap year
        later = None
    expected = later if later is not None and later <= REAL_TODAY else born
    bare = validate_nik(value, today=REAL_TODAY)
    assert bare.errors == (), bare.errors
    assert (bare.kecamatan_code, bare.birth_date, bare.sex) == (code, expected, sex)


@settings(deadline=None)
@given(code=st.sampled_from(KECAMATAN), issued=ISSUE_DATES, serial=st.integers(1, 9999))
def test_make_kk_round_trip(code, issued, serial):
    r = validate_kk(make_kk(code, issued, serial), today=REAL_TODAY)
    assert r.errors == (), r.errors
    assert (r.kecamatan_code, r.issued_on, r.serial) == (code, issued, f"{serial:04d}")


@settings(deadline=None)
@given(
    value=st.text(alphabet="0123456789", min_size=16, max_size=16),
    recorded=st.none() | st.dates(),
    sex=st.sampled_from([None, "L", "P", "x"]),
    today=st.dates(min_value=date(1900, 1, 1)),
)
def test_any_16_digits_never_raises(value, recorded, sex, today):
    r = validate_nik(value, birth_date=recorded, sex=sex, today=today)
    assert r.kecamatan_code is not None
    assert set(codes_of(r)) <= KNOWN_CODES
    assert r.valid == (r.errors == ())
    if r.valid:
        assert r.birth_date is not None
        assert r.sex in {"L", "P"}
    for p in r.problems:
        assert value not in p.message_id
        assert value not in p.message_en
    k = validate_kk(value, today=today)
    assert set(codes_of(k)) <= KNOWN_CODES
    if k.valid:
        assert k.issued_on is not None
        assert k.issued_on <= today


@settings(deadline=None)
@given(st.text())
def test_any_text_never_raises(value):
    r = validate_nik(value, address_kecamatan_code=value, today=TODAY)
    assert set(codes_of(r)) <= KNOWN_CODES
    k = validate_kk(value, address_kecamatan_code=value, today=TODAY)
    assert set(codes_of(k)) <= KNOWN_CODES
    m = mask(value)
    assert len(m) == len(value.strip())


@given(st.text(alphabet="0123456789", min_size=7, max_size=20))
def test_mask_keeps_only_six_characters(value):
    m = mask(value)
    assert m[:4] == value[:4]
    assert m[-2:] == value[-2:]
    assert set(m[4:-2]) <= {"*"}
