"""Day routes: windows, depot, service times, the priority rule, the travel matrix, the baseline."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pendamping.planning.routing import (
    Stop,
    TravelMatrix,
    _Day,
    due_date_order_plan,
    enforce_priority,
    plan_day,
    travel_matrix,
)

OFFICE = Stop("kantor", 0.5071, 101.4478)
KM_LAT = 1 / 111.2  # degrees of latitude per km, near enough


def near(i: int, km: float, **kw) -> Stop:
    """A stop `km` north of the office (plus a little east so points differ)."""
    return Stop(f"s{i}", OFFICE.lat + km * KM_LAT, OFFICE.lon + 0.001 * i, **kw)


def random_stops(n: int, seed: int) -> list[Stop]:
    rng = random.Random(seed)
    stops = []
    for k in range(n):
        earliest = rng.choice([480, 480, 540, 780])
        stops.append(
            Stop(
                f"s{k}",
                rng.uniform(0.45, 0.56),
                rng.uniform(101.40, 101.50),
                rng.randint(10, 30),
                earliest,
                earliest + rng.choice([60, 120, 240]),
                rng.randint(1, 3),
            )
        )
    return stops


def assert_schedule_valid(plan, depot, stops, start, end, speed=25.0, detour=1.4):
    """Recompute the schedule from the matrix: windows, service, travel, start and return."""
    points = [depot, *stops]
    index = {p.id: k for k, p in enumerate(points)}
    t = travel_matrix(points, speed, detour).seconds
    by_id = {s.id: s for s in stops}
    now, here = start, 0
    for v in plan.visits:
        s = by_id[v.id]
        i = index[v.id]
        assert v.arrival >= now + t[here][i] / 60 - 1e-9
        assert s.earliest <= v.arrival <= s.latest
        assert v.departure == pytest.approx(v.arrival + s.service_minutes)
        now, here = v.departure, i
    assert plan.finish == pytest.approx(now + t[here][0] / 60)
    assert plan.finish <= end
    assert plan.start == start
    assert sorted([v.id for v in plan.visits] + plan.dropped) == sorted(by_id)


def test_travel_matrix_is_symmetric_and_applies_detour_and_speed():
    pts = [OFFICE, near(1, 3.0), near(2, 7.5)]
    straight = travel_matrix(pts, speed_kmh=30, detour=1.0)
    winding = travel_matrix(pts, speed_kmh=30, detour=1.4)
    for m in (straight, winding):
        for i in range(3):
            assert m.seconds[i][i] == 0
            for j in range(3):
                assert m.seconds[i][j] == m.seconds[j][i]
                assert m.metres[i][j] == m.metres[j][i]
    km = straight.metres[0][1] / 1000
    assert km == pytest.approx(3.0, rel=0.01)
    assert straight.seconds[0][1] == pytest.approx(km / 30 * 3600, abs=1)
    assert winding.metres[0][1] == pytest.approx(1.4 * straight.metres[0][1], abs=1)
    assert winding.seconds[0][2] == pytest.approx(1.4 * straight.seconds[0][2], abs=1)


def test_plan_respects_windows_service_times_and_the_day():
    stops = random_stops(14, seed=3)
    plan = plan_day(OFFICE, stops, start=480, end=720, time_limit_s=0.3)
    assert plan.visits, "some visits fit in a morning"
    assert plan.dropped, "not all 14 fit in a morning"
    assert_schedule_valid(plan, OFFICE, stops, 480, 720)
    assert plan.travel_minutes > 0
    assert plan.distance_km > 0


def test_a_narrow_window_is_met_and_waiting_is_reported():
    stops = [near(1, 2.0, service_minutes=15, earliest=600, latest=605, priority=2)]
    plan = plan_day(OFFICE, stops, start=480, end=960, time_limit_s=0.1)
    (visit,) = plan.visits
    assert 600 <= visit.arrival <= 605
    assert visit.wait > 100  # left at 08:00, a few minutes' ride, waited until 10:00
    assert visit.departure == pytest.approx(visit.arrival + 15)


def test_far_priority_one_is_made_even_if_many_near_priority_three_are_dropped():
    far = Stop("jauh", OFFICE.lat - 12 * KM_LAT, OFFICE.lon, 30, 480, 720, priority=1)
    close = [
        near(i, 0.3 + 0.1 * i, service_minutes=15, earliest=480, latest=720) for i in range(15)
    ]
    plan = plan_day(OFFICE, [*close, far], start=480, end=720, time_limit_s=0.5)
    made = [v.id for v in plan.visits]
    assert "jauh" in made
    assert len(made) < 16  # the far visit costs several near ones
    assert_schedule_valid(plan, OFFICE, [*close, far], 480, 720)
    # The control: at the same priority as the others, the far stop is the one left out.
    equal = Stop("jauh", far.lat, far.lon, 30, 480, 720, priority=3)
    control = plan_day(OFFICE, [*close, equal], start=480, end=720, time_limit_s=0.5)
    assert "jauh" in control.dropped


def test_a_priority_one_that_cannot_fit_does_not_block_lower_ones():
    impossible = Stop("luar", OFFICE.lat - 40 * KM_LAT, OFFICE.lon, 30, 480, 500, priority=1)
    close = [near(i, 1.0 + 0.2 * i, service_minutes=20, earliest=480, latest=900) for i in range(4)]
    plan = plan_day(OFFICE, [impossible, *close], time_limit_s=0.2)
    assert plan.dropped == ["luar"]
    assert len(plan.visits) == 4


def test_repair_puts_a_dropped_higher_priority_visit_back():
    # A feasible but wrong order: the near priority-3 stops fill the day, the priority-2 one
    # is dropped. The repair must make the priority-2 visit, dropping priority-3 ones.
    mid = Stop("mid", OFFICE.lat + 6 * KM_LAT, OFFICE.lon, 40, 480, 600, priority=2)
    close = [near(i, 0.5, service_minutes=25, earliest=480, latest=600) for i in range(1, 5)]
    points = [OFFICE, *close, mid]
    day = _Day(points, travel_matrix(points), 480, 600)
    wrong = [1, 2, 3, 4]
    assert day.finish(wrong) is not None
    fixed = enforce_priority(day, wrong, range(1, len(points)))
    assert 5 in fixed
    assert day.finish(fixed) is not None


def brute_force_fits(day: _Day, items: list[int]) -> bool:
    return any(day.finish(list(p)) is not None for p in itertools.permutations(items))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 6),
    end=st.sampled_from([600, 660, 720]),
)
def test_priority_rule_holds_against_brute_force(seed, n, end):
    stops = random_stops(n, seed)
    plan = plan_day(OFFICE, stops, start=480, end=end, time_limit_s=0.05)
    points = [OFFICE, *stops]
    day = _Day(points, travel_matrix(points), 480, end)
    index = {p.id: k for k, p in enumerate(points)}
    made = [index[v.id] for v in plan.visits]
    assert day.finish(made) is not None
    lowest = max((day.prio[i] for i in made), default=0)
    for sid in plan.dropped:
        i = index[sid]
        if day.prio[i] < lowest:
            kept = [v for v in made if day.prio[v] <= day.prio[i]]
            assert not brute_force_fits(day, [*kept, i]), f"{sid} was dropped for lower ones"


def test_due_date_baseline_goes_by_the_list_and_skips_what_does_not_fit():
    stops = random_stops(20, seed=5)
    plan = due_date_order_plan(OFFICE, stops, start=480, end=720)
    assert plan.dropped
    assert_schedule_valid(plan, OFFICE, stops, 480, 720)
    open_all_day = [Stop(s.id, s.lat, s.lon, 15, 480, 900, 3) for s in stops[:12]]
    plan = due_date_order_plan(OFFICE, open_all_day, start=480, end=720)
    made = [v.id for v in plan.visits]
    order = [s.id for s in open_all_day]
    assert made == [sid for sid in order if sid in made]  # by the list, skipping some
    assert plan.dropped


def test_the_optimised_plan_beats_due_date_order_on_the_same_visits():
    stops = random_stops(25, seed=8)
    naive = due_date_order_plan(OFFICE, stops, start=480, end=780)
    same = [s for s in stops if s.id in {v.id for v in naive.visits}]
    plan = plan_day(OFFICE, same, start=480, end=780, time_limit_s=0.5)
    assert not plan.dropped
    assert plan.travel_minutes < naive.travel_minutes


def test_a_road_router_matrix_replaces_the_estimate():
    stops = [near(1, 1.0, service_minutes=10), near(2, 2.0, service_minutes=10)]
    durations = [[0, 600, 900], [600, 0, 300], [900, 300, 0]]  # seconds, as from OSRM
    metres = [[0, 5000, 8000], [5000, 0, 2000], [8000, 2000, 0]]
    plan = plan_day(
        OFFICE, stops, matrix=TravelMatrix.from_durations(durations, metres), time_limit_s=0.1
    )
    assert plan.travel_minutes == pytest.approx((600 + 300 + 900) / 60)
    assert plan.distance_km == pytest.approx(15.0)
    built = plan_day(
        OFFICE,
        stops,
        matrix=lambda pts: TravelMatrix.from_durations(durations),
        time_limit_s=0.1,
    )
    assert built.travel_minutes == pytest.approx(30)
    with pytest.raises(ValueError, match="one row per point"):
        plan_day(OFFICE, stops, matrix=TravelMatrix.from_durations([[0]]))


def test_nothing_to_visit_is_an_empty_plan():
    plan = plan_day(OFFICE, [], time_limit_s=0.1)
    assert plan.visits == []
    assert plan.dropped == []
    assert plan.travel_minutes == 0


@pytest.mark.parametrize(
    ("stop", "message"),
    [
        (Stop("x", 0.5, 101.4, 10, 600, 500, 1), "earliest is after latest"),
        (Stop("x", 0.5, 101.4, 10, 480, 500, 4), "priority"),
        (Stop("kantor", 0.5, 101.4, 10, 480, 500, 1), "unique"),
    ],
)
def test_bad_stops_are_refused(stop, message):
    with pytest.raises(ValueError, match=message):
        plan_day(OFFICE, [stop], time_limit_s=0.1)
