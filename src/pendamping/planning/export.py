"""The staffing need as an XLSX workbook for the budget proposal (xlsxwriter, in memory)."""

from __future__ import annotations

import io

import xlsxwriter

from .models import WorkerType
from .selectors import StaffingTable

LABEL = {t.value: str(t.label) for t in WorkerType}


def staffing_xlsx(kecamatan: StaffingTable, kelurahan: StaffingTable) -> bytes:
    """Sheets: city totals, per kecamatan, per kelurahan, the norms used. Text cells are
    written as strings (never formulas), so a name starting with '=' stays text."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E2F3E9", "text_wrap": True})
    num = book.add_format({"num_format": "0.0"})
    period = f"{kecamatan.period.start.isoformat()} - {kecamatan.period.end.isoformat()}"

    sheet = book.add_worksheet("Kota")
    sheet.write_string(0, 0, f"Kebutuhan SDM kesejahteraan sosial ({period})", bold)
    head = ["Jenis", "Dibutuhkan", "Ada", "Kekurangan", "Dibutuhkan (orang)", "Rekrut (orang)"]
    for c, h in enumerate(head):
        sheet.write_string(2, c, h, bold)
    types = [*kecamatan.types, *kecamatan.city]
    for r, t in enumerate(types, start=3):
        total = kecamatan.total(t)
        sheet.write_string(r, 0, LABEL[t])
        sheet.write_number(r, 1, total["need"], num)
        sheet.write_number(r, 2, total["present"], num)
        sheet.write_number(r, 3, total["shortfall"], num)
        sheet.write_number(r, 4, total["need_heads"])
        sheet.write_number(r, 5, total["hire"])
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 5, 14)

    for title, table in (("Kecamatan", kecamatan), ("Kelurahan", kelurahan)):
        sheet = book.add_worksheet(title)
        head = ["Kode", "Wilayah", "Penduduk", "KK PPKS", "Pekerjaan terbuka", "Sebaran (km)"]
        for t in table.types:
            head += [
                f"{LABEL[t]}: dibutuhkan",
                f"{LABEL[t]}: ada",
                f"{LABEL[t]}: kurang",
                f"{LABEL[t]}: perhitungan",
            ]
        for c, h in enumerate(head):
            sheet.write_string(0, c, h, bold)
        for r, row in enumerate(table.rows, start=1):
            a = row.area
            sheet.write_string(r, 0, a.code)
            sheet.write_string(r, 1, a.name)
            sheet.write_number(r, 2, a.population)
            sheet.write_number(r, 3, a.ppks_households)
            sheet.write_number(r, 4, a.open_work)
            if a.spread_km is not None:
                sheet.write_number(r, 5, a.spread_km, num)
            c = 6
            for t in table.types:
                need = row.needs.get(t)
                if need is not None:
                    sheet.write_number(r, c, need.need, num)
                    sheet.write_number(r, c + 1, need.present, num)
                    sheet.write_number(r, c + 2, need.shortfall, num)
                    sheet.write_string(r, c + 3, need.arithmetic)
                c += 4
        sheet.freeze_panes(1, 2)
        sheet.set_column(1, 1, 22)

    sheet = book.add_worksheet("Norma")
    head = [
        "Jenis",
        "Dihitung",
        "Minimum per wilayah",
        "KK PPKS per orang",
        "Penduduk per orang",
        "Pekerjaan terbuka per orang",
        "Acuan sebaran (km)",
        "Bobot perjalanan",
    ]
    for c, h in enumerate(head):
        sheet.write_string(0, c, h, bold)
    for r, norm in enumerate(kecamatan.norms.values(), start=1):
        values = [
            norm.min_per_area,
            norm.ppks_households_per_worker,
            norm.population_per_worker,
            norm.open_work_per_worker,
            norm.travel_reference_km,
            norm.travel_weight,
        ]
        sheet.write_string(r, 0, LABEL[norm.worker_type])
        sheet.write_string(r, 1, norm.level)
        for c, v in enumerate(values, start=2):
            if v is not None:
                sheet.write_number(r, c, v)
    sheet.set_column(0, 7, 18)
    book.close()
    return out.getvalue()
