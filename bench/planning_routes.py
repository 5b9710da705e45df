"""Day routes: speed and quality of `plan_day` against itself given 60 s and due-date order.

Usage: .venv/bin/python bench/planning_routes.py [--seeds 5] [--limit 2] [--reference 60]
       [--seeds-200 3] [--reference-200]

Instances are deterministic per seed, inside Pekanbaru's bounding box (lat 0.40-0.62, lon
101.35-101.55), leaving from and returning to the Dinas Sosial office (0.5071, 101.4478),
08:00-16:00 at 25 km/h with a 1.4 detour factor. Three in four stops lie within ~4 km of the
assistant's own area (a random point in the box), the rest anywhere in the city; service
10-30 min; windows: half all day (start by 15:30), a fifth morning (08:00-11:30), a fifth
afternoon (13:00-15:30), a tenth a one-hour appointment; priorities 20% 1, 30% 2, 50% 3.
The given order is the due-date order (unrelated to place). A day fits about 15 of 40, so
every plan drops stops; the comparisons are therefore made three ways:
- vs 60 s: travel time ratio, and whether the visits per priority are the same;
- vs due-date order: travel minutes per visit, and visits made;
- same visits: the stops the due-date order makes, planned by plan_day (nothing dropped).
"""

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pendamping.planning.routing import Stop, due_date_order_plan, plan_day  # noqa: E402

OFFICE = Stop("dinsos", 0.5071, 101.4478)
BOX = (0.40, 0.62, 101.35, 101.55)


def instance(n: int, seed: int) -> list[Stop]:
    rng = random.Random(seed)
    home = (rng.uniform(0.44, 0.58), rng.uniform(101.39, 101.51))
    stops = []
    for k in range(n):
        if rng.random() < 0.75:
            r, a = 4 / 111.2 * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
            lat = min(max(home[0] + r * math.sin(a), BOX[0]), BOX[1])
            lon = min(max(home[1] + r * math.cos(a), BOX[2]), BOX[3])
        else:
            lat, lon = rng.uniform(*BOX[:2]), rng.uniform(*BOX[2:])
        kind = rng.random()
        if kind < 0.5:
            earliest, latest = 480, 930
        elif kind < 0.7:
            earliest, latest = 480, 690
        elif kind < 0.9:
            earliest, latest = 780, 930
        else:
            earliest = rng.randrange(540, 900, 30)
            earliest, latest = earliest, earliest + 60
        priority = rng.choices([1, 2, 3], weights=[2, 3, 5])[0]
        due = rng.random()
        stops.append(
            (due, Stop(f"s{k:03d}", lat, lon, rng.randint(10, 30), earliest, latest, priority))
        )
    return [s for _, s in sorted(stops, key=lambda t: t[0])]


def by_priority(plan, stops) -> str:
    prio = {s.id: s.priority for s in stops}
    counts = [sum(1 for v in plan.visits if prio[v.id] == p) for p in (1, 2, 3)]
    return "/".join(map(str, counts))


def timed(fn, *args, **kw):
    began = time.perf_counter()
    result = fn(*args, **kw)
    return result, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--limit", type=float, default=2.0)
    parser.add_argument("--reference", type=float, default=60.0)
    parser.add_argument("--seeds-200", type=int, default=3)
    parser.add_argument("--reference-200", action="store_true")
    args = parser.parse_args()

    print(f"40 stops, plan_day limit {args.limit:g} s vs {args.reference:g} s vs due-date order\n")
    print(
        "| seed | plan s | visits p1/p2/p3 | travel min | 60 s: visits | 60 s: travel |"
        " travel ratio | due-date: visits | min/visit plan vs due | same visits: travel ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    ratios, per_visit, same, secs = [], [], [], []
    for seed in range(1, args.seeds + 1):
        stops = instance(40, seed)
        plan, took = timed(plan_day, OFFICE, stops, time_limit_s=args.limit)
        ref = plan_day(OFFICE, stops, time_limit_s=args.reference)
        naive = due_date_order_plan(OFFICE, stops)
        made = {v.id for v in naive.visits}
        again = plan_day(OFFICE, [s for s in stops if s.id in made], time_limit_s=args.limit)
        assert not again.dropped
        ratio = plan.travel_minutes / ref.travel_minutes
        pv = (plan.travel_minutes / len(plan.visits)) / (naive.travel_minutes / len(naive.visits))
        sr = again.travel_minutes / naive.travel_minutes
        ratios.append(ratio)
        per_visit.append(pv)
        same.append(sr)
        secs.append(took)
        print(
            f"| {seed} | {took:.2f} | {by_priority(plan, stops)} | {plan.travel_minutes:.0f} | "
            f"{by_priority(ref, stops)} | {ref.travel_minutes:.0f} | {ratio:.3f} | "
            f"{by_priority(naive, stops)} | {pv:.2f} | {sr:.2f} |",
            flush=True,
        )
    med = statistics.median
    print(
        f"| median | {med(secs):.2f} | | | | | {med(ratios):.3f} | | {med(per_visit):.2f} |"
        f" {med(same):.2f} |"
    )

    print("\n200 stops\n")
    print("| seed | plan s | visits p1/p2/p3 | travel min | reference travel | ratio |")
    print("|---|---|---|---|---|---|")
    for seed in range(1, args.seeds_200 + 1):
        stops = instance(200, 100 + seed)
        plan, took = timed(plan_day, OFFICE, stops, time_limit_s=args.limit)
        ref_text = ratio_text = "-"
        if args.reference_200:
            ref = plan_day(OFFICE, stops, time_limit_s=args.reference)
            ref_text = f"{ref.travel_minutes:.0f} ({by_priority(ref, stops)})"
            ratio_text = f"{plan.travel_minutes / ref.travel_minutes:.3f}"
        print(
            f"| {100 + seed} | {took:.2f} | {by_priority(plan, stops)} | "
            f"{plan.travel_minutes:.0f} | {ref_text} | {ratio_text} |",
            flush=True,
        )
    flags = " --reference-200" if args.reference_200 else ""
    print(
        f"\ncommand: .venv/bin/python bench/planning_routes.py --seeds {args.seeds}"
        f" --limit {args.limit:g} --reference {args.reference:g} --seeds-200 {args.seeds_200}"
        + flags
    )


if __name__ == "__main__":
    main()
