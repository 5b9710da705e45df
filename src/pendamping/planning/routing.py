"""Day routes for field visits: which due visits fit in a day and in what order (pure, no ORM).

An assistant leaves the office (or home) at `start`, makes visits within their time windows
and is back by `end`. Travel times are straight-line distance times a detour factor at a
given speed, or any duration matrix (OSRM, Valhalla) passed as `matrix`.

Priority rule: a visit of higher priority (1 highest, 3 lowest) is never dropped while one of
lower priority is made, unless it cannot be fitted even with every lower-priority visit
removed. The solver (PyVRP) works one priority level at a time: the visits chosen at the
levels above become required, the current level's stops are optional with a prize larger
than any detour, so it makes as many as fit and then keeps travel short. The result is then
checked against the rule (cheapest insertion, and an exact subset search when few visits are
involved) and repaired where needed.

Times are minutes after midnight in the interface and whole seconds inside.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pendamping.planning.geo import haversine_km

DAY_MINUTES = 24 * 60
EXACT_CHECK_MAX = 10  # the exact feasibility search (2^k subsets) is used up to k visits


@dataclass(frozen=True)
class Stop:
    """A place to visit. Times are minutes after midnight; `latest` is the latest start."""

    id: str
    lat: float
    lon: float
    service_minutes: int = 0
    earliest: int = 0
    latest: int = DAY_MINUTES
    priority: int = 3


@dataclass(frozen=True)
class Visit:
    """A planned visit: it starts at `arrival` (inside the window) and ends at `departure`.

    `wait` is the time spent waiting for the window to open before the visit.
    """

    id: str
    arrival: float
    departure: float
    wait: float = 0.0


@dataclass
class RoutePlan:
    visits: list[Visit]
    dropped: list[str]
    travel_minutes: float
    distance_km: float
    solve_seconds: float
    start: float = 0.0
    finish: float = 0.0


@dataclass(frozen=True)
class TravelMatrix:
    """Travel between points (index 0 is the depot): whole seconds and metres."""

    seconds: list[list[int]]
    metres: list[list[int]]

    @classmethod
    def from_durations(
        cls, seconds: Sequence[Sequence[float]], metres: Sequence[Sequence[float]] | None = None
    ) -> TravelMatrix:
        """Wrap durations from a road router (OSRM `table`, Valhalla `sources_to_targets`)."""
        n = len(seconds)
        if any(len(row) != n for row in seconds):
            raise ValueError("the duration matrix must be square")
        dist = metres if metres is not None else [[0] * n for _ in range(n)]
        return cls(
            seconds=[[round(v) for v in row] for row in seconds],
            metres=[[round(v) for v in row] for row in dist],
        )


MatrixSource = TravelMatrix | Callable[[Sequence[Stop]], TravelMatrix]


def travel_matrix(
    points: Sequence[Stop], speed_kmh: float = 25.0, detour: float = 1.4
) -> TravelMatrix:
    """Straight-line distance times `detour`, travelled at `speed_kmh`."""
    if speed_kmh <= 0 or detour < 1:
        raise ValueError("speed must be positive and the detour factor at least 1")
    n = len(points)
    seconds = [[0] * n for _ in range(n)]
    metres = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            km = haversine_km(points[i].lat, points[i].lon, points[j].lat, points[j].lon) * detour
            seconds[i][j] = seconds[j][i] = round(km / speed_kmh * 3600)
            metres[i][j] = metres[j][i] = round(km * 1000)
    return TravelMatrix(seconds=seconds, metres=metres)


class _Day:
    """The instance in seconds, with the schedule and insertion checks everything else uses."""

    def __init__(self, stops: Sequence[Stop], matrix: TravelMatrix, start: int, end: int):
        self.stops = stops  # index 0 is the depot
        self.t = matrix.seconds
        self.start, self.end = start * 60, end * 60
        self.early = [s.earliest * 60 for s in stops]
        self.late = [s.latest * 60 for s in stops]
        self.service = [s.service_minutes * 60 for s in stops]
        self.prio = [s.priority for s in stops]
        self.metres = matrix.metres

    def finish(self, order: Sequence[int]) -> int | None:
        """Return time at the depot for this order, or None if a window or the day is missed."""
        now, here = self.start, 0
        for i in order:
            now = max(now + self.t[here][i], self.early[i])
            if now > self.late[i]:
                return None
            now += self.service[i]
            here = i
        now += self.t[here][0]
        return now if now <= self.end else None

    def travel(self, order: Sequence[int]) -> int:
        path = [0, *order, 0]
        return sum(self.t[a][b] for a, b in pairwise(path))

    def alone_feasible(self, i: int) -> bool:
        return self.finish([i]) is not None

    def best_insertion(self, order: list[int], i: int) -> list[int] | None:
        """The cheapest feasible way to add `i` to `order` without reordering, or None."""
        best, best_cost = None, None
        path = [0, *order, 0]
        for pos in range(len(order) + 1):
            a, b = path[pos], path[pos + 1]
            delta = self.t[a][i] + self.t[i][b] - self.t[a][b]
            if best_cost is not None and delta >= best_cost:
                continue
            candidate = [*order[:pos], i, *order[pos:]]
            if self.finish(candidate) is not None:
                best, best_cost = candidate, delta
        return best

    def exact_order(self, items: Sequence[int]) -> list[int] | None:
        """A feasible order of all `items` if one exists (subset dynamic programming).

        Waiting is allowed, so the earliest time of leaving the last stop dominates.
        """
        k = len(items)
        full = (1 << k) - 1
        best: dict[tuple[int, int], tuple[int, int]] = {}  # (mask, last) -> (time, prev)
        for j, i in enumerate(items):
            now = max(self.start + self.t[0][i], self.early[i])
            if now <= self.late[i]:
                best[(1 << j, j)] = (now + self.service[i], -1)
        for mask in range(1, full + 1):
            for j in range(k):
                state = best.get((mask, j))
                if state is None:
                    continue
                for nxt in range(k):
                    if mask & (1 << nxt):
                        continue
                    i = items[nxt]
                    now = max(state[0] + self.t[items[j]][i], self.early[i])
                    if now > self.late[i]:
                        continue
                    key = (mask | (1 << nxt), nxt)
                    if key not in best or now + self.service[i] < best[key][0]:
                        best[key] = (now + self.service[i], j)
        for j in range(k):
            state = best.get((full, j))
            if state is not None and state[0] + self.t[items[j]][0] <= self.end:
                order, mask, last = [], full, j
                while last != -1:
                    order.append(items[last])
                    prev = best[(mask, last)][1]
                    mask &= ~(1 << last)
                    last = prev
                return order[::-1]
        return None if k else []


def _validate(depot: Stop, stops: Sequence[Stop], start: int, end: int) -> None:
    if not 0 <= start < end <= DAY_MINUTES:
        raise ValueError("the day must start before it ends, within 00:00-24:00")
    ids = [s.id for s in stops]
    if len(set(ids)) != len(ids) or depot.id in ids:
        raise ValueError("stop ids must be unique and differ from the depot's")
    for s in stops:
        if s.priority not in (1, 2, 3):
            raise ValueError(f"stop {s.id}: priority must be 1, 2 or 3")
        if s.earliest > s.latest:
            raise ValueError(f"stop {s.id}: earliest is after latest")
        if s.service_minutes < 0:
            raise ValueError(f"stop {s.id}: service time is negative")


def _resolve_matrix(
    points: Sequence[Stop], matrix: MatrixSource | None, speed_kmh: float, detour: float
) -> TravelMatrix:
    if matrix is None:
        return travel_matrix(points, speed_kmh, detour)
    result = matrix(points) if callable(matrix) else matrix
    if len(result.seconds) != len(points):
        raise ValueError("the travel matrix must have one row per point, the depot first")
    return result


def _plan(day: _Day, order: list[int], solve_seconds: float) -> RoutePlan:
    visits, now, here = [], day.start, 0
    for i in order:
        arrive = now + day.t[here][i]
        begin = max(arrive, day.early[i])
        now = begin + day.service[i]
        visits.append(Visit(day.stops[i].id, begin / 60, now / 60, (begin - arrive) / 60))
        here = i
    finish = now + day.t[here][0]
    path = [0, *order, 0]
    metres = sum(day.metres[a][b] for a, b in pairwise(path))
    made = set(order)
    return RoutePlan(
        visits=visits,
        dropped=[day.stops[i].id for i in range(1, len(day.stops)) if i not in made],
        travel_minutes=day.travel(order) / 60,
        distance_km=metres / 1000,
        solve_seconds=solve_seconds,
        start=day.start / 60,
        finish=finish / 60,
    )


def plan_day(
    depot: Stop,
    stops: Sequence[Stop],
    *,
    start: int = 8 * 60,
    end: int = 16 * 60,
    speed_kmh: float = 25.0,
    detour: float = 1.4,
    time_limit_s: float = 2.0,
    matrix: MatrixSource | None = None,
    seed: int = 0,
) -> RoutePlan:
    """Plan one assistant's day: the visits that fit, in order, and the dropped ones.

    `matrix` replaces the straight-line estimate: a TravelMatrix over [depot, *stops] or a
    callable that builds one from that list. `time_limit_s` bounds the whole call.
    """
    began = time.perf_counter()
    _validate(depot, stops, start, end)
    points = [depot, *stops]
    day = _Day(points, _resolve_matrix(points, matrix, speed_kmh, detour), start, end)
    reachable = [i for i in range(1, len(points)) if day.alone_feasible(i)]
    levels = sorted({day.prio[i] for i in reachable})
    sizes = [sum(1 for i in reachable if day.prio[i] <= p) for p in levels]
    deadline = began + time_limit_s * 0.95 - 0.05  # the rest is for the checks and repair
    order: list[int] = []
    for level, size in zip(levels, sizes, strict=True):
        share = (deadline - time.perf_counter()) * size / sum(sizes[levels.index(level) :])
        optional = [i for i in reachable if day.prio[i] == level]
        order = _solve_level(day, order, optional, max(share, 0.01), seed)
    order = enforce_priority(day, order, reachable)
    return _plan(day, order, time.perf_counter() - began)


def _solve_level(
    day: _Day, required: list[int], optional: list[int], seconds: float, seed: int
) -> list[int]:
    """Keep `required` (a feasible order), add as many of `optional` as fit, shortest travel."""
    from pyvrp import Model, Route, Solution
    from pyvrp.stop import MaxRuntime, MultipleCriteria, NoImprovement

    clients = [*required, *optional]
    model = Model()
    depot = model.add_depot(model.add_location(0, 0), tw_early=day.start, tw_late=day.end)
    model.add_vehicle_type(
        1, start_depot=depot, end_depot=depot, tw_early=day.start, tw_late=day.end
    )
    locations = [model.locations[0]]
    longest = max((max(row) for row in day.t), default=0)
    prize = 2 * longest + 1  # more than any detour: a visit that fits is always worth making
    required_set = set(required)
    for i in clients:
        s = day.stops[i]
        loc = model.add_location(round(s.lon * 1e5), round(s.lat * 1e5))
        locations.append(loc)
        model.add_client(
            loc,
            service_duration=day.service[i],
            tw_early=day.early[i],
            tw_late=day.late[i],
            prize=0 if i in required_set else prize,
            required=i in required_set,
        )
    index = [0, *clients]
    for a, la in enumerate(locations):
        for b, lb in enumerate(locations):
            if a != b:
                t = day.t[index[a]][index[b]]
                model.add_edge(la, lb, distance=t, duration=t)
    data = model.data()
    warm = None
    if required:
        position = {i: k for k, i in enumerate(clients)}
        warm = Solution(data, [Route(data, [position[i] for i in required], 0)])
    stop = MultipleCriteria([MaxRuntime(seconds), NoImprovement(max(2000, 100 * len(clients)))])
    result = model.solve(stop, seed=seed, display=False, collect_stats=False, initial_solution=warm)
    found: list[int] = []
    if result.best.is_feasible():
        for route in result.best.routes():
            found = [clients[act.idx] for act in route if act.is_client()]
    if not required_set <= set(found) or day.finish(found) is None:
        found = list(required)
    for i in optional:  # polish: anything still insertable goes in
        if i not in found:
            found = day.best_insertion(found, i) or found
    return found


def priority_violation(day: _Day, order: list[int], reachable: Sequence[int]) -> list[int] | None:
    """A better order if the rule is broken: a dropped stop fits with the visits of its own
    priority or higher once the lower-priority ones are removed. None if the rule holds."""
    made = set(order)
    lowest = max((day.prio[i] for i in order), default=0)
    for i in sorted((i for i in reachable if i not in made), key=lambda i: day.prio[i]):
        p = day.prio[i]
        if p >= lowest:
            continue
        kept = [v for v in order if day.prio[v] <= p]
        fixed = day.best_insertion(kept, i)
        if fixed is None and len(kept) + 1 <= EXACT_CHECK_MAX:
            fixed = day.exact_order([*kept, i])
        if fixed is not None:
            return fixed
    return None


def enforce_priority(day: _Day, order: list[int], reachable: Sequence[int]) -> list[int]:
    """Repair `order` until no dropped stop could replace lower-priority visits."""
    while (fixed := priority_violation(day, order, reachable)) is not None:
        # Each round adds a visit at some level and removes only lower ones, so it ends.
        made, kept = set(order), set(fixed)
        others = sorted(
            (i for i in reachable if i not in kept), key=lambda i: (day.prio[i], i not in made)
        )
        for i in others:
            fixed = day.best_insertion(fixed, i) or fixed
        order = fixed
    return order


def due_date_order_plan(
    depot: Stop,
    stops: Sequence[Stop],
    *,
    start: int = 8 * 60,
    end: int = 16 * 60,
    speed_kmh: float = 25.0,
    detour: float = 1.4,
    matrix: MatrixSource | None = None,
    max_wait: int = 15,
) -> RoutePlan:
    """The plan to compare against, as an assistant would go by the list: next, the first stop
    in the given (due-date) order that is open on arrival (waiting at most `max_wait`
    minutes) and still lets the day end in time; if none is, the first that fits at all."""
    began = time.perf_counter()
    _validate(depot, stops, start, end)
    points = [depot, *stops]
    day = _Day(points, _resolve_matrix(points, matrix, speed_kmh, detour), start, end)
    order: list[int] = []
    left = list(range(1, len(points)))
    now, here = day.start, 0
    while left:
        fallback = None
        choice = None
        for i in left:
            if day.finish([*order, i]) is None:
                continue
            if day.early[i] - (now + day.t[here][i]) <= max_wait * 60:
                choice = i
                break
            fallback = fallback or i
        choice = choice or fallback
        if choice is None:
            break
        order.append(choice)
        left.remove(choice)
        now = max(now + day.t[here][choice], day.early[choice]) + day.service[choice]
        here = choice
    return _plan(day, order, time.perf_counter() - began)
