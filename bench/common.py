"""Shared by the benchmarks: a cached demo database at a given scale, on SQLite or PostgreSQL.

The SQLite file lives in bench/.cache/<scale>-<seed>/ and is built once with
`pendamping setup` + `pendamping demo --scale N --seed S`; PostgreSQL databases are named
pendamping_bench_<scale> on the server of BENCH_POSTGRES_URL (or TEST_DATABASE_URL).
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
PG_DEFAULT = "postgres://pendamping:pendamping@127.0.0.1:5432/pendamping"


def pg_base_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT


def demo_env(backend: str, scale: int, seed: int = 1471) -> dict:
    """Environment for a process that uses the cached demo database, building it if needed."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev"}
    var = CACHE / f"{scale}-{seed}"
    var.mkdir(parents=True, exist_ok=True)
    env["PENDAMPING_VAR"] = str(var)
    if backend == "sqlite":
        env.pop("DATABASE_URL", None)
        marker = var / "sqlite.ready"
    else:
        base = pg_base_url().rsplit("/", 1)[0]
        name = f"pendamping_bench_{scale}_{seed}"
        env["DATABASE_URL"] = f"{base}/{name}"
        marker = var / "postgres.ready"
        if not marker.exists():
            _create_pg_database(base, name)
    cli = [sys.executable, "-m", "pendamping.cli"]
    # Every time: brings a cached database up to the current migrations (quick when it is).
    subprocess.run([*cli, "setup"], env=env, check=True, stdout=subprocess.DEVNULL)
    if not marker.exists():
        print(f"building the {backend} demo database at scale {scale:,} (once)...", file=sys.stderr)
        subprocess.run(
            [*cli, "demo", "--scale", str(scale), "--seed", str(seed)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.touch()
    return env


def _create_pg_database(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(
        base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | {max(ms):.1f}"
