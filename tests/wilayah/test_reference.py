from datetime import date

import pytest
from django.core.management import call_command

from pendamping.wilayah.models import Area, Level, Population
from pendamping.wilayah.selectors import (
    area_children,
    area_current,
    area_find_by_name,
    area_get,
    population_latest,
)
from pendamping.wilayah.services import TABLE1_SOURCE, reference_areas_load

pytestmark = pytest.mark.django_db


def test_national_code_list_is_loaded_with_levels():
    assert Area.objects.filter(level=Level.PROVINSI, valid_to__isnull=True).count() == 38
    assert Area.objects.filter(level=Level.KECAMATAN, valid_to__isnull=True).count() == 7285
    assert Area.objects.filter(level=Level.KELURAHAN, valid_to__isnull=True).count() == 8496
    assert Area.objects.get(code="14.71").name == "Kota Pekanbaru"
    assert Area.objects.get(code="14.71.08").parent.code == "14.71"


def test_pekanbaru_today_has_15_kecamatan_and_83_kelurahan():
    kecamatan = area_children("14.71")
    assert len(kecamatan) == 15
    kelurahan = Area.objects.filter(
        parent__parent__code="14.71", level=Level.KELURAHAN, valid_to__isnull=True
    )
    assert kelurahan.count() == 83


def test_as_of_2020_pekanbaru_had_12_kecamatan_with_old_names():
    then = area_children("14.71", as_of=date(2020, 6, 30))
    assert len(then) == 12
    names = {a.code: a.name for a in then}
    assert names["14.71.08"] == "Tampan"
    assert names["14.71.12"] == "Rumbai Pesisir"
    assert names["14.71.06"] == "Rumbai"
    assert "14.71.13" not in names


def test_tampan_as_of_2020_held_the_kelurahan_now_in_tuahmadani():
    then = {a.code for a in area_children("14.71.08", as_of=date(2020, 6, 30))}
    assert "14.71.08.1006" in then  # Sidomulyo Barat under its former code
    assert "14.71.08.1014" not in then  # Sungai Sibam was still in Payung Sekaki
    now = {a.code for a in area_children("14.71.08")}
    assert now == {
        "14.71.08.1001",
        "14.71.08.1008",
        "14.71.08.1009",
        "14.71.08.1010",
        "14.71.08.1014",
    }
    assert {a.code for a in area_children("14.71.11", as_of=date(2020, 1, 1))} >= {"14.71.11.1006"}


def test_retired_codes_still_resolve():
    assert area_get("14.71.08.1006").code == "14.71.13.1001"
    sorong = area_get("92.01")
    assert sorong is not None
    assert sorong.valid_to is not None
    assert area_current("92.01").code == "96.01"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tuah Madani", "14.71.13"),
        ("TUAHMADANI", "14.71.13"),
        ("bina widya", "14.71.08"),
        ("Lima Puluh", "14.71.04"),
        ("Kec. Rumbai Timur", "14.71.15"),
    ],
)
def test_names_match_regardless_of_spacing_and_case(text, code):
    city = Area.objects.get(code="14.71")
    assert area_find_by_name(text, level=Level.KECAMATAN, parent=city).get().code == code


def test_population_of_table1_sums_to_the_study_total():
    kecamatan = [a.area for a in area_children("14.71")]
    latest = population_latest(kecamatan, source=TABLE1_SOURCE)
    assert len(latest) == 15
    assert sum(p.total for p in latest.values()) == 1_074_989
    assert sum(p.male for p in latest.values()) == 540_814
    city = Population.objects.filter(area__code="14.71")
    assert {(p.year, p.total) for p in city} == {(2021, 1_074_989), (2024, 1_167_599)}


def test_loading_again_changes_nothing():
    before = Area.objects.count()
    assert reference_areas_load().skipped
    report = reference_areas_load(force=True)
    assert (report.created, report.updated) == (0, 0)
    assert Area.objects.count() == before


def test_setup_command_is_idempotent():
    call_command("setup", "--no-static", verbosity=0)
    count = Area.objects.count()
    call_command("setup", "--no-static", verbosity=0)
    assert Area.objects.count() == count


def test_kecamatan_have_area_and_centroid_from_boundaries():
    binawidya = Area.objects.get(code="14.71.08")
    assert 10 < binawidya.area_km2 < 100
    assert 0.3 < binawidya.centroid_lat < 0.7
    assert 101.2 < binawidya.centroid_lon < 101.6
