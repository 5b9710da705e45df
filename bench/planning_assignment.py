"""Balanced assignment: Pekanbaru (83 kelurahan, 156 PSM) and a national-sized instance.

Usage: .venv/bin/python bench/planning_assignment.py [--runs 3] [--national-runs 1]
       [--skip-national]

Pekanbaru: the real kelurahan from wilayah/data/geo/pekanbaru_kelurahan.geojson (centroids;
neighbours where two boundaries share a vertex within ~60 m), a synthetic PPKS workload
proportional to the kecamatan's 2021 population (Table 1) split over its kelurahan with a
deterministic +-35% spread, and the demo's 156 PSM (one per kelurahan, the other 73 where
people per kelurahan are most). National: 7,000 synthetic kecamatan in 34 provinces (jittered
grids ~9 km apart, lognormal workloads) and 7,000 TKSK, one per kecamatan; provinces are
regions (nobody is moved across one). Prints Markdown tables, medians over the runs.
"""

import argparse
import csv
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pendamping.planning.assignment import Area, Worker, balance  # noqa: E402

DATA = ROOT / "src" / "pendamping" / "wilayah" / "data"
PPKS_PER_PERSON = 0.03  # synthetic: 3% of people are PPKS followed by a PSM


def _centroid(ring: list[list[float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    a /= 2
    return cy / (6 * a), cx / (6 * a)  # lat, lon


def _norm(name: str) -> str:
    return name.lower().replace(" ", "")


def pekanbaru_instance(seed: int = 2021) -> tuple[list[Area], list[Worker]]:
    kel = json.loads((DATA / "geo" / "pekanbaru_kelurahan.geojson").read_text())["features"]
    kec = json.loads((DATA / "geo" / "pekanbaru_kecamatan.geojson").read_text())["features"]
    code_by_name = {_norm(f["properties"]["name"]): f["properties"]["code"] for f in kec}
    with (DATA / "pekanbaru_population_2021.csv").open(encoding="utf-8") as fh:
        people = {code_by_name[_norm(r["kecamatan"])]: int(r["total"]) for r in csv.DictReader(fh)}
    rings = {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in kel}
    names = {f["properties"]["code"]: f["properties"]["name"] for f in kel}
    per_kec: dict[str, int] = {}
    for code in rings:
        per_kec[code[:8]] = per_kec.get(code[:8], 0) + 1
    vertices = {
        code: {(round(x / 0.0006), round(y / 0.0006)) for x, y in ring}
        for code, ring in rings.items()
    }
    rng = random.Random(seed)
    areas = []
    for code, ring in sorted(rings.items()):
        cells = vertices[code]
        grown = {(i + di, j + dj) for i, j in cells for di in (-1, 0, 1) for dj in (-1, 0, 1)}
        nbrs = {c for c in rings if c != code and vertices[c] & grown}
        lat, lon = _centroid(ring)
        people_here = people[code[:8]] / per_kec[code[:8]]
        workload = round(people_here * PPKS_PER_PERSON * rng.uniform(0.65, 1.35))
        areas.append(Area(code, workload, lat, lon, frozenset(nbrs), region="1471"))
    # The demo's 156 PSM: one per kelurahan, the other 73 where people per kelurahan are most.
    per_kel = {a.id: people[a.id[:8]] / per_kec[a.id[:8]] for a in areas}
    busiest = sorted(per_kel, key=lambda c: -per_kel[c])
    counts = dict.fromkeys(per_kel, 1)
    for i in range(156 - len(areas)):
        counts[busiest[i % len(busiest)]] += 1
    workers = [
        Worker(f"psm.{names[c].lower().replace(' ', '')}.{n + 1}", frozenset({c}))
        for c in sorted(counts)
        for n in range(counts[c])
    ]
    return areas, workers


def national_instance(seed: int = 1, n: int = 7000, provinces: int = 34):
    rng = random.Random(seed)
    areas, workers = [], []
    sizes = [n // provinces + (1 if p < n % provinces else 0) for p in range(provinces)]
    for p, size in enumerate(sizes):
        lat0, lon0 = rng.uniform(-8, 4), rng.uniform(95, 140)
        side = int(size**0.5) + 1
        cells = [(i, j) for i in range(side) for j in range(side)][:size]
        ids = {c: f"{p + 11:02d}.{k:04d}" for k, c in enumerate(cells)}
        for (i, j), aid in ids.items():
            steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
            nbrs = frozenset(ids[(i + a, j + b)] for a, b in steps if (i + a, j + b) in ids)
            lat = lat0 + 0.08 * i + rng.uniform(-0.02, 0.02)
            lon = lon0 + 0.08 * j + rng.uniform(-0.02, 0.02)
            workload = round(100 * rng.lognormvariate(0, 0.45))
            areas.append(Area(aid, workload, lat, lon, nbrs, region=f"{p + 11:02d}"))
            workers.append(Worker(f"tksk.{aid}", frozenset({aid})))
    return areas, workers


def _row(label: str, results: list, areas: int, workers: int, limit: float) -> str:
    med = statistics.median
    return (
        f"| {label} | {areas:,} × {workers:,} | {limit:g} | "
        f"{med(r.solve_seconds for r in results):.1f} | "
        f"{med(r.current_max_load or 0 for r in results):.0f} | "
        f"{med(r.max_load for r in results):.1f} | {med(r.lower_bound for r in results):.1f} | "
        f"{100 * med(r.gap for r in results):.2f}% | "
        f"{sum(r.optimal for r in results)}/{len(results)} | "
        f"{med(len(r.moved_areas) for r in results):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--national-runs", type=int, default=1)
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()

    print(
        "| instance | areas × workers | limit s | solve s | current max | max load |"
        " lower bound | gap | optimal | areas moved |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    areas, workers = pekanbaru_instance()
    cases = [
        ("Pekanbaru PSM, one per kelurahan (issue wording)", {"max_split": 1}),
        ("Pekanbaru PSM, up to 6 share a kelurahan", {"max_split": 6}),
        ("Pekanbaru PSM, up to 6, ≤ 4 km from centre", {"max_split": 6, "max_km": 4.0}),
        ("Pekanbaru PSM, up to 6, inertia 5", {"max_split": 6, "inertia": 5.0}),
    ]
    bases = []
    for label, kw in cases:
        runs = [balance(workers, areas, time_limit_s=10, seed=s, **kw) for s in range(args.runs)]
        print(_row(label, runs, len(areas), len(workers), 10), flush=True)
        if kw == {"max_split": 6}:
            bases = runs
    # The what-if as the UI runs it: from the plan without them (another 10 s).
    label = "Pekanbaru PSM, up to 6, + 10 new (what if, from the plan above)"
    runs = [
        balance(
            workers, areas, time_limit_s=10, seed=s, max_split=6, extra_workers=10, start=base.teams
        )
        for s, base in enumerate(bases)
    ]
    print(_row(label, runs, len(areas), len(workers), 10), flush=True)
    if not args.skip_national:
        areas, workers = national_instance()
        started = time.perf_counter()
        runs = [
            balance(workers, areas, time_limit_s=60, max_split=2, seed=s)
            for s in range(args.national_runs)
        ]
        label = "national TKSK, up to 2 per kecamatan"
        print(_row(label, runs, len(areas), len(workers), 60), flush=True)
        print(f"\n(national wall time incl. model building: {time.perf_counter() - started:.1f} s)")
    print(
        f"\ncommand: .venv/bin/python bench/planning_assignment.py --runs {args.runs}"
        f" --national-runs {args.national_runs}"
    )


if __name__ == "__main__":
    main()
