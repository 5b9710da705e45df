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
from datetime import date, timedelta
from pathlib import Path

from pendamping.registry.demo_names import NameGenerator, honorific, spelling_variant
from pendamping.registry.names import normalise_name, word_key
from pendamping.registry.nik import make_kk, make_nik

from .prepare import CANONICAL, COMMON_PREFIXES

REFERENCE_DAY = date(2026, 11, 1)
COLUMNS = ("id", *CANONICAL)
_WILAYAH = Path(__file__).resolve().parents[2] / "wilayah" / "data" / "wilayah_pekanbaru.csv"
STREETS = (
    "Jl. Jend. Sudirman",
    "Jl. Tuanku Tambusai",
    "Jl. HR. Soebrantas",
    "Jl. Riau",
    "Jl. Garuda Sakti",
    "Jl. Kaharuddin Nasution",
    "Jl. Arifin Ahmad",
    "Jl. Paus",
    "Jl. Delima",
    "Jl. Soekarno-Hatta",
    "Jl. Yos Sudarso",
    "Jl. Imam Munandar",
    "Jl. Hangtuah",
    "Jl. Sultan Syarif Kasim",
    "Jl. Durian",
    "Jl. Cipta Karya",
    "Jl. Taskurun",
    "Jl. Srikandi",
    "Jl. Pepaya",
    "Jl. Rambutan",
    "Jl. Kartama",
    "Jl. Sekolah",
    "Jl. Bangau Sakti",
    "Jl. Lintas Timur",
    "Jl. Air Dingin",
    "Jl. Pesantren",
    "Jl. Nenas",
    "Jl. Suka Karya",
    "Jl. Uka",
    "Jl. Parit Indah",
)
MIGRANT_KECAMATAN = ("13.71.01", "13.71.03", "12.71.02", "14.01.01", "14.06.02", "33.72.01")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Rates:
    """Corruption and coverage rates (per person unless said otherwise)."""

    in_extract: float = 0.85  # a registry person is also in the extract
    extract_only_households: float = 0.12  # extra households only the extract has
    duplicate_registry: float = 0.005
    duplicate_extract: float = 0.01
    twins: float = 0.04  # households with children that have twins
    similar_sibling_names: float = 0.3
    no_nik: float = 0.04  # in the registry (mostly babies otherwise)
    nik_missing: float = 0.06  # in the extract
    nik_one_digit: float = 0.03
    nik_two_digits: float = 0.01
    nik_transposed: float = 0.01
    nik_malformed: float = 0.005  # Excel's 1.47101E+15 and the like
    upper_case: float = 0.5
    spelling: float = 0.15
    typo: float = 0.06
    honorific: float = 0.05
    shortened: float = 0.03  # only the first words of the name
    dob_missing: float = 0.02
    dob_swapped: float = 0.03
    dob_year_off: float = 0.01
    dob_digit: float = 0.01
    dob_placeholder: float = 0.01  # 1 July or 1 January of the year
    dob_malformed: float = 0.003
    sex_missing: float = 0.02
    sex_wrong: float = 0.005
    household_moved: float = 0.10  # per household: another kelurahan
    household_moved_rt: float = 0.05  # per household: another RT in the same kelurahan
    new_kk_after_move: float = 0.5
    new_kk: float = 0.03  # per person: a new card (a child married, a split family)
    address_rewritten: float = 0.3
    birth_place_missing: float = 0.1
    birth_place_other: float = 0.04  # the city of the hospital, the regency, a guess


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


# ---------------------------------------------------------------------------
# Rows and corruption
# ---------------------------------------------------------------------------


