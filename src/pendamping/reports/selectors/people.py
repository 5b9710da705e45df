"""Panels about people and workers: registry, PPKS categories, workforce."""

from django.utils.translation import gettext as _

from pendamping.wilayah.models import Level

from .base import (
    Cell,
    Panel,
    Table,
    Window,
    _area_url,
    _name,
    _people_url,
    facts_of,
    population_of,
    population_source,
    workers_by_group,
)


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
