"""Reading national extracts: the column names real exports use, a mapping file, XLSX, and
bad values kept as written with their problem listed."""

from datetime import date

import pytest

from pendamping.linkage import extracts
from pendamping.registry.importer.parsing import FileError


def _rows(path, mapping=None):
    return list(extracts.open_extract(path, mapping).rows(today=date(2026, 1, 1)))


def test_dtks_style_headers_are_recognised(tmp_path):
    path = tmp_path / "dtks.csv"
    path.write_text(
        "IDARTBDT,NIK_ART,NOKK,Nama ART,Tgl. Lahir (DD/MM/YYYY),JNSKEL,HUB_KRT,Alamat,NO_RT,"
        "NO_RW,Kelurahan,Desil,PKH,BPNT,PBI,Keterangan,Warna favorit\n"
        "ART-1,1471011203750001,1471010101100001,H. Muhammad Djunaidi,12/03/1975,1,1,"
        "Jln. Delima 7,3,1,Jadirejo,4,Ya,1,0,Meninggal,biru\n",
        encoding="utf-8",
    )
    extract = extracts.open_extract(path)
    assert "Warna favorit" in extract.ignored
    assert set(extract.program_columns) == {"PKH", "BPNT", "PBI-JK"}
    (row,) = _rows(path)
    assert row.id_dtks == "ART-1"
    assert row.nik == "1471011203750001"
    assert row.birth_date == date(1975, 3, 12)
    assert (row.sex, row.relationship) == ("L", "head")
    assert (row.rt, row.rw, row.kelurahan_name) == (3, 1, "Jadirejo")
    assert row.decile == 4
    assert row.programs == ["BPNT", "PKH"]
    assert row.status == "deceased"
    assert row.record_key == "dtks:ART-1"
    assert row.problems == []


def test_mapping_file_names_other_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("KODE;NAMA_KRT;NOMOR_DTSEN;BANSOS_X\nA;Siti;DT-9;y\n", encoding="utf-8")
    with pytest.raises(FileError) as err:
        extracts.open_extract(path)
    assert "Kolom wajib tidak ditemukan" in err.value.message_id
    mapping = extracts.parse_mapping(
        b"kolom,field\nNAMA_KRT,name\nNOMOR_DTSEN,id_dtsen\nBANSOS_X,program:PKH\nKODE,abaikan\n"
    )
    (row,) = _rows(path, mapping)
    assert (row.name, row.id_dtsen, row.programs) == ("Siti", "DT-9", ["PKH"])
    with pytest.raises(FileError):
        extracts.parse_mapping(b"NAMA,warna\n")
    with pytest.raises(FileError):
        extracts.parse_mapping(b"NAMA,program:XYZ\n")


def test_bad_values_are_kept_and_listed(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "NIK,NAMA,TGL_LAHIR,RT,DESIL,KODE_DESA\n"
        "1471011203750001,Budi,31-02-1980,abc,11,99\n"
        "=cmd(),Ani,,2,3,1471011002\n",
        encoding="utf-8",
    )
    first, second = _rows(path)
    assert first.name == "Budi"
    assert first.birth_date is None
    assert first.birth_date_text == "31-02-1980"
    assert {p.column for p in first.problems} == {"birth_date", "rt", "decile", "kelurahan_code"}
    assert second.nik == ""  # a formula is not kept as an identifier
    assert [p.column for p in second.problems] == ["nik"]
    assert second.kelurahan_code == "14.71.01.1002"


def test_xlsx_extract(tmp_path):
    import xlsxwriter

    path = tmp_path / "dtsen.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["ID DTSEN", "NIK", "Nama", "Tanggal Lahir", "Desil Nasional"])
    sheet.write_row(1, 0, ["D-1", "1471011203750001", "Budi", "1975-03-12", 2])
    book.close()
    (row,) = _rows(path)
    assert (row.id_dtsen, row.nik, row.birth_date, row.decile) == (
        "D-1",
        "1471011203750001",
        date(1975, 3, 12),
        2,
    )


def test_not_a_table(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01" * 500)
    with pytest.raises(FileError) as err:
        extracts.open_extract(path)
    assert err.value.code == "not_text"
