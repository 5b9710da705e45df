"""The figures behind the dashboards, counted from the records with GROUP BY queries.

Each source is one function yielding `FactRow`s; `services.facts_refresh` runs them all and
stores the rows as `Fact`s. A new source (mobility reports, complaints...) is one more
function in `SOURCES`. Counting happens here, in the database, on all records (aggregates,
not personal data); who may see which kelurahan's figures is decided when they are read.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone


class FactRow(NamedTuple):
    kelurahan_id: int
    month: date | None
    metric: str
    key: str
    actor_id: int | None
    value: int


def _month(value) -> date | None:
    if value is None:
        return None
    if hasattr(value, "date"):
        value = value.date()
    return value.replace(day=1)


def registry_facts(today: date) -> Iterator[FactRow]:
    """People and households in the registry, and PPKS by category (valid classifications)."""
    from pendamping.registry.models import Classification, Household, Person, RecordStatus

    for kel, n in (
        Person.objects.filter(status=RecordStatus.ACTIVE)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    ):
        yield FactRow(kel, None, "people", "", None, n)
    for kel, n in (
        Household.objects.filter(status=RecordStatus.ACTIVE)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    ):
        yield FactRow(kel, None, "households", "", None, n)
    valid = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    people: set[tuple[int, int, str]] = set()
    households: set[tuple[int, int, str]] = set()
    for person_id, household_id, kel, code in (
        Classification.objects.filter(valid, person__status=RecordStatus.ACTIVE)
        .values_list("person_id", "person__household_id", "person__kelurahan_id", "category__code")
        .iterator(chunk_size=20000)
    ):
        people.add((person_id, kel, code))
        households.add((household_id, kel, code))
    for household_id, kel, code in (
        Classification.objects.filter(
            valid, person__isnull=True, household__status=RecordStatus.ACTIVE
        )
        .values_list("household_id", "household__kelurahan_id", "category__code")
        .iterator(chunk_size=20000)
    ):
        households.add((household_id, kel, code))
    for metric, members in (("ppks_people", people), ("ppks_households", households)):
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for _subject, kel, code in members:
            counts[(kel, code)] += 1
        for (kel, code), n in counts.items():
            yield FactRow(kel, None, metric, code, None, n)


def casework_facts(today: date) -> Iterator[FactRow]:
    """Cases open now and opened/closed per month; referrals by status; outreach events."""
    from pendamping.casework.models import Case, CaseStatus, EventStatus, OutreachEvent, Referral

    for kel, status, n in (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .values_list("kelurahan_id", "status")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "status", "n")
    ):
        yield FactRow(kel, None, "cases_open", status, None, n)
    for kel, month, n in (
        Case.objects.annotate(m=TruncMonth("opened_at"))
        .values_list("kelurahan_id", "m")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "n")
    ):
        yield FactRow(kel, _month(month), "cases_opened", "", None, n)
    for kel, month, outcome, n in (
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False)
        .annotate(m=TruncMonth("closed_at"))
        .values_list("kelurahan_id", "m", "outcome")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "outcome", "n")
    ):
        yield FactRow(kel, _month(month), "cases_closed", outcome, None, n)
    for kel, month, status, n in (
        Referral.objects.annotate(m=TruncMonth("sent_at"))
        .values_list("kelurahan_id", "m", "status")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "status", "n")
    ):
        yield FactRow(kel, _month(month), "referrals", status, None, n)
    for kel, month, n, male, female in (
        OutreachEvent.objects.filter(status=EventStatus.HELD)
        .annotate(m=TruncMonth("date"))
        .values_list("kelurahan_id", "m")
        .annotate(n=Count("pk"), male=Sum("attendance_male"), female=Sum("attendance_female"))
        .values_list("kelurahan_id", "m", "n", "male", "female")
    ):
        yield FactRow(kel, _month(month), "events_held", "", None, n)
        yield FactRow(
            kel, _month(month), "events_attendance", "", None, (male or 0) + (female or 0)
        )


def activity_facts(today: date) -> Iterator[FactRow]:
    """Activities and their roles per kelurahan and month, and per assistant. An activity
    tagged with several roles counts once for each role; its minutes are split evenly
    between them (decision 0061)."""
    from pendamping.casework.models import Activity

    area: dict[tuple[int, date, str], list[float]] = defaultdict(lambda: [0, 0.0])
    actor: dict[tuple[int, int, date, str], list[float]] = defaultdict(lambda: [0, 0.0])
    grouped = (
        Activity.objects.annotate(m=TruncMonth("date"))
        .values_list("actor_id", "kelurahan_id", "m", "roles")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .values_list("actor_id", "kelurahan_id", "m", "roles", "n", "minutes")
    )
    for actor_id, kel, month, roles, n, minutes in grouped.iterator(chunk_size=20000):
        month = _month(month)
        roles = [r for r in (roles or []) if isinstance(r, str)] or [""]
        share = (minutes or 0) / len(roles)
        for target, prefix in ((area, (kel, month)), (actor, (actor_id, kel, month))):
            total = target[(*prefix, "*")]
            total[0] += n
            total[1] += minutes or 0
            for role in roles:
                cell = target[(*prefix, role)]
                cell[0] += n
                cell[1] += share
    for (kel, month, role), (n, minutes) in area.items():
        if role == "*":
            yield FactRow(kel, month, "activities", "", None, n)
            yield FactRow(kel, month, "activity_minutes", "", None, round(minutes))
        else:
            yield FactRow(kel, month, "role_tags", role, None, n)
            yield FactRow(kel, month, "role_minutes", role, None, round(minutes))
    for (actor_id, kel, month, role), (n, minutes) in actor.items():
        if role == "*":
            yield FactRow(kel, month, "actor_activities", "", actor_id, n)
            yield FactRow(kel, month, "actor_minutes", "", actor_id, round(minutes))
        else:
            yield FactRow(kel, month, "actor_role_tags", role, actor_id, n)
            yield FactRow(kel, month, "actor_role_minutes", role, actor_id, round(minutes))


def verval_facts(today: date) -> Iterator[FactRow]:
    """Field checks open and overdue now; done per month by result code."""
    from pendamping.linkage.models import VervalStatus, VervalTask

    for kel, n, overdue in (
        VervalTask.objects.filter(status=VervalStatus.OPEN)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .values_list("kelurahan_id", "n", "overdue")
    ):
        yield FactRow(kel, None, "verval_open", "", None, n)
        yield FactRow(kel, None, "verval_overdue", "", None, overdue)
    for kel, month, result, n in (
        VervalTask.objects.filter(status=VervalStatus.DONE, result_at__isnull=False)
        .annotate(m=TruncMonth("result_at"))
        .values_list("kelurahan_id", "m", "result")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "result", "n")
    ):
        yield FactRow(kel, _month(month), "verval_done", result, None, n)


SOURCES: list[Callable[[date], Iterator[FactRow]]] = [
    registry_facts,
    casework_facts,
    activity_facts,
    verval_facts,
]


def all_facts(today: date | None = None) -> Iterator[FactRow]:
    today = today or timezone.localdate()
    for source in SOURCES:
        yield from source(today)
