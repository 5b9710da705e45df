"""Retention: closed records are anonymised after the period set per record type
(PENDAMPING_RETENTION_YEARS), so statistics survive and identities do not.

A person is closed when they moved out of the city, died or were not found, and their record
has not changed since. Anonymising erases what identifies them, in the record, in its change
history and in its search keys; it goes around the registry services on purpose, because those
keep history and this must erase it. Each run is written to the audit log.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Action
from .services import audit_record

CLOSED_PERSON_STATUSES = ("moved_out", "deceased", "not_found")
ANONYMOUS = "Anonim"
IDENTIFYING = ("name", "nik", "birth_place", "birth_date", "phone", "occupation")


@dataclass
class RetentionReport:
    people: int = 0
    cases: int = 0
    failed_logins: int = 0
    dry_run: bool = True


def _cutoff(kind: str):
    return timezone.now() - timedelta(days=365 * settings.PENDAMPING_RETENTION_YEARS[kind])


def people_due():
    from pendamping.registry.models import Person

    return Person.objects.filter(
        status__in=CLOSED_PERSON_STATUSES, updated_at__lt=_cutoff("registry.person")
    ).exclude(name=ANONYMOUS)


def cases_due():
    from pendamping.casework.models import Case

    return Case.objects.filter(closed_at__lt=_cutoff("casework.case")).exclude(problem="")


@transaction.atomic
def _anonymise_person(person) -> None:
    from pendamping.registry.models import Change, PersonNameKey

    person.name = ANONYMOUS
    person.nik = None
    person.birth_place = ""
    if person.birth_date:
        person.birth_date = person.birth_date.replace(month=1, day=1)  # keep the age group
    person.phone = ""
    person.occupation = ""
    person.save(update_fields=[*IDENTIFYING, "name_key", "updated_at"])
    PersonNameKey.objects.filter(person=person).delete()
    Change.objects.filter(person=person).update(fields={"anonymised": True}, note="")
    household = person.household
    if not household.members.exclude(name=ANONYMOUS).exists():
        household.address = ""
        household.latitude = household.longitude = None
        household.save(update_fields=["address", "latitude", "longitude"])
        Change.objects.filter(household=household, person__isnull=True).update(
            fields={"anonymised": True}, note=""
        )


def retention_run(*, actor=None, apply: bool = False, limit: int = 10_000) -> RetentionReport:
    """Anonymise what is due (or, without `apply`, count it)."""
    from pendamping.accounts.lockout import failures_prune

    report = RetentionReport(dry_run=not apply)
    people = list(people_due().select_related("household")[:limit])
    cases = cases_due()
    report.people = len(people)
    report.cases = cases.count()
    if not apply:
        return report
    for person in people:
        _anonymise_person(person)
    with transaction.atomic():
        cases.update(problem="", strengths="", outcome_note="")
    report.failed_logins = failures_prune()
    audit_record(
        actor=actor,
        action=Action.ADMIN,
        object_type="retention",
        summary=f"anonymised {report.people} people, {report.cases} closed cases",
    )
    return report
