"""Eligibility of the whole registry for every program, at city scale.

Usage: .venv/bin/python bench/eligibility.py [--scale 100000] [--backends sqlite,postgres]
       [--runs 5]
Builds (once, cached) a demo database of `scale` people per backend, then in a fresh process
per backend times `programs.selectors.registry_eligibility` for all programs with a supervisor's
city-wide scope (load the facts in flat queries, then one pass per program), split into the
load and the evaluation, plus one person's "why / why not" for every program and the
"who is eligible" page. Target: all programs for the whole registry in under 30 s.

Baseline: the naive way, asking the database about each person in turn (the per-person
explanation, `person_eligibility`, run person by person), timed on 300 people and scaled to
the registry.

The demo gives welfare deciles (desil) only to a sample of kelurahan at this scale; the worker
fills the missing ones in the cached bench database with a deterministic spread
(`id * 7 mod 10 + 1`) so the decile rules of PKH, Sembako and PBI-JK have work to do.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import demo_env


def worker(runs: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from pendamping.accounts.models import User
    from pendamping.programs import eligibility, selectors
    from pendamping.registry.models import Household, Person

    settings.ALLOWED_HOSTS.append("testserver")
    settings.PENDAMPING_REQUIRE_2FA = False  # the page is timed, not the log-in
    with connection.cursor() as cur:
        cur.execute("UPDATE registry_household SET decile = (id * 7) % 10 + 1 WHERE decile IS NULL")
    kabid = User.objects.get(username="kabid")
    programs = list(selectors.program_list())
    today = timezone.localdate()
    out: dict = {
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "programs": len(programs),
    }
    totals, loads, evals = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        facts = selectors.eligibility_facts(
            kelurahan_ids=selectors._region_kelurahan_ids(), today=today
        )
        t1 = time.perf_counter()
        counts = {
            p.code: len(eligibility.eligible_ids(selectors.conditions_of(p), facts, today=today))
            for p in programs
        }
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        evals.append(t2 - t1)
        del facts
        t3 = time.perf_counter()
        results = selectors.registry_eligibility(actor=kabid, programs=programs)
        totals.append(time.perf_counter() - t3)
    out["eligible"] = counts
    out["gaps"] = {
        r.program.code: [len(r.eligible_not_enrolled), len(r.enrolled_not_eligible)]
        for r in results
    }
    out["total"], out["load"], out["evaluate"] = totals, loads, evals
    rng = random.Random(7)
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = list(Person.objects.filter(pk__in=[rng.randint(1, max_id) for _ in range(400)])[:300])
    t = time.perf_counter()
    for person in sample:
        selectors.person_eligibility(person=person, today=today)
    per_person = (time.perf_counter() - t) / len(sample)
    out["why_one_person_ms"] = per_person * 1000
    out["naive_registry_s"] = per_person * out["people"]
    client = Client()
    client.force_login(kabid)
    pages = []
    for code in ("pkh", "sembako", "pbi-jk"):
        t = time.perf_counter()
        assert client.get(f"/programs/p/{code}/eligible/").status_code == 200
        pages.append(time.perf_counter() - t)
    out["page"] = pages
    import resource

    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.runs)))
        return
    results = {}
    for backend in args.backends.split(","):
        env = demo_env(backend, args.scale)
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", "--runs", str(args.runs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        results[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
    med = statistics.median
    for backend, r in results.items():
        print(
            f"{backend}: {r['people']:,} people, {r['households']:,} households, "
            f"{r['programs']} programs"
        )
    names = list(results)
    print("\n| measure | target | " + " | ".join(f"{b} median (max)" for b in names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    rows = [
        ("all programs, whole registry (s)", "total", "< 30"),
        ("of which: load the facts (s)", "load", ""),
        ("of which: evaluate every program (s)", "evaluate", ""),
        ("'who is eligible' page, city-wide (s)", "page", ""),
    ]
    for label, key, target in rows:
        cells = " | ".join(f"{med(r[key]):.2f} ({max(r[key]):.2f})" for r in results.values())
        print(f"| {label} | {target} | {cells} |")
    cells = " | ".join(f"{r['why_one_person_ms']:.1f}" for r in results.values())
    print(f"| one person, every program, why / why not (ms) | | {cells} |")
    cells = " | ".join(f"{r['naive_registry_s']:.0f}" for r in results.values())
    print(f"| baseline: person by person, whole registry (s, extrapolated) | | {cells} |")
    cells = " | ".join(f"{r['peak_mb']:.0f}" for r in results.values())
    print(f"| peak memory of the process (MB) | | {cells} |")
    first = next(iter(results.values()))
    print(
        "\neligible per program ("
        + names[0]
        + "): "
        + ", ".join(f"{code} {n:,}" for code, n in first["eligible"].items())
    )
    print(
        f"\nCommand: nice -n 19 .venv/bin/python bench/eligibility.py --scale {args.scale} "
        f"--backends {args.backends} --runs {args.runs}"
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.dev")
    main()
