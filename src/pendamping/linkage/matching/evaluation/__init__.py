"""Evaluation data with known truth, corrupted the way Indonesian administrative data is.

`generate(people=..., seed=...)` builds a registry-like file of Pekanbaru households (names
from `registry.demo_names.NameGenerator`, NIK/KK from `registry.nik.make_nik`/`make_kk`)
and a national-extract-like file (DTKS/DTSEN) derived from it, plus the truth: which rows
of the two files are the same person. Deterministic for a seed.

What makes it hard, at the rates in `Rates`: households share KK, address, RT/RW and often a
surname; twins share a birth date and their NIKs differ in one digit; siblings get similar
names; the extract respells names (Muhammad/M./Mohammad, old spelling, honorifics,
capitals), has typos, NIK digit slips and transpositions, missing NIKs, day/month swaps,
placeholder dates, moves to another kelurahan or RT, new KKs, people present in one file
only, duplicates inside each file and the odd malformed value.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corruption import _corrupt_name, _extract_row, _moved, _row, typo
from .households import _Builder, kelurahan_codes
from .rates import COLUMNS, REFERENCE_DAY, Rates

__all__ = [
    "COLUMNS",
    "REFERENCE_DAY",
    "EvaluationData",
    "Rates",
    "Scores",
    "generate",
    "kelurahan_codes",
    "read_truth",
    "score",
    "typo",
]


@dataclass
class EvaluationData:
    registry: list[dict[str, str]]
    extract: list[dict[str, str]]
    person: dict[str, int]  # row id -> person
    household: dict[int, int]  # person -> household (as first registered)
    relation: dict[int, str]  # person -> head/spouse/child/twin/parent/other_relative
    stats: Counter = field(default_factory=Counter)

    def link_truth(self) -> set[tuple[str, str]]:
        """(registry id, extract id) pairs of the same person."""
        by_person: dict[int, list[str]] = {}
        for row in self.extract:
            by_person.setdefault(self.person[row["id"]], []).append(row["id"])
        return {
            (row["id"], rid)
            for row in self.registry
            for rid in by_person.get(self.person[row["id"]], ())
        }

    def dedupe_truth(self, rows: list[dict[str, str]]) -> set[tuple[str, str]]:
        """Pairs (a, b), a < b, of rows of one file that are the same person."""
        by_person: dict[int, list[str]] = {}
        for row in rows:
            by_person.setdefault(self.person[row["id"]], []).append(row["id"])
        return {
            (a, b) if a < b else (b, a)
            for ids in by_person.values()
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        }

    def family_kind(self, left_id: str, right_id: str) -> str | None:
        """How two rows of different people are related, if they share a household."""
        a, b = self.person[left_id], self.person[right_id]
        if a == b or self.household[a] != self.household[b]:
            return None
        kinds = {self.relation[a], self.relation[b]}
        if kinds == {"twin"}:
            return "twin"
        if kinds <= {"child", "twin"}:
            return "sibling"
        if kinds == {"head", "spouse"}:
            return "spouse"
        return "other family"

    def write(self, directory: Path) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        paths = (directory / "registry.csv", directory / "extract.csv")
        for path, rows in zip(paths, (self.registry, self.extract), strict=True):
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
        with (directory / "truth.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(("id", "person", "household", "relation"))
            for rid, p in self.person.items():
                writer.writerow((rid, p, self.household[p], self.relation[p]))
        return paths


def read_truth(path: Path) -> EvaluationData:
    """The truth file written by `EvaluationData.write` (rows are not read back)."""
    data = EvaluationData([], [], {}, {}, {})
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            p = int(row["person"])
            data.person[row["id"]] = p
            data.household[p] = int(row["household"])
            data.relation[p] = row["relation"]
    return data


def generate(people: int = 5000, *, seed: int = 1, rates: Rates | None = None) -> EvaluationData:
    """A registry of about ``people`` persons and a corrupted national extract of it."""
    rates = rates or Rates()
    rng = random.Random(seed)  # noqa: S311
    b = _Builder(rng, rates)
    stats: Counter = Counter()
    registry: list[dict[str, str]] = []
    extract: list[dict[str, str]] = []
    person: dict[str, int] = {}
    household: dict[int, int] = {}
    relation: dict[int, str] = {}

    def add(rows: list, row: dict, prefix: str, pid: int) -> None:
        row["id"] = f"{prefix}{len(rows) + 1:07d}"
        rows.append(row)
        person[row["id"]] = pid

    count = 0
    while count < people:
        h = b.household()
        count += len(h.members)
        moved = _moved(h, b, rng, rates, stats)
        for p in h.members:
            household[p.pid] = h.hid
            relation[p.pid] = p.relation
            add(registry, _row(h, p), "R", p.pid)
            if rng.random() < rates.duplicate_registry:
                dup = _row(h, p)
                _corrupt_name(dup, p, rng, Rates(upper_case=0.2, honorific=0.0), stats)
                add(registry, dup, "R", p.pid)
                stats["duplicate_registry"] += 1
            if rng.random() < rates.in_extract:
                add(extract, _extract_row(h, p, rng, rates, stats, moved), "D", p.pid)
                if rng.random() < rates.duplicate_extract:
                    add(extract, _extract_row(h, p, rng, rates, stats, moved), "D", p.pid)
                    stats["duplicate_extract"] += 1
        if rng.random() < rates.extract_only_households:
            extra = b.household()
            for p in extra.members:
                household[p.pid] = extra.hid
                relation[p.pid] = p.relation
                add(extract, _extract_row(extra, p, rng, rates, stats, extra), "D", p.pid)
    # The extract arrives in its own order; its ids say nothing about the registry's.
    rng.shuffle(extract)
    pids = [person.pop(row["id"]) for row in extract]
    for i, (row, pid) in enumerate(zip(extract, pids, strict=True), 1):
        row["id"] = f"D{i:07d}"
        person[row["id"]] = pid
    stats["twins_households"] = sum(1 for r in relation.values() if r == "twin") // 2
    return EvaluationData(registry, extract, person, household, relation, stats)


@dataclass(frozen=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> Scores:
    tp = len(found & truth)
    return Scores(tp, len(found) - tp, len(truth) - tp)
