"""Synthetic Indonesian name generator (pure Python, no database)."""

from __future__ import annotations

import random
import re

import pytest

from pendamping.registry import demo_names as dn
from pendamping.registry.demo_names import (
    OLD_SPELLINGS,
    PARTICLES,
    VARIANTS,
    NameGenerator,
    honorific,
    spelling_variant,
    with_honorific,
)

WORD = re.compile(r"^[A-Z][a-z']*(?:-[A-Z][a-z']*)?\.?$")
FEMALE_ONLY = {
    "Siti", "Sity", "Sitti", "St.", "Dewi", "Dewy", "Putri", "Aisyah", "Nurhayati",
    "Sumarni", "Suparmi", "Rosmawati", "Azzahra", "Az-Zahra", "Sri", "Fitri", "Fatimah",
    "Halimah", "Nayla", "Salsabila", "Lestari", "Wahyuni", "Jessica", "Grace",
}  # fmt: skip
MALE_ONLY = {
    "Muhammad", "Muhamad", "Mohammad", "Mohamad", "Muhammat", "Moh.", "M.", "Ahmad",
    "Abdul", "Abd.", "Putra", "Saputra", "Syahputra", "Agus", "Budi", "Joko", "Djoko",
    "Syamsuddin", "Rizky", "Rizki", "Bagas", "Kevin",
}  # fmt: skip


def _people(seed: int, n: int, *, sex: str | None = None, year_range=(1935, 2024)):
    """(name, sex, birth_year, ethnicity) for n people in mixed households."""
    rng = random.Random(seed)
    gen = NameGenerator(random.Random(seed + 1))
    rels = ("head", "spouse", "child", "child", "grandchild", "parent", "other_relative")
    out = []
    family = gen.family()
    for i in range(n):
        if i % 6 == 0:
            family = gen.family()
        s = sex or rng.choice("LP")
        year = rng.randint(*year_range)
        name = family.person_name(sex=s, relationship=rels[i % len(rels)], birth_year=year)
        out.append((name, s, year, family.ethnicity))
    return out


def _own_words(name: str) -> list[str]:
    """Words of the person's own name: without the bin/binti part and the marga."""
    words = name.split()
    for particle in ("bin", "binti", "br."):
        if particle in words:
            words = words[: words.index(particle)]
    return words


def test_deterministic_for_same_seed():
    def run(seed):
        gen = NameGenerator(random.Random(seed))
        out = []
        for i in range(400):
            fam = gen.family()
            out.append(fam.ethnicity)
            out.append(
                fam.person_name(sex="LP"[i % 2], relationship="head", birth_year=1950 + i % 70)
            )
            out.append(fam.person_name(sex="P", relationship="child", birth_year=2005))
            out.append(gen.birth_place(migrant=i % 3 == 0))
        return out

    assert run(11) == run(11)
    assert run(11) != run(12)


def test_names_are_title_case_ascii_single_spaced():
    for name, _, _, _ in _people(5, 20_000):
        assert name == " ".join(name.split()), name
        assert name.isascii(), name
        for word in name.split():
            assert word in PARTICLES or WORD.match(word), (name, word)


def test_female_only_names_never_given_to_males():
    for name, _, _, _ in _people(21, 20_000, sex="L"):
        clash = FEMALE_ONLY.intersection(_own_words(name))
        assert not clash, name


def test_male_only_names_never_given_to_females():
    for name, _, _, _ in _people(22, 20_000, sex="P"):
        clash = MALE_ONLY.intersection(_own_words(name))
        assert not clash, name
        assert " bin " not in f" {name} ", name


def test_ethnicity_mix_follows_weights():
    gen = NameGenerator(random.Random(3))
    counts = dict.fromkeys(dn.ETHNICITIES, 0)
    for _ in range(20_000):
        counts[gen.family().ethnicity] += 1
    assert counts["minang"] > counts["melayu"] > counts["jawa"] > counts["batak"]
    assert all(counts[e] > 0 for e in dn.ETHNICITIES)
    assert abs(counts["minang"] / 20_000 - dn.ETHNICITY_WEIGHTS["minang"]) < 0.02


