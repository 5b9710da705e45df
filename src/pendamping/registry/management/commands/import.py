"""`import people FILE`: bulk import of PPKS people and households from CSV or XLSX.

Shows a progress bar, then a summary. Exit code 0 when the import ran (row errors are
listed in the error file, whose path is printed); 1 when the file itself cannot be used.
Safe to repeat: a second run of the same file changes nothing; a run that was killed
half-way, run again, finishes the job.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pendamping.accounts.models import User
from pendamping.registry.importer.loader import DEFAULT_BATCH
from pendamping.registry.importer.parsing import FileError
from pendamping.registry.importer.services import import_cli


class Command(BaseCommand):
    help = (
        "Import people and households: `import people FILE [--mapping M] [--actor USER] "
        "[--errors OUT.csv] [--batch-size N]`. See docs/import-format.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["people"], help="What to import (people).")
        parser.add_argument("file", type=Path, help="CSV or XLSX file.")
        parser.add_argument("--mapping", type=Path, help="Column mapping file (CSV or JSON).")
        parser.add_argument(
            "--actor", help="Import as this user: only kelurahan in their areas (default: all)."
        )
        parser.add_argument(
            "--errors", type=Path, help="Error file to write (default: FILE.errors.csv)."
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    f"Pengguna '{options['actor']}' tidak ada atau tidak aktif. / "
                    f"User '{options['actor']}' does not exist or is not active."
                )
        if not 1 <= options["batch_size"] <= 50_000:
            raise CommandError("--batch-size: 1..50000")
        console = Console(stderr=True)
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=options["no_progress"],
            transient=False,
        )
        bar = None

        def on_start(table) -> None:
            nonlocal bar
            label = f"{table.kind.upper()}"
            if table.kind == "csv":
                label += f" {table.encoding}, '{table.delimiter}'".replace("'\t'", "tab")
            self.stdout.write(f"{options['file'].name}: {label}, ±{table.total_rows:,} baris/rows")
            if table.ignored:  # header text from the file: no terminal control characters
                ignored = "".join(c for c in ", ".join(table.ignored) if c.isprintable())[:200]
                self.stdout.write(f"Kolom diabaikan / ignored columns: {ignored}")
            progress.start()
            bar = progress.add_task("Impor", total=table.total_rows or None)

        def on_progress(counts) -> None:
            progress.update(bar, completed=counts.rows)

        try:
            job, counts, error_file = import_cli(
                path=options["file"],
                actor=actor,
                mapping_path=options["mapping"],
                error_path=options["errors"],
                batch_size=options["batch_size"],
                on_start=on_start,
                on_progress=on_progress,
            )
        except FileError as exc:
            progress.stop()
            raise CommandError(f"{exc.message_id}\n{exc.message_en}") from exc
        if bar is not None:
            progress.update(bar, completed=counts.rows, total=counts.rows)
        progress.stop()
        lines = [
            f"Impor #{job.pk} selesai / done: {counts.rows:,} baris / rows",
            f"  orang baru / people created:       {counts.created_people:,}",
            f"  orang diubah / people updated:     {counts.updated_people:,}",
            f"  tidak berubah / unchanged:         {counts.unchanged:,}",
            f"  KK baru / households created:      {counts.created_households:,}",
            f"  KK diubah / households updated:    {counts.updated_households:,}",
            f"  baris bermasalah / rows with errors: {counts.error_rows:,}",
            f"  peringatan / warnings:             {counts.warnings:,}",
        ]
        if error_file is not None:
            lines.append(f"Berkas kesalahan / error file: {error_file}")
        self.stdout.write("\n".join(lines))
