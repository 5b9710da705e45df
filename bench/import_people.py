"""Time and peak memory of `pendamping import people FILE` on a fresh SQLite database, side by
side with loading the same CSV into a bare table with the sqlite3 shell's `.import` (the lower
bound: no checks, no indexes, no history).

Usage: .venv/bin/python bench/import_people.py [--rows 1000000] [--batch-size 20000] [--keep]
Prints a Markdown table and the command to rerun it. Target (issue 3, item 6): 1,000,000 rows
in at most 180 s with at most 2 GB peak memory. CPU time (the importer and its parser
process together) is printed too: on a shared machine the wall time mostly measures the
neighbours; the import needs two free cores to run at its speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PENDAMPING = [sys.executable, "-m", "pendamping.cli"]


def run(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, ...]:
    """Wall time, the child's peak resident memory (MB) and CPU time (its own and its
    waited-for children's, i.e. the parser process), via wait4."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=stdout)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()
    sqlite3_bin = shutil.which("sqlite3")
    if sqlite3_bin is None:
        raise SystemExit("The sqlite3 command-line shell is needed (apt-get install sqlite3).")

    tmp = Path(tempfile.mkdtemp(prefix="pendamping-import-bench-"))
    try:
        env = {
            **os.environ,
            "PENDAMPING_VAR": str(tmp),
            "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev",
        }
        env.pop("DATABASE_URL", None)
        sys.path.insert(0, str(ROOT / "src"))
        from pendamping.registry.importer.synthetic import write_csv

        csv_path = tmp / "people.csv"
        started = time.perf_counter()
        write_csv(csv_path, args.rows, seed=args.seed)
        generated = time.perf_counter() - started
        size_mb = csv_path.stat().st_size / 1e6
        print(
            f"Generated {args.rows:,} rows ({size_mb:.0f} MB) in {generated:.0f} s", file=sys.stderr
        )

        run([*PENDAMPING, "setup", "--no-static"], env)
        db = tmp / "pendamping.sqlite3"
        import_s, import_mb, import_cpu = run(
            [
                *PENDAMPING,
                "import",
                "people",
                str(csv_path),
                "--batch-size",
                str(args.batch_size),
                "--no-progress",
                "--errors",
                str(tmp / "errors.csv"),
            ],
            env,
            stdout=sys.stderr,
        )
        again_s, again_mb, again_cpu = run(
            [
                *PENDAMPING,
                "import",
                "people",
                str(csv_path),
                "--no-progress",
                "--errors",
                str(tmp / "errors2.csv"),
            ],
            env,
            stdout=sys.stderr,
        )
        db_mb = db.stat().st_size / 1e6

        bare = tmp / "bare.sqlite3"
        bare_s, bare_mb, bare_cpu = run(
            [sqlite3_bin, str(bare), ".mode csv", f".import {csv_path} bare"]
        )
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"Kept {tmp}", file=sys.stderr)

    rows = args.rows
    table = [
        ("`pendamping import people` (first run)", import_s, import_cpu, import_mb),
        ("same file again (nothing changes)", again_s, again_cpu, again_mb),
        ("`sqlite3 .import` into a bare table", bare_s, bare_cpu, bare_mb),
    ]
    load = os.getloadavg()[0]
    print(
        f"\n{rows:,} rows, CSV {size_mb:.0f} MB, SQLite, {os.cpu_count()} CPUs, load {load:.1f}\n"
    )
    print("| step | wall (s) | CPU (s) | peak memory (MB) | rows/s |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds, cpu, peak in table:
        print(f"| {label} | {seconds:.1f} | {cpu:.1f} | {peak:.0f} | {rows / seconds:,.0f} |")
    ratio = import_s / bare_s
    print(f"\nImport / bare `.import`: **{ratio:.1f}×**. Database after import: {db_mb:.0f} MB.")
    if rows == 1_000_000:
        met = import_s <= 180 and import_mb <= 2048
        print(f"Target (≤ 180 s, ≤ 2 GB at 1,000,000 rows): {'met' if met else 'NOT met'}.")
    rerun = f"--rows {rows} --batch-size {args.batch_size}"
    print(f"\nRerun: `.venv/bin/python bench/import_people.py {rerun}`")


if __name__ == "__main__":
    main()
