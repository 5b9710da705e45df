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
from rapidfuzz import fuzz, process

from pendamping.core.scope import scope_of, scoped

from .models import Household, Person, PersonNameKey
from .names import key_neighbours, name_keys, normalise_name

CANDIDATES = 1500
RARE = 50  # a key this rare is more likely a slip than a name
TOO_COMMON = 20000  # neighbour keys this common would swamp the lenient pass
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


def _key_filter(keys: list[str], prefix: str | None) -> Q:
    """Exact keys, plus (as you type) every key starting with the last word's key."""
    q = Q(key__in=keys)
    if prefix:
        if connection.vendor == "postgresql":
            q |= Q(key__startswith=prefix)  # served by Django's varchar_pattern_ops index
        else:
            q |= Q(key__gte=prefix, key__lt=prefix + "{")  # '{' sorts right after 'z'
    return q


def _key_rows(actor, filters: SearchFilters) -> QuerySet[PersonNameKey]:
    rows = PersonNameKey.objects.all()
    if not scope_of(actor).everything:
        rows = scoped(rows, actor)
    if filters.kelurahan_id:
        rows = rows.filter(kelurahan_id=filters.kelurahan_id)
    return rows


def _frequencies(keys: set[str]) -> dict[str, int]:
    """How many name words carry each key (city-wide; used only to plan the query)."""
    return dict(
        PersonNameKey.objects.filter(key__in=keys)
        .values("key")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("key", "n")
    )


def _candidates(actor, key_q: Q, need: int, filters: SearchFilters) -> dict[int, int]:
    """Person id -> number of query keys matched, best first, at most CANDIDATES."""
    grouped = (
        _key_rows(actor, filters)
        .filter(key_q)
        .values("person_id")
        .annotate(hits=Count("pk"))
        .filter(hits__gte=need)
        .order_by("-hits")[:CANDIDATES]
    )
    return {row["person_id"]: row["hits"] for row in grouped}


def _ranked(actor, hits: dict[int, int], query: str, filters: SearchFilters) -> list[tuple]:
    """(similarity, hits, id), best first; names are compared in their stored normal form."""
    if not hits:
        return []
    candidates = apply_filters(scoped(Person.objects.filter(pk__in=list(hits)), actor), filters)
    names = dict(candidates.values_list("pk", "name_key"))
    scores = process.extract(query, names, scorer=fuzz.token_sort_ratio, limit=None)
    return sorted(((score / 100, hits[pk], pk) for _, score, pk in scores), reverse=True)


def _merge(ranked: list[tuple], more: list[tuple]) -> list[tuple]:
    seen = {pk for _, _, pk in ranked}
    return sorted(ranked + [r for r in more if r[2] not in seen], reverse=True)


def search_by_name(
    *, actor, text: str, filters: SearchFilters, limit: int, prefix_last: bool = False
) -> list[Person]:
    """Passes from strict to lenient, stopping at the first that finds a close match:
    every word's key; all but one; then keys one slip away for the rare (likely mistyped)."""
    keys = name_keys(text)
    if not keys:
        return []
    query = normalise_name(text)
    prefix = keys[-1] if prefix_last else None
    exact = keys[:-1] if prefix_last else keys
    freq = _frequencies(set(keys))

    def good(ranked: list[tuple]) -> bool:
        return bool(ranked) and ranked[0][0] >= GOOD_MATCH

    ranked: list[tuple] = []
    if all(freq.get(k) for k in exact):
        ranked = _ranked(
            actor,
            _candidates(actor, _key_filter(exact, prefix), len(keys), filters),
            query,
            filters,
        )
    if not good(ranked) and len(keys) >= 2:
        more = _candidates(actor, _key_filter(exact, prefix), len(keys) - 1, filters)
        ranked = _merge(ranked, _ranked(actor, more, query, filters))
    if not good(ranked):
        suspects = [k for k in exact if freq.get(k, 0) < RARE] or exact
        wider = set(exact)
        for key in suspects:
            wider |= key_neighbours(key)
        common = {k for k, n in _frequencies(wider - set(exact)).items() if n > TOO_COMMON}
        need = max(1, len(keys) - 1) if len(keys) >= 3 else len(keys)
        more = _candidates(actor, _key_filter(sorted(wider - common), prefix), need, filters)
        ranked = _merge(ranked, _ranked(actor, more, query, filters))
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
