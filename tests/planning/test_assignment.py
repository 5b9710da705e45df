"""Balanced assignment: known optima, inertia, extra workers, distance, adjacency, sharing."""

from collections import deque

import pytest

from pendamping.planning.assignment import Area, Worker, balance
from pendamping.planning.geo import haversine_km

STEP = 0.01  # degrees between neighbouring test areas: about 1.1 km


def line(loads: list[float]) -> list[Area]:
    ids = [chr(ord("a") + i) for i in range(len(loads))]
    return [
        Area(
            ids[i],
            load,
            0.5,
            101.4 + STEP * i,
            {ids[j] for j in (i - 1, i + 1) if 0 <= j < len(ids)},
        )
        for i, load in enumerate(loads)
    ]


def grid(side: int, loads: list[float]) -> list[Area]:
    def name(i, j):
        return f"{i}-{j}"

    return [
        Area(
            name(i, j),
            loads[i * side + j],
            0.5 + STEP * i,
            101.4 + STEP * j,
            {
                name(i + di, j + dj)
                for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1))
                if 0 <= i + di < side and 0 <= j + dj < side
            },
        )
        for i in range(side)
        for j in range(side)
    ]


def worker_areas(result) -> dict[str, set[str]]:
    mine: dict[str, set[str]] = {}
    for area, team in result.teams.items():
        for w in team:
            mine.setdefault(w, set()).add(area)
    return mine


def connected(ids: set[str], areas: list[Area]) -> bool:
    nbrs = {a.id: set(a.neighbours) for a in areas}
    start = next(iter(ids))
    seen, queue = {start}, deque([start])
    while queue:
        for j in nbrs[queue.popleft()] & ids:
            if j not in seen:
                seen.add(j)
                queue.append(j)
    return seen == ids


def test_small_instance_reaches_its_known_optimum_with_a_proof():
    areas = line([4, 1, 1, 4])
    workers = [Worker("w1", {"a", "b", "c"}), Worker("w2", {"d"})]
    result = balance(workers, areas, time_limit_s=2)
    assert result.max_load == pytest.approx(5)
    assert result.optimal
    assert result.gap == pytest.approx(0)
    assert result.lower_bound == pytest.approx(5)
    assert result.current_max_load == pytest.approx(6)
    assert set(result.assignment) == {"a", "b", "c", "d"}
    assert result.moved_areas == ["c"]
    assert result.loads == {"w1": pytest.approx(5), "w2": pytest.approx(5)}


@pytest.mark.parametrize(("inertia", "moves"), [(0.0, True), (0.1, True), (0.5, False)])
def test_inertia_keeps_the_current_assignment_when_the_gain_is_small(inertia, moves):
    # Moving b from w1 to w2 lowers the largest load from 3.0 to 2.8: a gain of 0.2.
    areas = line([2, 1, 1.8])
    workers = [Worker("w1", {"a", "b"}), Worker("w2", {"c"})]
    result = balance(workers, areas, inertia=inertia, time_limit_s=2)
    assert (result.moved_areas == ["b"]) is moves
    assert result.max_load == pytest.approx(2.8 if moves else 3.0)


def test_extra_workers_show_where_they_go_and_how_the_largest_load_falls():
    areas = grid(3, [5, 1, 1, 1, 1, 1, 1, 1, 5])
    workers = [
        Worker("w0", {"0-0", "0-1", "0-2", "1-0"}),
        Worker("w1", {"1-1", "1-2", "2-0", "2-1", "2-2"}),
    ]
    base = balance(workers, areas, time_limit_s=2)
    more = balance(workers, areas, extra_workers=1, time_limit_s=2)
    assert base.max_load == pytest.approx(9)
    assert more.max_load == pytest.approx(6)
    assert more.extra_workers["baru-1"]  # it takes somewhere
    assert more.optimal


def test_every_worker_stays_within_max_km_of_a_centre_and_connected():
    areas = grid(4, [1.0] * 16)
    workers = [
        Worker("w0", {"0-0", "0-1", "1-0", "1-1"}),
        Worker("w1", {"0-2", "0-3", "1-2", "1-3"}),
        Worker("w2", {"2-0", "2-1", "3-0", "3-1"}),
        Worker("w3", {"2-2", "2-3", "3-2", "3-3"}),
    ]
    where = {a.id: a for a in areas}
    result = balance(workers, areas, max_km=1.2, time_limit_s=2)
    assert result.max_load == pytest.approx(4)
    for ids in worker_areas(result).values():
        assert connected(ids, areas)
        assert any(
            all(
                haversine_km(where[c].lat, where[c].lon, where[i].lat, where[i].lon) <= 1.2
                for i in ids
            )
            for c in ids
        )
    with pytest.raises(ValueError, match=r"distance and adjacency|within reach"):
        balance(workers[:1], areas, max_km=1.2, time_limit_s=1)


