"""Benefit delivery records imported from the file a program sends (CSV or XLSX).

The whole file is checked first; if any row is wrong nothing is written and every problem is
listed, in Indonesian and English, with its row number. Re-importing the same period updates
the records instead of doubling them.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.registry import nik as nikmod

from .models import Delivery, DeliveryImport, DeliveryStatus, Enrolment, EnrolmentStatus, Program
from .services import PROGRAM_EDITORS, ProgramsError, ProgramsErrorCode, _require

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
PERIOD = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")
HEADERS = {
    "nik": "nik",
    "no_nik": "nik",
    "period": "period",
    "periode": "period",
    "status": "status",
    "status_penyaluran": "status",
    "diterima": "status",
    "reason": "reason",
    "alasan": "reason",
    "keterangan": "reason",
    "amount": "amount",
    "nominal": "amount",
    "jumlah": "amount",
}
RECEIVED_WORDS = {"received", "diterima", "ya", "yes", "1", "sudah", "tersalur"}
NOT_RECEIVED_WORDS = {
    "not_received",
    "not received",
    "tidak diterima",
    "tidak",
    "no",
    "0",
    "belum",
    "gagal",
    "tidak tersalur",
}


@dataclass
class Problem:
    row: int
    text_id: str
    text_en: str

    def __str__(self) -> str:
        where = f"Baris {self.row} / Row {self.row}: " if self.row else ""
        return f"{where}{self.text_id} / {self.text_en}"


@dataclass
class ImportResult:
    rows: int = 0
    received: int = 0
    not_received: int = 0
    problems: list[Problem] = field(default_factory=list)
    batch: DeliveryImport | None = None


class DeliveryFileError(ProgramsError):
    def __init__(self, problems: list[Problem]):
        super().__init__(
            ProgramsErrorCode.INVALID,
            "; ".join(str(p) for p in problems[:20]),
            problems=[str(p) for p in problems],
        )
        self.problems = problems


def _header(name) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", str(name or "").replace("\ufeff", "").strip().lower())
    return HEADERS.get(text.strip("_"), "")


def _read_rows(name: str, data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise DeliveryFileError([Problem(0, "Berkas lebih dari 5 MB.", "The file is over 5 MB.")])
    if not data.strip():
        raise DeliveryFileError([Problem(0, "Berkas kosong.", "The file is empty.")])
    if name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeliveryFileError(
            [
                Problem(
                    0,
                    "Berkas bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.",
                    "The file is not UTF-8 text; save it again as CSV UTF-8.",
                )
            ]
        ) from exc
    if "\x00" in text:
        raise DeliveryFileError([Problem(0, "Berkas bukan CSV.", "The file is not a CSV file.")])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    from pendamping.registry.importer.parsing import FileError, check_xlsx_archive

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        fh.write(data)
        fh.flush()
        try:
            check_xlsx_archive(Path(fh.name))
            sheet = CalamineWorkbook.from_path(fh.name).get_sheet_by_index(0)
            rows = sheet.to_python()
        except FileError as exc:
            raise DeliveryFileError([Problem(0, exc.message_id, exc.message_en)]) from exc
        except Exception as exc:  # calamine raises several types for broken archives
            raise DeliveryFileError(
                [
                    Problem(
                        0,
                        "Berkas XLSX rusak atau tidak sah.",
                        "The XLSX file is broken or not valid.",
                    )
                ]
            ) from exc
    out = []
    for row in rows:
        cells = []
        for cell in row:
            if isinstance(cell, float) and cell.is_integer():
                cell = int(cell)
            cells.append("" if cell is None else str(cell))
        out.append(cells)
    return out


def delivery_import(
    *, actor, program: Program, period: str, file_name: str, data: bytes
) -> ImportResult:
    """Check the whole file, then write every row in one transaction (or nothing)."""
    _require(actor, PROGRAM_EDITORS)
    if not PERIOD.match(period or ""):
        raise DeliveryFileError(
            [
                Problem(
                    0,
                    "Periode harus berbentuk TTTT-BB, mis. 2026-10.",
                    "The period must look like YYYY-MM, e.g. 2026-10.",
                )
            ]
        )
    rows = _read_rows(file_name, data)
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise DeliveryFileError([Problem(0, "Berkas kosong.", "The file is empty.")])
    columns = [_header(h) for h in rows[0]]
    if "nik" not in columns or "status" not in columns:
        raise DeliveryFileError(
            [
                Problem(
                    1,
                    "Baris judul harus memuat kolom 'nik' dan 'status'.",
                    "The header row must have the columns 'nik' and 'status'.",
                )
            ]
        )
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    if len(body) > MAX_ROWS:
        raise DeliveryFileError([Problem(0, "Lebih dari 100.000 baris.", "Over 100,000 rows.")])
    enrolments = {
        e.person.nik: e
        for e in Enrolment.objects.filter(
            program=program,
            status__in=(
                EnrolmentStatus.ACTIVE,
                EnrolmentStatus.SUSPENDED,
                EnrolmentStatus.APPROVED,
            ),
        ).select_related("person")
        if e.person.nik
    }
    problems: list[Problem] = []
    parsed: dict[int, tuple[str, str, int | None, str]] = {}
    seen: dict[str, int] = {}
    for number, row in enumerate(body, start=2):
        values = {
            col: (row[i].strip() if i < len(row) else "") for i, col in enumerate(columns) if col
        }
        nik = re.sub(r"\s", "", values.get("nik", "")).lstrip("'")
        check = nikmod.validate_nik(nik)
        if not check.valid:
            problems.append(Problem(number, "NIK tidak sah.", "The NIK is not valid."))
            continue
        if nik in seen:
            problems.append(
                Problem(
                    number, f"NIK sama dengan baris {seen[nik]}.", f"Same NIK as row {seen[nik]}."
                )
            )
            continue
        seen[nik] = number
        enrolment = enrolments.get(nik)
        if enrolment is None:
            problems.append(
                Problem(
                    number,
                    "NIK ini tidak terdaftar sebagai penerima program ini.",
                    "This NIK is not enrolled in this program.",
                )
            )
            continue
        row_period = values.get("period") or period
        if row_period != period:
            problems.append(
                Problem(
                    number,
                    f"Periode {row_period[:10]} berbeda dari {period}.",
                    f"Period {row_period[:10]} differs from {period}.",
                )
            )
            continue
        word = values.get("status", "").lower()
        if word in RECEIVED_WORDS:
            status = DeliveryStatus.RECEIVED
        elif word in NOT_RECEIVED_WORDS:
            status = DeliveryStatus.NOT_RECEIVED
        else:
            problems.append(
                Problem(
                    number,
                    "Status harus 'diterima' atau 'tidak diterima'.",
                    "The status must be 'received' or 'not received'.",
                )
            )
            continue
        amount_text = values.get("amount", "").replace(".", "").replace(",", "")
        if amount_text and (not amount_text.isdigit() or len(amount_text) > 9):
            problems.append(Problem(number, "Nominal bukan angka.", "The amount is not a number."))
            continue
        reason = values.get("reason", "")[:200]
        if status == DeliveryStatus.NOT_RECEIVED and not reason:
            reason = "-"
        parsed[enrolment.pk] = (status, reason, int(amount_text) if amount_text else None, nik)
    if problems:
        raise DeliveryFileError(problems)
    result = ImportResult(rows=len(parsed))
    with transaction.atomic():
        batch = DeliveryImport.objects.create(
            program=program, period=period, file_name=file_name[:200], rows=len(parsed), by=actor
        )
        existing = {
            d.enrolment_id: d
            for d in Delivery.objects.filter(enrolment_id__in=list(parsed), period=period)
        }
        new, changed = [], []
        for enrolment_id, (status, reason, amount, _nik) in parsed.items():
            record = existing.get(enrolment_id) or Delivery(
                enrolment_id=enrolment_id, period=period
            )
            record.status, record.reason, record.amount, record.source = (
                status,
                reason,
                amount,
                batch,
            )
            (changed if record.pk else new).append(record)
            if status == DeliveryStatus.RECEIVED:
                result.received += 1
            else:
                result.not_received += 1
        Delivery.objects.bulk_create(new, batch_size=2000)
        Delivery.objects.bulk_update(
            changed, ["status", "reason", "amount", "source"], batch_size=2000
        )
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=batch,
            summary=f"deliveries {program.code} {period}: {len(parsed)} rows",
        )
    result.batch = batch
    return result
