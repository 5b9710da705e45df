"""Balanced assignment of workers to areas: the smallest largest workload (pure, no ORM).

OR-Tools CP-SAT over candidate pairs only (see docs/decisions/0010-balanced-assignment.md):

- x[a, w]: worker w serves area a. Candidates: the `candidates` nearest workers of each area
  (by distance to the worker's possible centres) within `max_km`, plus the current pairs.
- Each worker has at most one centre, one of its current areas (any area for a worker with
  none, such as the "what if" extra workers), and serves it. Its other areas lie within
  `max_km` of the centre and, with `adjacency`, each has a neighbour one hop closer to the
  centre that the same worker serves, so a worker's areas are connected.
- An area has one worker, or with `max_split` = K up to K workers who share its workload
  evenly and serve nothing else (several PSM in one busy kelurahan).
- Objective: the largest load (workload / capacity) first; then `inertia` times the number of
  new (area, worker) pairs, so a change is made only if it lowers the largest load by more
  than `inertia` per change; with inertia 0 the fewest changes still break ties.

Areas in different `region`s (and the workers whose current areas lie there) are solved
apart, which is exact: nobody crosses a region. Workers with no current area float: in one
region they are part of the model, across several they go one at a time to the region whose
largest load is highest.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from pendamping.planning.assignment_model import RegionModel

SCALE = 10_000  # the largest area workload in integer units


@dataclass(frozen=True)
class Area:
    id: str
    workload: float
    lat: float
    lon: float
    neighbours: Collection[str] = frozenset()
    region: str = ""


@dataclass(frozen=True)
class Worker:
    id: str
    current_areas: Collection[str] = frozenset()
    capacity: float = 1.0


@dataclass
class AssignmentResult:
    assignment: dict[str, str]  # area -> its (first) worker
    teams: dict[str, list[str]]  # area -> all its workers, several when it is shared
    loads: dict[str, float]  # worker -> workload / capacity
    max_load: float
    lower_bound: float
    gap: float
    optimal: bool
    solve_seconds: float
    moved_areas: list[str]
    extra_workers: dict[str, list[str]] = field(default_factory=dict)  # new worker -> areas
    current_max_load: float | None = None  # of the current assignment, when it covers all


def team_loads(
    teams: dict[str, list[str]], areas: Sequence[Area], workers: Sequence[Worker]
) -> dict[str, float]:
    """Each worker's load: whole areas, or an even share of one area served by a team."""
    workload = {a.id: a.workload for a in areas}
    capacity = {w.id: w.capacity for w in workers}
    loads = dict.fromkeys(capacity, 0.0)
    for area, team in teams.items():
        for w in team:
            loads[w] += workload[area] / len(team) / capacity[w]
    return loads


