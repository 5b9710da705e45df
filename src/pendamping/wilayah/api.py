"""Public area endpoints: codes, names and population are public information."""

from django.conf import settings
from ninja import Router, Schema

from . import selectors
from .models import Level

router = Router(tags=["areas"])


class PopulationOut(Schema):
    total: int
    male: int | None
    female: int | None
    year: int
    source: str


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None
    population: PopulationOut | None


@router.get("", response=list[AreaOut], auth=None, summary="List current areas")
def list_areas(
    request,
    level: Level | None = None,
    parent: str | None = None,
    within: str | None = None,
    limit: int = 500,
    offset: int = 0,
):
    """Areas of this installation's region by default; `within=` another code, or `all`.
    In code order, `limit` (at most 5,000) from `offset`: a city has thousands of RT."""
    within = within or settings.PENDAMPING_REGION_CODE
    areas = selectors.area_list(level=level, parent_code=parent)
    if within != "all":
        areas = areas.filter(code__startswith=f"{within}.")
    offset, limit = max(0, offset), max(1, min(limit, 5000))
    areas = list(areas[offset : offset + limit])
    population = selectors.population_latest(areas)
    return [
        {
            "code": a.code,
            "name": a.name,
            "level": a.level,
            "parent": a.parent.code if a.parent else None,
            "population": population.get(a.pk),
        }
        for a in areas
    ]
