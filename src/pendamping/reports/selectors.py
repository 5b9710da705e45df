"""Reads for the dashboards: the figures of the areas a user may see, over a range of months.

The dashboard is a list of panels. A panel is one function in `PANELS` taking a `Window`
and returning a `Panel` (its tables, for the page and for the exports) and one template
`reports/panels/_<key>.html`. Figures come from the pre-computed `Fact` rows (one query for
the whole page); the lists they link to apply the user's scope themselves.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pendamping.accounts.models import FIELD_ROLES, Role
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scope_of
from pendamping.wilayah.models import Area, Level

from .models import Fact, FactRefresh


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
    """The registry list filtered to the kecamatan (the finest filter it has) and category."""
    kecamatan = None
    if area is not None:
        kecamatan = area if area.level == Level.KECAMATAN else None
        if kecamatan is None:
            kecamatan = next(k for k in window.geo.kecamatan if k.pk == area.parent_id)
    elif window.area is not None:
        kecamatan = window.area if window.area.level == Level.KECAMATAN else None
    params = {"kecamatan": kecamatan.code if kecamatan else "", **extra}
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("registry:person_list") + (f"?{query}" if query else "")


def _activities_url(window: Window, area: Area | None = None, **extra) -> str:
    target = area or window.area
    query = window.query(area=target.code if target else "", **extra)
    return f"{reverse('reports:activities')}?{query}"


def _name(area: Area) -> str:
    return area.display_name


# -- panels -------------------------------------------------------------------------------


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


def panel_overview(window: Window) -> Panel:
    """Per area: population, PPKS households and people, workers, people per worker."""
    facts = facts_of(window)
    population = population_of(window) if window.area is None else {}
    if window.area is not None and window.area.level == Level.KECAMATAN:
        population = {}
    workers = workers_by_group(window)
    rows = []
    max_people = max((facts.get("people", group=a.pk) for a in window.groups), default=0) or 1
    bars = []
    for area in window.groups:
        people = facts.get("people", group=area.pk)
        n_workers = sum(len(v) for v in workers.get(area.pk, {}).values())
        rows.append(
            [
                Cell(_name(area), _area_url(window, area)),
                Cell(population.get(area.pk)),
                Cell(facts.get("households", group=area.pk), _people_url(window, area)),
                Cell(people, _people_url(window, area)),
                Cell(n_workers, _area_url(window, area)),
                Cell(round(people / n_workers) if n_workers else None),
            ]
        )
        bars.append(
            {"label": _name(area), "value": people, "pct": round(100 * people / max_people)}
        )
    total_workers = len(set().union(*workers.get(0, {}).values())) if workers.get(0) else 0
    total_people = facts.get("people")
    total = [
        Cell(_("Total")),
        Cell(sum(population.values()) if population else None),
        Cell(facts.get("households"), _people_url(window)),
        Cell(total_people, _people_url(window)),
        Cell(total_workers),
        Cell(round(total_people / total_workers) if total_workers else None),
    ]
    table = Table(
        "overview",
        _("People and workers per area"),
        [
            _("Area"),
            _("Population"),
            _("PPKS households"),
            _("PPKS people"),
            _("Workers"),
            _("People per worker"),
        ],
        rows,
        total,
        note=_("Population: %(source)s.") % {"source": population_source(window)}
        if population
        else "",
    )
    return Panel("overview", _("Population, registry and workers"), [table], {"bars": bars})


def panel_ppks(window: Window) -> Panel:
    """PPKS people and households by category."""
    from pendamping.registry.models import PpksCategory

    facts = facts_of(window)
    names = dict(PpksCategory.objects.values_list("code", "name_id"))
    codes = sorted(set(facts.keys("ppks_people")) | set(facts.keys("ppks_households")))
    rows = [
        [
            Cell(f"{code[4:]} {names.get(code, code)}"),
            Cell(facts.get("ppks_households", code), _people_url(window, category=code)),
            Cell(facts.get("ppks_people", code), _people_url(window, category=code)),
        ]
        for code in codes
    ]
    rows.sort(key=lambda r: -(r[2].value or 0))
    table = Table(
        "ppks",
        _("PPKS by category"),
        [_("Category"), _("Households"), _("People")],
        rows,
        note=_("A person or household in several categories counts in each."),
    )
    return Panel("ppks", _("PPKS by category"), [table])


def panel_workforce(window: Window) -> Panel:
    """Workers by type (Table 2 of the study beside the accounts), per area."""
    from pendamping.accounts.selectors import workforce_table2

    workers = workers_by_group(window)
    types = [(row["role"], row["abbreviation"], row["count"]) for row in workforce_table2()]
    per_area = [
        [
            Cell(_name(area), _area_url(window, area)),
            *[Cell(len(workers.get(area.pk, {}).get(role, ()))) for role, _a, _c in types],
        ]
        for area in window.groups
    ]
    per_area_total = [Cell(_("Total")), *[Cell(len(workers[0].get(r, ()))) for r, _a, _c in types]]
    tables = [
        Table(
            "workforce_areas",
            _("Workers per area, by type"),
            [_("Area"), *[a for _r, a, _c in types]],
            per_area,
            per_area_total,
            note=_("A worker covering several areas counts in each; the total counts them once."),
        )
    ]
    if window.area is None:
        tables.insert(
            0,
            Table(
                "workforce_table2",
                _("Workforce: Table 2 and accounts"),
                [_("Type"), _("Table 2 (2022)"), _("Accounts in scope")],
                [[Cell(a), Cell(c), Cell(len(workers[0].get(r, ())))] for r, a, c in types],
                [
                    Cell(_("Total")),
                    Cell(sum(c for _r, _a, c in types)),
                    Cell(sum(len(workers[0].get(r, ())) for r, _a, _c in types)),
                ],
                note=_("Table 2: Dinas Sosial Kota Pekanbaru 2022."),
            ),
        )
    return Panel("workforce", _("Social-welfare workforce"), tables)


def panel_casework(window: Window) -> Panel:
    """Open cases, cases opened and closed in the range, referrals and their outcomes, events."""
    from pendamping.casework.models import CaseStatus, Outcome, ReferralStatus

    facts = facts_of(window)
    cases_url = reverse("casework:case_list") + "?all=1&status=open"
    rows = []
    for area in window.groups:
        rows.append(
            [
                Cell(_name(area), _area_url(window, area)),
                Cell(facts.get("cases_open", group=area.pk), cases_url),
                Cell(facts.get("cases_opened", group=area.pk)),
                Cell(facts.get("cases_closed", group=area.pk)),
                Cell(facts.get("referrals", group=area.pk), reverse("casework:referral_list")),
                Cell(facts.get("activities", group=area.pk), _activities_url(window, area)),
                Cell(facts.get("events_held", group=area.pk), reverse("casework:event_list")),
            ]
        )
    total = [
        Cell(_("Total")),
        Cell(facts.get("cases_open"), cases_url),
        Cell(facts.get("cases_opened")),
        Cell(facts.get("cases_closed")),
        Cell(facts.get("referrals"), reverse("casework:referral_list")),
        Cell(facts.get("activities"), _activities_url(window)),
        Cell(facts.get("events_held"), reverse("casework:event_list")),
    ]
    per_area = Table(
        "casework_areas",
        _("Casework per area"),
        [
            _("Area"),
            _("Open cases"),
            _("Opened"),
            _("Closed"),
            _("Referrals"),
            _("Activities"),
            _("Events held"),
        ],
        rows,
        total,
        note=_("Open cases: today. Other figures: within the months chosen."),
    )
    status_rows = [
        [Cell(label), Cell(facts.get("cases_open", value), cases_url)]
        for value, label in CaseStatus.choices
        if value != CaseStatus.CLOSED
    ]
    outcome_rows = [
        [Cell(label), Cell(facts.get("cases_closed", value))] for value, label in Outcome.choices
    ]
    referral_rows = [
        [Cell(label), Cell(facts.get("referrals", value), reverse("casework:referral_list"))]
        for value, label in ReferralStatus.choices
    ]
    given = facts.get("referrals", ReferralStatus.SERVICE_GIVEN)
    sent = facts.get("referrals")
    return Panel(
        "casework",
        _("Casework"),
        [
            per_area,
            Table(
                "cases_status", _("Open cases by status"), [_("Status"), _("Cases")], status_rows
            ),
            Table(
                "cases_outcome",
                _("Closed cases by outcome"),
                [_("Outcome"), _("Cases")],
                outcome_rows,
            ),
            Table(
                "referrals",
                _("Referrals by outcome"),
                [_("Status"), _("Referrals")],
                referral_rows,
                note=_("%(pct)s%% of referrals sent in the range led to a service.")
                % {"pct": round(100 * given / sent) if sent else 0},
            ),
        ],
        {
            "attendance": facts.get("events_attendance"),
            "events": facts.get("events_held"),
        },
    )


def panel_verval(window: Window) -> Panel:
    """Field checks: open and overdue today, done in the range, results by code."""
    from pendamping.linkage.models import VervalResult

    facts = facts_of(window)
    url = reverse("linkage:home")
    rows = [
        [
            Cell(_name(area), _area_url(window, area)),
            Cell(facts.get("verval_open", group=area.pk), url),
            Cell(facts.get("verval_overdue", group=area.pk), url),
            Cell(facts.get("verval_done", group=area.pk), url),
        ]
        for area in window.groups
    ]
    total = [
        Cell(_("Total")),
        Cell(facts.get("verval_open"), url),
        Cell(facts.get("verval_overdue"), url),
        Cell(facts.get("verval_done"), url),
    ]
    results = [
        [Cell(label), Cell(facts.get("verval_done", value))]
        for value, label in VervalResult.choices
    ]
    return Panel(
        "verval",
        _("Verification in the field (verval)"),
        [
            Table(
                "verval_areas",
                _("Verval per area"),
                [_("Area"), _("Open"), _("Overdue"), _("Done")],
                rows,
                total,
                note=_("Open and overdue: today. Done: within the months chosen."),
            ),
            Table("verval_results", _("Verval results"), [_("Result"), _("Checks")], results),
        ],
    )


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


def panel_mobility(window: Window) -> Panel:
    """Move reports received, late and confirmed; RT/RW heads with an account and reporting."""
    from pendamping.mobility.models import ReportStatus

    facts = facts_of(window)
    reporting = _actor_facts(window, "rtrw_reports")
    url = reverse("mobility:report_list")

    def cells(group: int, area: Area | None) -> list[Cell]:
        participation = (
            reverse("mobility:participation_kelurahan", args=[area.code])
            if area is not None and area.level != Level.KECAMATAN
            else reverse("mobility:participation")
        )
        return [
            Cell(facts.get("mobility_reports", group=group), url),
            Cell(facts.get("mobility_late", group=group), url),
            Cell(facts.get("mobility_reports", ReportStatus.CONFIRMED, group), url),
            Cell(facts.get("mobility_reports", ReportStatus.PENDING, group), url),
            Cell(facts.get("rtrw_heads", group=group), participation),
            Cell(len(reporting.get(group, ())), participation),
        ]

    rows = [[Cell(_name(a), _area_url(window, a)), *cells(a.pk, a)] for a in window.groups]
    table = Table(
        "mobility",
        _("Move reports and RT/RW participation"),
        [
            _("Area"),
            _("Received"),
            _("Late"),
            _("Confirmed"),
            _("Waiting"),
            _("RT/RW heads"),
            _("Heads who reported"),
        ],
        rows,
        [Cell(_("Total")), *cells(0, None)],
        note=_("Reports: within the months chosen. RT/RW heads: with an account today."),
    )
    return Panel("mobility", _("Moves reported by RT/RW"), [table])


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


def panel_complaints(window: Window) -> Panel:
    """Complaints received and resolved in the range, median days to resolve, open and overdue."""
    from pendamping.programs.complaints.models import Category

    facts = facts_of(window)
    url = reverse("programs:complaint_list")

    def histogram(group: int) -> dict[str, int]:
        return {
            key: facts.get("complaint_days", key, group) for key in facts.keys("complaint_days")
        }

    def cells(group: int) -> list[Cell]:
        resolved = sum(histogram(group).values())
        return [
            Cell(facts.get("complaints", group=group), url),
            Cell(resolved, url),
            Cell(median_from_histogram(histogram(group))),
            Cell(facts.get("complaints_open", group=group), url),
            Cell(facts.get("complaints_overdue", group=group), url),
        ]

    rows = [[Cell(_name(a), _area_url(window, a)), *cells(a.pk)] for a in window.groups]
    columns = [
        _("Area"),
        _("Received"),
        _("Resolved"),
        _("Median days"),
        _("Open"),
        _("Overdue"),
    ]
    by_category = [
        [Cell(label), Cell(facts.get("complaints", value), url)]
        for value, label in Category.choices
    ]
    return Panel(
        "complaints",
        _("Complaints"),
        [
            Table(
                "complaints",
                _("Complaints per area"),
                columns,
                rows,
                [Cell(_("Total")), *cells(0)],
                note=_(
                    "Received and resolved: within the months chosen; median days from "
                    "received to resolved. Open and overdue: today."
                ),
            ),
            Table(
                "complaints_category",
                _("Complaints by category"),
                [_("Category"), _("Received")],
                by_category,
            ),
        ],
    )


def panel_programs(window: Window) -> Panel:
    """Per program: people eligible by its rules, enrolled, receiving, eligible not enrolled."""
    from pendamping.programs.models import Program

    facts = facts_of(window)
    programs = list(Program.objects.filter(active=True).order_by("name"))
    rows = []
    for program in programs:
        eligible = facts.get("eligible", program.code)
        enrolled = facts.get("enrolled", program.code)
        detail = reverse("programs:program_eligibility", args=[program.code])
        rows.append(
            [
                Cell(program.name, reverse("programs:program_detail", args=[program.code])),
                Cell(eligible, detail),
                Cell(enrolled, reverse("programs:enrolment_list") + f"?program={program.code}"),
                Cell(facts.get("receiving", program.code)),
                Cell(facts.get("eligible_not_enrolled", program.code), detail),
                Cell(round(100 * enrolled / eligible) if eligible else None),
            ]
        )
    table = Table(
        "programs",
        _("Program enrolment against eligibility"),
        [
            _("Program"),
            _("Eligible"),
            _("Enrolled"),
            _("Receiving"),
            _("Eligible, not enrolled"),
            _("Enrolled per 100 eligible"),
        ],
        rows,
        note=_("Today, by the rules of each program applied to the registry."),
    )
    return Panel("programs", _("Programs"), [table])


def panel_reconciliation(window: Window) -> Panel:
    """Outcomes of the latest reconciliation with the national data (DTKS/DTSEN)."""
    from pendamping.linkage.models import OutcomeKind

    facts = facts_of(window)
    info = (refresh_state() or FactRefresh()).extra.get("reconciliation") or {}
    url = reverse("linkage:home")
    kinds = OutcomeKind.choices
    rows = [
        [
            Cell(_name(a), _area_url(window, a)),
            *[Cell(facts.get("recon", value, a.pk), url) for value, _l in kinds],
        ]
        for a in window.groups
    ]
    total = [Cell(_("Total")), *[Cell(facts.get("recon", value), url) for value, _l in kinds]]
    note = (
        _("Latest reconciliation: %(source)s %(label)s, data as of %(as_of)s.")
        % {"source": info["source"], "label": info.get("label", ""), "as_of": info["as_of"]}
        if info
        else _("No reconciliation with the national data has finished yet.")
    )
    table = Table(
        "reconciliation",
        _("Reconciliation with the national data"),
        [_("Area"), *[str(label) for _v, label in kinds]],
        rows,
        total,
        note=note,
    )
    return Panel("reconciliation", _("Reconciliation with the national data"), [table])


def panel_staffing(window: Window) -> Panel:
    """Staffing need per kecamatan from the planning app (need, present, shortfall per type)."""
    info = (refresh_state() or FactRefresh()).extra.get("staffing") or {}
    types = info.get("types", [])
    codes = {a.code for a in window.groups} if window.area is None else set()
    if window.area is not None and window.area.level == Level.KECAMATAN:
        codes = {window.area.code}
    url = reverse("planning:staffing")
    rows, sums = [], defaultdict(float)
    for area in window.geo.kecamatan:
        figures = info.get("rows", {}).get(area.code)
        if area.code not in codes or figures is None:
            continue
        cells = [Cell(_name(area), _area_url(window, area))]
        for t in types:
            need, present, shortfall = figures.get(t, [None, None, None])
            cells += [Cell(need, url), Cell(present), Cell(shortfall)]
            sums[(t, 0)] += need or 0
            sums[(t, 1)] += present or 0
            sums[(t, 2)] += shortfall or 0
        rows.append(cells)
    columns = [_("Area")]
    for t in types:
        label = worker_role_label(t)
        columns += [
            _("%(type)s needed") % {"type": label},
            _("%(type)s present") % {"type": label},
            _("%(type)s short") % {"type": label},
        ]
    total = [Cell(_("Total"))] + [Cell(round(sums[(t, i)], 1)) for t in types for i in range(3)]
    table = Table(
        "staffing",
        _("Staffing need"),
        columns,
        rows,
        total if rows else None,
        note=_("From the workforce planning norms, counted with the figures above."),
    )
    return Panel("staffing", _("Staffing need"), [table])


TREND_METRICS = (
    ("activities", gettext_lazy("Activities")),
    ("cases_opened", gettext_lazy("Cases opened")),
    ("cases_closed", gettext_lazy("Cases closed")),
    ("referrals", gettext_lazy("Referrals")),
    ("verval_done", gettext_lazy("Verval done")),
    ("mobility_reports", gettext_lazy("Move reports")),
    ("complaints", gettext_lazy("Complaints")),
)


def panel_trends(window: Window) -> Panel:
    """Month by month: activities, cases opened and closed, referrals, verval done."""
    facts = facts_of(window)
    months = window.months
    labels = [str(label) for _m, label in TREND_METRICS]
    rows = [
        [
            Cell(f"{month:%Y-%m}"),
            *[Cell(facts.month(metric, month)) for metric, _l in TREND_METRICS],
        ]
        for month in months
    ]
    series = []
    for metric, label in TREND_METRICS:
        values = [facts.month(metric, m) for m in months]
        top = max(values, default=0) or 1
        series.append(
            {
                "label": str(label),
                "points": [
                    {"month": m, "value": v, "pct": round(100 * v / top)}
                    for m, v in zip(months, values, strict=True)
                ],
            }
        )
    table = Table("trends", _("Trends per month"), [_("Month"), *labels], rows)
    return Panel("trends", _("Trends per month"), [table], {"series": series})


PANELS: list[Callable[[Window], Panel]] = [
    panel_overview,
    panel_ppks,
    panel_workforce,
    panel_casework,
    panel_verval,
    panel_mobility,
    panel_complaints,
    panel_programs,
    panel_reconciliation,
    panel_staffing,
    panel_trends,
]


def headline(window: Window) -> list[dict]:
    """The few numbers at the top of the page."""
    facts = facts_of(window)
    workers = workers_by_group(window).get(0, {})
    return [
        {"label": _("PPKS people"), "value": facts.get("people"), "key": "people"},
        {"label": _("PPKS households"), "value": facts.get("households"), "key": "households"},
        {"label": _("Open cases"), "value": facts.get("cases_open"), "key": "cases_open"},
        {
            "label": _("Workers"),
            "value": len(set().union(*workers.values())) if workers else 0,
            "key": "workers",
        },
        {"label": _("Activities"), "value": facts.get("activities"), "key": "activities"},
        {
            "label": _("Verval overdue"),
            "value": facts.get("verval_overdue"),
            "key": "verval_overdue",
        },
    ]


def dashboard(window: Window) -> list[Panel]:
    return [panel(window) for panel in PANELS]


def all_tables(window: Window) -> list[Table]:
    return [table for panel in dashboard(window) for table in panel.tables]


def table_get(window: Window, key: str) -> Table | None:
    return next((t for t in all_tables(window) if t.key == key), None)


def refresh_state() -> FactRefresh | None:
    return FactRefresh.objects.filter(pk=1).first()


# -- map ----------------------------------------------------------------------------------

MAP_METRICS = {
    "people_per_1000": gettext_lazy("PPKS people per 1,000 population"),
    "people": gettext_lazy("PPKS people"),
    "cases_open": gettext_lazy("Open cases"),
    "people_per_worker": gettext_lazy("People per worker"),
}


def map_values(window: Window, metric: str) -> dict[str, float | None]:
    """One figure per kecamatan (by code) for the choropleth."""
    city = Window(actor=window.actor, start=window.start, end=window.end)
    facts = facts_of(city)
    population = population_of(city)
    workers = workers_by_group(city) if metric == "people_per_worker" else {}
    values: dict[str, float | None] = {}
    for area in city.groups:
        people = facts.get("people", group=area.pk)
        if metric == "people_per_1000":
            pop = population.get(area.pk)
            values[area.code] = round(1000 * people / pop, 1) if pop else None
        elif metric == "people_per_worker":
            n = sum(len(v) for v in workers.get(area.pk, {}).values())
            values[area.code] = round(people / n) if n else None
        elif metric == "cases_open":
            values[area.code] = facts.get("cases_open", group=area.pk)
        else:
            values[area.code] = people
    return values


def map_features(window: Window, metric: str) -> dict:
    """GeoJSON of the visible kecamatan with the figure in `value` (empty without boundaries)."""
    from .geo import kecamatan_boundaries

    values = map_values(window, metric)
    features = [
        {**feature, "properties": {**feature["properties"], "value": values[code]}}
        for code, feature in kecamatan_boundaries().items()
        if code in values
    ]
    return {
        "type": "FeatureCollection",
        "metric": metric,
        "label": str(MAP_METRICS.get(metric, metric)),
        "features": features,
    }


def worker_role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role
