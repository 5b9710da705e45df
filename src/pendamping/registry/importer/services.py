"""The importer owns import jobs: it stores an uploaded file, checks it, runs it in batches
(`loader`) and keeps the job's progress, counts and error file.

Both entry points share `import_file`: the `pendamping import people` command and the
background task behind the upload page.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language

from pendamping.accounts.models import CITY_WIDE_ROLES
from pendamping.core.uploads import UploadRejected, check_upload
from pendamping.registry.services import name_key_frequencies_refresh

from .errors import ErrorFile
from .loader import DEFAULT_BATCH, Counts, PeopleLoader, import_people
from .models import ImportJob
from .parsing import FileError, Table, open_table, parse_mapping, sniff_kind

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
IMPORT_DIR = "imports"
# A job that has not reported progress for this long is taken as killed and may be restarted.
STALE_AFTER_SECONDS = 300


def message_text(error: FileError) -> str:
    return error.text(get_language())


def job_visible_to(job: ImportJob, user) -> bool:
    """The job's own user, supervisors and administrators see a job and its error file."""
    return job.actor_id == user.pk or getattr(user, "role", None) in CITY_WIDE_ROLES


def _progress_saver(job: ImportJob) -> Callable[[Counts], None]:
    def save(counts: Counts) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=counts.rows,
            created_people=counts.created_people,
            updated_people=counts.updated_people,
            unchanged=counts.unchanged,
            created_households=counts.created_households,
            updated_households=counts.updated_households,
            error_rows=counts.error_rows,
            warnings=counts.warnings,
            heartbeat_at=timezone.now(),
        )

    return save