def test_batak_family_shares_marga_and_wife_keeps_her_own():
    gen = NameGenerator(random.Random(8))
    seen_br = False
    for i in range(300):
        fam = gen.family("batak")
        marga = fam.surname
        assert marga in dn.MARGA_TOBA or marga in dn.MARGA_MANDAILING
        head = fam.person_name(sex="L", relationship="head", birth_year=1960 + i % 30)
        wife = fam.person_name(sex="P", relationship="spouse", birth_year=1963 + i % 30)
        son = fam.person_name(sex="L", relationship="child", birth_year=1995)
        daughter = fam.person_name(sex="P", relationship="child", birth_year=1998)
        assert head.endswith(" " + marga), head
        assert len(head.split()) >= 2, head
        assert son.endswith(" " + marga), son
        assert daughter.endswith(" " + marga), daughter
        assert not wife.endswith(" " + marga), (head, wife)
        seen_br = seen_br or " br. " in wife
    assert seen_br


def test_tionghoa_and_nias_families_share_family_name():
    gen = NameGenerator(random.Random(9))
    for eth in ("tionghoa", "nias"):
        for _ in range(100):
            fam = gen.family(eth)
            head = fam.person_name(sex="L", relationship="head", birth_year=1970)
            kid = fam.person_name(sex="P", relationship="child", birth_year=2004)
            assert head.endswith(" " + fam.surname), head
            assert kid.endswith(" " + fam.surname), kid


def test_female_head_batak_keeps_her_marga_children_take_fathers():
    gen = NameGenerator(random.Random(10))
    for _ in range(100):
        fam = gen.family("batak")
        head = fam.person_name(sex="P", relationship="head", birth_year=1970)
        kid = fam.person_name(sex="L", relationship="child", birth_year=2000)
        assert not head.endswith(" " + fam.surname), head
        assert kid.endswith(" " + fam.surname), kid


def test_bin_binti_uses_fathers_given_name():
    gen = NameGenerator(random.Random(12))
    found = 0
    for _ in range(2_000):
        fam = gen.family("melayu")
        head = fam.person_name(sex="L", relationship="head", birth_year=1975)
        given = head.split(" bin ")[0]
        for word in ("Tengku", "T.", "Wan", "Raja"):
            given = given.removeprefix(word + " ")
        kid = fam.person_name(sex="P", relationship="child", birth_year=2003)
        if " binti " in kid:
            found += 1
            assert kid.split(" binti ")[1] == given, (head, kid)
    assert 100 < found < 400  # ~11%


def test_all_muhammad_variants_occur_in_male_names():
    words = set()
    abbreviated_last = 0
    for name, _, _, _ in _people(31, 20_000, sex="L", year_range=(1950, 2020)):
        ws = name.split()
        words.update(ws)
        abbreviated_last += ws[-1] in {"M.", "Moh.", "St.", "Abd."}
    for variant in ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Muhammat", "Moh.", "M."):
        assert variant in words, variant
    assert abbreviated_last == 0


def test_other_common_variants_occur():
    words = set()
    for name, _, _, _ in _people(32, 40_000, year_range=(1940, 2020)):
        words.update(name.split())
    for group in (("Rizky", "Rizki"), ("Siti", "St."), ("Ahmad", "Achmad"), ("Abdul", "Abd.")):
        assert set(group) <= words, group


def test_old_spellings_only_before_1976():
    # the person's own given name; a "bin <father>" part may legitimately be old-spelled
    old_found = 0
    for name, _, year, _ in _people(41, 40_000, year_range=(1930, 2024)):
        old = OLD_SPELLINGS.intersection(_own_words(name))
        if year >= 1976:
            assert not old, (year, name)
        else:
            old_found += bool(old)
    assert old_found > 200


def test_older_people_more_often_single_names():
    def single_share(years):
        rows = [
            p for p in _people(51, 30_000, year_range=years) if p[3] in ("jawa", "melayu", "minang")
        ]
        return sum(len(_own_words(n)) == 1 for n, *_ in rows) / len(rows)

    assert single_share((1935, 1960)) > 0.5
    assert single_share((2005, 2024)) < 0.15


