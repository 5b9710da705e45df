"""Import files and row values, without a database: encodings, separators, Excel's habits,
Indonesian spellings, hostile text and files that are not what they claim."""

import codecs
import json
import zipfile
from datetime import date, datetime

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from pendamping.registry.importer.errors import ErrorFile, error_line
from pendamping.registry.importer.examples import EXAMPLE_CSV, example_csv_text
from pendamping.registry.importer.parsing import (
    CANONICAL,
    FileError,
    check_xlsx_archive,
    load_mapping,
    normalise_header,
    open_table,
)
from pendamping.registry.importer.rules import FileState
from pendamping.registry.importer.values import (
    RowError,
    derive,
    from_wire,
    parse_row,
    to_wire,
)
from pendamping.registry.nik import make_kk, make_nik

TODAY = date(2026, 1, 15)
COLUMNS = {name: i for i, name in enumerate(CANONICAL)}
NIK = make_nik("14.71.01", date(1980, 5, 17), "P", 12)
KK = make_kk("14.71.01", date(2015, 3, 1), 3)


def cells(**values) -> list:
    row = {
        "nik": NIK,
        "kk": KK,
        "name": "Siti Aminah",
        "birth_place": "Pekanbaru",
        "birth_date": "1980-05-17",
        "sex": "P",
        "relationship": "istri",
        "address": "Jl. Riau No. 3",
        "rt": "003",
        "rw": "005",
        "kelurahan_code": "14.71.01.1002",
        "dwelling_status": "sewa",
        "phone": "0812-3456-7890",
        "ppks_categories": "PPKS09",
    }
    row.update(values)
    return [row[name] for name in CANONICAL]


def parse(**values):
    return parse_row(7, cells(**values), COLUMNS, width=len(CANONICAL), today=TODAY)


def errors_in(column: str, **values) -> list[RowError]:
    rec, problems = parse(**values)
    assert rec is None, f"expected an error in {column}"
    found = [p for p in problems if p.column == column and not p.warning]
    assert found, problems
    return found


def write(tmp_path, text: str, *, encoding="utf-8", name="people.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


HEADER = ",".join(CANONICAL)
ROW = ",".join(str(c) for c in cells())


# --- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16", b"")],
)
def test_encodings_are_detected_and_text_survives(tmp_path, encoding, prefix):
    text = f"{HEADER}\n{ROW.replace('Pekanbaru', 'Pekanbaru Café')}\n"
    path = tmp_path / "p.csv"
    path.write_bytes(prefix + text.encode(encoding))
    table = open_table(path)
    [(number, row)] = list(table.rows())
    assert number == 2
    assert row[COLUMNS["birth_place"]] == "Pekanbaru Café"
    assert table.encoding in {"utf-8", "utf-8-sig", "cp1252", "utf-16"}


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_separators_are_detected(tmp_path, separator):
    text = separator.join(CANONICAL) + "\n" + separator.join(cells()) + "\n"
    table = open_table(write(tmp_path, text))
    assert table.delimiter == separator
    [(_, row)] = list(table.rows())
    rec, problems = parse_row(2, row, table.columns, today=TODAY)
    assert rec is not None, problems
    assert rec.nik == NIK


def test_excel_sep_line_and_blank_rows(tmp_path):
    text = "sep=;\n" + ";".join(CANONICAL) + "\n\n" + ";".join(cells()) + "\n;;;\n"
    table = open_table(write(tmp_path, text))
    assert table.delimiter == ";"
    assert [n for n, _ in table.rows()] == [4]


def test_headers_in_indonesian_are_mapped(tmp_path):
    headers = [
        "NIK",
        "No. KK",
        "Nama Lengkap",
        "Tempat Lahir",
        "Tgl Lahir (DD/MM/YYYY)",
        "Jenis Kelamin",
        "SHDK",
        "Alamat",
        "RT",
        "RW",
        "Kode Kelurahan",
        "Status Rumah",
        "No HP",
        "Kategori PPKS",
        "Catatan",
    ]
    table = open_table(write(tmp_path, ",".join(headers) + "\n"))
    assert set(table.columns) == set(CANONICAL)
    assert table.ignored == ["Catatan"]


