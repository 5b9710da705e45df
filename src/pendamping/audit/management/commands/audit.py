"""`pendamping audit verify`: prove the audit log was not edited or cut."""

from django.core.management.base import BaseCommand, CommandError

from pendamping.audit.selectors import audit_verify
from pendamping.audit.services import audit_anchor


class Command(BaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="recompute every hash, compare with the anchors, then add an anchor"
        )
        sub.add_parser("anchor", help="write the chain's end to the anchor file (daily, cron)")

    def handle(self, *args, **options):
        if options["action"] == "anchor":
            count, digest = audit_anchor()
            self.stdout.write(f"anchored entry {count}: {digest}")
            return
        report = audit_verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(
                f"audit log broken: {len(report.problems)} problem(s) in {report.checked} entries"
            )
        count, _digest = audit_anchor()
        self.stdout.write(f"audit log intact: {report.checked} entries (anchored at {count})")
