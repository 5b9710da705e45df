"""Linkage speed: `pendamping link` on generated registry/extract files of 100k and 1M people.

Usage: .venv/bin/python bench/linkage_speed.py [--sizes 100000,1000000] [--seed 1]
       [--threads 2] [--memory-limit 8GB]
The files are generated once per size and seed (bench/.cache/linkage-<size>-<seed>/). Each
size runs the command line in a child process, timed from start to exit, with its peak
resident memory from os.wait4; then precision and recall of what it wrote are computed
against the generator's truth. Prints a Markdown table and the command that reproduces it.
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pendamping.linkage.matching import evaluation  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
# About as many extract rows as registry rows, as in the 1M x 1M.
RATES = evaluation.Rates(in_extract=0.875)


def files(size: int, seed: int) -> Path:
    directory = CACHE / f"linkage-{size}-{seed}"
    if not (directory / "truth.csv").exists():
        print(f"generating {size:,} people (once)...", file=sys.stderr)
        evaluation.generate(size, seed=seed, rates=RATES).write(directory)
    return directory


def run_cli(directory: Path, threads: int, memory_limit: str) -> tuple[float, int, str]:
    out = directory / "pairs.csv"
    cmd = [
        sys.executable,
        "-m",
        "pendamping.cli",
        "link",
        str(directory / "registry.csv"),
        str(directory / "extract.csv"),
        "--out",
        str(out),
        "--threads",
        str(threads),
        "--memory-limit",
        memory_limit,
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev"}
    log = directory / "link.log"
    with log.open("wb") as fh:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # reap it ourselves: its own peak RSS
        wall = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(text[-3000:])
    return wall, usage.ru_maxrss, text


def accuracy(directory: Path) -> evaluation.Scores:
    truth_data = evaluation.read_truth(directory / "truth.csv")
    rows = {}
    for name in ("registry", "extract"):
        with (directory / f"{name}.csv").open(encoding="utf-8") as fh:
            rows[name] = [{"id": r["id"]} for r in csv.DictReader(fh)]
    truth_data.registry, truth_data.extract = rows["registry"], rows["extract"]
    with (directory / "pairs.csv").open(encoding="utf-8") as fh:
        found = {(r["left_id"], r["right_id"]) for r in csv.DictReader(fh)}
    return evaluation.score(found, truth_data.link_truth())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="8GB")
    args = parser.parse_args()

    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        directory = files(size, args.seed)
        wall, peak_kb, text = run_cli(directory, args.threads, args.memory_limit)
        s = accuracy(directory)

        def count(label: str, text: str = text) -> str:
            m = re.search(rf"{label}[^:]*: ([\d,]+)", text)
            return m.group(1) if m else "?"

        steps = re.search(r"\((prepare.*)\)", text)
        results.append(
            (
                count("left rows"),
                count("right rows"),
                wall,
                peak_kb / 1024 / 1024,
                count("comparisons"),
                count("linked pairs"),
                s,
                steps.group(1) if steps else "",
            )
        )
        print(text, file=sys.stderr)

    print(
        "| registry rows | extract rows | wall time | peak memory | comparisons "
        "| linked pairs | precision | recall | steps |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for left, right, wall, peak, comps, linked, s, steps in results:
        print(
            f"| {left} | {right} | {wall:.0f} s | {peak:.2f} GB | {comps} | {linked} | "
            f"{s.precision:.4f} | {s.recall:.4f} | {steps} |"
        )
    print(
        f"\n{args.threads} DuckDB threads, memory limit {args.memory_limit}; wall time and "
        "peak resident memory of the `pendamping link` process, from start to exit.\n"
    )
    print(
        f"Rerun: `.venv/bin/python bench/linkage_speed.py --sizes {args.sizes} "
        f"--seed {args.seed} --threads {args.threads} --memory-limit {args.memory_limit}`"
    )


if __name__ == "__main__":
    main()
