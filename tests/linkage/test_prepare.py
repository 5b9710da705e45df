"""Features: NIK decoding as registry.nik does it, names, and no row ever dropped."""

import random
from datetime import date, timedelta

import pytest

from pendamping.linkage.matching.link import connect, register_frame
from pendamping.linkage.matching.prepare import name_features, prepare
from pendamping.registry.nik import make_nik, validate_nik

TODAY = date(2026, 11, 1)


def _prepared(rows):
    import pandas as pd

    con = connect(threads=1)
    register_frame(con, pd.DataFrame(rows), "raw")
    prepare(con, ["raw"], ["feat"], today=TODAY)
    return con.execute("SELECT * FROM feat ORDER BY unique_id").df()


def test_nik_decoding_agrees_with_the_registry_validator():
    rng = random.Random(3)
    rows, expected = [], {}
    for i in range(400):
        born = date(1915, 1, 1) + timedelta(days=rng.randint(0, 40000))
        sex = rng.choice("LP")
        nik = make_nik("14.71.02", born, sex, rng.randint(1, 30))
        recorded = born if i % 2 else None  # half with a recorded date, half without
        rows.append(
            {"id": f"{i:04d}", "nik": nik, "birth_date": recorded.isoformat() if recorded else ""}
        )
        result = validate_nik(nik, birth_date=recorded, today=TODAY)
        expected[f"{i:04d}"] = (result.birth_date, result.sex)
    feat = _prepared(rows)
    for row in feat.itertuples():
        born, sex = expected[row.unique_id]
        assert row.nik_dob == (born.isoformat() if born else None), row.unique_id
        assert row.nik_sex == sex


def test_malformed_values_are_kept_and_compared_as_written():
    rows = [
        {
            "id": "a",
            "nik": "1.47101E+15",
            "birth_date": "31-02-1980",
            "sex": "X",
            "rt": "abc",
            "kelurahan_code": "??",
            "name": "H. Moehammad Djoko, S.Pd.",
        },
        {"id": "b", "nik": " 1471 0212 0375 0001 ", "birth_date": "12/03/1975"},
        {"id": "c"},
        {"id": "d", "nik": "'1471024206780001", "birth_date": "00-00-0000", "name": "   "},
    ]
    feat = _prepared(rows).set_index("unique_id")
    assert list(feat.index) == ["a", "b", "c", "d"]
    assert feat.loc["a", "nik"] == "1.47101E+15"
    assert feat.loc["a", "nik_dob"] is None
    assert feat.loc["a", "dob"] == "31-02-1980"  # not a date, so compared as written
    assert feat.loc["a", "name_norm"] == "muhammad joko"
    assert feat.loc["b", "nik"] == "1471021203750001"
    assert feat.loc["b", "dob"] == "1975-03-12"
    assert feat.loc["b", "nik_sex"] == "L"
    assert feat.loc["d", "nik_sex"] == "P"  # day 42: a woman born on the 2nd
    assert feat.loc["d", "dob"] == "00-00-0000"  # kept as written
    assert feat.loc["d", "dob_eff"] == "1978-06-02"  # the NIK says when, where the date cannot


def test_missing_columns_are_added_and_the_id_is_the_row_number():
    import pandas as pd

    con = connect(threads=1)
    con.register("_f", pd.DataFrame({"name": ["Ani", "Budi", "Citra"]}))
    con.execute("CREATE TABLE raw AS SELECT * FROM _f")
    prepare(con, ["raw"], ["feat"], today=TODAY)
    ids = [r[0] for r in con.execute("SELECT unique_id FROM feat ORDER BY unique_id").fetchall()]
    assert ids == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("name", "given", "key_full"),
    [
        ("Muhammad Rizki", "rizki", "md rsk"),
        ("M. RIZKI", "rizki", "md rsk"),
        ("Mohammad Riski", "riski", "md rsk"),
        ("Siti Nurhaiyati binti Ahmad", "nurhaiyati", "st nrt amd"),
        ("Tjoet Nja Dhien", "cut", "kt n dn"),
    ],
)
def test_name_features(name, given, key_full):
    _norm, got_given, _last, _kg, _kl, got_full, _sorted = name_features(name)
    assert got_given == given
    assert got_full == key_full
