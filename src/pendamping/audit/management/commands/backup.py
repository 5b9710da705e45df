"""`pendamping backup [FILE]`: a consistent copy of the database while the app runs."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from pendamping.audit.backup import backup
from pendamping.audit.services import audit_anchor


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: var/backups/pendamping-<time>")

    def handle(self, *args, **options):
        if options["file"]:
            target = Path(options["file"])
        else:
            suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.VAR_DIR) / "backups" / f"pendamping-{stamp}.{suffix}"
        count, _digest = audit_anchor()
        written = backup(target)
        self.stdout.write(f"backup written: {written} ({written.stat().st_size:,} bytes)")
        self.stdout.write(
            f"audit chain anchored at entry {count} in {settings.PENDAMPING_AUDIT_ANCHORS}: "
            "keep that file with the backups, away from this machine"
        )