def test_mapping_file_csv_and_json(tmp_path):
    (tmp_path / "map.csv").write_text("source,canonical\nID Penduduk,nik\nKeluarga,kk\nX,-\n")
    (tmp_path / "map.json").write_text(json.dumps({"ID Penduduk": "nik", "Keluarga": "kk"}))
    data = write(tmp_path, "ID Penduduk,Keluarga,Nama,Kode Desa,X\n")
    for mapping in ("map.csv", "map.json"):
        table = open_table(data, load_mapping(tmp_path / mapping))
        assert table.columns["nik"] == 0
        assert table.columns["kk"] == 1
    assert normalise_header(" Tgl. Lahir ") == "tgl_lahir"


def test_mapping_to_an_unknown_column_is_refused(tmp_path):
    (tmp_path / "map.json").write_text('{"ID": "nomor"}')
    with pytest.raises(FileError) as exc:
        load_mapping(tmp_path / "map.json")
    assert "nomor" in exc.value.message_id
    assert "nomor" in exc.value.message_en


def test_missing_columns_name_what_is_missing(tmp_path):
    with pytest.raises(FileError) as exc:
        open_table(write(tmp_path, "nama,alamat\nBudi,Jl. Riau\n"))
    assert exc.value.code == "missing_columns"
    assert "nik, kk, kelurahan_code" in exc.value.message_id
    assert "Kolom wajib" in exc.value.message_id
    assert "Required columns" in exc.value.message_en


def test_two_columns_meaning_the_same_are_refused(tmp_path):
    with pytest.raises(FileError) as exc:
        open_table(write(tmp_path, "nik,nomor_nik,kk,nama,kode_kelurahan\n"))
    assert exc.value.code == "duplicate_column"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00" * 50, "not_text"),
        (b"%PDF-1.4\n\x00\x00\x01", "not_text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls_old"),
        (b"PK\x03\x04 this is not really a zip", "xlsx_broken"),
        (b"nik,kk,name,kelurahan_code\n\x81\x8d\x8f\x90\x9d\n", "encoding"),
    ],
)
def test_broken_files_get_a_clear_error_in_both_languages(tmp_path, content, code):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(FileError) as exc:
        open_table(path)
    assert exc.value.code == code
    assert exc.value.message_id
    assert exc.value.message_en
    assert exc.value.message_id != exc.value.message_en


def test_a_broken_csv_line_stops_with_the_row_number(tmp_path):
    path = write(tmp_path, f'{HEADER}\n{ROW}\n"{"x" * 200_000}"\n')  # a cell over 128 KB
    table = open_table(path)
    with pytest.raises(FileError) as exc:
        list(table.rows())
    assert exc.value.code == "csv_broken"
    assert "3" in exc.value.message_id


def test_xlsx_with_excel_dates_and_numeric_nik(tmp_path):
    path = tmp_path / "people.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for col, name in enumerate(CANONICAL):
        sheet.write_string(1, col, name)  # header on the second row, blank first row
    row = cells()
    for col, value in enumerate(row):
        sheet.write_string(2, col, value)
    sheet.write_datetime(2, COLUMNS["birth_date"], datetime(1980, 5, 17), date_format)
    sheet.write_number(2, COLUMNS["rt"], 3)
    sheet.write_number(2, COLUMNS["kelurahan_code"], 1471011002)
    for col, value in enumerate(row):
        sheet.write_string(3, col, value)
    sheet.write_number(3, COLUMNS["nik"], int(NIK))  # Excel's "1.47101E+15"
    sheet.write_number(3, COLUMNS["birth_date"], 29358)  # a date serial: 1980-05-17
    workbook.close()

    table = open_table(path)
    assert table.kind == "xlsx"
    assert table.total_rows == 2
    (n1, first), (n2, second) = list(table.rows())
    assert (n1, n2) == (3, 4)
    rec, problems = parse_row(n1, first, table.columns, today=TODAY)
    assert rec is not None, problems
    assert rec.birth_date == date(1980, 5, 17)
    assert rec.rt == 3
    assert rec.kelurahan_code == "14.71.01.1002"
    rec, problems = parse_row(n2, second, table.columns, today=TODAY)
    assert rec is None
    [nik_error] = [p for p in problems if p.column == "nik"]
    assert "Teks" in nik_error.reason_id
    assert "Text" in nik_error.reason_en


