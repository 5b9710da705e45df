"""The supervisor's "what if": a balanced assignment of one worker type over the region's
areas from today's data, with and without N more workers (reads only; nothing is changed).

Workload of an area = its active PPKS households + its open work (cases, verval, complaints),
the same figures as the workload table. Neighbours come from the boundary files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.wilayah.services import DATA_DIR

from .assignment import Area as SolverArea
from .assignment import AssignmentResult, balance
from .assignment import Worker as SolverWorker
from .geo import shared_vertex_neighbours
from .models import WorkerType
from .services import PlanningError, PlanningErrorCode
from .workload import Period, area_workload_levels, coverage_shares, region_areas

LEVEL_OF_TYPE = {
    WorkerType.TKSK: "kecamatan",
    WorkerType.PENYULUH: "kecamatan",
    WorkerType.PSM: "kelurahan",
    WorkerType.PKH: "kelurahan",
}


@lru_cache(maxsize=2)
def boundary_neighbours(level: str) -> dict[str, frozenset[str]]:
    path = DATA_DIR / "geo" / f"pekanbaru_{level}.geojson"
    if not path.exists():
        return {}
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rings = {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in features}
    return shared_vertex_neighbours(rings)


@dataclass
class AreaPlan:
    code: str
    name: str
    workload: float
    current: list[str]
    proposed: list[str]
    new: list[str]

    @property
    def changed(self) -> bool:
        return sorted(self.current) != sorted(self.proposed)


@dataclass
class WhatIf:
    worker_type: str
    level: str
    extra: int
    workers: int
    base: AssignmentResult
    with_extra: AssignmentResult
    areas: list[AreaPlan]
    relaxed: bool = False  # planned without the adjacency rule

    @property
    def fall(self) -> float:
        """How much the largest workload falls with the extra workers, in percent."""
        if not self.base.max_load:
            return 0.0
        return 100 * (self.base.max_load - self.with_extra.max_load) / self.base.max_load


def what_if(
    *,
    worker_type: str,
    extra: int,
    max_split: int = 2,
    inertia: float = 0.0,
    max_km: float | None = None,
    time_limit_s: float = 4.0,
) -> WhatIf:
    """Balanced assignment of today's workers of a type, then again with `extra` more."""
    if worker_type not in LEVEL_OF_TYPE:
        raise PlanningError(
            PlanningErrorCode.INVALID, _("Choose TKSK, PSM, Pendamping PKH or Penyuluh.")
        )
    if not 0 <= extra <= 50 or not 1 <= max_split <= 6:
        raise PlanningError(
            PlanningErrorCode.INVALID,
            _("Between 0 and 50 more workers, and 1 to 6 who may share an area."),
        )
    level = LEVEL_OF_TYPE[worker_type]
    today = timezone.localdate()
    kec_rows, kel_rows = area_workload_levels(Period.last_days(90, today))
    rows = kec_rows if level == "kecamatan" else kel_rows
    kecamatan, kelurahan = region_areas()
    nbrs = boundary_neighbours(level)
    areas = [
        SolverArea(
            r.code,
            float(r.ppks_households + r.open_work),
            *_centre(r, kecamatan, kelurahan),
            neighbours=frozenset(n for n in nbrs.get(r.code, ()) if n != r.code),
        )
        for r in rows
    ]
    valid = {a.id for a in areas}
    areas = [
        SolverArea(a.id, a.workload, a.lat, a.lon, a.neighbours & valid, a.region) for a in areas
    ]
    workers, names = _workers(worker_type, level, today, kecamatan, kelurahan)
    if not workers:
        raise PlanningError(PlanningErrorCode.INVALID, _("There are no workers of this type."))
    options = {"max_split": max_split, "inertia": inertia, "max_km": max_km}
    relaxed = False
    try:
        try:
            base = balance(workers, areas, time_limit_s=time_limit_s, **options)
        except ValueError:
            # Boundaries that do not quite touch can leave an area without neighbours;
            # then the plan is made with distance alone, and the page says so.
            relaxed = True
            options["adjacency"] = False
            base = balance(workers, areas, time_limit_s=time_limit_s, **options)
        more = balance(
            workers,
            areas,
            time_limit_s=time_limit_s,
            extra_workers=extra,
            start=base.teams,
            **options,
        )
    except ValueError as exc:
        raise PlanningError(
            PlanningErrorCode.INVALID,
            _(
                "No plan keeps every worker's areas next to each other and within the "
                "distance: too few workers for the areas, or the distance is too short."
            ),
        ) from exc
    plans = []
    for r, a in zip(rows, areas, strict=True):
        current = [names[w.id] for w in workers if a.id in w.current_areas]
        team = more.teams.get(a.id, [])
        plans.append(
            AreaPlan(
                a.id,
                r.name,
                a.workload,
                current,
                [names.get(w, w) for w in team],
                [w for w in team if w.startswith("baru-")],
            )
        )
    return WhatIf(worker_type, level, extra, len(workers), base, more, plans, relaxed)


def _centre(row, kecamatan, kelurahan) -> tuple[float, float]:
    for a in (*kecamatan, *kelurahan):
        if a.pk == row.id and a.centroid_lat is not None:
            return a.centroid_lat, a.centroid_lon
    return 0.0, 0.0


def _workers(worker_type, level, today, kecamatan, kelurahan):
    """Today's workers of the type with their areas at the level (a PSM's kelurahan, a TKSK's
    kecamatan); someone assigned above the level (city-wide) is not part of it."""
    from pendamping.accounts.models import User

    shares = coverage_shares(today, kelurahan)
    kel_code = {k.pk: k.code for k in kelurahan}
    kec_code = {k.pk: k.code for k in kecamatan}
    kel_parent = {k.pk: k.parent_id for k in kelurahan}
    users = User.objects.filter(pk__in=shares).select_related("worker")
    workers, names = [], {}
    for user in users.order_by("username"):
        worker = getattr(user, "worker", None)
        t = worker.worker_type if worker else user.role
        if t != worker_type:
            continue
        kels = set(shares[user.pk])
        if level == "kelurahan":
            codes = {kel_code[k] for k in kels}
        else:
            codes = {kec_code[kel_parent[k]] for k in kels}
        if len(codes) > (20 if level == "kelurahan" else 4):
            continue
        workers.append(SolverWorker(user.username, frozenset(codes)))
        names[user.username] = worker.name if worker else user.get_full_name() or user.username
    return workers, names
