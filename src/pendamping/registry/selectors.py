"""Reads of the registry; every function takes the actor and applies its scope."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pendamping.core.scope import get_scoped, scoped

from .models import Change, Classification, Household, Person, RecordStatus
from .search import SearchFilters, apply_filters, digits_range, person_search

PAGE_SIZE = 25


@dataclass
class PersonPage:
    people: list[Person]
    number: int
    has_next: bool
    searched: bool


def person_list(
    *, actor, query: str = "", kelurahan_id: int | None = None, status: str | None = None
) -> QuerySet[Person]:
    """Scoped people, optionally by exact NIK prefix; for APIs that page by offset."""
    qs = scoped(Person.objects.all(), actor).select_related("kelurahan", "household")
    query = query.strip()
    if query.isdigit():
        qs = qs.filter(digits_range("nik", query))
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name_key", "pk")


def person_page(
    *, actor, query: str, filters: SearchFilters, page: int, as_you_type: bool = False
) -> PersonPage:
    """One page of people: ranked search results when there is a query, else by name.

    No total count: counting a million rows on every page view costs more than it helps."""
    page = max(1, page)
    if query.strip():
        found = person_search(
            actor=actor,
            query=query,
            filters=filters,
            limit=PAGE_SIZE * page + 1,
            as_you_type=as_you_type,
        )
        start = PAGE_SIZE * (page - 1)
        return PersonPage(
            found[start : start + PAGE_SIZE], page, len(found) > start + PAGE_SIZE, True
        )
    qs = apply_filters(scoped(Person.objects.all(), actor), filters)
    rows = list(
        qs.select_related("kelurahan", "household").order_by("name_key", "pk")[
            PAGE_SIZE * (page - 1) : PAGE_SIZE * page + 1
        ]
    )
    return PersonPage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE, False)


def person_get(*, actor, pk: int) -> Person:
    return get_scoped(
        Person.objects.select_related("household", "kelurahan__parent", "rt__parent"), actor, pk=pk
    )


def household_get(*, actor, pk: int) -> Household:
    return get_scoped(
        Household.objects.select_related("kelurahan__parent", "rt__parent"), actor, pk=pk
    )


def household_members(*, actor, household: Household) -> QuerySet[Person]:
    return scoped(Person.objects.filter(household=household), actor).order_by("birth_date", "pk")


def person_classifications(*, person: Person) -> QuerySet[Classification]:
    """PPKS categories of the person and of their household (caller has checked scope)."""
    return (
        Classification.objects.filter(Q(person=person) | Q(household_id=person.household_id))
        .select_related("category", "assessed_by")
        .order_by("-assessed_on")
    )


def person_timeline(*, person: Person, limit: int = 100) -> QuerySet[Change]:
    """Changes to the person and to their household, newest first (caller has checked scope)."""
    return (
        Change.objects.filter(
            Q(person=person) | Q(household_id=person.household_id, person__isnull=True)
        )
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )


def household_timeline(*, household: Household, limit: int = 100) -> QuerySet[Change]:
    return (
        Change.objects.filter(Q(household=household) | Q(person__household=household))
        .select_related("actor", "person")
        .order_by("-at", "-pk")[:limit]
    )


def registry_counts_by_kelurahan(*, actor) -> dict[int, dict[str, int]]:
    """People and households per kelurahan within scope, active records only."""
    people = (
        scoped(Person.objects.filter(status=RecordStatus.ACTIVE), actor)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    households = (
        scoped(Household.objects.filter(status=RecordStatus.ACTIVE), actor)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {}
    for row in people:
        result.setdefault(row["kelurahan_id"], {"people": 0, "households": 0})["people"] = row["n"]
    for row in households:
        result.setdefault(row["kelurahan_id"], {"people": 0, "households": 0})["households"] = row[
            "n"
        ]
    return result