def test_a_cell_far_outside_the_table_is_refused_before_reading(tmp_path):
    """calamine would allocate the whole grid (here about 500 GB) and abort the process."""
    path = tmp_path / "far.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["nik", "kk", "nama", "kode_kelurahan"])
    sheet.write(1_048_000, 16_000, "x")
    workbook.close()
    with pytest.raises(FileError) as exc:
        open_table(path)
    assert exc.value.code == "xlsx_too_big"
    assert "1,048,001" in exc.value.message_en


def test_unpositioned_cells_and_zip_bombs_are_refused(tmp_path):
    wide = tmp_path / "wide.xlsx"
    row = "<row>" + '<c t="n"><v>1</v></c>' * 300 + "</row>"
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{row}</sheetData></worksheet>"
        )
    with pytest.raises(FileError) as exc:
        check_xlsx_archive(wide)
    assert "300" in exc.value.message_en

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * 5_000_000)
    with pytest.raises(FileError) as exc:
        check_xlsx_archive(bomb)
    assert exc.value.code == "xlsx_too_big"


def test_the_committed_example_matches_its_source_and_imports_cleanly():
    assert EXAMPLE_CSV.read_text(encoding="utf-8") == example_csv_text()
    table = open_table(EXAMPLE_CSV)
    results = [parse_row(n, row, table.columns, today=TODAY) for n, row in table.rows()]
    assert all(rec is not None for rec, _ in results), results
    assert not [p for _, problems in results for p in problems]


# --- values ---------------------------------------------------------------------------------


def test_a_clean_row():
    rec, warnings = parse()
    assert warnings == []
    assert rec.nik == NIK
    assert rec.kk == KK
    assert (rec.sex, rec.relationship, rec.dwelling_status) == ("P", "spouse", "rent")
    assert (rec.rt, rec.rw, rec.phone, rec.ppks) == (3, 5, "081234567890", ("PPKS09",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-05-17", date(1980, 5, 17)),
        ("17-05-1980", date(1980, 5, 17)),
        ("17/05/1980", date(1980, 5, 17)),
        ("17.5.1980", date(1980, 5, 17)),
        ("1980-05-17 00:00:00", date(1980, 5, 17)),
        ("17 Mei 1980", date(1980, 5, 17)),
        ("29358", date(1980, 5, 17)),
        (29358.0, date(1980, 5, 17)),
        (datetime(1980, 5, 17, 0, 0), date(1980, 5, 17)),
        ("", None),
    ],
)
def test_dates_as_staff_write_them(text, expected):
    rec, problems = parse(birth_date=text)
    assert rec is not None, problems
    assert rec.birth_date == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31/02/1980", "tidak ada"),
        ("17/05/80", "4 angka"),
        ("kemarin", "Format tanggal"),
        ("2030-01-01", "masa depan"),
        ("1880-01-01", "120 tahun"),
    ],
)
def test_bad_dates_say_why(text, words):
    [error] = errors_in("birth_date", birth_date=text)
    assert words in error.reason_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [("L", "L"), ("p", "P"), ("Laki-laki", "L"), ("PEREMPUAN", "P"), ("female", "P"), ("1", "L")],
)
def test_sex_spellings(value, expected):
    nik = make_nik("14.71.01", date(1980, 5, 17), expected, 12)
    rec, problems = parse(sex=value, nik=nik)
    assert rec is not None, problems
    assert rec.sex == expected


