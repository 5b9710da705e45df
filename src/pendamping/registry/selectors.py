"""Reads of the registry; every function takes the actor and applies its scope."""

from django.db.models import Count, Q, QuerySet

from pendamping.core.scope import get_scoped, scoped

from .models import Household, Person, RecordStatus
from .names import name_search_key


def person_list(
    *, actor, query: str = "", kelurahan_id: int | None = None, status: str | None = None
) -> QuerySet[Person]:
    qs = scoped(Person.objects.all(), actor).select_related("kelurahan", "household")
    query = query.strip()
    if query.isdigit():
        qs = qs.filter(nik__startswith=query) if len(query) < 16 else qs.filter(nik=query)
    elif query:
        qs = qs.filter(name_key__contains=name_search_key(query))
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "pk")


def person_get(*, actor, pk: int) -> Person:
    return get_scoped(
        Person.objects.select_related("household", "kelurahan__parent", "rt"), actor, pk=pk
    )


def household_get(*, actor, pk: int) -> Household:
    return get_scoped(Household.objects.select_related("kelurahan__parent", "rt"), actor, pk=pk)


def household_members(*, actor, household: Household) -> QuerySet[Person]:
    return scoped(Person.objects.filter(household=household), actor).order_by("birth_date")


def registry_counts_by_kelurahan(*, actor) -> dict[int, dict[str, int]]:
    """People and households per kelurahan within scope, active records only."""
    people = (
        scoped(Person.objects.filter(status=RecordStatus.ACTIVE), actor)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
    )
    households = (
        scoped(Household.objects.filter(status=RecordStatus.ACTIVE), actor)
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
    )
    result: dict[int, dict[str, int]] = {}
    for row in people:
        result.setdefault(row["kelurahan_id"], {"people": 0, "households": 0})["people"] = row["n"]
    for row in households:
        result.setdefault(row["kelurahan_id"], {"people": 0, "households": 0})["households"] = row[
            "n"
        ]
    return result


def person_search_filter(query: str) -> Q:
    return Q(name_key__contains=name_search_key(query))
