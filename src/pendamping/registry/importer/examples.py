"""The downloadable example of the import template: CSV committed, XLSX made on request.

`example_rows()` is the source of both; a test checks that `examples/people.csv` matches it.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from pendamping.registry.nik import make_kk, make_nik

from .parsing import CANONICAL

EXAMPLE_CSV = Path(__file__).resolve().parent / "examples" / "people.csv"


def example_rows() -> list[list[str]]:
    """Two families and a woman living alone in Pekanbaru, written as office staff write."""
    kk1 = make_kk("14.71.01", date(2016, 3, 14), 21)
    kk2 = make_kk("14.71.05", date(2019, 7, 2), 8)
    kk3 = make_kk("14.71.02", date(2012, 11, 20), 3)
    return [
        [
            make_nik("14.71.01", date(1978, 4, 12), "L", 31),
            kk1,
            "Ahmad Syahputra",
            "Pekanbaru",
            "1978-04-12",
            "L",
            "kepala keluarga",
            "Jl. Riau No. 12",
            "003",
            "002",
            "14.71.01.1002",
            "sewa",
            "081234567801",
            "PPKS24",
        ],
        [
            make_nik("14.71.01", date(1982, 9, 3), "P", 44),
            kk1,
            "Siti Aminah",
            "Kampar",
            "1982-09-03",
            "P",
            "istri",
            "Jl. Riau No. 12",
            "003",
            "002",
            "14.71.01.1002",
            "sewa",
            "",
            "",
        ],
        [
            make_nik("14.71.01", date(2009, 1, 25), "L", 12),
            kk1,
            "Rizky Syahputra",
            "Pekanbaru",
            "2009-01-25",
            "L",
            "anak",
            "Jl. Riau No. 12",
            "003",
            "002",
            "14.71.01.1002",
            "sewa",
            "",
            "PPKS05|PPKS02",
        ],
        [
            make_nik("14.71.05", date(1950, 6, 30), "P", 7),
            kk2,
            "Hj. Nurhayati",
            "Bukittinggi",
            "1950-06-30",
            "P",
            "kepala keluarga",
            "Jl. Senapelan Gg. Amal No. 3",
            "001",
            "004",
            "14.71.05.1001",
            "milik",
            "",
            "PPKS08",
        ],
        [
            make_nik("14.71.02", date(1965, 12, 1), "L", 90),
            kk3,
            "Bonar Simanjuntak",
            "Tarutung",
            "1965-12-01",
            "L",
            "kepala keluarga",
            "Jl. Sudirman No. 201",
            "005",
            "001",
            "14.71.02.1001",
            "menumpang",
            "085271234567",
            "PPKS09",
        ],
        [
            make_nik("14.71.02", date(1993, 5, 17), "P", 15),
            kk3,
            "Maria Simanjuntak",
            "Pekanbaru",
            "1993-05-17",
            "P",
            "anak",
            "Jl. Sudirman No. 201",
            "005",
            "001",
            "14.71.02.1001",
            "menumpang",
            "",
            "",
        ],
    ]


def example_csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CANONICAL)
    writer.writerows(example_rows())
    return out.getvalue()


def example_xlsx_bytes() -> bytes:
    """The same rows as XLSX, with NIK, KK and phone columns formatted as Text."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet("data")
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True})
    for col, name in enumerate(CANONICAL):
        as_text = name in ("nik", "kk", "phone", "rt", "rw", "kelurahan_code", "birth_date")
        sheet.set_column(col, col, 18 if name in ("nik", "kk") else 14, text if as_text else None)
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(example_rows(), start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    workbook.close()
    return out.getvalue()