@contextmanager
def _sqlite_bulk_mode():
    """For this connection while importing: a bigger page cache (a million-row import touches
    large indexes) and fewer WAL checkpoints. Durability settings are left as they are."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
        checkpoint = cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        cursor.execute("PRAGMA cache_size=-524288")  # 512 MB
        cursor.execute("PRAGMA wal_autocheckpoint=10000")  # pages, about 40 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size={int(cache)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint={int(checkpoint)}")


def import_file(
    *,
    table: Table,
    job: ImportJob,
    actor=None,
    error_path: Path,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[Counts], None] | None = None,
) -> Counts:
    """Import an opened table for a job; row errors go to `error_path`. Safe to repeat."""
    save = _progress_saver(job)

    def on_batch(counts: Counts) -> None:
        save(counts)
        if on_progress is not None:
            on_progress(counts)

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        total_rows=table.total_rows,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        finished_at=None,
        message="",
    )
    loader = PeopleLoader(actor=actor, file_name=job.file_name, on_batch=on_batch)
    with _sqlite_bulk_mode(), ErrorFile(error_path) as errors:
        counts = import_people(table, loader=loader, batch_size=batch_size, on_errors=errors.write)
    name_key_frequencies_refresh()
    return counts


def _finish(job: ImportJob, counts: Counts | None, *, error_name: str = "", message: str = ""):
    values = {
        "status": ImportJob.Status.FAILED if message else ImportJob.Status.DONE,
        "finished_at": timezone.now(),
        "message": message,
    }
    if counts is not None:
        values["total_rows"] = counts.rows if not message else job.total_rows
        if not message:
            values["processed_rows"] = counts.rows
    if error_name:
        values["error_file"] = error_name
    ImportJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()


# ---------------------------------------------------------------------------
# Web: upload, then a background task
# ---------------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> None:
    if upload.size > MAX_UPLOAD_BYTES:
        raise FileError(
            "too_large",
            f"Berkas terlalu besar ({upload.size / 1e6:.0f} MB); paling besar "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Bagi berkas menjadi beberapa bagian.",
            f"The file is too large ({upload.size / 1e6:.0f} MB); at most "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it into parts.",
        )
    upload.seek(0)
    head = upload.read(1 << 16)
    upload.seek(0)
    # FileError for anything that is neither CSV text nor XLSX; XLSX then through the shared
    # upload check (zip bombs, hostile archives) before anything reads it.
    if sniff_kind(head) == "xlsx":
        try:
            check_upload(upload, kinds={"xlsx"}, max_bytes=MAX_UPLOAD_BYTES)
        except UploadRejected as exc:
            if exc.reason == "broken_archive":
                return  # open_table explains a damaged XLSX in its own words
            with translation.override("id"):
                message_id = str(exc.message)
            with translation.override("en"):
                message_en = str(exc.message)
            raise FileError(exc.reason, message_id, message_en) from exc


def import_job_create(
    *, actor, upload: UploadedFile, mapping_upload: UploadedFile | None = None
) -> ImportJob:
    """Store an uploaded file, check that it opens and has the needed columns, create its job
    and queue the import. Raises FileError (nothing stored) when the file cannot be used."""
    _check_upload(upload)
    mapping: dict[str, str] = {}
    if mapping_upload is not None:
        if mapping_upload.size > 1024 * 1024:
            raise FileError(
                "mapping_too_large",
                "Berkas pemetaan kolom terlalu besar (paling besar 1 MB).",
                "The column mapping file is too large (at most 1 MB).",
            )
        mapping = parse_mapping(mapping_upload.read(), name=mapping_upload.name or "mapping")

    folder = Path(settings.MEDIA_ROOT) / IMPORT_DIR / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if upload.read(4) == b"PK\x03\x04" else ".csv"
    upload.seek(0)
    stored = folder / f"upload{suffix}"
    digest = hashlib.sha256()
    with stored.open("wb") as fh:
        for chunk in upload.chunks():
            digest.update(chunk)
            fh.write(chunk)
    try:
        table = open_table(stored, mapping)
    except FileError:
        stored.unlink(missing_ok=True)
        folder.rmdir()
        raise
    sha256 = digest.hexdigest()
    running = (
        ImportJob.objects.filter(
            sha256=sha256, status__in=(ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
        )
        .order_by("pk")
        .first()
    )
    if running is not None:
        stored.unlink(missing_ok=True)
        folder.rmdir()
        raise FileError(
            "duplicate_submission",
            f"Berkas yang sama sedang diimpor (impor #{running.pk}); tunggu sampai selesai.",
            f"The same file is already being imported (import #{running.pk}); wait for it to "
            "finish.",
        )
    name = Path(upload.name or "upload").name[:200]
    job = ImportJob.objects.create(
        actor=actor,
        file_name=name,
        source=ImportJob.Source.WEB,
        upload=str(stored.relative_to(settings.MEDIA_ROOT)),
        mapping=mapping,
        sha256=sha256,
        size=upload.size,
        total_rows=table.total_rows,
    )
    import_job_enqueue(job)
    return job


def import_job_enqueue(job: ImportJob) -> None:
    from .tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


def import_job_is_stale(job: ImportJob) -> bool:
    if job.status == ImportJob.Status.FAILED:
        return True
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return False
    last = job.heartbeat_at or job.created_at
    return (timezone.now() - last).total_seconds() > STALE_AFTER_SECONDS


def import_job_restart(*, job: ImportJob) -> ImportJob:
    """Run a failed or stalled job again; the import is idempotent, so this finishes it."""
    if not import_job_is_stale(job) or not job.upload:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, message="")
    job.refresh_from_db()
    import_job_enqueue(job)
    return job


def import_job_run(job_id: int) -> ImportJob:
    """The background task's work: import the job's stored file."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job
    path = Path(settings.MEDIA_ROOT) / job.upload.name
    error_name = f"{Path(job.upload.name).parent}/errors-{job.pk}.csv"
    error_path = Path(settings.MEDIA_ROOT) / error_name
    counts = None
    try:
        table = open_table(path, job.mapping or None)
        counts = import_file(table=table, job=job, actor=job.actor, error_path=error_path)
    except FileError as exc:
        _finish(job, counts, message=f"{exc.message_id}\n{exc.message_en}")
        return job
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _finish(
            job,
            counts,
            message="Impor berhenti karena kesalahan sistem; baris yang sudah tersimpan aman. "
            "Jalankan ulang.\nThe import stopped on a system error; rows already stored are "
            "safe. Run it again.",
        )
        raise
    _finish(job, counts, error_name=error_name if error_path.exists() else "")
    path.unlink(missing_ok=True)  # personal data: keep the upload no longer than needed
    return job


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def import_cli(
    *,
    path: Path,
    actor=None,
    mapping_path: Path | None = None,
    error_path: Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_start: Callable[[Table], None] | None = None,
    on_progress: Callable[[Counts], None] | None = None,
) -> tuple[ImportJob, Counts, Path | None]:
    """Import a file from disk; FileError when the file itself cannot be used."""
    from .parsing import load_mapping

    mapping = load_mapping(mapping_path) if mapping_path else None
    table = open_table(path, mapping)
    if on_start is not None:
        on_start(table)
    error_path = error_path or path.with_name(f"{path.stem}.errors.csv")
    job = ImportJob.objects.create(
        actor=actor,
        file_name=path.name[:255],
        source=ImportJob.Source.CLI,
        mapping=mapping or {},
        size=path.stat().st_size,
        total_rows=table.total_rows,
    )
    try:
        counts = import_file(
            table=table,
            job=job,
            actor=actor,
            error_path=error_path,
            batch_size=batch_size,
            on_progress=on_progress,
        )
    except FileError as exc:
        _finish(job, None, message=f"{exc.message_id}\n{exc.message_en}")
        raise
    written = error_path if error_path.exists() else None
    _finish(job, counts, message="")
    if written is not None:
        ImportJob.objects.filter(pk=job.pk).update(
            message=f"Berkas kesalahan / error file: {written}"
        )
    return job, counts, written
