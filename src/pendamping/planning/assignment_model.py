"""The CP-SAT models behind `assignment.balance`, for one region (pure, no ORM).

Loads are integers: an area's workload times `scale`; a worker's capacity in hundredths.
For a target L (the largest load per unit of capacity) the question "is there an assignment
with every load <= L?" is a CP-SAT feasibility model in which an area above L has exactly
ceil(load / L) workers of its own and every other worker's areas fit in L (a knapsack).
A bisection between the counting bound and the best plan found gives the smallest L and a
proven lower bound; a last solve at that L keeps as many current pairs as it can. Inertia
compares a few L above the best: L + inertia x changes decides.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from pendamping.planning.geo import EARTH_RADIUS_KM

if TYPE_CHECKING:
    from pendamping.planning.assignment import Area, Worker

FREE_CENTRES = 30  # centre candidates of a worker with no area: the areas under most pressure
FREE_HOPS = 2  # ... and the areas such a worker may take: this many hops around them


@dataclass
class Part:
    teams: dict[str, list[str]]
    lower: float  # a proven lower bound on the largest load in this region
    optimal: bool
    max_load: float


def km_matrix(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dlon = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def hops_from(centre: int, allowed: set[int], neighbours: list[list[int]]) -> dict[int, int]:
    """Breadth-first hop counts from `centre` through the `allowed` areas."""
    hops = {centre: 0}
    queue = deque([centre])
    while queue:
        i = queue.popleft()
        for j in neighbours[i]:
            if j in allowed and j not in hops:
                hops[j] = hops[i] + 1
                queue.append(j)
    return hops


def counting_bound(loads: list[int], workers: int, capacity: int, max_split: int) -> int:
    """The smallest L (per unit of `capacity`) for which there could be enough workers.

    An area above L needs ceil(load / L) workers of its own (at most `max_split`); the areas
    at or below L need at least their total / L workers even if packed perfectly. Distance
    and adjacency are ignored, so this is a valid lower bound for the model.
    """
    if not loads or workers == 0:
        return 0

    def enough(big_l: int) -> bool:
        own = 0
        for v in loads:
            if v > big_l * capacity:
                need = -(-v // (big_l * capacity))
                if need > max_split:
                    return False
                own += need
        rest = sum(v for v in loads if v <= big_l * capacity)
        return own + rest / (big_l * capacity) <= workers

    lo, hi = 1, max(1, -(-max(loads) // capacity))
    while lo < hi:
        mid = (lo + hi) // 2
        if enough(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


class RegionModel:
    def __init__(self, areas: list[Area], workers: list[Worker], opt: dict):
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.areas, self.workers, self.opt = areas, workers, opt
        n = self.n = len(areas)
        index = {a.id: i for i, a in enumerate(areas)}
        self.lat = np.array([a.lat for a in areas])
        self.lon = np.array([a.lon for a in areas])
        self.dist = km_matrix(self.lat, self.lon, self.lat, self.lon) if n <= 3000 else None
        nbrs = [{index[b] for b in a.neighbours if b in index} for a in areas]
        for i in range(n):
            for j in nbrs[i]:
                nbrs[j].add(i)
        self.neighbours = [sorted(s) for s in nbrs]
        self.load = [round(a.workload * opt["scale"]) for a in areas]
        self.cap = [max(1, round(w.capacity * 100)) for w in workers]
        self.own = [sorted(index[c] for c in w.current_areas) for w in workers]
        self.current = {(i, k) for k, own in enumerate(self.own) for i in own}
        self._centres_and_pairs()
        self.by_worker: dict[int, list[int]] = {}
        self.by_area: dict[int, list[int]] = {}
        for i, k in self.pairs:
            self.by_worker.setdefault(k, []).append(i)
            self.by_area.setdefault(i, []).append(k)
        missing = [areas[i].id for i in range(n) if i not in self.by_area]
        if missing:
            raise ValueError(f"no worker within reach of areas {missing[:5]}")
        self.hops: dict[int, dict[tuple[int, ...], dict[int, int]]] = {}
        self.lower = counting_bound(
            [v * 100 for v in self.load], len(self.cap), max(self.cap), opt["max_split"]
        )
        self.build_s = 0.0
        self.goal = 0
        self.state = {
            "lower": self.lower,
            "floor": self.lower,
            "upper": None,
            "best": None,
            "started": False,
            "step": max(1, self.lower // 50),
        }
        self._use_start(index)

    def _use_start(self, index: dict[str, int]) -> None:
        """Take a given plan as the best so far if it serves every area with candidate pairs
        and obeys the rules (checked by CP-SAT at its own largest load)."""
        start = self.opt.get("start") or {}
        if not start:
            return
        worker_index = {w.id: k for k, w in enumerate(self.workers)}
        pairs = {
            (index[a], worker_index[w])
            for a, team in start.items()
            if a in index
            for w in team
            if w in worker_index
        }
        if pairs <= set(self.pairs) and self._obeys_rules(pairs):
            pairs = self._place_free(pairs)
            self.state["best"], self.state["upper"] = pairs, self.max_of(pairs)

    def _place_free(self, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Give each worker without areas (the what-if's new workers) to whoever carries the
        largest load: join the team of their area, or take one of their areas whose loss
        keeps the rest connected; keep a step only if the plan still obeys the rules."""
        free = [k for k, own in enumerate(self.own) if not own and all(w != k for _, w in pairs)]
        allowed = set(self.pairs)
        for k in free:
            loads: dict[int, float] = {}
            size: dict[int, int] = {}
            for i, _ in pairs:
                size[i] = size.get(i, 0) + 1
            for i, w in pairs:
                loads[w] = loads.get(w, 0.0) + self.load[i] / size[i] / self.cap[w]
            options: list[set[tuple[int, int]]] = []
            for w in sorted(loads, key=lambda w: -loads[w])[:5]:
                areas = [i for i, v in pairs if v == w]
                if len(areas) == 1:
                    options.append(pairs | {(areas[0], k)})
                    continue
                for i in areas:
                    options.append((pairs - {(i, w)}) | {(i, k)})
            best, best_max = pairs, self.max_of(pairs)
            for option in options:
                if not option <= allowed:
                    continue
                value = self.max_of(option)
                if value < best_max and self._obeys_rules(option):
                    best, best_max = option, value
            pairs = best
        return pairs

    def _obeys_rules(self, pairs: set[tuple[int, int]]) -> bool:
        """Whether a plan obeys the model's rules: every area served, a shared area by at
        most max_split workers who serve only it (as their centre), and each worker's areas
        connected around a centre of theirs and within max_km of it."""
        served: dict[int, list[int]] = {}
        mine: dict[int, list[int]] = {}
        for i, k in pairs:
            served.setdefault(i, []).append(k)
            mine.setdefault(k, []).append(i)
        if len(served) < self.n:
            return False
        for i, team in served.items():
            if len(team) > 1 and (
                len(team) > self.opt["max_split"]
                or any(mine[k] != [i] or i not in self.centres[k] for k in team)
            ):
                return False
        max_km = self.opt["max_km"]
        for k, areas in mine.items():
            ok = False
            for c in set(areas) & set(self.centres[k]):
                if self.opt["adjacency"] and len(hops_from(c, set(areas), self.neighbours)) < len(
                    areas
                ):
                    continue
                if max_km is not None and self.km(c, areas).max() > max_km:
                    continue
                ok = True
                break
            if not ok:
                return False
        return True

    def aim(self, goal: int) -> None:
        """Search no lower than `goal`: a plan at or below it is as good as any, because
        another region cannot do better than it (the largest counting bound of all)."""
        self.goal = goal
        self.state["floor"] = max(self.state["floor"], goal)

    def km(self, i: int, js: list[int]) -> np.ndarray:
        if self.dist is not None:
            return self.dist[i, js]
        return km_matrix(self.lat[[i]], self.lon[[i]], self.lat[js], self.lon[js])[0]

    def _ring(self, seeds: set[int], hops: int) -> set[int]:
        ring = set(seeds)
        for _ in range(hops):
            ring |= {j for i in ring for j in self.neighbours[i]}
        return ring

    def _centres_and_pairs(self) -> None:
        """Who may centre where, and the candidate (area, worker) pairs."""
        n, opt, max_km = self.n, self.opt, self.opt["max_km"]
        team_size = [0] * n
        for i, _ in self.current:
            team_size[i] += 1
        pressure = sorted(range(n), key=lambda i: -self.load[i] / (team_size[i] + 1))
        hot = set(pressure[: min(n, FREE_CENTRES)])
        self.centres: list[list[int]] = []
        pairs = set(self.current)
        fixed = [k for k, own in enumerate(self.own) if own]
        for k, own in enumerate(self.own):
            if own:
                self.centres.append(sorted(self._ring(set(own), opt["reach_hops"])))
                continue
            self.centres.append(sorted(hot))
            for i in self._ring(hot, FREE_HOPS):
                if max_km is None or self.km(i, sorted(hot)).min() <= max_km:
                    pairs.add((i, k))
        if fixed:
            home = [self.own[k][0] for k in fixed]
            for i in range(n):
                d = self.km(i, home)
                for j in np.argsort(d, kind="stable")[: opt["candidates"]]:
                    if max_km is None or d[j] <= max_km:
                        pairs.add((i, fixed[j]))
        for k, centres in enumerate(self.centres):
            pairs |= {(c, k) for c in centres}
        self.pairs = sorted(pairs)

    def _model(self, target: int, hint: set[tuple[int, int]] | None, changes: bool):
        """The feasibility model for loads <= target; None if the counting alone rules it out."""
        cp, opt, n = self.cp, self.opt, self.n
        load, cap, max_km = self.load, self.cap, opt["max_km"]
        team = [1] * n
        for i in range(n):
            if load[i] * 100 > target * max(cap):
                team[i] = -(-load[i] * 100 // (target * max(cap)))
                if team[i] > opt["max_split"]:
                    return None
        m = cp.CpModel()
        pairs = [
            (i, k)
            for i, k in self.pairs
            if team[i] == 1
            or (i in self.centres[k] and -(-load[i] // team[i]) * 100 <= target * cap[k])
        ]
        x = {p: m.NewBoolVar("") for p in pairs}
        by_worker: dict[int, list[int]] = {}
        by_area: dict[int, list[int]] = {}
        for i, k in x:
            by_worker.setdefault(k, []).append(i)
            by_area.setdefault(i, []).append(k)
        if any(len(by_area.get(i, [])) < team[i] for i in range(n)):
            return None
        for i in range(n):
            m.Add(sum(x[i, k] for k in by_area[i]) == team[i])
        y = {}
        for k, centres in enumerate(self.centres):
            mine = by_worker.get(k, [])
            if not mine:
                continue
            ys = {c: m.NewBoolVar("") for c in centres if (c, k) in x}
            y.update({(k, c): v for c, v in ys.items()})
            m.AddAtMostOne(ys.values())
            for c, v in ys.items():
                m.AddImplication(v, x[c, k])
            for i in mine:
                near = [v for c, v in ys.items() if max_km is None or self.km(i, [c])[0] <= max_km]
                m.Add(x[i, k] <= sum(near))
                if team[i] > 1:  # serves that area alone, as its centre
                    m.AddImplication(x[i, k], ys[i])
                    m.Add(sum(x[j, k] for j in mine if j != i) == 0).OnlyEnforceIf(x[i, k])
            small = [i for i in mine if team[i] == 1]
            if sum(load[i] for i in small) * 100 > target * cap[k]:
                m.Add(sum(load[i] * x[i, k] for i in small) * 100 <= target * cap[k])
            if opt["adjacency"]:
                self._connect(m, x, ys, k, mine)
        free = [k for k, own in enumerate(self.own) if not own and k in by_worker]
        for a, b in pairwise(free):  # interchangeable: fill them in order
            m.Add(
                sum(v for (w, _), v in y.items() if w == a)
                >= sum(v for (w, _), v in y.items() if w == b)
            )
        for p, v in x.items():
            m.AddHint(v, p in (hint if hint is not None else self.current))
        if changes:
            m.Minimize(sum(v for p, v in x.items() if p not in self.current))
        return m, x

    def _connect(self, m, x, ys, k: int, mine: list[int]) -> None:
        """Each area has a neighbour one hop closer to the worker's centre, served by them."""
        key = tuple(mine)
        for c, yc in ys.items():
            hops = self.hops.setdefault(c, {}).get(key)
            if hops is None:
                hops = self.hops[c][key] = hops_from(c, set(mine), self.neighbours)
            for i in mine:
                if i == c:
                    continue
                if i not in hops:
                    m.AddImplication(yc, x[i, k].Not())
                    continue
                closer = [x[j, k] for j in self.neighbours[i] if hops.get(j) == hops[i] - 1]
                ct = m.Add(x[i, k] <= sum(closer))
                if len(ys) > 1:
                    ct.OnlyEnforceIf(yc)

    def _run(self, target, hint, deadline, changes=False, cap_s=None):
        """(status, pairs or None): FEASIBLE/OPTIMAL with the pairs, INFEASIBLE or UNKNOWN."""
        cp = self.cp
        began = time.perf_counter()
        built = self._model(target, hint, changes)
        if built is None:
            return cp.INFEASIBLE, None
        model, x = built
        self.build_s = max(self.build_s, time.perf_counter() - began)
        left = deadline - time.perf_counter() - 0.5 * self.build_s
        solver = cp.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.02, min(left, cap_s or left))
        solver.parameters.num_workers = 2
        solver.parameters.random_seed = self.opt["seed"]
        solver.parameters.cp_model_probing_level = 0  # a third faster on these models
        status = solver.Solve(model)
        if status in (cp.OPTIMAL, cp.FEASIBLE):
            return status, {p for p, v in x.items() if solver.BooleanValue(v)}
        return status, None

    def max_of(self, pairs: set[tuple[int, int]]) -> int:
        """The largest load (scaled, per capacity) of these pairs, teams sharing evenly."""
        size: dict[int, int] = {}
        for i, _ in pairs:
            size[i] = size.get(i, 0) + 1
        total: dict[int, float] = {}
        for i, k in pairs:
            total[k] = total.get(k, 0) + self.load[i] * 100 / size[i] / self.cap[k]
        return math.ceil(max(total.values(), default=0) - 1e-9)

    @property
    def upper(self) -> float:
        """The largest load of the best plan so far (infinite before one)."""
        return math.inf if self.state["upper"] is None else self.state["upper"]

    @property
    def settled(self) -> bool:
        enough = max(self.state["lower"], self.goal)
        return self.state["upper"] is not None and enough >= self.state["upper"]

    def search(self, seconds: float) -> None:
        """Bisect on L for `seconds`, from where the last call left off.

        state: lower is proven; floor is where the search looks from (above lower after an
        unknown answer); upper is the largest load of the best plan found.
        """
        cp, state = self.cp, self.state
        search_end = time.perf_counter() + seconds
        most = max(self.lower, math.ceil(sum(self.load) * 100 / min(self.cap)))

        def attempt(target: int, hint, cap_s: float) -> None:
            quick = self.displace(target)
            if quick is not None and self.max_of(quick) <= target:
                state["best"], state["upper"] = quick, self.max_of(quick)
                return
            status, pairs = self._run(target, hint, search_end, cap_s=cap_s)
            if pairs is not None:
                state["best"], state["upper"] = pairs, self.max_of(pairs)
            elif status == cp.INFEASIBLE:
                if target >= most:
                    raise ValueError("no assignment satisfies the distance and adjacency rules")
                state["lower"] = state["floor"] = max(state["floor"], target + 1)
            else:
                state["floor"] = max(state["floor"], target + 1)

        if not state["started"]:
            state["started"] = True
            attempt(state["floor"], None, seconds * 0.8)  # often the bound itself can be met
            if state["best"] is None and self._current_obeys_rules():
                state["best"], state["upper"] = set(self.current), self.max_of(self.current)
        while time.perf_counter() < search_end - self.build_s:
            floor, upper = state["floor"], state["upper"]
            if upper is not None and floor >= upper:
                if max(state["lower"], self.goal) >= upper:
                    break
                state["floor"] = floor = max(state["lower"], self.goal)  # after unknowns: again
            if upper is None:
                target = min(most, floor + state["step"])
                state["step"] *= 2
            else:
                target = (floor + upper) // 2
            attempt(target, state["best"], max(0.5, seconds / 4))

    def displace(self, target: int) -> set[tuple[int, int]] | None:
        """A plan with every load <= target built by one-step displacement, or None.

        For the common case (each worker has at most one current area, each area at most
        one worker): a busy area gets its extra workers from the floating workers, then from
        a neighbouring area whose worker joins it while that area is absorbed by another
        neighbour's worker (whose territory stays its centre plus adjacent areas). Every
        rule of the model holds for such a plan, so it is a valid upper bound; it is tried
        before CP-SAT because at the counting bound it often succeeds at once, and the
        counting bound then proves it optimal.
        """
        if any(len(own) > 1 for own in self.own):
            return None
        owner: dict[int, int] = {}
        for k, own in enumerate(self.own):
            if own:
                if own[0] in owner:
                    return None
                owner[own[0]] = k
        load, cap, n = self.load, self.cap, self.n
        pairs_ok = set(self.pairs)
        max_km = self.opt["max_km"]
        team = [1] * n
        for i in range(n):
            if load[i] * 100 > target * max(cap):
                team[i] = -(-load[i] * 100 // (target * max(cap)))
                if team[i] > self.opt["max_split"]:
                    return None
        members = {i: ([owner[i]] if i in owner else []) for i in range(n)}
        for i, ks in members.items():  # a shared area's own worker must fit its share
            if team[i] > 1 and ks and -(-load[i] // team[i]) * 100 > target * cap[ks[0]]:
                return None
        territory = {k: [own[0]] for k, own in enumerate(self.own) if own}
        used = dict.fromkeys(territory, 0)
        for k, areas in territory.items():
            if team[areas[0]] == 1:
                used[k] = load[areas[0]]
        moved: set[int] = set()  # workers who left their own area for a busy one
        orphans = [i for i in range(n) if i not in owner]
        floating = [k for k, own in enumerate(self.own) if not own]
        busy = sorted((i for i in range(n) if team[i] > 1), key=lambda i: -load[i])

        def fits(k: int, extra: int) -> bool:
            return (used[k] + extra) * 100 <= target * cap[k]

        def absorb(a: int, avoid: int) -> bool:
            """Give area `a` to a neighbour's worker who can carry it."""
            best = None
            for b in self.neighbours[a]:
                k = owner.get(b)
                if (
                    b == avoid
                    or k is None
                    or k in moved
                    or team[b] > 1
                    or territory[k][0] != b
                    or (a, k) not in pairs_ok
                    or not fits(k, load[a])
                    or (max_km is not None and self.km(a, [b])[0] > max_km)
                ):
                    continue
                if best is None or used[k] < used[best]:
                    best = k
            if best is None:
                return False
            territory[best].append(a)
            used[best] += load[a]
            return True

        for i in orphans:
            if team[i] == 1 and not absorb(i, -1):
                return None
        for b in busy:
            while len(members[b]) < team[b]:
                k = next((k for k in floating if (b, k) in pairs_ok and b in self.centres[k]), None)
                if k is not None:
                    floating.remove(k)
                    members[b].append(k)
                    continue
                donor = None
                for a in self.neighbours[b]:
                    k = owner.get(a)
                    if (
                        k is None
                        or k in moved
                        or team[a] > 1
                        or territory[k] != [a]
                        or (b, k) not in pairs_ok
                        or b not in self.centres[k]
                        or -(-load[b] // team[b]) * 100 > target * cap[k]
                    ):
                        continue
                    if absorb(a, b):
                        donor = k
                        break
                if donor is None:
                    return None
                moved.add(donor)
                members[b].append(donor)
        pairs = {(i, k) for i, ks in members.items() if team[i] > 1 for k in ks}
        for k, areas in territory.items():
            if k in moved or team[areas[0]] > 1:
                continue
            pairs |= {(i, k) for i in areas}
        served = {i for i, _ in pairs}
        if len(served) < n or any(p not in pairs_ok for p in pairs):
            return None
        return pairs

    def finish(self, seconds: float) -> Part:
        """Keep as many current pairs as possible at the best L; then apply inertia."""
        state = self.state
        if state["best"] is None:
            raise ValueError("no assignment found in the time limit")
        best, upper, lower = state["best"], state["upper"], state["lower"]
        deadline = time.perf_counter() + seconds
        if best != self.current and seconds > 0.3:
            share = 0.5 if self.opt["inertia"] else 1.0
            end = time.perf_counter() + seconds * share
            _, kept = self._run(upper, best, end, changes=True)
            best = kept or best
        if self.opt["inertia"] and deadline - time.perf_counter() > 0.3:
            best = self._with_inertia(best, upper, deadline)
        scale = self.opt["scale"]
        teams: dict[str, list[str]] = {}
        for i, k in sorted(best):
            teams.setdefault(self.areas[i].id, []).append(self.workers[k].id)
        return Part(teams, min(lower, upper) / scale, lower >= upper, self.max_of(best) / scale)

    def solve(self, seconds: float) -> Part:
        began = time.perf_counter()
        self.search(seconds * (0.7 if self.opt["inertia"] else 0.8))
        return self.finish(seconds - (time.perf_counter() - began))

    def _current_obeys_rules(self) -> bool:
        """Today's assignment as a plan: every area served, shared areas by workers who serve
        only them (at most max_split), everyone's areas connected and near one of them."""
        served: dict[int, list[int]] = {}
        for i, k in self.current:
            served.setdefault(i, []).append(k)
        if len(served) < self.n:
            return False
        max_km = self.opt["max_km"]
        for team in served.values():
            if len(team) > 1 and (
                len(team) > self.opt["max_split"] or any(len(self.own[k]) > 1 for k in team)
            ):
                return False
        for own in self.own:
            if len(own) < 2:
                continue
            if self.opt["adjacency"] and len(hops_from(own[0], set(own), self.neighbours)) < len(
                own
            ):
                return False
            if max_km is not None and all(self.km(c, own).max() > max_km for c in own):
                return False
        return True

    def _with_inertia(self, best, upper, deadline):
        """Accept a higher L where it saves more than inertia per change."""

        def score(pairs):
            return self.max_of(pairs) + self.opt["inertia"] * len(pairs - self.current)

        options = [best]
        if {k for _, k in self.current} and self._current_valid():
            options.append(set(self.current))
        cur_max = self.max_of(self.current) if self.current else upper
        for frac in (0.25, 0.5):
            left = deadline - time.perf_counter()
            target = round(upper + frac * (cur_max - upper))
            if left < 0.1 or target <= upper:
                break
            _, pairs = self._run(target, best, deadline - left / 2, changes=True)
            if pairs:
                options.append(pairs)
        return min(options, key=score)

    def _current_valid(self) -> bool:
        """Whether the current assignment itself obeys the rules (then it costs no change)."""
        target = max(self.max_of(self.current), 1)
        _, pairs = self._run(target, self.current, time.perf_counter() + 0.5, changes=True)
        return bool(pairs) and not (pairs - self.current)
