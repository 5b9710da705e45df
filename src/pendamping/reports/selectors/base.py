"""The frame of every dashboard: months, the areas a user sees (`Window`), the
pre-computed figures of a window (`Facts`), and the tables panels return."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pendamping.accounts.models import FIELD_ROLES, Role
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scope_of
from pendamping.wilayah.models import Area, Level

from ..models import Fact, FactRefresh


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end and len(months) < 240:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class Geography:
    """The region's current kecamatan and kelurahan, and which of them the user may see."""

    kecamatan: list[Area]
    kelurahan: list[Area]
    visible: frozenset[int]

    @cached_property
    def parent_of(self) -> dict[int, int]:
        return {k.pk: k.parent_id for k in self.kelurahan}


def geography(actor) -> Geography:
    cached = getattr(actor, "_reports_geography", None)
    if cached is not None:
        return cached
    region = settings.PENDAMPING_REGION_CODE
    kecamatan = list(
        Area.objects.filter(parent__code=region, level=Level.KECAMATAN, valid_to__isnull=True)
    )
    kelurahan = list(
        Area.objects.filter(
            parent__in=kecamatan, level__in=(Level.KELURAHAN, Level.DESA), valid_to__isnull=True
        )
    )
    scope = scope_of(actor)
    ids = {k.pk for k in kelurahan}
    visible = frozenset(ids if scope.everything else ids & scope.kelurahan_ids)
    geo = Geography(
        sorted(kecamatan, key=lambda a: a.code), sorted(kelurahan, key=lambda a: a.code), visible
    )
    actor._reports_geography = geo
    return geo


@dataclass
class Window:
    """What a dashboard shows: whose view, which months, which area (None: the whole city)."""

    actor: object
    start: date
    end: date
    area: Area | None = None
    geo: Geography = field(init=False)

    def __post_init__(self) -> None:
        self.start, self.end = month_start(self.start), month_start(self.end)
        if self.end < self.start:
            self.start, self.end = self.end, self.start
        self.geo = geography(self.actor)

    @property
    def kelurahan_ids(self) -> frozenset[int]:
        """Kelurahan of the window the user may see."""
        if self.area is None:
            return self.geo.visible
        if self.area.level == Level.KECAMATAN:
            return (
                frozenset(k.pk for k in self.geo.kelurahan if k.parent_id == self.area.pk)
                & self.geo.visible
            )
        return frozenset({self.area.pk}) & self.geo.visible

    @property
    def groups(self) -> list[Area]:
        """The rows of the tables: kecamatan for the city, kelurahan for a kecamatan."""
        ids = self.kelurahan_ids
        if self.area is None:
            parents = {k.parent_id for k in self.geo.kelurahan if k.pk in ids}
            return [k for k in self.geo.kecamatan if k.pk in parents]
        return [k for k in self.geo.kelurahan if k.pk in ids]

    def group_of(self, kelurahan_id: int) -> int:
        return self.geo.parent_of.get(kelurahan_id) if self.area is None else kelurahan_id

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    def query(self, **extra) -> str:
        params = {"from": f"{self.start:%Y-%m}", "to": f"{self.end:%Y-%m}", **extra}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def default_window(actor, *, start: date | None = None, end: date | None = None, area=None):
    today = timezone.localdate()
    end = end or month_start(today)
    start = start or add_months(end, -11)
    return Window(actor=actor, start=start, end=end, area=area)


def area_for_report(actor, code: str) -> Area:
    """A kecamatan or kelurahan of the region the user sees at least partly, else OutOfScope."""
    geo = geography(actor)
    for area in geo.kecamatan:
        if area.code == code and any(
            k.parent_id == area.pk and k.pk in geo.visible for k in geo.kelurahan
        ):
            return area
    for area in geo.kelurahan:
        if area.code == code and area.pk in geo.visible:
            return area
    raise OutOfScope


