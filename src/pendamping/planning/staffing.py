"""Staffing need of one area for one worker type, with the arithmetic shown (pure, no ORM).

need = max(minimum per area, PPKS households / ceiling, population / ceiling,
           open work / ceiling) x travel factor
travel factor = 1 + weight x max(0, mean household distance from the centre - reference km)

Needs are in full-time workers with one decimal (a TKSK shared by two kecamatan is 0.5 in
each); totals are rounded up to whole people only where a budget needs heads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Norm:
    worker_type: str
    level: str
    min_per_area: float = 1.0
    ppks_households_per_worker: int | None = None
    population_per_worker: int | None = None
    open_work_per_worker: int | None = None
    travel_reference_km: float = 0.0
    travel_weight: float = 0.0


@dataclass(frozen=True)
class AreaFigures:
    population: int
    ppks_households: int
    open_work: int
    spread_km: float | None


@dataclass
class Need:
    need: float
    present: float
    parts: list[tuple[str, float]] = field(default_factory=list)  # (rule text, value)
    travel_factor: float = 1.0
    arithmetic: str = ""

    @property
    def shortfall(self) -> float:
        return round(max(0.0, self.need - self.present), 2)

    @property
    def surplus(self) -> float:
        return round(max(0.0, self.present - self.need), 2)


def _num(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def area_need(norm: Norm, figures: AreaFigures, present: float) -> Need:
    """How many workers of `norm.worker_type` the area needs, and how that was worked out."""
    parts: list[tuple[str, float]] = []
    if norm.min_per_area:
        parts.append((f"minimum {_num(norm.min_per_area)}", norm.min_per_area))
    ratios = (
        ("PPKS KK", figures.ppks_households, norm.ppks_households_per_worker),
        ("population", figures.population, norm.population_per_worker),
        ("open work", figures.open_work, norm.open_work_per_worker),
    )
    for label, amount, ceiling in ratios:
        if ceiling:
            parts.append((f"{_num(amount)} {label} / {_num(ceiling)}", round(amount / ceiling, 2)))
    base = max((v for _, v in parts), default=0.0)
    factor = 1.0
    travel = ""
    if norm.travel_weight and figures.spread_km is not None:
        above = max(0.0, figures.spread_km - norm.travel_reference_km)
        factor = round(1 + norm.travel_weight * above, 3)
        travel = (
            f" x travel (1 + {_num(norm.travel_weight)} x "
            f"({figures.spread_km:.1f} - {_num(norm.travel_reference_km)}) km) = "
            f"x {factor:.2f}"
        )
    need = round(base * factor, 1)
    shown = "; ".join(f"{text} = {_num(value)}" for text, value in parts)
    arithmetic = f"max({shown}) = {_num(base)}{travel} -> {_num(need)}"
    return Need(
        need=need,
        present=round(present, 2),
        parts=parts,
        travel_factor=factor,
        arithmetic=arithmetic,
    )


def heads(value: float) -> int:
    """Whole people for a budget line: a fraction above 0.05 counts as one more person."""
    return math.ceil(value - 0.05) if value > 0 else 0
