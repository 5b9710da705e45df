"""Exports of a filtered people list to CSV or XLSX, within scope, NIK masked by role, and
cells that a spreadsheet would run as a formula neutralised."""

import csv
import tempfile
from collections.abc import Iterator

import xlsxwriter
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

from pendamping.core.scope import scoped

from .models import Person
from .nikmask import nik_display
from .search import SearchFilters, apply_filters, person_search

COLUMNS = (
    "nik",
    "kk",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "address",
    "rt",
    "rw",
    "kelurahan_code",
    "kelurahan",
    "kecamatan",
    "dwelling_status",
    "status",
    "phone",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_XLSX_ROWS = 1_048_000


def neutralise(value) -> str:
    """Prefix text that a spreadsheet would evaluate (=, +, -, @) with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


FIELDS = (
    "pk",
    "nik",
    "household__kk",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "relationship",
    "household__address",
    "rt__code",
    "rt__parent__code",
    "kelurahan__code",
    "kelurahan__name",
    "kelurahan__parent__name",
    "household__dwelling_status",
    "status",
    "phone",
)


def _people(actor, query: str, filters: SearchFilters) -> Iterator[tuple]:
    """Plain value tuples (FIELDS), not model instances: an export of a whole city is
    hundreds of thousands of rows."""
    if query.strip():
        found = [p.pk for p in person_search(actor=actor, query=query, filters=filters, limit=5000)]
        by_pk = {row[0]: row for row in Person.objects.filter(pk__in=found).values_list(*FIELDS)}
        return (by_pk[pk] for pk in found if pk in by_pk)
    qs = apply_filters(scoped(Person.objects.all(), actor), filters)
    return (
        qs.order_by("kelurahan__code", "household_id", "pk")
        .values_list(*FIELDS)
        .iterator(chunk_size=2000)
    )


def rows(actor, query: str, filters: SearchFilters) -> Iterator[list[str]]:
    """The header, then a row per person in COLUMNS order (FIELDS without the pk)."""
    yield list(COLUMNS)
    for row in _people(actor, query, filters):
        nik, kk, *middle, rt_code, rw_code = row[1:11]
        birth_date = middle[3]
        middle[3] = birth_date.isoformat() if birth_date else ""
        yield [
            neutralise(v)
            for v in (
                nik_display(actor, nik),
                nik_display(actor, kk),
                *middle,
                rt_code.rsplit(".", 1)[1] if rt_code else "",
                rw_code.rsplit(".", 1)[1] if rt_code and rw_code else "",
                *row[11:],
            )
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def people_response(*, actor, query: str, filters: SearchFilters, fmt: str):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        body = _csv_stream(csv.writer(_Echo()), rows(actor, query, filters))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="ppks-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        workbook = xlsxwriter.Workbook(
            handle,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
        )
        sheet = workbook.add_worksheet("PPKS")
        bold = workbook.add_format({"bold": True})
        for r, values in enumerate(rows(actor, query, filters)):
            if r > MAX_XLSX_ROWS:
                break
            sheet.write_row(r, 0, values, bold if r == 0 else None)
        workbook.close()
        handle.seek(0)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"ppks-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


def _csv_stream(writer, data: Iterator[list[str]], batch: int = 500) -> Iterator[str]:
    """The CSV in chunks of `batch` rows (a chunk per row costs more than the rows)."""
    yield "\ufeff"  # so that Excel opens UTF-8 correctly
    chunk: list[str] = []
    for row in data:
        chunk.append(writer.writerow(row))
        if len(chunk) >= batch:
            yield "".join(chunk)
            chunk.clear()
    if chunk:
        yield "".join(chunk)