def test_adjacency_forbids_a_split_territory():
    # Without adjacency w1 could take a and c around b; with it, its areas must touch.
    areas = line([1, 3, 1, 1])
    workers = [Worker("w1", {"a"}), Worker("w2", {"b"}), Worker("w3", {"c", "d"})]
    result = balance(workers, areas, time_limit_s=2)
    for ids in worker_areas(result).values():
        assert connected(ids, areas)


def test_a_busy_area_is_shared_by_up_to_max_split_workers():
    areas = line([10, 1, 1])
    workers = [
        Worker("w1", {"a"}),
        Worker("w2", {"a"}),
        Worker("w3", {"b"}),
        Worker("w4", {"c"}),
    ]
    alone = balance(workers, areas, time_limit_s=2)
    shared = balance(workers, areas, max_split=3, time_limit_s=2)
    assert alone.max_load == pytest.approx(10)
    assert len(shared.teams["a"]) == 3
    assert shared.max_load == pytest.approx(10 / 3)
    assert shared.loads[shared.teams["a"][0]] == pytest.approx(10 / 3)
    assert 0 <= shared.gap < 0.01


def test_regions_are_solved_apart_and_nobody_crosses():
    north = [Area(a.id, a.workload, a.lat, a.lon, a.neighbours, "N") for a in line([3, 1, 1])]
    south = [
        Area("s" + a.id, a.workload, a.lat - 1, a.lon, {"s" + n for n in a.neighbours}, "S")
        for a in line([1, 1, 1])
    ]
    workers = [Worker("n1", {"a", "b", "c"}), Worker("n2", set()), Worker("s1", {"sa", "sb", "sc"})]
    result = balance(workers, [*north, *south], time_limit_s=2)
    assert result.max_load == pytest.approx(3)
    assert all(result.assignment[a.id] == "s1" for a in south)
    assert result.lower_bound <= result.max_load


def test_bad_input_is_refused():
    areas = line([1, 1])
    with pytest.raises(ValueError, match="not in the list"):
        balance([Worker("w", {"zz"})], areas)
    with pytest.raises(ValueError, match="unique"):
        balance([Worker("w"), Worker("w")], areas)


def test_one_worker_per_area_with_a_busy_one_is_solved_by_displacement_with_a_proof():
    # 4x4 grid, one TKSK per area; the busy corner needs a second worker: a neighbour joins
    # it and hands their own area to the next neighbour. The counting bound proves it.
    loads = [8, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    areas = grid(4, loads)
    workers = [Worker(f"w{a.id}", {a.id}) for a in areas]
    result = balance(workers, areas, max_split=2, time_limit_s=3)
    assert result.max_load == pytest.approx(4)
    assert result.optimal
    assert result.lower_bound == pytest.approx(4)
    assert len(result.teams["0-0"]) == 2
    for w, mine in worker_areas(result).items():
        assert connected(mine, areas), w


def test_regions_only_need_to_reach_the_largest_bound_of_all():
    busy = [
        Area(f"a{i}", load, 0.5, 101.4 + STEP * i, set(), region="A") for i, load in enumerate([10])
    ]
    calm = line([1, 1, 1])
    calm = [Area(a.id, a.workload, a.lat, a.lon, a.neighbours, region="B") for a in calm]
    workers = [Worker("wa", {"a0"}), Worker("w1", {"a", "b"}), Worker("w2", {"c"})]
    result = balance(workers, [*busy, *calm], time_limit_s=3)
    assert result.max_load == pytest.approx(10)
    assert result.optimal  # region B need not be balanced further: region A decides
    assert result.gap == pytest.approx(0)


def test_what_if_from_a_start_never_ends_above_it_and_places_the_new_workers():
    areas = grid(3, [9, 1, 1, 1, 1, 1, 1, 1, 1])
    workers = [Worker(f"w{a.id}", {a.id}) for a in areas]
    base = balance(workers, areas, max_split=3, time_limit_s=2)
    more = balance(workers, areas, max_split=3, extra_workers=2, start=base.teams, time_limit_s=2)
    assert more.max_load <= base.max_load
    assert more.max_load == pytest.approx(3)
    assert any(more.extra_workers.values())
