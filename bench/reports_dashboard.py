"""City dashboard at city scale: 1,000,000 people, 100,000 cases, 1,000,000 activities.

Usage: .venv/bin/python bench/reports_dashboard.py [--backends sqlite,postgres] [--samples 30]
(REPORTS_BENCH_SCALE=20000 for a quick trial: people, a tenth as many cases, as many activities)
Starts from the cached 1,000,000-people demo database (bench/common.py), copies it (so the
other benchmarks keep theirs), adds synthetic cases, activities tagged by role and referrals
up to the stated volume (once), then in a fresh process per backend:
  - rebuilds the pre-computed figures (`facts_refresh`, what the background task does),
  - times the dashboard page, its API, an area page and the role profile (Django test client
    in-process: server time, no network), median / p95 / max,
  - exports the same records to Parquet and computes the same figures with DuckDB straight
    from the files (the lower bound), median of five runs.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, demo_env, pg_base_url, summary_ms

SCALE = int(os.environ.get("REPORTS_BENCH_SCALE", 1_000_000))
CASES = SCALE // 10
ACTIVITIES = SCALE
ROLE_WEIGHTS = {
    "broker": 20,
    "mediator": 14,
    "advocate": 15,
    "facilitator": 6,
    "protector": 2,
    "liaison": 10,
    "motivator": 9,
    "researcher": 4,
    "mobiliser": 6,
    "evaluator": 5,
    "mentor": 9,
}


def prepared_env(backend: str) -> dict:
    """A copy of the cached demo database with the casework volume added (both once)."""
    base = demo_env(backend, SCALE)
    var = CACHE / f"reports-{SCALE}"
    var.mkdir(parents=True, exist_ok=True)
    env = {**base, "PENDAMPING_VAR": str(var)}
    marker = var / f"{backend}.ready"
    if backend == "sqlite":
        if not marker.exists():
            shutil.copy(
                Path(base["PENDAMPING_VAR"]) / "pendamping.sqlite3", var / "pendamping.sqlite3"
            )
            shutil.copy(Path(base["PENDAMPING_VAR"]) / "secret_key", var / "secret_key")
    else:
        name = f"pendamping_bench_reports_{SCALE}"
        env["DATABASE_URL"] = f"{pg_base_url().rsplit('/', 1)[0]}/{name}"
        if not marker.exists():
            _pg_copy(base["DATABASE_URL"].rsplit("/", 1)[1], name)
    if not marker.exists():
        cli = [sys.executable, "-m", "pendamping.cli"]
        subprocess.run(
            [*cli, "setup", "--no-static"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run([sys.executable, __file__, "--inflate"], env=env, check=True)
        marker.touch()
    return env


def _pg_copy(source: str, target: str) -> None:
    import psycopg

    base = pg_base_url().rsplit("/", 1)[0].replace("postgres://", "postgresql://")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        for _ in range(30):
            try:
                conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(2)
        raise SystemExit(f"{source} stays in use; cannot copy it")


def inflate() -> None:
    """Add cases, activities and referrals up to the stated volume, spread over the last
    twelve months, across the demo's TKSK and PSM and their kelurahan."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from pendamping.accounts.models import Role, User
    from pendamping.casework.models import Activity, Agency, Case, CaseStatus, Referral
    from pendamping.core.scope import scope_of
    from pendamping.registry.models import Person, PpksCategory

    rng = random.Random(9)
    today = timezone.localdate()
    now = timezone.now()
    workers = list(User.objects.filter(role__in=(Role.TKSK, Role.PSM), is_active=True))
    areas = {w.pk: sorted(scope_of(w).kelurahan_ids) for w in workers}
    workers = [w for w in workers if areas[w.pk]]
    people: dict[int, list[int]] = {}
    for pk, kel in Person.objects.values_list("pk", "kelurahan_id").iterator(chunk_size=50000):
        bucket = people.setdefault(kel, [])
        if len(bucket) < 2000:
            bucket.append(pk)
    categories = list(PpksCategory.objects.values_list("pk", flat=True))
    agency, _ = Agency.objects.get_or_create(
        name="RSUD Arifin Achmad", defaults={"kind": "health", "services": "Hospital"}
    )
    statuses = [
        CaseStatus.ASSESSMENT,
        CaseStatus.PLANNED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.CLOSED,
    ]
    roles, weights = zip(*ROLE_WEIGHTS.items(), strict=True)
    need_cases = CASES - Case.objects.count()
    need_activities = ACTIVITIES - Activity.objects.count()
    print(f"adding {need_cases:,} cases and {need_activities:,} activities", file=sys.stderr)
    cases: list[tuple[int, int, int]] = []
    batch = []
    for i in range(max(0, need_cases)):
        worker = rng.choice(workers)
        kel = rng.choice(areas[worker.pk])
        if not people.get(kel):
            continue
        opened = now - timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 23))
        status = rng.choice(statuses)
        batch.append(
            Case(
                person_id=rng.choice(people[kel]),
                kelurahan_id=kel,
                lead=worker,
                category_id=rng.choice(categories),
                problem="Bench case",
                status=status,
                opened_at=opened,
                closed_at=opened + timedelta(days=rng.randint(1, 60))
                if status == CaseStatus.CLOSED
                else None,
                outcome="goal_reached" if status == CaseStatus.CLOSED else "",
            )
        )
        if len(batch) == 5000 or i == need_cases - 1:
            with transaction.atomic():
                made = Case.objects.bulk_create(batch)
            cases += [(c.pk, c.kelurahan_id, c.lead_id) for c in made if c.pk]
            batch = []
    if not cases:
        cases = list(Case.objects.values_list("pk", "kelurahan_id", "lead_id")[:100000])
    referrals = []
    for pk, kel, lead in rng.sample(cases, min(len(cases), 30000)):
        referrals.append(
            Referral(
                case_id=pk,
                person_id=rng.choice(people[kel]),
                kelurahan_id=kel,
                agency=agency,
                need="Bench referral",
                due_on=today - timedelta(days=rng.randint(-20, 300)),
                status=rng.choice(["sent", "accepted", "service_given", "declined"]),
                referred_by_id=lead,
                sent_at=now - timedelta(days=rng.randint(0, 364)),
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=5000)
    batch = []
    for i in range(max(0, need_activities)):
        pk, kel, lead = rng.choice(cases)
        tags = sorted(set(rng.choices(roles, weights, k=rng.choice((1, 1, 2, 3)))))
        batch.append(
            Activity(
                case_id=pk,
                actor_id=lead,
                kind=rng.choice(["home_visit", "phone_call", "meeting", "accompaniment"]),
                date=today - timedelta(days=rng.randint(0, 364)),
                duration_minutes=rng.choice((15, 30, 45, 60, 90, 120)),
                kelurahan_id=kel,
                roles=tags,
            )
        )
        if len(batch) == 20000 or i == need_activities - 1:
            with transaction.atomic():
                Activity.objects.bulk_create(batch)
            batch = []


def _time(fn, samples: int, before=None) -> list[float]:
    times = []
    for _ in range(samples):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def worker(samples: int) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from pendamping.accounts.models import User
    from pendamping.casework.models import Activity, Case
    from pendamping.registry.models import Person
    from pendamping.reports.aggregates import all_facts
    from pendamping.reports.services import facts_refresh

    setup_test_environment()
    from pendamping.reports.rendering import warm_city_dashboard

    counts = {
        "people": Person.objects.count(),
        "cases": Case.objects.count(),
        "activities": Activity.objects.count(),
    }
    started = time.perf_counter()
    rows = sum(1 for _ in all_facts())
    counting = time.perf_counter() - started
    state = facts_refresh()
    cache.clear()
    started = time.perf_counter()
    warm_city_dashboard()
    warming = time.perf_counter() - started
    client = Client()
    client.force_login(User.objects.get(username="kabid"))
    tksk = Client()
    tksk.force_login(User.objects.get(username="tksk.tampan"))

    def get(c, url):
        response = c.get(url)
        assert response.status_code == 200, (url, response.status_code)

    pages = {
        "dashboard (supervisor)": lambda: get(client, "/reports/"),
        "dashboard (TKSK, 2 kecamatan)": lambda: get(tksk, "/reports/"),
        "dashboard API": lambda: get(client, "/api/v1/reports/dashboard"),
        "area page (Tuah Madani)": lambda: get(client, "/reports/area/14.71.13/"),
        "role profile by assistant": lambda: get(client, "/reports/roles/?by=assistant"),
        "one assistant's role profile": lambda: get(client, "/reports/roles/tksk.tampan/"),
    }
    # Rendered panels are cached until the next rebuild (reports/rendering.py); the background
    # task renders the city dashboard right after rebuilding. "not cached" empties the cache
    # before every sample: the first view of a window nobody opened since the rebuild.
    uncached = (
        "dashboard (supervisor)",
        "dashboard (TKSK, 2 kecamatan)",
        "area page (Tuah Madani)",
    )
    timings = {}
    for name, fn in pages.items():
        fn()  # warm
        timings[name] = _time(fn, samples)
        if name in uncached:
            timings[f"{name}, not cached"] = _time(fn, samples, before=cache.clear)
    return {
        "counts": counts,
        "facts": rows,
        "counting_s": counting,
        "refresh_s": state.seconds,
        "warm_s": warming,
        "pages": {k: summary_ms(v) for k, v in timings.items()},
        "duckdb": duckdb_lower_bound(),
    }


EXPORTS = {
    "person": "SELECT id, kelurahan_id, household_id, status FROM registry_person",
    "household": "SELECT id, kelurahan_id, status FROM registry_household",
    "classification": (
        "SELECT c.person_id, c.household_id, c.valid_until, k.code "
        "FROM registry_classification c JOIN registry_ppkscategory k ON k.id = c.category_id"
    ),
    "cases": "SELECT id, kelurahan_id, status, opened_at, closed_at, outcome FROM casework_case",
    "activity": (
        "SELECT actor_id, kelurahan_id, date, duration_minutes, "
        "CAST(roles AS TEXT) AS roles FROM casework_activity"
    ),
    "referral": "SELECT kelurahan_id, status, sent_at FROM casework_referral",
    "verval": "SELECT kelurahan_id, status, due_on, result, result_at FROM linkage_vervaltask",
}

QUERIES = {
    "people": "SELECT kelurahan_id, count(*) FROM person WHERE status='active' GROUP BY 1",
    "households": "SELECT kelurahan_id, count(*) FROM household WHERE status='active' GROUP BY 1",
    "ppks": (
        "SELECT p.kelurahan_id, c.code, count(DISTINCT p.id), count(DISTINCT p.household_id) "
        "FROM classification c JOIN person p ON p.id = c.person_id "
        "WHERE p.status='active' AND (c.valid_until IS NULL OR c.valid_until >= current_date) "
        "GROUP BY 1, 2"
    ),
    "cases_open": (
        "SELECT kelurahan_id, status, count(*) FROM cases WHERE status<>'closed' GROUP BY 1, 2"
    ),
    "cases_opened": (
        "SELECT kelurahan_id, date_trunc('month', opened_at), count(*) FROM cases GROUP BY 1, 2"
    ),
    "cases_closed": (
        "SELECT kelurahan_id, date_trunc('month', closed_at), outcome, count(*) FROM cases "
        "WHERE status='closed' GROUP BY 1, 2, 3"
    ),
    "referrals": (
        "SELECT kelurahan_id, date_trunc('month', sent_at), status, count(*) FROM referral "
        "GROUP BY 1, 2, 3"
    ),
    "roles": (
        "SELECT actor_id, kelurahan_id, date_trunc('month', date) m, r.role, count(*), "
        "sum(duration_minutes / len(r.roles)) FROM ("
        "  SELECT *, CAST(json(roles) AS VARCHAR[]) AS roles_list FROM activity"
        ") a, LATERAL (SELECT unnest(a.roles_list) AS role, a.roles_list AS roles) r "
        "GROUP BY 1, 2, 3, 4"
    ),
    "verval": (
        "SELECT kelurahan_id, count(*) FILTER (WHERE status='open'), "
        "count(*) FILTER (WHERE status='open' AND due_on < current_date) FROM verval GROUP BY 1"
    ),
}


def duckdb_lower_bound() -> dict:
    """Export the records to Parquet (timed), then the same figures with DuckDB from the files."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection

    folder = Path(tempfile.mkdtemp(prefix="reports-parquet-"))
    started = time.perf_counter()
    for name, sql in EXPORTS.items():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            columns = [c[0] for c in cursor.description]
            writer = None
            while True:
                rows = cursor.fetchmany(200_000)
                if not rows:
                    break
                table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
                if writer is None:
                    writer = pq.ParquetWriter(folder / f"{name}.parquet", table.schema)
                writer.write_table(table.cast(writer.schema))
            if writer is None:
                pq.write_table(pa.table({c: [] for c in columns}), folder / f"{name}.parquet")
            else:
                writer.close()
    export = time.perf_counter() - started
    con = duckdb.connect()
    for name in EXPORTS:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM '{folder / name}.parquet'")  # noqa: S608
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for sql in QUERIES.values():
            con.execute(sql).fetchall()
        runs.append(time.perf_counter() - started)
    shutil.rmtree(folder, ignore_errors=True)
    return {"export_s": export, "queries_ms": statistics.median(runs) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--inflate", action="store_true")
    args = parser.parse_args()
    if args.inflate:
        inflate()
        return
    if args.worker:
        print(json.dumps(worker(args.samples)))
        return
    results = {}
    for backend in args.backends.split(","):
        env = prepared_env(backend)
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", "--samples", str(args.samples)],
            # pages are timed in-process (test settings: static files without a manifest,
            # no two-factor step for the logged-in supervisor)
            env={**env, "DJANGO_SETTINGS_MODULE": "pendamping.settings.test"},
            check=True,
            capture_output=True,
            text=True,
        )
        results[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
        # kept beside the database, so a later failure does not lose this backend's figures
        (CACHE / f"reports-{SCALE}" / f"results-{backend}.json").write_text(
            json.dumps(results[backend], indent=1)
        )
        print(json.dumps({backend: results[backend]}), file=sys.stderr, flush=True)
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    for backend, r in results.items():
        c = r["counts"]
        print(
            f"\n{names[backend]}: {c['people']:,} people, {c['cases']:,} cases, "
            f"{c['activities']:,} activities; {r['facts']:,} figures counted in "
            f"{r['counting_s']:.1f} s, refresh (count + store) {r['refresh_s']:.1f} s, "
            f"rendering the city dashboard into the cache {r['warm_s']:.1f} s"
        )
    print(
        "\n| page (server time, ms) | "
        + " | ".join(f"{names[b]} median | p95 | max" for b in results)
        + " |"
    )
    print("|---|" + "---:|---:|---:|" * len(results))
    for page in next(iter(results.values()))["pages"]:
        print(f"| {page} | " + " | ".join(r["pages"][page] for r in results.values()) + " |")
    print(
        "\n| DuckDB over a Parquet export (lower bound) | "
        + " | ".join(names[b] for b in results)
        + " |"
    )
    print("|---|" + "---:|" * len(results))
    print(
        "| export to Parquet (s) | "
        + " | ".join(f"{r['duckdb']['export_s']:.1f}" for r in results.values())
        + " |"
    )
    print(
        "| the same figures with DuckDB (ms, median of 5) | "
        + " | ".join(f"{r['duckdb']['queries_ms']:.0f}" for r in results.values())
        + " |"
    )
    print(
        f"\nCommand: REPORTS_BENCH_SCALE={SCALE} .venv/bin/python bench/reports_dashboard.py "
        f"--backends {args.backends} --samples {args.samples}"
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.dev")
    main()
