"""The import writing into the registry: creation, idempotency, updates, moves, households
keyed by KK across batches, scope, classifications and the history it leaves."""

import csv
from datetime import date
from pathlib import Path

import pytest

from pendamping.registry.importer.examples import EXAMPLE_CSV, example_rows
from pendamping.registry.importer.loader import PeopleLoader, import_people
from pendamping.registry.importer.models import ImportJob
from pendamping.registry.importer.parsing import CANONICAL, open_table
from pendamping.registry.importer.services import import_cli
from pendamping.registry.models import (
    Change,
    Classification,
    Household,
    Person,
    PersonNameKey,
)
from pendamping.registry.nik import make_kk, make_nik
from pendamping.registry.services import name_key_rows, person_update
from pendamping.wilayah.models import Area

pytestmark = pytest.mark.django_db

ROWS = example_rows()
COL = {name: i for i, name in enumerate(CANONICAL)}


def write_rows(path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(CANONICAL)
        writer.writerows(rows)
    return path


def run(path: Path, *, actor=None, batch_size: int = 5000, errors: Path | None = None):
    _job, counts, error_file = import_cli(
        path=path,
        actor=actor,
        error_path=errors or path.with_name("errors.csv"),
        batch_size=batch_size,
    )
    return counts, error_file


def error_lines(path: Path | None) -> list[dict]:
    if path is None:
        return []
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def dump() -> dict:
    """The registry as natural keys, without ids and timestamps, for comparing end states."""
    code = dict(Area.objects.values_list("pk", "code"))
    nik_of = dict(Person.objects.values_list("pk", "nik"))
    kk_of = dict(Household.objects.values_list("pk", "kk"))
    return {
        "households": sorted(
            (
                h["kk"],
                h["address"],
                code[h["kelurahan_id"]],
                code.get(h["rt_id"]),
                h["dwelling_status"],
            )
            for h in Household.objects.values()
        ),
        "people": sorted(
            (
                p["nik"],
                kk_of[p["household_id"]],
                code[p["kelurahan_id"]],
                code.get(p["rt_id"]),
                p["name"],
                p["name_key"],
                p["birth_place"],
                str(p["birth_date"]),
                p["sex"],
                p["relationship"],
                p["phone"],
                p["status"],
            )
            for p in Person.objects.values()
        ),
        "keys": sorted(
            (nik_of[k.person_id], k.key, code[k.kelurahan_id]) for k in PersonNameKey.objects.all()
        ),
        "classifications": sorted(
            (nik_of.get(c.person_id, ""), c.category.code, str(c.assessed_on), c.evidence)
            for c in Classification.objects.select_related("category")
        ),
        "changes": sorted(
            (
                nik_of.get(c.person_id, ""),
                kk_of.get(c.household_id, ""),
                c.action,
                c.source,
                repr(sorted(c.fields.items())),
                c.note,
            )
            for c in Change.objects.all()
        ),
    }


def test_example_file_creates_people_households_keys_and_history(reference, tmp_path):
    counts, error_file = run(EXAMPLE_CSV)
    assert error_file is None
    assert (counts.created_people, counts.created_households, counts.error_rows) == (6, 3, 0)
    ahmad = Person.objects.select_related("household", "rt", "kelurahan").get(
        name="Ahmad Syahputra"
    )
    assert ahmad.kelurahan.code == "14.71.01.1002"
    assert ahmad.household.kelurahan_id == ahmad.kelurahan_id
    assert ahmad.rt.code == "14.71.01.1002.002.003"
    assert ahmad.rt_id == ahmad.household.rt_id
    assert ahmad.household.dwelling_status == "rent"
    assert ahmad.relationship == "head"
    assert ahmad.name_key == "ahmad syahputra"
    assert ahmad.household.members.count() == 3
    for person in Person.objects.all():
        expected = sorted((k.key, k.kelurahan_id) for k in name_key_rows(person))
        stored = sorted(person.name_keys.values_list("key", "kelurahan_id"))
        assert stored == expected
    rizky = Person.objects.get(name="Rizky Syahputra")
    assert sorted(rizky.classifications.values_list("category__code", flat=True)) == [
        "PPKS02",
        "PPKS05",
    ]
    created = Change.objects.filter(person=rizky).get()
    assert (created.action, created.source) == ("import_create", "import")
    assert created.fields["nik"] == [None, rizky.nik]
    assert created.fields["ppks"] == [None, ["PPKS05", "PPKS02"]]
    assert created.note == "people.csv:4"
    assert Change.objects.filter(person=None, action="import_create").count() == 3
    job = ImportJob.objects.get()
    assert (job.status, job.created_people, job.processed_rows) == ("done", 6, 6)


def test_the_same_file_twice_changes_nothing(reference, tmp_path):
    path = write_rows(tmp_path / "people.csv", ROWS)
    run(path, batch_size=2)
    before = dump()
    changes = Change.objects.count()
    counts, error_file = run(path, batch_size=4)
    assert (counts.created_people, counts.updated_people, counts.unchanged) == (0, 0, 6)
    assert (counts.created_households, counts.updated_households) == (0, 0)
    assert Change.objects.count() == changes
    assert dump() == before
    assert error_file is None


def test_rows_of_one_kk_in_different_batches_make_one_household(reference, tmp_path):
    run(write_rows(tmp_path / "people.csv", ROWS), batch_size=1)
    assert Household.objects.count() == 3
    assert Household.objects.get(kk=ROWS[0][COL["kk"]]).members.count() == 3


def test_changed_values_update_the_person_and_leave_history(reference, tmp_path):
    path = write_rows(tmp_path / "people.csv", ROWS)
    run(path)
    rows = [list(r) for r in ROWS]
    rows[1][COL["name"]] = "Siti Aminah Lubis"
    rows[1][COL["phone"]] = "081299990000"
    rows[2][COL["ppks_categories"]] = "PPKS05|PPKS02|PPKS04"
    rows[3][COL["phone"]] = ""  # empty: keeps what is stored
    counts, _ = run(write_rows(tmp_path / "people2.csv", rows))
    assert (counts.updated_people, counts.unchanged, counts.created_people) == (2, 4, 0)
    siti = Person.objects.get(nik=rows[1][COL["nik"]])
    assert (siti.name, siti.phone, siti.name_key) == (
        "Siti Aminah Lubis",
        "081299990000",
        "siti aminah lubis",
    )
    change = Change.objects.get(person=siti, action="import_update")
    assert change.fields == {
        "name": ["Siti Aminah", "Siti Aminah Lubis"],
        "phone": ["", "081299990000"],
    }
    assert sorted(siti.name_keys.values_list("key", flat=True)) == sorted(
        k.key for k in name_key_rows(siti)
    )
    rizky = Person.objects.get(nik=rows[2][COL["nik"]])
    assert rizky.classifications.count() == 3
    assert Change.objects.get(person=rizky, action="import_update").fields == {
        "ppks": [["PPKS02", "PPKS05"], ["PPKS02", "PPKS04", "PPKS05"]]
    }


def _open_check(nik: str):
    """An open field check about the person with this NIK, to see it follow them."""
    from pendamping.linkage.models import VervalSource
    from pendamping.linkage.services import verval_task_create

    person = Person.objects.get(nik=nik)
    return verval_task_create(actor=None, person=person, reason="cek", source=VervalSource.MANUAL)


def test_a_person_moved_to_another_kk_and_kelurahan(reference, tmp_path):
    run(write_rows(tmp_path / "people.csv", ROWS))
    task = _open_check(ROWS[5][COL["nik"]])
    rows = [list(r) for r in ROWS]
    maria = rows[5]
    new_kk = make_kk("14.71.03", date(2024, 2, 1), 77)
    maria[COL["kk"]] = new_kk
    maria[COL["relationship"]] = "kepala keluarga"
    maria[COL["kelurahan_code"]] = "14.71.03.1001"
    maria[COL["address"]] = "Jl. Baru No. 1"
    maria[COL["rt"]], maria[COL["rw"]] = "1", "1"
    counts, _ = run(write_rows(tmp_path / "moved.csv", [maria]))
    assert (counts.updated_people, counts.created_households) == (1, 1)
    person = Person.objects.select_related("household", "kelurahan", "rt").get(
        nik=maria[COL["nik"]]
    )
    assert person.household.kk == new_kk
    assert person.kelurahan.code == "14.71.03.1001"
    assert person.rt.code == "14.71.03.1001.001.001"
    assert set(person.name_keys.values_list("kelurahan_id", flat=True)) == {person.kelurahan_id}
    change = Change.objects.get(person=person, action="import_update")
    assert change.fields["household"] == [ROWS[5][COL["kk"]], new_kk]
    assert change.fields["kelurahan"] == ["14.71.02.1001", "14.71.03.1001"]
    assert change.fields["relationship"] == ["child", "head"]
    task.refresh_from_db()  # the open field check went with her
    assert (task.kelurahan_id, task.status) == (person.kelurahan_id, "open")
    assert "Impor moved.csv" in task.handover_note


def test_a_household_moved_by_its_first_row_moves_its_members(reference, make_user, tmp_path):
    run(write_rows(tmp_path / "people.csv", ROWS))
    task = _open_check(ROWS[1][COL["nik"]])  # a member the file does not list again
    psm = make_user("psm", "14.71.01.1003")
    head = list(ROWS[0])
    head[COL["kelurahan_code"]] = "14.71.01.1003"
    head[COL["address"]] = "Jl. Pindah No. 9"
    counts, _ = run(write_rows(tmp_path / "moved.csv", [head]))
    assert (counts.updated_households, counts.unchanged) == (1, 1)
    household = Household.objects.get(kk=head[COL["kk"]])
    assert household.kelurahan.code == "14.71.01.1003"
    assert household.rt.code == "14.71.01.1003.002.003"
    assert set(household.members.values_list("kelurahan_id", "rt_id")) == {
        (household.kelurahan_id, household.rt_id)
    }
    change = Change.objects.get(household=household, person=None, action="import_update")
    assert change.fields["address"] == ["Jl. Riau No. 12", "Jl. Pindah No. 9"]
    assert change.fields["kelurahan"] == ["14.71.01.1002", "14.71.01.1003"]
    task.refresh_from_db()
    assert (task.kelurahan_id, task.assignee, task.status) == (household.kelurahan_id, psm, "open")


def test_scope_rows_outside_the_actors_areas_are_row_errors(reference, make_user, tmp_path):
    psm = make_user("psm", "14.71.01.1002")
    counts, error_file = run(write_rows(tmp_path / "people.csv", ROWS), actor=psm)
    assert (counts.created_people, counts.error_rows) == (3, 3)
    lines = error_lines(error_file)
    assert {line["row"] for line in lines} == {"5", "6", "7"}
    assert all("luar wilayah" in line["reason_id"] for line in lines)
    assert all("outside your areas" in line["reason_en"] for line in lines)
    assert set(Change.objects.values_list("actor_id", flat=True)) == {psm.pk}


def test_scope_an_existing_nik_registered_elsewhere_is_not_touched(
    reference, make_user, make_household, tmp_path
):
    other = make_household("14.71.02.1001", members=1)
    stranger = other.members.get()
    psm = make_user("psm", "14.71.01.1002")
    row = list(ROWS[0])
    row[COL["nik"]] = stranger.nik
    row[COL["birth_date"]] = str(stranger.birth_date)
    counts, error_file = run(write_rows(tmp_path / "people.csv", [row]), actor=psm)
    assert (counts.created_people, counts.updated_people, counts.error_rows) == (0, 0, 1)
    [line] = error_lines(error_file)
    assert line["column"] == "nik"
    assert line["value"] == stranger.nik[:4] + "**********" + stranger.nik[-2:]
    stranger.refresh_from_db()
    assert stranger.household_id == other.pk


def test_people_entered_in_the_app_are_updated_not_duplicated(reference, make_household, tmp_path):
    household = make_household("14.71.01.1002", members=2)
    head = household.members.get(relationship="head")
    person_update(actor=None, person=head, phone="0811111111")
    row = [
        head.nik,
        household.kk,
        head.name,
        "Dumai",
        str(head.birth_date),
        "L",
        "kepala keluarga",
        household.address,
        "",
        "",
        "14.71.01.1002",
        "sewa",
        "",
        "PPKS24",
    ]
    counts, _ = run(write_rows(tmp_path / "people.csv", [row]))
    assert (counts.updated_people, counts.created_people, counts.created_households) == (1, 0, 0)
    head.refresh_from_db()
    assert (head.birth_place, head.phone) == ("Dumai", "0811111111")
    assert head.classifications.get().category.code == "PPKS24"


def test_row_errors_and_file_rules_go_to_the_error_file(reference, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][COL["nik"]] = "1.47101E+15"
    rows.append(list(ROWS[0]))  # the same NIK again
    extra = list(ROWS[4])
    extra[COL["nik"]] = make_nik("14.71.02", date(1970, 1, 1), "L", 1)
    extra[COL["birth_date"]] = "1970-01-01"
    extra[COL["kelurahan_code"]] = "14.71.02.1002"  # same KK, another kelurahan
    rows.append(extra)
    unknown = list(ROWS[3])
    unknown[COL["nik"]] = make_nik("14.71.05", date(1950, 6, 30), "P", 8)
    unknown[COL["kk"]] = make_kk("14.71.05", date(2019, 7, 2), 9)
    unknown[COL["kelurahan_code"]] = "14.71.05.9999"
    rows.append(unknown)
    counts, error_file = run(write_rows(tmp_path / "people.csv", rows))
    assert counts.error_rows == 4
    assert counts.created_people == 5
    lines = error_lines(error_file)
    by_row = {line["row"]: line for line in lines}
    assert by_row["3"]["column"] == "nik"
    assert "Excel" in by_row["3"]["reason_en"]
    assert "baris 2" in by_row["8"]["reason_id"]
    assert {line["column"] for line in lines if line["row"] == "9"} == {
        "kelurahan_code",  # the KK is in 14.71.02.1001 already
        "relationship",  # and has its head
    }
    assert "14.71.05.9999" in by_row["10"]["reason_id"]


def test_a_person_without_sex_gets_it_from_the_nik(reference, tmp_path):
    row = list(ROWS[1])
    row[COL["sex"]] = ""
    run(write_rows(tmp_path / "people.csv", [row]))
    assert Person.objects.get().sex == "P"


def test_the_parser_process_gives_the_same_result(reference, tmp_path):
    path = write_rows(tmp_path / "people.csv", ROWS, delimiter=";")
    loader = PeopleLoader(file_name="people.csv")
    counts = import_people(open_table(path), loader=loader, batch_size=2, parallel=True)
    assert counts.created_people == 6
    first = dump()
    counts = import_people(
        open_table(path), loader=PeopleLoader(file_name="people.csv"), parallel=False
    )
    assert counts.unchanged == 6
    assert dump() == first
