"""Generated evaluation data, small enough for the default suite, linked once per session."""

import pandas as pd
import pytest

from pendamping.linkage.matching import evaluation
from pendamping.linkage.matching.link import connect, register_frame, run_link

PEOPLE = 2500
SEED = 7

# A household written by hand, then as a national extract would write it.
KK = "1471020101100007"
ADDRESS = "Jl. Delima No. 7"
KEL = "14.71.02.1001"
REGISTRY_FAMILY = [
    # id, nik, name, birth_date, sex, relationship
    ("XR1", "1471021203750001", "Muhammad Djunaidi", "1975-03-12", "L", "head"),
    ("XR2", "1471024206780001", "Siti Aminah", "1978-06-02", "P", "spouse"),
    ("XR3", "1471020504100001", "Rizki Ananda", "2010-04-05", "L", "child"),
    ("XR4", "1471020504100002", "Rafi Ananda", "2010-04-05", "L", "child"),
    ("XR5", "1471025109130001", "Nur Fadilah", "2013-09-11", "P", "child"),
    ("XR6", "1.47102E+15", "Tjoet Nja Dhien", "1948-01-05", "P", "parent"),
    ("XR7", "", "", "", "", ""),
]
EXTRACT_FAMILY = [
    # the head: title, short form of Muhammad, one NIK digit slipped
    ("XD1", "1471021203750007", "H. M. DJUNAIDI", "12-03-1975", "Laki-laki", KK),
    # the spouse: hajjah, day and month swapped
    ("XD2", "1471024206780001", "Hj. Siti Aminah", "1978-02-06", "P", KK),
    # one twin only: his brother is not in the extract and must stay unlinked
    ("XD3", "1471020504100001", "RIZKI ANANDA", "2010-04-05", "L", KK),
    # the grandmother in the new spelling, with a proper NIK this time
    ("XD6", "1471024501480001", "Cut Nya Dien", "1948-01-05", "P", KK),
]


def family_rows():
    blank = dict.fromkeys(evaluation.COLUMNS, "")
    registry = [
        {
            **blank,
            "id": i,
            "nik": nik,
            "kk": KK if name else "",
            "name": name,
            "birth_date": dob,
            "sex": sex,
            "relationship": rel,
            "address": ADDRESS if name else "",
            "rt": "003",
            "rw": "001",
            "kelurahan_code": KEL if name else "",
        }
        for i, nik, name, dob, sex, rel in REGISTRY_FAMILY
    ]
    registry[-2]["rt"] = "abc"  # malformed RT on the grandmother's row
    extract = [
        {
            **blank,
            "id": i,
            "nik": nik,
            "kk": kk,
            "name": name,
            "birth_date": dob,
            "sex": sex,
            "address": "JALAN DELIMA NO 7",
            "rt": "3",
            "rw": "1",
            "kelurahan_code": KEL,
        }
        for i, nik, name, dob, sex, kk in EXTRACT_FAMILY
    ]
    return registry, extract


@pytest.fixture(scope="session")
def data():
    return evaluation.generate(PEOPLE, seed=SEED)


@pytest.fixture(scope="session")
def frames(data):
    registry, extract = family_rows()
    return pd.DataFrame(data.registry + registry), pd.DataFrame(data.extract + extract)


@pytest.fixture(scope="session")
def linked(frames):
    """One linkage run kept open: its DuckDB holds the features and every candidate pair."""
    con = connect(threads=2)
    register_frame(con, frames[0], "left_raw")
    register_frame(con, frames[1], "right_raw")
    run = run_link(con, "left_raw", "right_raw")
    pairs = set(con.execute(f"SELECT left_id, right_id FROM {run.pairs}").fetchall())  # noqa: S608
    return run, pairs


@pytest.fixture
def world(db, tmp_path):
    """24 registry households, an extract of them with one move, one death, one person
    missing and one new, a supervisor, the PSM of kelurahan A and the Sukajadi TKSK."""
    from tests.linkage.registry_data import make_world

    return make_world(tmp_path)