class Facts:
    """The `Fact` rows of a window, summed: standing figures as stored, flows over the range."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.by_group: dict[tuple[int, str, str], int] = defaultdict(int)
        self.by_month: dict[tuple[str, str, str], int] = defaultdict(int)
        ids = window.kelurahan_ids
        rows = Fact.objects.filter(
            Q(month__isnull=True) | Q(month__gte=window.start, month__lte=window.end),
            actor_id__isnull=True,
        )
        if len(ids) != len(window.geo.kelurahan):
            rows = rows.filter(kelurahan_id__in=ids)
        group_of = {k: window.group_of(k) for k in ids}
        by_group, by_month = self.by_group, self.by_month
        # Raw rows without Django's per-value converters: this loop is the page's hot spot.
        sql, params = rows.values_list(
            "kelurahan_id", "month", "metric", "key", "value"
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kel, month, metric, key, value in cursor.fetchall():
                group = group_of.get(kel)
                if group is None:
                    continue
                by_group[(group, metric, key)] += value
                by_group[(group, metric, "*")] += value
                by_group[(0, metric, key)] += value
                by_group[(0, metric, "*")] += value
                if month is not None:
                    month = str(month)[:10]
                    by_month[(month, metric, key)] += value
                    by_month[(month, metric, "*")] += value

    def get(self, metric: str, key: str = "*", group: int = 0) -> int:
        return self.by_group.get((group, metric, key), 0)

    def keys(self, metric: str) -> list[str]:
        return sorted({k for (g, m, k) in self.by_group if g == 0 and m == metric and k != "*"})

    def month(self, metric: str, month: date, key: str = "*") -> int:
        return self.by_month.get((month.isoformat(), metric, key), 0)


def facts_of(window: Window) -> Facts:
    cached = getattr(window, "_facts", None)
    if cached is None:
        cached = window._facts = Facts(window)
    return cached


@dataclass
class Cell:
    value: object
    url: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    tables: list[Table]
    data: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"reports/panels/_{self.key}.html"


def _area_url(window: Window, area: Area) -> str:
    return f"{reverse('reports:area', args=[area.code])}?{window.query()}"


def _people_url(window: Window, area: Area | None = None, **extra) -> str:
    """The registry list behind a figure: filtered to its kecamatan or kelurahan and category."""
    target = area if area is not None else window.area
    params = {}
    if target is not None and target.level == Level.KECAMATAN:
        params["kecamatan"] = target.code
    elif target is not None:
        params["kelurahan"] = target.code
    params.update(extra)
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("registry:person_list") + (f"?{query}" if query else "")


def _activities_url(window: Window, area: Area | None = None, **extra) -> str:
    target = area or window.area
    query = window.query(area=target.code if target else "", **extra)
    return f"{reverse('reports:activities')}?{query}"


def _name(area: Area) -> str:
    return area.display_name


def population_of(window: Window) -> dict[int, int]:
    """Latest population per kecamatan (Table 1 of the study until newer data is loaded)."""
    from pendamping.wilayah.selectors import population_latest

    latest = population_latest(window.geo.kecamatan)
    return {pk: p.total for pk, p in latest.items()}


def population_source(window: Window) -> str:
    from pendamping.wilayah.selectors import population_latest

    latest = population_latest(window.geo.kecamatan)
    first = next(iter(latest.values()), None)
    return f"{first.source} ({first.year})" if first else ""


def workers_by_group(window: Window) -> dict[int, dict[str, set[int]]]:
    """Field workers assigned today, per row of the window and per worker type."""
    from pendamping.accounts.selectors import current_assignments

    ids = window.kelurahan_ids
    kecamatan_ids = {window.geo.parent_of[k] for k in ids}
    result: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    assignments = current_assignments().filter(
        Q(area_id__in=ids) | Q(area_id__in=kecamatan_ids),
        user__is_active=True,
        user__role__in=FIELD_ROLES,
    )
    for area_id, level, user_id, role in assignments.values_list(
        "area_id", "area__level", "user_id", "user__role"
    ):
        if level == Level.KECAMATAN:
            targets = (
                [area_id]
                if window.area is None
                else [k for k in ids if window.geo.parent_of[k] == area_id]
            )
        else:
            targets = [window.group_of(area_id)]
        for target in targets:
            result[target][role].add(user_id)
            result[0][role].add(user_id)
    return result


def _actor_facts(window: Window, metric: str) -> dict[int, set[int]]:
    """Actors (e.g. RT/RW heads) with a positive figure in the window, per row of the window."""
    ids = window.kelurahan_ids
    rows = Fact.objects.filter(
        metric=metric, month__gte=window.start, month__lte=window.end, actor_id__isnull=False
    )
    if len(ids) != len(window.geo.kelurahan):
        rows = rows.filter(kelurahan_id__in=ids)
    result: dict[int, set[int]] = defaultdict(set)
    for kel, actor_id in rows.values_list("kelurahan_id", "actor_id"):
        if kel in ids:
            result[window.group_of(kel)].add(actor_id)
            result[0].add(actor_id)
    return result


def median_from_histogram(histogram: dict[str, int]) -> float | None:
    """The median of values given as {value: count} (value as text, e.g. days)."""
    pairs = sorted((int(k), n) for k, n in histogram.items() if n)
    total = sum(n for _k, n in pairs)
    if not total:
        return None

    def value_at(position: int) -> int:
        seen = 0
        for value, n in pairs:
            seen += n
            if position < seen:
                return value
        return pairs[-1][0]

    if total % 2:
        return float(value_at(total // 2))
    return (value_at(total // 2 - 1) + value_at(total // 2)) / 2


def refresh_state() -> FactRefresh | None:
    return FactRefresh.objects.filter(pk=1).first()


def worker_role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role
