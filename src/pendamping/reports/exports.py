"""Dashboard tables as CSV and XLSX, the city statistics workbook (one sheet per table), and the
monthly TKSK report as a workbook in the office's layout. Figures only: no NIK/KK is written;
text cells that a spreadsheet would run as a formula are neutralised."""

import csv
import io
import re

import xlsxwriter
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.registry.exports import neutralise

from .models import MonthlyReport
from .selectors import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return neutralise(value)


def table_rows(table: Table) -> list[list]:
    rows = [list(table.columns)]
    rows += [[_plain(c.value) for c in row] for row in table.rows]
    if table.total:
        rows.append([_plain(c.value) for c in table.total])
    return rows


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def csv_response(table: Table, *, subtitle: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(f"{table.title} · {subtitle}")])
    writer.writerows(table_rows(table))
    if table.note:
        writer.writerow([neutralise(table.note)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.key}-{_stamp()}.csv"'
    return response


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name.lower())
    return name


def workbook_response(tables: list[Table], *, title: str, subtitle: str, filename: str):
    """One sheet per table, each with the Dinas header, the title and the window."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False})
    head = book.add_format({"bold": True, "font_size": 12})
    bold = book.add_format({"bold": True, "bg_color": "#E2EFEA", "border": 1})
    cell = book.add_format({"border": 1})
    note = book.add_format({"italic": True, "font_color": "#5B6775"})
    used: set[str] = set()
    for table in tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheet.write(0, 0, settings.PENDAMPING_ORG_NAME.upper(), head)
        sheet.write(1, 0, neutralise(f"{title}: {table.title}"), head)
        sheet.write(2, 0, neutralise(subtitle))
        rows = table_rows(table)
        for r, values in enumerate(rows):
            sheet.write_row(
                4 + r, 0, values, bold if r == 0 or (table.total and r == len(rows) - 1) else cell
            )
        if table.note:
            sheet.write(5 + len(rows), 0, neutralise(table.note), note)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, max(1, len(table.columns) - 1), 14)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{_stamp()}.xlsx"'
    return response


def monthly_report_xlsx(report: MonthlyReport, *, kecamatan: str) -> HttpResponse:
    """The monthly TKSK report on one sheet: header of the Dinas, identity, the tables of the
    month, the narrative, and the signature block with the approval."""
    f = report.figures
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False})
    center = book.add_format({"bold": True, "align": "center", "font_size": 13})
    center_small = book.add_format({"align": "center"})
    section = book.add_format({"bold": True, "font_size": 11, "bg_color": "#E2EFEA"})
    th = book.add_format({"bold": True, "border": 1, "bg_color": "#F4F6F8", "text_wrap": True})
    td = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(_("Monthly report"))
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 5, 14)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.merge_range(0, 0, 0, 5, _("CITY GOVERNMENT OF PEKANBARU"), center)
    sheet.merge_range(1, 0, 1, 5, settings.PENDAMPING_ORG_NAME.upper(), center)
    sheet.merge_range(
        2,
        0,
        2,
        5,
        _("MONTHLY REPORT OF THE TKSK (TENAGA KESEJAHTERAAN SOSIAL KECAMATAN)"),
        center_small,
    )
    row = 4
    for label, value in (
        (_("Month"), report.month.strftime("%m/%Y")),
        (_("Name"), str(report.author)),
        (_("Kecamatan"), kecamatan),
        (_("Status"), report.get_status_display()),
    ):
        sheet.write(row, 0, label)
        sheet.write(row, 1, neutralise(value))
        row += 1

    def block(title: str, columns: list[str], lines: list[list]) -> None:
        nonlocal row
        row += 1
        sheet.merge_range(row, 0, row, 5, title, section)
        row += 1
        sheet.write_row(row, 0, columns, th)
        row += 1
        for line in lines:
            sheet.write_row(row, 0, [_plain(v) for v in line], td)
            row += 1

    block(
        _("A. Activities by role"),
        [_("Role"), _("Activities"), _("Share (%)"), _("Hours"), _("Observed"), _("Expected")],
        [
            [r["label"], r["tags"], r["pct"], r["hours"], r["observed"], r["expected"]]
            for r in f.get("roles", [])
        ]
        + [[_("Activities in the month"), f.get("activities", 0), "", "", "", ""]],
    )
    cases = f.get("cases", {})
    block(
        _("B. Cases"),
        [_("Figure"), _("Count")],
        [
            [_("Cases opened in the area"), cases.get("opened", 0)],
            [_("of which led by the TKSK"), cases.get("opened_led", 0)],
            [_("Cases closed"), cases.get("closed", 0)],
            [_("Cases open at the end"), cases.get("open_now", 0)],
        ]
        + [[o["label"], o["count"]] for o in cases.get("outcomes", []) if o["count"]],
    )
    referrals = f.get("referrals", {})
    block(
        _("C. Referrals"),
        [_("Status"), _("Referrals")],
        [[s["label"], s["count"]] for s in referrals.get("by_status", [])]
        + [[_("Total sent"), referrals.get("sent", 0)]],
    )
    verval = f.get("verval", {})
    block(
        _("D. Verval results"),
        [_("Result"), _("Checks")],
        [[s["label"], s["count"]] for s in verval.get("results", [])]
        + [
            [_("Done in the month"), verval.get("done", 0)],
            [_("Still open"), verval.get("open", 0)],
        ],
    )
    mobility, complaints = f.get("mobility", {}), f.get("complaints", {})
    block(
        _("E. Move reports and complaints"),
        [_("Figure"), _("Count")],
        [[f"{_('Move reports')}: {s['label']}", s["count"]] for s in mobility.get("by_status", [])]
        + [
            [_("Move reports received"), mobility.get("received", 0)],
            [_("of which reported late"), mobility.get("late", 0)],
            [_("Complaints received"), complaints.get("received", 0)],
            [_("Complaints resolved"), complaints.get("resolved", 0)],
            [_("Complaints past their deadline"), complaints.get("overdue", 0)],
        ],
    )
    for extra in f.get("extra_sections", []):
        block(extra["title"], extra["columns"], extra["rows"])
    block(
        _("F. Socialisation events"),
        [_("Date"), _("Topic"), _("Kelurahan"), _("Men"), _("Women"), _("Total")],
        [
            [e["date"], e["topic"], e["kelurahan"], e["male"], e["female"], e["total"]]
            for e in f.get("events", [])
        ],
    )
    for title, text in (
        (_("G. Summary of the month"), report.summary),
        (_("H. Constraints met"), report.constraints),
        (_("I. Plans for next month"), report.follow_up),
    ):
        row += 1
        sheet.merge_range(row, 0, row, 5, title, section)
        row += 1
        sheet.merge_range(row, 0, row + 3, 5, neutralise(text or "-"), wrap)
        row += 4
    row += 2
    sheet.write(row, 0, _("Prepared by"))
    sheet.write(row, 3, _("Approved by"))
    row += 4
    sheet.write(row, 0, neutralise(str(report.author)))
    sheet.write(row, 3, neutralise(str(report.approved_by or "")))
    if report.approved_at:
        sheet.write(row + 1, 3, timezone.localtime(report.approved_at).strftime("%d/%m/%Y"))
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"laporan-tksk-{report.author.username}-{report.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
