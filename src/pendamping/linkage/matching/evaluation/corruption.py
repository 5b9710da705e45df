"""How a national extract rewrites a registry row: names, NIKs, dates, moves, formats."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pendamping.registry.demo_names import honorific, spelling_variant

from .households import _Builder, _Household, _Person
from .rates import LETTERS, REFERENCE_DAY, STREETS, Rates

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
