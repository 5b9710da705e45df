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

from .models import Household, NameKeyFrequency, Person, PersonNameKey
from .names import key_neighbours, name_keys, normalise_name

CANDIDATES = 500
FREQUENCY_CAP = 3000  # above this a key is common; its stored count orders it
RARE = 50  # a key this rare is more likely a slip than a name
SLIP_ROWS = 2500  # rows the one-slip pass may read: the rarest neighbour keys first
GOOD_MATCH = 0.9  # similarity above which the exact-key pass is trusted
LENIENT_MATCH = 0.8  # below this, keys one slip away are tried too


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


def _key_filter(keys: list[str], prefix: str | None, field: str = "key") -> Q:
    """Exact keys, plus (as you type) every key starting with the last word's key."""
    q = Q(**{f"{field}__in": keys})
    if prefix:
        if connection.vendor == "postgresql":
            q |= Q(**{f"{field}__startswith": prefix})  # Django's varchar_pattern_ops index
        else:
            q |= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "{"})  # '{' after 'z'
    return q


def _key_rows(actor, filters: SearchFilters) -> QuerySet[PersonNameKey]:
    rows = PersonNameKey.objects.all()
    if not scope_of(actor).everything:
        rows = scoped(rows, actor)
    if filters.kelurahan_id:
        rows = rows.filter(kelurahan_id=filters.kelurahan_id)
    return rows


def _frequencies(keys: set[str], cap: int | None = None) -> dict[str, int]:
    """How many name words carry each key, city-wide, counted only up to `cap`: the counts
    plan the query (rarest key first, a row budget), and beyond the cap the rarest is told
    apart by the stored key statistics. Reading at most `cap` index entries per key keeps a
    common key (MUHAMMAD: 8% of names) from costing more than the search itself."""
    if not keys:
        return {}
    cap = cap or FREQUENCY_CAP
    table = PersonNameKey._meta.db_table
    ordered = sorted(keys)
    parts = [
        f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "  # noqa: S608
        f"WHERE key = %s LIMIT {int(cap)}) c{i})"
        for i in range(len(ordered))
    ]
    params = [v for k in ordered for v in (k, k)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = {key: n for key, n in cursor.fetchall() if n}
    capped = [k for k, n in counts.items() if n >= cap]
    if capped:
        common = dict(NameKeyFrequency.objects.filter(key__in=capped).values_list("key", "count"))
        for key in capped:
            counts[key] = max(cap, common.get(key, cap))
    return counts


def _candidates(
    actor,
    keys: list[str],
    prefix: str | None,
    need: int,
    filters: SearchFilters,
    driver: str | None = None,
) -> dict[int, int]:
    """Person id -> number of query keys matched, best first, at most CANDIDATES.

    With a `driver` key the count starts from the people who carry it and looks up their
    other keys, so a rare key bounds the work even when the other keys are very common."""
    if driver:
        return _driven_candidates(actor, keys, prefix, need, filters, driver)
    grouped = (
        _key_rows(actor, filters)
        .filter(_key_filter(keys, prefix))
        .values("person_id")
        .annotate(hits=Count("pk"))
        .filter(hits__gte=need)
        .order_by("-hits")[:CANDIDATES]
    )
    return {row["person_id"]: row["hits"] for row in grouped}


def _driven_candidates(
    actor, keys: list[str], prefix: str | None, need: int, filters: SearchFilters, driver: str
) -> dict[int, int]:
    """The driver-first count in SQL: SQLite's CROSS JOIN fixes the loop order (the planner
    would otherwise start from the most common key); PostgreSQL plans it well by itself."""
    table = PersonNameKey._meta.db_table
    join = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    params: list = list(driver)
    where = [f"d.key IN ({', '.join(['%s'] * len(driver))})"]
    scope = scope_of(actor)
    kelurahan_ids = None if scope.everything else sorted(scope.kelurahan_ids)
    if filters.kelurahan_id:
        kelurahan_ids = [
            k for k in (kelurahan_ids or [filters.kelurahan_id]) if k == filters.kelurahan_id
        ]
    if kelurahan_ids is not None:
        if not kelurahan_ids:
            return {}
        where.append(f"d.kelurahan_id IN ({', '.join(['%s'] * len(kelurahan_ids))})")
        params += kelurahan_ids
    match = []
    if keys:
        match.append(f"o.key IN ({', '.join(['%s'] * len(keys))})")
        params += keys
    if prefix:
        match.append("(o.key >= %s AND o.key < %s)")
        params += [prefix, prefix + "{"]
    where.append("(" + " OR ".join(match) + ")")
    sql = (
        f"SELECT d.person_id, COUNT(*) AS hits FROM {table} d {join} {table} o "  # noqa: S608
        f"ON o.person_id = d.person_id WHERE {' AND '.join(where)} "
        f"GROUP BY d.person_id HAVING COUNT(*) >= %s ORDER BY hits DESC LIMIT %s"
    )
    params += [need, CANDIDATES]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


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
    every word's key; all but one; then keys one slip away for the likely mistyped word."""
    keys = name_keys(text)
    if not keys:
        return []
    query = normalise_name(text)
    prefix = keys[-1] if prefix_last else None
    exact = keys[:-1] if prefix_last else keys
    freq = _frequencies(set(keys))
    by_rarity = sorted(exact, key=lambda k: freq.get(k, 0))

    def good(ranked: list[tuple], bar: float = GOOD_MATCH) -> bool:
        return bool(ranked) and ranked[0][0] >= bar

    ranked: list[tuple] = []
    present = [k for k in by_rarity if freq.get(k)]
    absent = [k for k in exact if not freq.get(k)]
    if exact and not absent:
        driver = by_rarity[:1] if len(keys) >= 2 else None
        ranked = _ranked(
            actor, _candidates(actor, exact, prefix, len(keys), filters, driver), query, filters
        )
    elif not exact:  # one unfinished word typed so far
        ranked = _ranked(actor, _candidates(actor, [], prefix, 1, filters), query, filters)
    if not good(ranked) and len(exact) >= 2 and not absent:
        # All but one word: people who carry the rarest key, or else the next rarest.
        for key in present[:1]:
            more = _candidates(actor, exact, prefix, len(keys) - 1, filters, [key])
            ranked = _merge(ranked, _ranked(actor, more, query, filters))
    if not good(ranked, LENIENT_MATCH) and exact:
        # One slip in a word: keys one edit away from the likely mistyped word(s), rarest first.
        suspects = absent or [k for k in exact if freq.get(k, 0) < RARE] or by_rarity[:1]
        wider: set[str] = set()
        for key in suspects:
            wider |= key_neighbours(key)
        budget, chosen = SLIP_ROWS, []
        for key, n in sorted(_frequencies(wider).items(), key=lambda kv: kv[1]):
            if n > budget:
                break
            budget -= n
            chosen.append(key)
        if chosen:
            others = [k for k in exact if k not in suspects]
            need = max(1, len(keys) - len(suspects))
            more = _candidates(actor, sorted({*chosen, *others}), prefix, need, filters, chosen)
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