def test_variants_table_content():
    assert {"Muhamad", "Mohammad", "Mohamad", "Muhammat", "Moh.", "M."} <= set(VARIANTS["Muhammad"])
    assert {"Sity", "St."} <= set(VARIANTS["Siti"])
    assert {"Rizki", "Risky", "Rizqi"} <= set(VARIANTS["Rizky"])
    assert {"Syamsudin", "Samsudin", "Sjamsuddin"} <= set(VARIANTS["Syamsuddin"])
    assert "Djoko" in VARIANTS["Joko"]
    assert "Soeparman" in VARIANTS["Suparman"]
    assert "Tjahjo" in VARIANTS["Cahyo"]
    assert "Njoman" in VARIANTS["Nyoman"]
    assert "Chairul" in VARIANTS["Khairul"]
    assert "Djuariah" in VARIANTS["Juariah"]
    assert "Soelastri" in VARIANTS["Sulastri"]
    for canon, variants in VARIANTS.items():
        assert canon not in variants
        assert all(v and v.isascii() for v in variants)
    assert "Djoko" in OLD_SPELLINGS
    assert "Joko" not in OLD_SPELLINGS
    assert "Achmad" not in OLD_SPELLINGS  # also a modern spelling


def test_spelling_variant_changes_a_word_with_variants():
    rng = random.Random(1)
    changed = set()
    for _ in range(200):
        out = spelling_variant("Muhammad Rizky", rng)
        assert out != "Muhammad Rizky"
        first, second = out.split()
        assert (first in VARIANTS["Muhammad"]) != (second in VARIANTS["Rizky"])
        changed.add(out)
    assert len(changed) > 5
    assert spelling_variant("Xyzzy Qwerty", rng) == "Xyzzy Qwerty"
    assert spelling_variant("", rng) == ""
    # a variant maps back too, and abbreviations never land in final position
    assert spelling_variant("Muhamad", rng) != "Muhamad"
    for _ in range(200):
        assert not spelling_variant("Siti", rng).endswith(".")
    assert spelling_variant("MUHAMMAD YUSUF", rng).isupper()
    assert spelling_variant("Rudi Hartono Siregar", rng) != "Rudi Hartono Siregar"


def test_honorific_is_rare_and_placed_correctly():
    rng = random.Random(4)
    titles = [honorific(rng, "LP"[i % 2], 1940 + i % 60) for i in range(20_000)]
    rate = sum(bool(t) for t in titles) / len(titles)
    assert 0.01 < rate < 0.06
    assert {"H.", "Hj."} <= set(titles)
    assert all(honorific(rng, "L", 2010) == "" for _ in range(500))
    assert "H." not in {honorific(rng, "L", 1940, ethnicity="nias") for _ in range(2_000)}
    assert with_honorific("Syamsuddin", "H.") == "H. Syamsuddin"
    assert with_honorific("Rosmawati", "Hj.") == "Hj. Rosmawati"
    assert with_honorific("Rahmat Hidayat", "S.Pd.") == "Rahmat Hidayat, S.Pd."
    assert with_honorific("Zainal Abidin", "Drs.") == "Drs. Zainal Abidin"
    assert with_honorific("Zainal Abidin", "") == "Zainal Abidin"


def test_birth_place_plausible():
    gen = NameGenerator(random.Random(6))
    gen.family("batak")
    locals_ = [gen.birth_place(migrant=False) for _ in range(2_000)]
    assert 0.8 < locals_.count("Pekanbaru") / len(locals_) < 0.97
    batak = {gen.birth_place(migrant=True) for _ in range(500)}
    assert {"Medan", "Tarutung"} <= batak
    assert "Pekanbaru" not in batak
    minang = {gen.birth_place(migrant=True, ethnicity="minang") for _ in range(500)}
    assert {"Padang", "Bukittinggi"} <= minang
    jawa = {gen.family("jawa").birth_place(migrant=True) for _ in range(500)}
    assert "Yogyakarta" in jawa


def test_pool_sizes_are_large_enough():
    sizes = dn.pool_sizes()
    assert sizes["male_words"] >= 150
    assert sizes["female_words"] >= 150


def test_realistic_repetition_in_a_large_population():
    names = [n for n, *_ in _people(61, 50_000)]
    distinct = len(set(names))
    assert distinct > 15_000
    top = max(names.count(n) for n in set(names[:200]))
    assert top < 0.01 * len(names)


@pytest.mark.parametrize(
    ("bad", "message"), [({"sex": "X"}, "sex"), ({"relationship": "cousin"}, "relationship")]
)
def test_invalid_arguments_rejected(bad, message):
    fam = NameGenerator(random.Random(0)).family()
    kwargs = {"sex": "L", "relationship": "head", "birth_year": 1980, **bad}
    with pytest.raises(ValueError, match=message):
        fam.person_name(**kwargs)