def _row(h: _Household, p: _Person) -> dict[str, str]:
    return {
        "id": "",
        "nik": p.nik,
        "kk": h.kk,
        "name": p.name,
        "birth_place": p.birth_place,
        "birth_date": p.birth.isoformat(),
        "sex": p.sex,
        "relationship": "child" if p.relation == "twin" else p.relation,
        "address": h.address,
        "rt": f"{h.rt:03d}",
        "rw": f"{h.rw:03d}",
        "kelurahan_code": h.kelurahan,
        "dwelling_status": h.dwelling,
        "phone": p.phone,
        "ppks_categories": "PPKS24",
    }


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in one word of at least four letters: swap, drop, double, replace."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == "drop":
        w = w[:j] + w[j + 1 :]
    elif kind == "double":
        w = w[:j] + w[j] + w[j:]
    else:
        w = w[:j] + rng.choice(LETTERS) + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def _digit_slip(nik: str, rng: random.Random, n: int) -> str:
    digits = list(nik)
    for i in rng.sample(range(len(digits)), n):
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
    return "".join(digits)


def _transpose(nik: str, rng: random.Random) -> str:
    options = [i for i in range(len(nik) - 1) if nik[i] != nik[i + 1]]
    if not options:
        return _digit_slip(nik, rng, 1)
    i = rng.choice(options)
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]


def _corrupt_name(row: dict, p: _Person, rng: random.Random, rates: Rates, stats) -> None:
    name = row["name"]
    if rng.random() < rates.spelling:
        new = spelling_variant(name, rng)
        stats["name_spelling"] += new != name
        name = new
    if rng.random() < rates.typo:
        name = typo(name, rng)
        stats["name_typo"] += 1
    if rng.random() < rates.shortened and len(name.split()) > 2:
        name = " ".join(name.split()[:2])
        stats["name_shortened"] += 1
    if rng.random() < rates.honorific:
        title = honorific(rng, p.sex, p.birth.year, ethnicity=p.ethnicity) or rng.choice(
            ("H.", "Hj.", "S.Pd.", "Drs.", "S.E.", "Ir.")
            if p.birth.year < 2000
            else ("S.Pd.", "S.E.", "A.Md.")
        )
        if title in ("H.", "Drs.") and p.sex == "P":
            title = "Hj." if title == "H." else "Dra."
        name = (
            f"{title} {name}" if title.endswith(".") and title[0] in "HDI" else f"{name}, {title}"
        )
        stats["name_honorific"] += 1
    if rng.random() < rates.upper_case:
        name = name.upper()
    row["name"] = name


def _corrupt_nik(row: dict, rng: random.Random, rates: Rates, stats) -> None:
    nik = row["nik"]
    if not nik:
        return
    r = rng.random()
    cut = rates.nik_missing
    if r < cut:
        row["nik"] = ""
        stats["nik_missing"] += 1
        return
    for rate, kind in (
        (rates.nik_one_digit, "nik_one_digit"),
        (rates.nik_two_digits, "nik_two_digits"),
        (rates.nik_transposed, "nik_transposed"),
        (rates.nik_malformed, "nik_malformed"),
    ):
        if r < cut + rate:
            if kind == "nik_one_digit":
                row["nik"] = _digit_slip(nik, rng, 1)
            elif kind == "nik_two_digits":
                row["nik"] = _digit_slip(nik, rng, 2)
            elif kind == "nik_transposed":
                row["nik"] = _transpose(nik, rng)
            else:
                row["nik"] = f"{nik[0]}.{nik[1:6]}E+15"
            stats[kind] += 1
            return
        cut += rate


