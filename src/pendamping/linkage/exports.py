"""Field check results as a file to send back upstream (DTKS/DTSEN verval format)."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from pendamping.registry.importer.errors import safe_cell

from .models import VervalTask

HEADER = (
    "id_dtsen",
    "id_dtks",
    "nik",
    "no_kk",
    "nama",
    "kode_kelurahan",
    "hasil",
    "keterangan_hasil",
    "catatan",
    "koreksi",
    "tanggal_verval",
    "petugas",
    "ada_foto",
)


def results_rows(tasks: Iterable[VervalTask]) -> Iterable[list[str]]:
    for task in tasks:
        person, rec = task.person, task.national_record
        nik = (person.nik if person else "") or (rec.nik if rec else "")
        kk = (person.household.kk if person else "") or (rec.kk if rec else "")
        corrections = "; ".join(f"{k}={v}" for k, v in sorted(task.corrections.items()))
        yield [
            rec.id_dtsen if rec else "",
            rec.id_dtks if rec else "",
            nik or "",
            kk or "",
            person.name if person else task.subject,
            task.kelurahan.code,
            task.result,
            str(task.get_result_display()),
            task.result_notes,
            corrections,
            task.result_at.date().isoformat() if task.result_at else "",
            task.result_by.get_username() if task.result_by else "",
            "ya" if task.result_photo else "tidak",
        ]


def write_results_csv(fh, tasks: Iterable[VervalTask]) -> int:
    """Write the results; text cells that a spreadsheet would run as formulas are neutralised."""
    writer = csv.writer(fh)
    writer.writerow(HEADER)
    count = 0
    for row in results_rows(tasks):
        writer.writerow([safe_cell(str(c)) for c in row])
        count += 1
    return count
