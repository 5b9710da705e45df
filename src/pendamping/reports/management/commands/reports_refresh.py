"""`pendamping reports_refresh`: rebuild the dashboard figures now (e.g. from cron)."""

from django.core.management.base import BaseCommand

from pendamping.reports.services import facts_refresh


class Command(BaseCommand):
    help = "Rebuild the pre-computed dashboard figures from the records."

    def handle(self, *args, **options):
        state = facts_refresh()
        self.stdout.write(f"{state.rows} figures in {state.seconds:.1f} s")
