"""`pendamping restore FILE [--into TARGET]`: put a backup back (stop the app first)."""

from django.core.management.base import BaseCommand, CommandError

from pendamping.audit.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by `pendamping backup`; replaces the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--into", help="a SQLite file or a postgres:// URL (default: ours)")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        if not options["yes"] and not options["into"]:
            answer = input("This replaces everything in the database. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("not restored")
        try:
            restore(options["file"], into=options["into"])
        except FileNotFoundError as exc:
            raise CommandError(f"no such backup: {exc}") from exc
        self.stdout.write("restored; run `pendamping audit verify` to check the audit log")
