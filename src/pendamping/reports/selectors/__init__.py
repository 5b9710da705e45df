"""Reads for the dashboards: the figures of the areas a user may see, over a range of months.

The dashboard is a list of panels. A panel is one function in `PANELS` taking a `Window`
and returning a `Panel` (its tables, for the page and for the exports) and one template
`reports/panels/_<key>.html`. Figures come from the pre-computed `Fact` rows (one query for
the whole page); the lists they link to apply the user's scope themselves.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .base import (
    Cell,
    Facts,
    Geography,
    Panel,
    Table,
    Window,
    add_months,
    area_for_report,
    default_window,
    facts_of,
    geography,
    median_from_histogram,
    month_start,
    months_between,
    refresh_state,
    worker_role_label,
    workers_by_group,
)
from .map import MAP_METRICS, map_features, map_values
from .people import panel_overview, panel_ppks, panel_workforce
from .work import (
    panel_casework,
    panel_complaints,
    panel_mobility,
    panel_programs,
    panel_reconciliation,
    panel_staffing,
    panel_trends,
    panel_verval,
)

__all__ = [
    "MAP_METRICS",
    "PANELS",
    "Cell",
    "Facts",
    "Geography",
    "Panel",
    "Table",
    "Window",
    "add_months",
    "all_tables",
    "area_for_report",
    "dashboard",
    "default_window",
    "facts_of",
    "geography",
    "headline",
    "map_features",
    "map_values",
    "median_from_histogram",
    "month_start",
    "months_between",
    "refresh_state",
    "table_get",
    "worker_role_label",
    "workers_by_group",
]

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
