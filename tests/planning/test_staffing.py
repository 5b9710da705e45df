"""Staffing arithmetic (pure): the largest of the rules, the travel factor, the shortfall."""

import pytest

from pendamping.planning.staffing import AreaFigures, Norm, area_need, heads


def test_minimum_per_area_when_no_ceiling_applies():
    need = area_need(Norm("tksk", "kecamatan", 1.0), AreaFigures(50_000, 100, 10, None), 0.5)
    assert need.need == 1.0
    assert need.present == 0.5
    assert need.shortfall == 0.5
    assert need.arithmetic.startswith("max(minimum 1 = 1)")


def test_the_largest_ratio_wins_and_is_shown():
    norm = Norm("psm", "kelurahan", 1.0, ppks_households_per_worker=100, population_per_worker=7000)
    need = area_need(norm, AreaFigures(21_000, 450, 0, None), 2.0)
    assert need.need == 4.5  # 450 / 100 beats 21,000 / 7,000 = 3
    assert "450 PPKS KK / 100 = 4.5" in need.arithmetic
    assert "21,000 population / 7,000 = 3" in need.arithmetic
    assert need.shortfall == 2.5
    assert need.surplus == 0


def test_travel_burden_raises_the_need_above_the_reference_only():
    norm = Norm("tksk", "kecamatan", 1.0, travel_reference_km=3.0, travel_weight=0.1)
    far = area_need(norm, AreaFigures(0, 0, 0, 6.0), 1.0)
    near = area_need(norm, AreaFigures(0, 0, 0, 1.0), 1.0)
    assert far.travel_factor == pytest.approx(1.3)
    assert far.need == 1.3
    assert "travel" in far.arithmetic
    assert near.need == 1.0


def test_surplus_is_not_a_negative_shortfall():
    need = area_need(Norm("psm", "kelurahan", 1.0), AreaFigures(0, 0, 0, None), 3.0)
    assert need.shortfall == 0
    assert need.surplus == 2.0


@pytest.mark.parametrize(("value", "people"), [(0, 0), (0.04, 0), (0.5, 1), (3.0, 3), (3.8, 4)])
def test_heads_rounds_up_to_whole_people(value, people):
    assert heads(value) == people
