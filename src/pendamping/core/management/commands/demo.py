"""`pendamping demo [--scale N] [--seed S]`: add the synthetic Pekanbaru demo data."""

import resource

from django.core.management.base import BaseCommand, CommandError

from pendamping.core.demo import build_demo, demo_logins_text, demo_present
from pendamping.registry.services import reference_categories_load
from pendamping.wilayah.services import reference_areas_load


class Command(BaseCommand):
    help = "Add deterministic synthetic demo data: workers of Table 2 and N PPKS people."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=20000, help="PPKS people (default 20000).")
        parser.add_argument("--seed", type=int, default=1471)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) when demo data is present.",
        )

    def handle(self, *args, scale: int, seed: int, if_empty: bool, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        if demo_present():
            if if_empty:
                self.stdout.write("Demo data already present; kept as it is.")
                return
            raise CommandError(
                "Demo data is already in this database. Use a new database "
                "(remove var/pendamping.sqlite3 or point DATABASE_URL elsewhere)."
            )
        reference_areas_load()
        reference_categories_load()
        report = build_demo(scale=scale, seed=seed, progress=lambda m: self.stdout.write(f"  {m}"))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {report.users} accounts, {report.households:,} households, "
                f"{report.people:,} people, {report.classifications:,} PPKS classifications "
                f"in {report.seconds:.1f} s (peak memory {peak_mb:.0f} MB)."
            )
        )
        if not if_empty:  # with --if-empty, `serve` comes next and prints them
            self.stdout.write(demo_logins_text())
