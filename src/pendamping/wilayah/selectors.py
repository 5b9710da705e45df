"""Reads of the area tree: resolving codes and names (also retired ones), children as of a date."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from .models import Area, AreaVersion, Level, Population, name_key


@dataclass(frozen=True)
class AreaAsOf:
    """An area as it was on a date: its code and name then, and the area it is today."""

    area: Area
    code: str
    name: str


def area_get(code: str) -> Area | None:
    """The area with this code: a current one, a retired one, or one whose former code it is."""
    area = Area.objects.filter(code=code).first()
    if area is not None:
        return area
    version = AreaVersion.objects.select_related("area").filter(code=code).first()
    return version.area if version else None


def area_current(code: str) -> Area | None:
    """Like `area_get`, but follows a retired code to its successor when one is known."""
    area = area_get(code)
    while area is not None and area.valid_to is not None and area.successor_id:
        area = area.successor
    return area


def area_find_by_name(
    name: str, *, level: str | None = None, parent: Area | None = None
) -> QuerySet[Area]:
    """Areas whose name or local spelling matches, ignoring spaces and case."""
    key = name_key(name)
    qs = Area.objects.filter(Q(name_key=key) | Q(alt_name_key=key))
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs


def _alive(on: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def area_children(parent_code: str, *, as_of: date | None = None) -> list[AreaAsOf]:
    """Children of an area today, or as they were on `as_of` (codes and names of that time)."""
    if as_of is None:
        qs = Area.objects.filter(parent__code=parent_code, valid_to__isnull=True)
        return [AreaAsOf(area=a, code=a.code, name=a.name) for a in qs.order_by("code")]
    versions = AreaVersion.objects.filter(_alive(as_of)).select_related("area")
    then = {v.area_id: v for v in versions.filter(area__parent__code=parent_code)}
    then.update({v.area_id: v for v in versions.filter(parent_code=parent_code)})
    result = [
        AreaAsOf(area=v.area, code=v.code, name=v.name)
        for v in then.values()
        if v.parent_code == parent_code
    ]
    for area in Area.objects.filter(_alive(as_of), parent__code=parent_code):
        if area.pk not in then:
            result.append(AreaAsOf(area=area, code=area.code, name=area.name))
    return sorted(result, key=lambda a: a.code)


def area_list(*, level: str | None = None, parent_code: str | None = None) -> QuerySet[Area]:
    qs = Area.objects.filter(valid_to__isnull=True).select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    return qs.order_by("code")


def population_latest(areas: list[Area], *, source: str | None = None) -> dict[int, Population]:
    """The newest population figure of each area (from `source` when given)."""
    qs = Population.objects.filter(area__in=areas).order_by("area_id", "-year", "source")
    if source:
        qs = qs.filter(source=source)
    latest: dict[int, Population] = {}
    for population in qs:
        latest.setdefault(population.area_id, population)
    return latest


def kelurahan_ids_under(areas: list[Area]) -> set[int]:
    """Current kelurahan/desa ids at or below the given areas (by parent links: indexed)."""
    ids: set[int] = set()
    q = Q(pk__in=[])
    path_by_level = {
        Level.KECAMATAN: "parent_id",
        Level.KOTA: "parent__parent_id",
        Level.KABUPATEN: "parent__parent_id",
        Level.PROVINSI: "parent__parent__parent_id",
    }
    for area in areas:
        if area.level in (Level.KELURAHAN, Level.DESA):
            ids.add(area.pk)
        elif area.level in path_by_level:
            q |= Q(**{path_by_level[area.level]: area.pk})
    ids.update(
        Area.objects.filter(
            q, level__in=[Level.KELURAHAN, Level.DESA], valid_to__isnull=True
        ).values_list("pk", flat=True)
    )
    return ids


def city_kecamatan_overview(*, registry_counts: dict[int, dict[str, int]]) -> dict:
    """The region's kecamatan with population (latest Table 1 figure) and registry counts."""
    from django.conf import settings

    region = Area.objects.get(code=settings.PENDAMPING_REGION_CODE)
    kecamatan = list(area_list(level=Level.KECAMATAN, parent_code=region.code))
    population = population_latest(kecamatan)
    kelurahan_parent = dict(
        Area.objects.filter(parent__in=kecamatan, valid_to__isnull=True).values_list(
            "pk", "parent_id"
        )
    )
    per_kecamatan: dict[int, dict[str, int]] = {}
    for kelurahan_id, counts in registry_counts.items():
        totals = per_kecamatan.setdefault(
            kelurahan_parent.get(kelurahan_id), {"people": 0, "households": 0}
        )
        totals["people"] += counts["people"]
        totals["households"] += counts["households"]
    rows = []
    for area in kecamatan:
        pop = population.get(area.pk)
        rows.append(
            {
                "area": area,
                "population": pop,
                **per_kecamatan.get(area.pk, {"people": 0, "households": 0}),
            }
        )
    max_pop = max((r["population"].total for r in rows if r["population"]), default=1)
    for row in rows:
        row["bar"] = round(100 * (row["population"].total if row["population"] else 0) / max_pop)
    return {
        "region": region,
        "kecamatan_rows": rows,
        "population_total": sum(r["population"].total for r in rows if r["population"]),
        "population_source": next((r["population"] for r in rows if r["population"]), None),
        "people_total": sum(r["people"] for r in rows),
        "households_total": sum(r["households"] for r in rows),
    }
