"""`pendamping retention [--apply]`: anonymise closed records past their retention period."""

from django.core.management.base import BaseCommand

from pendamping.audit.retention import retention_run


class Command(BaseCommand):
    help = "Anonymise closed records past PENDAMPING_RETENTION_YEARS (dry run without --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true")

    def handle(self, *args, **options):
        report = retention_run(apply=options["apply"])
        verb = "would anonymise" if report.dry_run else "anonymised"
        self.stdout.write(f"{verb}: {report.people} people, {report.cases} closed cases")
