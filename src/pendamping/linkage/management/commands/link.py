"""`link LEFT.csv RIGHT.csv --out pairs.csv` / `link --dedupe FILE.csv --out pairs.csv`.

For benchmarks and for anyone with two lists of people in the registry's canonical import
columns (+ ``id``; the row number when absent): writes one row per linked pair with its
match probability and the per-field evidence, and prints counts and the time taken.
The work is done by `pendamping.linkage.matching`; this command only parses and prints.
"""

from __future__ import annotations

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pendamping.linkage.matching.link import (
    AUTO_ACCEPT,
    BACKENDS,
    REVIEW,
    LinkageInputError,
    link_files,
)


def default_backend() -> str:
    """The LINKAGE_BACKEND setting, else PENDAMPING_LINKAGE_BACKEND, else DuckDB."""
    return getattr(settings, "LINKAGE_BACKEND", None) or os.environ.get(
        "PENDAMPING_LINKAGE_BACKEND", "duckdb"
    )


def _probability(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"ambang harus angka 0..1 / threshold must be a number in 0..1, not {text!r}"
        )
    return value


class Command(BaseCommand):
    help = (
        "Tautkan dua daftar orang (CSV) atau cari duplikat dalam satu daftar / "
        "Link two CSV lists of people, or find duplicates within one."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("left", nargs="?", help="LEFT.csv (e.g. the registry)")
        parser.add_argument("right", nargs="?", help="RIGHT.csv (e.g. the DTKS/DTSEN extract)")
        parser.add_argument("--out", required=True, help="pairs.csv to write")
        parser.add_argument(
            "--threshold",
            type=_probability,
            default=None,
            help=f"keep pairs at or above this probability (default {AUTO_ACCEPT}, auto-accept)",
        )
        parser.add_argument("--dedupe", metavar="FILE.csv", help="find duplicates in one file")
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            default=None,
            help="Splink backend (default: LINKAGE_BACKEND setting or "
            "PENDAMPING_LINKAGE_BACKEND, else duckdb)",
        )
        parser.add_argument("--threads", type=int, default=None, help="DuckDB threads")
        parser.add_argument(
            "--memory-limit", default=None, help="DuckDB memory limit, e.g. 8GB (spills beyond)"
        )

    def handle(self, *args, **opts) -> None:
        left, right, dedupe = opts["left"], opts["right"], opts["dedupe"]
        if dedupe and (left or right):
            raise CommandError(
                "Pakai --dedupe FILE.csv saja, tanpa LEFT/RIGHT / "
                "Use --dedupe FILE.csv alone, without LEFT/RIGHT."
            )
        if not dedupe and not (left and right):
            raise CommandError(
                "Perlu LEFT.csv dan RIGHT.csv, atau --dedupe FILE.csv / "
                "Need LEFT.csv and RIGHT.csv, or --dedupe FILE.csv."
            )
        backend = opts["backend"] or default_backend()
        if backend not in BACKENDS:
            raise CommandError(f"backend {backend!r}: {', '.join(BACKENDS)}")
        started = time.perf_counter()
        try:
            run = link_files(
                dedupe or left,
                None if dedupe else right,
                opts["out"],
                threshold=opts["threshold"],
                backend=backend,
                threads=opts["threads"],
                memory_limit=opts["memory_limit"],
            )
        except LinkageInputError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        c = run.counts
        if dedupe:
            self.stdout.write(f"rows / baris: {c['input_rows']:,}")
        else:
            self.stdout.write(f"left rows / baris kiri: {c['left_rows']:,}")
            self.stdout.write(f"right rows / baris kanan: {c['right_rows']:,}")
        if "comparisons" in c:
            self.stdout.write(f"comparisons / perbandingan: {c['comparisons']:,}")
        self.stdout.write(
            f"pairs scored >= {REVIEW} / pasangan berskor >= {REVIEW}: {c['candidate_pairs']:,}"
        )
        self.stdout.write(f"linked pairs / pasangan tertaut: {c['linked_pairs']:,}")
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in run.seconds.items())
        self.stdout.write(f"time / waktu: {elapsed:.1f}s ({steps})")
        self.stdout.write(f"written / ditulis: {opts['out']}")
