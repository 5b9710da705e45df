"""`pendamping registry_reindex`: recompute stored name forms and search keys of everyone.

Needed after a change to `registry.names` (normalisation or keys); safe to repeat and to
interrupt (each batch is one transaction)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from pendamping.registry.models import Person, PersonNameKey
from pendamping.registry.names import name_search_key
from pendamping.registry.services import name_key_frequencies_refresh, name_key_rows


class Command(BaseCommand):
    help = "Recompute Person.name_key and the PersonNameKey search index."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--after-id",
            type=int,
            default=0,
            help="Resume after this person id (an interrupted run prints it).",
        )

    def handle(self, *args, batch_size: int, after_id: int, **options):
        last, done = after_id, 0
        while True:
            people = list(
                Person.objects.filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "name", "name_key", "kelurahan_id")[:batch_size]
            )
            if not people:
                break
            with transaction.atomic():
                for person in people:
                    person.name_key = name_search_key(person.name)
                Person.objects.bulk_update(people, ["name_key"], batch_size=1000)
                PersonNameKey.objects.filter(
                    person_id__gt=last, person_id__lte=people[-1].pk
                ).delete()
                PersonNameKey.objects.bulk_create(
                    [row for p in people for row in name_key_rows(p)], batch_size=5000
                )
            last = people[-1].pk
            done += len(people)
            self.stdout.write(f"\r{done:,} people reindexed (last id {last})", ending="")
        self.stdout.write(f"\r{done:,} people reindexed.")
        common = name_key_frequencies_refresh()
        self.stdout.write(f"{common:,} common name keys counted.")