def balance(
    workers: Sequence[Worker],
    areas: Sequence[Area],
    *,
    max_km: float | None = None,
    adjacency: bool = True,
    inertia: float = 0.0,
    time_limit_s: float = 10.0,
    extra_workers: int = 0,
    max_split: int = 1,
    candidates: int = 8,
    reach_hops: int = 1,
    seed: int = 0,
    start: dict[str, list[str]] | None = None,
) -> AssignmentResult:
    """Propose who serves which area so that the largest workload is as small as possible.

    `inertia` is in workload units per changed (area, worker) pair; `extra_workers` adds that
    many new workers ("baru-1", ...) to see where they should go and how the largest load
    falls. `start` (area -> workers, e.g. the teams of an earlier result without the extra
    workers) is a plan to improve on, used where it obeys the rules.
    """
    began = time.perf_counter()
    area_ids = {a.id for a in areas}
    if len(area_ids) != len(areas) or len({w.id for w in workers}) != len(workers):
        raise ValueError("area and worker ids must be unique")
    if any(a.workload < 0 for a in areas) or any(w.capacity <= 0 for w in workers):
        raise ValueError("workloads must not be negative and capacities must be positive")
    unknown = {c for w in workers for c in w.current_areas} - area_ids
    if unknown:
        raise ValueError(f"current areas not in the list: {sorted(unknown)[:5]}")
    if max_split < 1:
        raise ValueError("max_split must be at least 1")
    if not areas:
        return AssignmentResult({}, {}, {}, 0.0, 0.0, 0.0, True, 0.0, [])
    extras = [Worker(f"baru-{i + 1}") for i in range(extra_workers)]
    everyone = [*workers, *extras]
    scale = SCALE / max(max(a.workload for a in areas), 1e-9)
    options = {
        "max_km": max_km,
        "adjacency": adjacency,
        "inertia": round(inertia * scale),
        "max_split": max_split,
        "candidates": candidates,
        "reach_hops": reach_hops,
        "seed": seed,
        "scale": scale,
        "start": start or {},
    }
    regions = _regions(areas, workers)
    floating = [w for w in everyone if not w.current_areas]
    deadline = began + time_limit_s
    if len(regions) == 1:
        region_areas, region_workers = regions[0]
        regions = [(region_areas, [*region_workers, *floating])]
        floating = []
    given: list[list[Worker]] = [[] for _ in regions]
    # 1. every region gets a first search, in proportion to its size
    first_end = began + time_limit_s * (0.75 if len(regions) > 1 else 0.8)
    left_areas = len(areas)
    models = [RegionModel(ra, rw, options) for ra, rw in regions]
    # Only the largest load counts: no region needs to go below the largest counting bound.
    goal = max(m.lower for m in models)
    for model in models:
        model.aim(goal)
    for model, (region_areas, _) in zip(models, regions, strict=True):
        share = len(region_areas) / left_areas
        model.search(max(0.1, (first_end - time.perf_counter()) * share))
        left_areas -= len(region_areas)
    # 2. workers with no area, one at a time, to the region whose largest load is highest
    for k, worker in enumerate(floating):
        r = max(range(len(models)), key=lambda r: models[r].upper)
        given[r].append(worker)
        region_areas, region_workers = regions[r]
        models[r] = RegionModel(region_areas, [*region_workers, *given[r]], options)
        models[r].aim(goal)
        end = began + time_limit_s * 0.85
        models[r].search(max(0.2, (end - time.perf_counter()) / (len(floating) - k)))
    # 3. only the region with the largest load matters: give it the time that is left
    search_end = began + time_limit_s * (0.9 if len(models) > 1 else 0.8)
    while len(models) > 1 and time.perf_counter() < search_end - 0.2:
        r = max(range(len(models)), key=lambda r: models[r].upper)
        if models[r].settled:
            break
        models[r].search(min(search_end - time.perf_counter(), max(1.0, time_limit_s / 20)))
    # 4. keep current pairs where the best largest load allows
    parts = []
    left_areas = len(areas)
    for model, (region_areas, _) in zip(models, regions, strict=True):
        share = len(region_areas) / left_areas
        parts.append(model.finish(max(0.0, (deadline - time.perf_counter()) * share - 0.05)))
        left_areas -= len(region_areas)
    conditional = [bool(g) and len(regions) > 1 for g in given]
    for part, cond in zip(parts, conditional, strict=True):
        part.optimal = part.optimal and not cond  # the split of floating workers is greedy
    teams = {a: t for part in parts for a, t in part.teams.items()}
    loads = team_loads(teams, areas, everyone)
    max_load = max(loads.values(), default=0.0)
    total_capacity = sum(w.capacity for w in everyone)
    lower = max(
        max((p.lower for p, c in zip(parts, conditional, strict=True) if not c), default=0),
        sum(a.workload for a in areas) / total_capacity,
    )
    lower = min(lower, max_load)
    current: dict[str, list[str]] = {a.id: [] for a in areas}
    for w in workers:  # one pass: areas x workers membership tests took 10 s at 7,000 x 7,000
        for c in w.current_areas:
            current[c].append(w.id)
    moved = sorted(a for a, team in teams.items() if set(team) - set(current[a]))
    covered = all(current.values())
    return AssignmentResult(
        assignment={a: team[0] for a, team in teams.items()},
        teams=teams,
        loads=loads,
        max_load=max_load,
        lower_bound=lower,
        gap=(max_load - lower) / max_load if max_load else 0.0,
        optimal=all(p.optimal for p in parts) or (max_load - lower <= 1e-9 and lower > 0),
        solve_seconds=time.perf_counter() - began,
        moved_areas=moved,
        extra_workers={w.id: sorted(a for a, t in teams.items() if w.id in t) for w in extras},
        current_max_load=max(team_loads(current, areas, workers).values()) if covered else None,
    )


def _regions(areas: Sequence[Area], workers: Sequence[Worker]):
    """Groups of areas that no worker links: by region, merged where a worker spans two."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    region_of = {a.id: a.region for a in areas}
    for w in workers:
        rs = sorted({region_of[c] for c in w.current_areas})
        for r in rs[1:]:
            parent[find(r)] = find(rs[0])
    groups: dict[str, tuple[list[Area], list[Worker]]] = {}
    for a in areas:
        groups.setdefault(find(a.region), ([], []))[0].append(a)
    for w in workers:
        if w.current_areas:
            groups[find(region_of[next(iter(w.current_areas))])][1].append(w)
    return list(groups.values())