def test_blank_sex_comes_from_the_nik():
    rec, _ = parse(sex="")
    assert rec.sex == "P"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Kepala Keluarga", "head"),
        ("SUAMI", "spouse"),
        ("Istri", "spouse"),
        ("anak", "child"),
        ("Orang Tua", "parent"),
        ("famili lain", "other_relative"),
        ("menantu", "child_in_law"),
        ("child_in_law", "child_in_law"),
        ("1", "head"),
        ("", ""),
    ],
)
def test_relationship_spellings(value, expected):
    rec, problems = parse(relationship=value)
    assert rec is not None, problems
    assert rec.relationship == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("milik", "own"),
        ("Sewa", "rent"),
        ("KONTRAK", "contract"),
        ("menumpang", "lodging"),
        ("Tidak Punya", "none"),
        ("lodging", "lodging"),
        ("-", ""),
    ],
)
def test_dwelling_spellings(value, expected):
    rec, problems = parse(dwelling_status=value)
    assert rec is not None, problems
    assert rec.dwelling_status == expected


def test_unknown_choices_list_what_is_accepted():
    [error] = errors_in("dwelling_status", dwelling_status="istana")
    assert "milik, sewa, kontrak, menumpang, tidak punya" in error.reason_id


@pytest.mark.parametrize("value", ["1.47101E+15", "1,47101E+15", 1471015705800012.0])
def test_nik_stored_as_a_number_by_excel_is_an_error(value):
    [error] = errors_in("nik", nik=value)
    assert "Excel" in error.reason_id
    assert "Excel" in error.reason_en


@pytest.mark.parametrize(
    ("value", "code_words"),
    [("147101570580001", "16"), ("1471 0157 0580 0012", "spasi"), ("", "kosong")],
)
def test_malformed_nik(value, code_words):
    [error, *_] = errors_in("nik", nik=value)
    assert code_words in error.reason_id


def test_nik_birth_date_mismatch_is_a_warning_only():
    rec, warnings = parse(birth_date="1980-05-18")
    assert rec is not None
    assert [w.column for w in warnings] == ["nik"]
    assert warnings[0].warning


@pytest.mark.parametrize(
    ("kelurahan", "expected"), [("1471011002", "14.71.01.1002"), ("14.71.01.1002", "14.71.01.1002")]
)
def test_kelurahan_code_dotted_or_not(kelurahan, expected):
    rec, _ = parse(kelurahan_code=kelurahan)
    assert rec.kelurahan_code == expected


def test_bad_kelurahan_code():
    errors_in("kelurahan_code", kelurahan_code="Jadirejo")


@pytest.mark.parametrize(("rt", "rw"), [("3", "5"), ("003", "005"), ("RT 03", "RW.5")])
def test_rt_rw_numbers(rt, rw):
    rec, _ = parse(rt=rt, rw=rw)
    assert (rec.rt, rec.rw) == (3, 5)


def test_rt_without_rw_is_an_error():
    errors_in("rw", rw="")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("PPKS01|ppks 2", ("PPKS01", "PPKS02")), ("9", ("PPKS09",)), ("", ())],
)
def test_ppks_codes(value, expected):
    rec, _ = parse(ppks_categories=value)
    assert rec.ppks == expected


def test_unknown_ppks_code():
    [error] = errors_in("ppks_categories", ppks_categories="PPKS01|PPKS99")
    assert "PPKS99" in error.reason_id


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("name", "=cmd|' /C calc'!A0"),
        ("name", "+SUM(A1:A9)"),
        ("name", "@evil"),
        ("name", "Budi\u202eSantoso"),
        ("name", "<script>alert(1)</script>"),
        ("name", "Budi 123"),
        ("address", '=HYPERLINK("http://x")'),
        ("address", "Jl. Riau\x00"),
        ("birth_place", "-2+3"),
        ("name", "A" * 151),
    ],
)
def test_hostile_text_is_refused(column, value):
    errors_in(column, **{column: value})


def test_names_with_titles_and_apostrophes_pass():
    rec, problems = parse(name="Hj. Siti 'Aisyah, S.Pd.")
    assert rec is not None, problems
    assert rec.name == "Hj. Siti 'Aisyah, S.Pd."


def test_a_row_split_by_an_unquoted_separator_is_refused():
    row = [*cells(), "Gg. Mawar", "No. 3"]
    rec, problems = parse_row(9, row, COLUMNS, width=len(CANONICAL), today=TODAY)
    assert rec is None
    assert problems[0].column == "-"


