"""`pendamping complaints escalate`: send overdue complaints to the supervisors (run it hourly,
e.g. from cron; overdue is also computed whenever a list is read)."""

from django.core.management.base import BaseCommand

from pendamping.programs.complaints.services import complaints_escalate_overdue


class Command(BaseCommand):
    help = "Escalate complaints past their deadline to the supervisors."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["escalate"])

    def handle(self, *args, **options):
        count = complaints_escalate_overdue()
        self.stdout.write(f"{count} complaint(s) escalated.")
