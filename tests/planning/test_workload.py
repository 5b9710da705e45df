"""Workload and coverage per area, and the staffing need computed from them."""

import datetime as dt

import pytest
from django.utils import timezone

from pendamping.planning.models import StaffingNorm
from pendamping.planning.selectors import staffing_table
from pendamping.planning.workload import Period, area_workload, coverage_shares, region_areas
from pendamping.wilayah.models import Area

pytestmark = pytest.mark.django_db

PERIOD = Period(timezone.localdate() - dt.timedelta(days=30), timezone.localdate())


def _row(rows, code):
    return next(r for r in rows if r.code == code)


def test_a_tksk_of_two_kecamatan_counts_half_in_each(tampan_tksk):
    kec = area_workload(PERIOD, level="kecamatan")
    assert _row(kec, "14.71.08").fte["tksk"] == 0.5
    assert _row(kec, "14.71.13").fte["tksk"] == 0.5
    assert "tksk" in _row(kec, "14.71.01").missing
    assert "tksk" not in _row(kec, "14.71.08").missing
    _, kelurahan = region_areas()
    shares = coverage_shares(PERIOD.end, kelurahan)[tampan_tksk.pk]
    assert sum(shares.values()) == pytest.approx(1.0)


def test_counts_population_ppks_and_spread_per_area(located_household, make_user):
    located_household(lat=0.515, lon=101.44)
    located_household(lat=0.525, lon=101.44)
    psm = make_user("psm", "14.71.01.1002")
    rows = area_workload(PERIOD, level="kelurahan")
    jadirejo = _row(rows, "14.71.01.1002")
    assert jadirejo.ppks_households == 2
    assert jadirejo.ppks_people == 4
    assert jadirejo.fte == {"psm": 1.0}
    assert jadirejo.ppks_per_psm == 4
    assert jadirejo.population_estimated  # Table 1 is per kecamatan
    assert jadirejo.spread_km is not None
    assert 0 < jadirejo.spread_km < 5
    kec = _row(area_workload(PERIOD, level="kecamatan"), "14.71.01")
    assert kec.population == 49597  # Sukajadi, Table 1
    assert not kec.population_estimated
    assert kec.ppks_people == 4
    assert psm.pk  # the PSM counted above


def test_open_verval_and_cases_are_counted_as_of_the_period_end(
    located_household, verval_for, make_user
):
    household = located_household()
    tksk = make_user("tksk", "14.71.01")
    verval_for(tksk, household)
    rows = area_workload(PERIOD, level="kelurahan")
    assert _row(rows, "14.71.01.1002").verval_open == 1
    earlier = Period(PERIOD.start - dt.timedelta(days=60), PERIOD.start - dt.timedelta(days=31))
    assert _row(area_workload(earlier, level="kelurahan"), "14.71.01.1002").verval_open == 0


def test_staffing_shows_the_tampan_shortfall_with_the_arithmetic(tampan_tksk, make_user):
    for code in ("14.71.01", "14.71.02"):
        make_user("tksk", code)
    table = staffing_table(level="kecamatan", period=PERIOD)
    binawidya = next(r for r in table.rows if r.area.code == "14.71.08")
    need = binawidya.needs["tksk"]
    assert need.present == 0.5
    assert need.need >= 1.0
    assert need.shortfall == pytest.approx(need.need - 0.5)
    assert "minimum 1" in need.arithmetic
    total = table.total("tksk")
    assert total["present"] == 3.0
    assert total["shortfall"] >= 12.0  # 13 kecamatan with no TKSK, two with half of one


def test_norms_from_the_admin_replace_the_defaults(tampan_tksk):
    StaffingNorm.objects.update_or_create(
        worker_type="tksk", defaults={"level": "kecamatan", "min_per_area": 2.0}
    )
    table = staffing_table(level="kecamatan", period=PERIOD)
    binawidya = next(r for r in table.rows if r.area.code == "14.71.08")
    assert binawidya.needs["tksk"].need == 2.0
    assert binawidya.needs["tksk"].shortfall == 1.5


def test_kelurahan_norms_add_up_to_the_kecamatan(make_user):
    make_user("psm", "14.71.01.1002")
    kec = staffing_table(level="kecamatan", period=PERIOD)
    kel = staffing_table(level="kelurahan", period=PERIOD)
    sukajadi = next(r for r in kec.rows if r.area.code == "14.71.01")
    parts = [r for r in kel.rows if r.area.parent_id == sukajadi.area.id]
    assert sukajadi.needs["psm"].need == pytest.approx(sum(r.needs["psm"].need for r in parts))
    assert sukajadi.needs["psm"].present == 1.0


def test_the_workload_table_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    Area.objects.count()
    with django_assert_max_num_queries(20):
        area_workload(PERIOD, level="kelurahan")
