"""`pendamping setup`: migrate, load the reference data, collect static files. Idempotent."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from pendamping.registry.services import reference_categories_load
from pendamping.wilayah.services import reference_areas_load


class Command(BaseCommand):
    help = "Create or upgrade the database and load the reference data (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("--no-static", action="store_true", help="Skip collectstatic.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database schema up to date.")
        report = reference_areas_load()
        if report.skipped:
            self.stdout.write("Areas: reference data already loaded.")
        else:
            self.stdout.write(f"Areas: {report.created} created, {report.updated} updated.")
        created = reference_categories_load()
        self.stdout.write(f"PPKS/PSKS categories: {created} created.")
        from pendamping.programs.seed import programs_seed_load

        self.stdout.write(f"Programs: {programs_seed_load()} created.")
        if not options["no_static"] and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write("Static files collected.")