def _corrupt_dob(row: dict, p: _Person, rng: random.Random, rates: Rates, stats) -> None:
    d = p.birth
    r = rng.random()
    cut = 0.0
    for rate, kind in (
        (rates.dob_missing, "dob_missing"),
        (rates.dob_swapped, "dob_swapped"),
        (rates.dob_year_off, "dob_year_off"),
        (rates.dob_digit, "dob_digit"),
        (rates.dob_placeholder, "dob_placeholder"),
        (rates.dob_malformed, "dob_malformed"),
    ):
        cut += rate
        if r >= cut:
            continue
        if kind == "dob_missing":
            row["birth_date"] = ""
        elif kind == "dob_swapped":
            if d.day > 12 or d.day == d.month:
                return
            row["birth_date"] = date(d.year, d.day, d.month).isoformat()
        elif kind == "dob_year_off":
            row["birth_date"] = d.replace(year=d.year + rng.choice((-1, 1)), day=min(d.day, 28))
            row["birth_date"] = row["birth_date"].isoformat()
        elif kind == "dob_digit":
            text = d.isoformat()
            i = rng.choice((2, 3, 8, 9))
            new = text[:i] + rng.choice("0123456789") + text[i + 1 :]
            row["birth_date"] = new
        elif kind == "dob_placeholder":
            row["birth_date"] = date(d.year, rng.choice((1, 7)), 1).isoformat()
        else:
            row["birth_date"] = rng.choice(("00-00-0000", "-", d.strftime("%d %B %Y")))
        stats[kind] += 1
        return
    if rng.random() < 0.2:  # some sources write DD-MM-YYYY
        row["birth_date"] = d.strftime("%d-%m-%Y")


def _corrupt_rest(row: dict, rng: random.Random, rates: Rates, stats) -> None:
    r = rng.random()
    if r < rates.sex_missing:
        row["sex"] = ""
    elif r < rates.sex_missing + rates.sex_wrong:
        row["sex"] = "P" if row["sex"] == "L" else "L"
        stats["sex_wrong"] += 1
    elif rng.random() < 0.3:
        row["sex"] = {"L": "Laki-laki", "P": "Perempuan"}[row["sex"]]
    if rng.random() < rates.address_rewritten:
        a = row["address"].replace("Jl.", "Jalan").replace("No. ", "No ")
        row["address"] = a.upper() if rng.random() < 0.5 else a
    if rng.random() < 0.5:
        row["rt"], row["rw"] = str(int(row["rt"])), str(int(row["rw"]))
    r = rng.random()
    if r < rates.birth_place_missing:
        row["birth_place"] = ""
    elif r < rates.birth_place_missing + rates.birth_place_other:
        row["birth_place"] = rng.choice(("Pekanbaru", "Kampar", "Siak", "Medan", "Padang"))
    elif r < rates.birth_place_missing + rates.birth_place_other + 0.02:
        row["birth_place"] = typo(row["birth_place"], rng)
    elif rng.random() < 0.5:
        row["birth_place"] = row["birth_place"].upper()
    row["phone"] = row["phone"] if rng.random() < 0.5 else ""
    row["dwelling_status"] = ""
    row["ppks_categories"] = ""


def _extract_row(
    h: _Household, p: _Person, rng: random.Random, rates: Rates, stats, moved: _Household
) -> dict[str, str]:
    row = _row(moved, p)
    if rng.random() < rates.new_kk:
        issued = f"{rng.randint(10, 28):02d}{rng.randint(1, 12):02d}25"
        row["kk"] = f"{row['kk'][:6]}{issued}{rng.randint(1, 99):04d}"
        stats["new_kk"] += 1
    _corrupt_name(row, p, rng, rates, stats)
    _corrupt_nik(row, rng, rates, stats)
    _corrupt_dob(row, p, rng, rates, stats)
    _corrupt_rest(row, rng, rates, stats)
    return row


def _moved(h: _Household, b: _Builder, rng: random.Random, rates: Rates, stats) -> _Household:
    r = rng.random()
    if r < rates.household_moved:
        kel = rng.choice([k for k in b.kelurahan if k != h.kelurahan])
        kk = h.kk
        if rng.random() < rates.new_kk_after_move:
            kk = b.kk(kel, REFERENCE_DAY - timedelta(days=rng.randint(30, 700)))
        stats["household_moved"] += 1
        return _Household(
            h.hid,
            kel,
            rng.randint(1, 15),
            rng.randint(1, 12),
            f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
            kk,
            h.dwelling,
            h.members,
        )
    if r < rates.household_moved + rates.household_moved_rt:
        stats["household_moved_rt"] += 1
        return _Household(
            h.hid,
            h.kelurahan,
            rng.randint(1, 15),
            h.rw,
            f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}",
            h.kk,
            h.dwelling,
            h.members,
        )
    return h


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