def test_every_error_is_reported_at_once():
    rec, problems = parse(nik="x", kk="", name="", sex="?", birth_date="nope")
    assert rec is None
    assert {p.column for p in problems} >= {"nik", "kk", "name", "sex", "birth_date"}


def test_records_cross_a_pipe_unchanged():
    item = parse(birth_date="1980-05-18")
    derive(item[0])
    back = from_wire(to_wire(item))
    assert back == item
    bad = parse(nik="x")
    assert from_wire(to_wire(bad)) == bad


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=40), st.integers(), st.floats()), min_size=0, max_size=16)
)
def test_arbitrary_cells_never_raise(values):
    rec, problems = parse_row(2, values, COLUMNS, width=len(CANONICAL), today=TODAY)
    assert (rec is None) == any(not p.warning for p in problems)
    for p in problems:
        assert p.reason_id
        assert p.reason_en
        assert p.column


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CANONICAL), st.text(max_size=60))
def test_arbitrary_text_in_one_column_never_raises(column, value):
    rec, problems = parse(**{column: value})
    if rec is None:
        assert problems


# --- rules across rows ------------------------------------------------------------------------


def test_file_rules_duplicate_nik_and_one_household_per_kk():
    state = FileState()
    head, _ = parse(relationship="kepala keluarga", sex="P")
    errors, warnings, defined = state.accept(head)
    assert not errors
    assert not warnings
    assert defined == {
        "kelurahan_code": "14.71.01.1002",
        "address": "Jl. Riau No. 3",
        "dwelling_status": "rent",
        "rt": (5, 3),
    }
    again, _ = parse()
    [error], _, _ = state.accept(again)
    assert "baris 7" in error.reason_id

    other_nik = make_nik("14.71.01", date(2001, 1, 2), "L", 5)
    child, _ = parse(
        nik=other_nik, birth_date="2001-01-02", sex="L", relationship="anak", address="Jl. Lain"
    )
    errors, [warning], defined = state.accept(child)
    assert not errors
    assert defined == {}
    assert warning.column == "address"
    assert warning.warning

    second_head, _ = parse(
        nik=make_nik("14.71.01", date(1970, 1, 2), "L", 5),
        birth_date="1970-01-02",
        sex="L",
        relationship="kepala keluarga",
    )
    [error], _, _ = state.accept(second_head)
    assert error.column == "relationship"

    elsewhere, _ = parse(
        nik=make_nik("14.71.01", date(1971, 1, 2), "L", 6),
        birth_date="1971-01-02",
        sex="L",
        kelurahan_code="14.71.01.1003",
    )
    [error], _, _ = state.accept(elsewhere)
    assert error.column == "kelurahan_code"


def test_file_rules_roll_back_a_failed_batch():
    state = FileState()
    first, _ = parse(address="")
    state.begin()
    state.accept(first)
    state.commit()
    state.begin()
    second, _ = parse(
        nik=make_nik("14.71.01", date(2001, 1, 2), "L", 5), birth_date="", sex="L", address="X"
    )
    state.accept(second)
    assert state.household(KK).address == "X"
    state.rollback()
    assert state.household(KK).address == ""
    assert int(second.nik) not in state.niks


# --- error file -----------------------------------------------------------------------------


def test_error_file_masks_numbers_and_defuses_formulas(tmp_path):
    path = tmp_path / "errors.csv"
    with ErrorFile(path) as out:
        out.write([RowError(3, "nik", "1471015705800012", "a", "b")])
        out.write([RowError(4, "name", "=cmd|' /C calc'!A0", "x", "y", warning=True)])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,reason_id,reason_en"
    assert lines[1].startswith("3,nik,1471**********12,")
    assert "'=cmd" in lines[2]
    assert "Peringatan" in lines[2]
    assert error_line(RowError(5, "kk", "123", "a", "b"))[2] == "***"


def test_no_error_file_without_errors(tmp_path):
    path = tmp_path / "errors.csv"
    path.write_text("old")
    with ErrorFile(path) as out:
        out.write([])
    assert not path.exists()
