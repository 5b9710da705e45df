"""`pendamping audit verify`: prove the audit log was not edited or cut."""

from django.core.management.base import BaseCommand, CommandError

from pendamping.audit.selectors import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every hash and report breaks")

    def handle(self, *args, **options):
        report = audit_verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(
                f"audit log broken: {len(report.problems)} problem(s) in {report.checked} entries"
            )
        self.stdout.write(f"audit log intact: {report.checked} entries")
