"""An import killed half-way (SIGKILL) and run again ends exactly where an uninterrupted one
does; the command line's exit codes. Real subprocesses on file-based SQLite databases."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pendamping.registry.importer.synthetic import write_csv

ROWS = 20_000
BATCH = 500
PREPARE = """
import django
django.setup()
from django.core.management import call_command
from pendamping.registry.services import reference_categories_load
from pendamping.wilayah.services import reference_areas_load
call_command("migrate", interactive=False, verbosity=0)
reference_areas_load(only="14")
reference_categories_load()
"""


def env_for(var: Path) -> dict:
    env = {
        **os.environ,
        "PENDAMPING_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    return env


def cli(var: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pendamping.cli", *args]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A migrated SQLite database with the Riau areas and the PPKS categories."""
    var = tmp_path_factory.mktemp("template")
    subprocess.run([sys.executable, "-c", PREPARE], env=env_for(var), check=True, timeout=600)
    return var


@pytest.fixture(scope="module")
def people_csv(tmp_path_factory) -> Path:
    return write_csv(tmp_path_factory.mktemp("data") / "people.csv", ROWS, seed=11)


def fresh(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def people_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM registry_person").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


DUMP = {
    "areas": """SELECT a.code, a.name, a.level, p.code FROM wilayah_area a
        LEFT JOIN wilayah_area p ON p.id = a.parent_id WHERE a.level IN ('rw', 'rt')""",
    "households": """SELECT h.kk, h.address, k.code, r.code, h.dwelling_status, h.status,
        h.latitude, h.longitude FROM registry_household h
        JOIN wilayah_area k ON k.id = h.kelurahan_id LEFT JOIN wilayah_area r ON r.id = h.rt_id""",
    "people": """SELECT p.nik, h.kk, k.code, r.code, p.name, p.name_key, p.birth_place,
        p.birth_date, p.sex, p.relationship, p.marital_status, p.education, p.occupation,
        p.disability, p.phone, p.status FROM registry_person p
        JOIN registry_household h ON h.id = p.household_id
        JOIN wilayah_area k ON k.id = p.kelurahan_id LEFT JOIN wilayah_area r ON r.id = p.rt_id""",
    "name_keys": """SELECT p.nik, n.key, k.code FROM registry_personnamekey n
        JOIN registry_person p ON p.id = n.person_id
        JOIN wilayah_area k ON k.id = n.kelurahan_id""",
    "classifications": """SELECT p.nik, h.kk, c.code, x.assessed_on, x.assessed_by_id,
        x.evidence, x.valid_until FROM registry_classification x
        JOIN registry_ppkscategory c ON c.id = x.category_id
        LEFT JOIN registry_person p ON p.id = x.person_id
        LEFT JOIN registry_household h ON h.id = x.household_id""",
    "changes": """SELECT p.nik, h.kk, x.actor_id, x.action, x.source, x.fields, x.note
        FROM registry_change x LEFT JOIN registry_person p ON p.id = x.person_id
        LEFT JOIN registry_household h ON h.id = x.household_id""",
}


def dump(db: Path) -> dict[str, list]:
    """Every registry table by natural keys (NIK, KK, area codes), ids and times left out."""
    with sqlite3.connect(db) as conn:
        return {
            name: sorted(
                tuple("" if v is None else str(v) for v in row) for row in conn.execute(sql)
            )
            for name, sql in DUMP.items()
        }


def test_killed_import_rerun_ends_like_an_uninterrupted_one(template, people_csv, tmp_path):
    whole = fresh(template, tmp_path / "whole")
    command = ["import", "people", str(people_csv), "--batch-size", str(BATCH), "--no-progress"]
    subprocess.run(
        cli(whole, *command, "--errors", str(whole / "e.csv")),
        env=env_for(whole),
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    expected = dump(whole / "pendamping.sqlite3")
    assert len(expected["people"]) == ROWS

    killed = fresh(template, tmp_path / "killed")
    db = killed / "pendamping.sqlite3"
    child = subprocess.Popen(
        cli(killed, *command, "--errors", str(killed / "e.csv")),
        env=env_for(killed),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while people_count(db) == 0 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    partial = people_count(db)
    assert 0 < partial < ROWS, "the kill should land half-way"
    assert partial % BATCH == 0, "only whole batches are stored"

    rerun = subprocess.run(
        cli(killed, *command, "--errors", str(killed / "e.csv")),
        env=env_for(killed),
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    assert f"{ROWS - partial:,}" in rerun.stdout  # people created by the second run
    assert dump(db) == expected


def test_cli_exit_codes(template, tmp_path):
    var = fresh(template, tmp_path / "var")
    env = env_for(var)
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table \xff" * 30)
    result = subprocess.run(
        cli(var, "import", "people", str(bad)), env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    assert "bukan CSV maupun XLSX" in result.stderr
    assert "neither CSV nor XLSX" in result.stderr

    missing = subprocess.run(
        cli(var, "import", "people", str(tmp_path / "nope.csv")),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert missing.returncode == 1
    assert "tidak dapat dibuka" in missing.stderr

    rows = tmp_path / "rows.csv"
    rows.write_text(
        "nik,kk,nama,jk,kode_kelurahan\n"
        "1.47101E+15,1471011403160021,Budi,L,14.71.01.1002\n"
        "1471011204780031,1471011403160021,Ahmad Syahputra,L,14.71.01.1002\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        cli(var, "import", "people", str(rows), "--no-progress"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "rows with errors: 1" in result.stdout
    error_file = tmp_path / "rows.errors.csv"
    assert str(error_file) in result.stdout
    assert "Excel" in error_file.read_text(encoding="utf-8-sig")

    unknown = subprocess.run(
        cli(var, "import", "people", str(rows), "--actor", "nobody"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert unknown.returncode == 1
    assert "does not exist" in unknown.stderr
