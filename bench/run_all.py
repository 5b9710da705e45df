"""Run every benchmark behind docs/benchmarks.md, one after another (about an hour on 2 cores).

Usage: .venv/bin/python bench/run_all.py [--quick]
--quick runs each at a small scale to check that they work.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = [
    ["demo_scale.py", "--scale", "1000000"],
    ["registry_speed.py", "--scale", "1000000", "--backends", "sqlite,postgres"],
    ["import_people.py", "--rows", "1000000"],
    ["linkage_accuracy.py", "--people", "50000", "--seed", "1"],
    ["linkage_speed.py", "--sizes", "100000,1000000", "--seed", "1", "--threads", "2"],
    ["planning_routes.py", "--seeds", "5", "--seeds-200", "3"],
    ["planning_assignment.py", "--runs", "3", "--national-runs", "1"],
]
QUICK = [
    ["demo_scale.py", "--scale", "2000"],
    ["registry_speed.py", "--scale", "5000", "--backends", "sqlite", "--samples", "30"],
    ["import_people.py", "--rows", "5000"],
]


def main() -> int:
    plan = QUICK if "--quick" in sys.argv else FULL
    failed = 0
    for script, *args in plan:
        print(f"\n## {script} {' '.join(args)}\n", flush=True)
        failed += (
            subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode != 0
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
