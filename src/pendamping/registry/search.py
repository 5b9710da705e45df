"""Registry search: NIK/KK exact or prefix, and names tolerant of typos and Indonesian
spelling variants, always within the actor's scope.

Names are found through `PersonNameKey` (one phonetic key per word, indexed with the
kelurahan), so a query touches only the people who share a key with it; the candidates are
then ranked by string similarity. A query of several words lets one word miss entirely
(a typo that changes its skeleton), as long as the others match.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet

from pendamping.core.scope import scope_of, scoped

from .models import Household, Person, PersonNameKey
from .names import key_neighbours, name_keys, name_similarity, normalise_name

CANDIDATES = 3000
GOOD_MATCH = 0.9  # similarity above which the exact-key pass is trusted


@dataclass(frozen=True)
class SearchFilters:
    kelurahan_id: int | None = None
    kecamatan_id: int | None = None
    category: str | None = None
    status: str | None = None


def digits_range(field: str, digits: str) -> Q:
    """Prefix of a 16-digit number as a range, which every collation and index serves."""
    if len(digits) >= 16:
        return Q(**{field: digits[:16]})
    return Q(**{f"{field}__gte": digits.ljust(16, "0"), f"{field}__lte": digits.ljust(16, "9")})


def apply_filters(qs: QuerySet[Person], filters: SearchFilters) -> QuerySet[Person]:
    if filters.kelurahan_id:
        qs = qs.filter(kelurahan_id=filters.kelurahan_id)
    if filters.kecamatan_id:
        qs = qs.filter(kelurahan__parent_id=filters.kecamatan_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.category:
        qs = qs.filter(
            Q(classifications__category__code=filters.category)
            | Q(household__classifications__category__code=filters.category)
        ).distinct()
    return qs


def search_by_number(*, actor, digits: str, filters: SearchFilters, limit: int) -> list[Person]:
    people = scoped(Person.objects.all(), actor)
    by_nik = people.filter(digits_range("nik", digits))
    households = scoped(Household.objects.all(), actor).filter(digits_range("kk", digits))
    found = list(apply_filters(by_nik, filters).order_by("nik")[:limit])
    if len(found) < limit:
        members = people.filter(household__in=households[:limit]).exclude(
            pk__in=[p.pk for p in found]
        )
        found += list(
            apply_filters(members, filters).order_by("household_id", "pk")[: limit - len(found)]
        )
    return found


def _key_filter(keys: list[str], prefix_last: bool) -> Q:
    q = Q(key__in=keys[:-1] if prefix_last else keys)
    if prefix_last:
        last = keys[-1]
        if connection.vendor == "postgresql":
            q |= Q(key__startswith=last)  # served by Django's varchar_pattern_ops index
        else:
            q |= Q(key__gte=last, key__lt=last + "{")  # '{' sorts right after 'z' in BINARY
    return q


def _candidates(actor, key_q: Q, need: int, filters: SearchFilters) -> dict[int, int]:
    """Person id -> number of query keys matched, best first, at most CANDIDATES."""
    key_rows = PersonNameKey.objects.filter(key_q)
    if not scope_of(actor).everything:
        key_rows = scoped(key_rows, actor)
    if filters.kelurahan_id:
        key_rows = key_rows.filter(kelurahan_id=filters.kelurahan_id)
    grouped = (
        key_rows.values("person_id")
        .annotate(hits=Count("key", distinct=True))
        .filter(hits__gte=need)
        .order_by("-hits")[:CANDIDATES]
    )
    return {row["person_id"]: row["hits"] for row in grouped}


def _ranked(actor, hits: dict[int, int], query: str, filters: SearchFilters) -> list[tuple]:
    candidates = apply_filters(scoped(Person.objects.filter(pk__in=list(hits)), actor), filters)
    return sorted(
        (
            (name_similarity(query, name), hits[pk], pk)
            for pk, name in candidates.values_list("pk", "name")
        ),
        reverse=True,
    )


def search_by_name(
    *, actor, text: str, filters: SearchFilters, limit: int, prefix_last: bool = False
) -> list[Person]:
    """Exact phonetic keys first; when that finds no close match, keys one slip away too."""
    keys = name_keys(text)
    if not keys:
        return []
    need = len(keys) if len(keys) < 2 else len(keys) - 1
    query = normalise_name(text)
    ranked = _ranked(
        actor, _candidates(actor, _key_filter(keys, prefix_last), need, filters), query, filters
    )
    if not ranked or ranked[0][0] < GOOD_MATCH:
        wider = set(keys)
        for key in keys[:-1] if prefix_last else keys:
            wider |= key_neighbours(key)
        more = _candidates(actor, _key_filter(sorted(wider), prefix_last), need, filters)
        seen = {pk for _, _, pk in ranked}
        ranked = sorted(
            ranked
            + [
                r
                for r in _ranked(
                    actor, {k: v for k, v in more.items() if k not in seen}, query, filters
                )
            ],
            reverse=True,
        )
    top = [pk for _, _, pk in ranked[:limit]]
    people = Person.objects.select_related("kelurahan", "household").in_bulk(top)
    return [people[pk] for pk in top if pk in people]


def person_search(
    *,
    actor,
    query: str,
    filters: SearchFilters | None = None,
    limit: int = 25,
    as_you_type: bool = False,
) -> list[Person]:
    """Search within scope; NIK/KK when the query is digits, a name otherwise."""
    filters = filters or SearchFilters()
    query = (query or "").strip()
    digits = query.replace(" ", "")
    if digits.isdigit():
        return search_by_number(actor=actor, digits=digits, filters=filters, limit=limit)
    return search_by_name(
        actor=actor, text=query, filters=filters, limit=limit, prefix_last=as_you_type
    )
