"""Pekanbaru households: heads, spouses, children, twins, parents; names, NIKs and KKs."""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from pendamping.registry.demo_names import NameGenerator
from pendamping.registry.names import normalise_name, word_key
from pendamping.registry.nik import make_kk, make_nik

from ..prepare import COMMON_PREFIXES
from .rates import _WILAYAH, MIGRANT_KECAMATAN, REFERENCE_DAY, STREETS, Rates


def kelurahan_codes() -> list[str]:
    with _WILAYAH.open(encoding="utf-8") as fh:
        return [r["code"] for r in csv.DictReader(fh) if r["level"] == "kelurahan"]


# ---------------------------------------------------------------------------
# Households
# ---------------------------------------------------------------------------


@dataclass
class _Person:
    pid: int
    hid: int
    relation: str
    name: str
    sex: str
    birth: date
    birth_place: str
    nik: str
    phone: str
    ethnicity: str


@dataclass
class _Household:
    hid: int
    kelurahan: str
    rt: int
    rw: int
    address: str
    kk: str
    dwelling: str
    members: list[_Person]


class _Builder:
    def __init__(self, rng: random.Random, rates: Rates) -> None:
        self.rng = rng
        self.rates = rates
        self.names = NameGenerator(rng)
        self.kelurahan = kelurahan_codes()
        self.kecamatan = sorted({k.rsplit(".", 1)[0] for k in self.kelurahan})
        self.serials: Counter = Counter()
        self.next_pid = 0
        self.next_hid = 0

    def _age_date(self, lo: int, hi: int) -> date:
        return REFERENCE_DAY - timedelta(days=self.rng.randint(lo * 365, hi * 365 + 364))

    def kk(self, kelurahan: str, issued: date) -> str:
        kec = kelurahan.rsplit(".", 1)[0]
        self.serials["kk", kec, issued] += 1
        return make_kk(kec, issued, self.serials["kk", kec, issued])

    def nik(self, kelurahan: str, birth: date, sex: str) -> str:
        r = self.rng.random()
        if r < 0.05:
            kec = self.rng.choice(MIGRANT_KECAMATAN)
        elif r < 0.15:
            kec = self.rng.choice(self.kecamatan)
        else:
            kec = kelurahan.rsplit(".", 1)[0]
        self.serials["nik", kec, birth, sex] += 1
        return make_nik(kec, birth, sex, min(self.serials["nik", kec, birth, sex], 9999))

    def household(self) -> _Household:
        rng, rates = self.rng, self.rates
        self.next_hid += 1
        hid = self.next_hid
        kelurahan = rng.choice(self.kelurahan)
        family = self.names.family()
        shape = rng.random()
        head_sex = "P" if shape < 0.18 else "L"
        alone = shape > 0.93
        head_birth = self._age_date(62, 88) if alone else self._age_date(24, 70)
        specs: list[tuple[str, str, date]] = [("head", head_sex, head_birth)]
        if not alone and head_sex == "L" and rng.random() < 0.85:
            specs.append(("spouse", "P", head_birth + timedelta(days=rng.randint(-700, 2500))))
        twins = False
        if not alone:
            head_age = (REFERENCE_DAY - head_birth).days // 365
            n_children = rng.choices([0, 1, 2, 3, 4, 5], weights=[10, 22, 30, 22, 10, 6])[0]
            for _ in range(n_children):
                if head_age < 20:
                    break
                age = rng.randint(0, min(head_age - 18, 30))
                specs.append(("child", rng.choice("LP"), self._age_date(age, age)))
            if specs[-1][0] == "child" and rng.random() < rates.twins:
                _, sex, birth = specs[-1]
                specs[-1] = ("twin", sex, birth)
                specs.append(("twin", sex if rng.random() < 0.5 else rng.choice("LP"), birth))
                twins = True
            if rng.random() < 0.12:
                specs.append(("parent", rng.choice("LP"), self._age_date(62, 90)))
            if rng.random() < 0.05:
                specs.append(("other_relative", rng.choice("LP"), self._age_date(15, 40)))
        members: list[_Person] = []
        migrant = rng.random() < 0.25
        previous_child: str | None = None
        for relation, sex, birth in specs:
            role = "child" if relation == "twin" else relation
            name = family.person_name(sex=sex, relationship=role, birth_year=birth.year)
            if relation in ("child", "twin") and previous_child is not None:
                similar = (relation == "twin" and twins and rng.random() < 0.5) or (
                    rng.random() < rates.similar_sibling_names
                )
                if similar:
                    name = self._similar_name(previous_child, family, sex, role, birth.year)
            if relation in ("child", "twin"):
                previous_child = name
            age = (REFERENCE_DAY - birth).days // 365
            self.next_pid += 1
            members.append(
                _Person(
                    pid=self.next_pid,
                    hid=hid,
                    relation=relation,
                    name=name,
                    sex=sex,
                    birth=birth,
                    birth_place=family.birth_place(migrant=migrant and age >= 17),
                    nik=""
                    if age < 1 or rng.random() < rates.no_nik
                    else self.nik(kelurahan, birth, sex),
                    phone=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}"
                    if age >= 17 and rng.random() < 0.6
                    else "",
                    ethnicity=family.ethnicity,
                )
            )
        issued = min(
            max(head_birth + timedelta(days=365 * 18), date(2005, 1, 1))
            + timedelta(days=rng.randint(0, 3000)),
            REFERENCE_DAY,
        )
        return _Household(
            hid=hid,
            kelurahan=kelurahan,
            rt=rng.randint(1, 15),
            rw=rng.randint(1, 12),
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
            kk=self.kk(kelurahan, issued),
            dwelling=rng.choices(
                ["rent", "own", "contract", "lodging", "none"], [35, 40, 10, 12, 3]
            )[0],
            members=members,
        )

    def _similar_name(self, other: str, family, sex: str, role: str, year: int) -> str:
        """A sibling's name that keeps every word of ``other`` but its distinctive one,
        replaced by a given name starting with the same letter when one turns up."""
        words = other.split()
        norm = [normalise_name(w) for w in words]
        idx = next(
            (i for i, w in enumerate(norm) if w and w not in COMMON_PREFIXES), len(words) - 1
        )
        own = family.person_name(sex=sex, relationship=role, birth_year=year)
        best = None
        for _ in range(12):
            cand = family.person_name(sex=sex, relationship=role, birth_year=year).split()[-1]
            key = word_key(normalise_name(cand))
            if not key or key == word_key(norm[idx]) or cand.endswith("."):
                continue  # parents do not name twins Nayla and Naila
            best = best or cand
            if cand[0].lower() == words[idx][0].lower():
                best = cand
                break
        if best is None:
            return own
        return " ".join([*words[:idx], best, *words[idx + 1 :]])
