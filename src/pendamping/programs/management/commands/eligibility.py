"""`pendamping eligibility [--program CODE]`: evaluate programs for the whole registry and print
eligible, eligible-not-enrolled and enrolled-not-eligible counts with the time taken."""

import time

from django.core.management.base import BaseCommand

from pendamping.accounts.models import Role, User
from pendamping.programs import selectors


class Command(BaseCommand):
    help = "Evaluate program eligibility for the whole registry."

    def add_arguments(self, parser):
        parser.add_argument("--program", action="append", default=[])

    def handle(self, *args, **options):
        actor = User(role=Role.SUPERVISOR, is_active=True)  # city-wide scope, never saved
        programs = [
            p
            for p in selectors.program_list()
            if not options["program"] or p.code in options["program"]
        ]
        started = time.perf_counter()
        results = selectors.registry_eligibility(actor=actor, programs=programs)
        seconds = time.perf_counter() - started
        for r in results:
            self.stdout.write(
                f"{r.program.code:32} eligible {len(r.eligible):>8,}  not enrolled "
                f"{len(r.eligible_not_enrolled):>8,}  no longer eligible "
                f"{len(r.enrolled_not_eligible):>6,}"
            )
        self.stdout.write(f"{len(results)} program(s) in {seconds:.2f} s")
