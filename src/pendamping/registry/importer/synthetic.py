"""Synthetic import files in the canonical format, for the example, tests and the benchmark.

Pure and deterministic (one `random.Random(seed)`): Pekanbaru kelurahan codes, families of
about 3.6 people with structurally valid NIK and KK, names from `demo_names`, values written
as office staff write them (Indonesian, mixed case).
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from pendamping.registry.demo_names import NameGenerator
from pendamping.registry.nik import make_kk, make_nik

from .parsing import CANONICAL

PEKANBARU = Path(__file__).resolve().parents[2] / "wilayah" / "data" / "wilayah_pekanbaru.csv"
REFERENCE_DAY = date(2026, 1, 1)
STREETS = ("Jl. Riau", "Jl. Paus", "Jl. Delima", "Jl. Durian", "Jl. Arifin Ahmad", "Jl. Srikandi")
DWELLING = ("milik", "sewa", "kontrak", "menumpang", "tidak punya")
RELATIONSHIP_WORDS = {
    "head": ("Kepala Keluarga", "kepala keluarga", "KEPALA KELUARGA"),
    "spouse": ("Istri", "istri", "ISTRI"),
    "child": ("Anak", "anak", "ANAK"),
    "parent": ("Orang Tua", "orang tua"),
}
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6, 7)
SIZE_WEIGHTS = (10, 14, 22, 25, 16, 9, 4)  # mean about 3.6


@lru_cache(maxsize=1)
def pekanbaru_kelurahan() -> tuple[str, ...]:
    with PEKANBARU.open(encoding="utf-8") as fh:
        return tuple(r["code"] for r in csv.DictReader(fh) if r["level"] == "kelurahan")


def _birth(rng: random.Random, low: int, high: int) -> date:
    return REFERENCE_DAY - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))


def synthetic_rows(count: int, *, seed: int = 1) -> Iterator[list[str]]:
    """`count` rows in CANONICAL column order, whole families, NIK unique."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    names = NameGenerator(rng)
    kelurahan = pekanbaru_kelurahan()
    serials: Counter = Counter()
    made = 0
    while made < count:
        kel = rng.choice(kelurahan)
        kec = kel.rsplit(".", 1)[0]
        size = min(rng.choices(HOUSEHOLD_SIZES, weights=SIZE_WEIGHTS)[0], count - made)
        family = names.family()
        head_sex = "P" if rng.random() < 0.18 else "L"
        head_birth = _birth(rng, 25, 70)
        members = [("head", head_sex, head_birth)]
        if size > 1 and head_sex == "L":
            members.append(("spouse", "P", head_birth + timedelta(days=rng.randint(-700, 2500))))
        while len(members) < size:
            if len(members) == size - 1 and rng.random() < 0.1:
                members.append(("parent", rng.choice("LP"), _birth(rng, 72, 90)))
            else:
                age = rng.randint(0, max(0, min(30, (REFERENCE_DAY - head_birth).days // 365 - 19)))
                members.append(("child", rng.choice("LP"), _birth(rng, age, age)))
        issued = min(
            max(head_birth + timedelta(days=365 * 19), date(2005, 1, 1))
            + timedelta(days=rng.randint(0, 4000)),
            REFERENCE_DAY - timedelta(days=30),
        )
        serials[("kk", kec, issued)] += 1
        kk = make_kk(kec, issued, serials[("kk", kec, issued)] % 9999 + 1)
        rt, rw = rng.randint(1, 12), rng.randint(1, 8)
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}"
        dwelling = rng.choice(DWELLING)
        for relationship, sex, born in members:
            born = min(born, REFERENCE_DAY - timedelta(days=40))
            serials[(kec, born, sex)] += 1
            serial = serials[(kec, born, sex)]
            if serial > 9999:
                continue  # cannot happen at a million rows; keeps NIKs unique regardless
            ppks = ""
            if rng.random() < 0.3:
                ppks = rng.choice(("PPKS09", "PPKS08", "PPKS23", "PPKS05|PPKS09", "PPKS26"))
            yield [
                make_nik(kec, born, sex, serial),
                kk,
                family.person_name(sex=sex, relationship=relationship, birth_year=born.year),
                names.birth_place(migrant=rng.random() < 0.25),
                born.isoformat(),
                sex,
                rng.choice(RELATIONSHIP_WORDS[relationship]),
                address,
                f"{rt:03d}",
                f"{rw:03d}",
                kel,
                dwelling,
                f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}"
                if relationship == "head" and rng.random() < 0.6
                else "",
                ppks,
            ]
            made += 1


def write_csv(path: str | Path, count: int, *, seed: int = 1, delimiter: str = ",") -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(CANONICAL)
        writer.writerows(synthetic_rows(count, seed=seed))
    return path
