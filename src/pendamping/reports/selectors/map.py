"""The choropleth map's figures: one per kecamatan, with the boundaries."""

from django.utils.translation import gettext_lazy

from .base import (
    Window,
    facts_of,
    population_of,
    workers_by_group,
)

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
    from ..geo import kecamatan_boundaries

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
