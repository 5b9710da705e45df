"""Time and peak memory of `pendamping setup` + `pendamping demo --scale N` on a fresh database.

Usage: .venv/bin/python bench/demo_scale.py [--scale 1000000] [--postgres URL]
Prints a Markdown table row per database. SQLite goes to a temporary ./var; PostgreSQL to
the given URL, whose database is dropped and re-created first.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PENDAMPING = [sys.executable, "-m", "pendamping.cli"]


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time and the child's own peak resident memory (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with {child.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def reset_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(
        base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def measure(label: str, scale: int, env: dict) -> dict:
    setup, _ = run([*PENDAMPING, "setup", "--no-static"], env)
    demo, peak_mb = run([*PENDAMPING, "demo", "--scale", str(scale)], env)
    return {"db": label, "scale": scale, "setup_s": setup, "demo_s": demo, "peak_mb": peak_mb}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="postgres://user:pass@host:port/dbname (dropped first)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "PENDAMPING_VAR": var,
            "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev",
        }
        env.pop("DATABASE_URL", None)
        results.append(measure("SQLite", args.scale, env))
        size = Path(var, "pendamping.sqlite3").stat().st_size / 1e6
        results[-1]["db_mb"] = size
    if args.postgres:
        reset_postgres(args.postgres)
        env = {
            **os.environ,
            "DATABASE_URL": args.postgres,
            "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev",
        }
        results.append(measure("PostgreSQL", args.scale, env))
    print("| database | people | setup (s) | demo (s) | peak memory of `demo` (MB) |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        cells = [
            r["db"],
            f"{r['scale']:,}",
            f"{r['setup_s']:.1f}",
            f"{r['demo_s']:.1f}",
            f"{r['peak_mb']:.0f}",
        ]
        print("| " + " | ".join(cells) + " |")
    print(
        f"\nCommand: .venv/bin/python bench/demo_scale.py --scale {args.scale}"
        + (" --postgres URL" if args.postgres else "")
    )


if __name__ == "__main__":
    main()
