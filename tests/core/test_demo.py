"""The demo: deterministic, the workforce of Table 2, valid identifiers, points inside areas."""

import hashlib
from collections import Counter

import pytest
from django.db import transaction

from pendamping.accounts.models import Assignment, Role, User
from pendamping.core.demo import _load_polygons, build_demo
from pendamping.registry.models import Household, Person
from pendamping.registry.nik import validate_kk, validate_nik

pytestmark = pytest.mark.django_db


def _fingerprint() -> str:
    rows = Person.objects.order_by("nik", "name").values_list(
        "nik", "name", "birth_date", "kelurahan__code"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _build_and_fingerprint(seed: int) -> str:
    with transaction.atomic():
        build_demo(scale=400, seed=seed)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_same_seed_gives_same_data_and_another_seed_differs():
    assert _build_and_fingerprint(3) == _build_and_fingerprint(3)
    assert _build_and_fingerprint(3) != _build_and_fingerprint(4)


@pytest.fixture
def demo():
    return build_demo(scale=1200, seed=11)


def test_workforce_matches_table2(demo):
    roles = Counter(User.objects.filter(is_active=True).values_list("role", flat=True))
    assert roles[Role.TKSK] == 12
    assert roles[Role.PKH] == 69
    assert roles[Role.PSM] == 156
    assert roles[Role.PENYULUH] == 6
    assert roles[Role.PEKSOS] == 3
    assert sum(roles[r] for r in (Role.TKSK, Role.PKH, Role.PSM, Role.PENYULUH, Role.PEKSOS)) == 246


def test_twelve_tksk_cover_fifteen_kecamatan_as_before_2021(demo):
    tampan = set(
        Assignment.objects.filter(user__username="tksk.tampan", valid_to__isnull=True).values_list(
            "area__code", flat=True
        )
    )
    assert tampan == {"14.71.08", "14.71.13"}
    covered = set(
        Assignment.objects.filter(user__role=Role.TKSK, valid_to__isnull=True).values_list(
            "area__code", flat=True
        )
    )
    assert len(covered) == 15
    every_kelurahan_has_psm = (
        Assignment.objects.filter(user__role=Role.PSM, user__is_active=True, valid_to__isnull=True)
        .values("area")
        .distinct()
        .count()
    )
    assert every_kelurahan_has_psm == 83


def test_people_have_valid_nik_kk_and_scale(demo):
    assert demo.people == 1200
    # The mobility demo then registers a few births and newcomers through the services.
    assert 1200 <= Person.objects.count() <= 1260
    people = list(Person.objects.select_related("kelurahan__parent"))
    with_nik = [p for p in people if p.nik]
    assert len(with_nik) > 0.9 * len(people)
    for person in with_nik:
        result = validate_nik(person.nik, birth_date=person.birth_date, sex=person.sex)
        assert result.valid, (person.nik, result.problems)
        assert not [w for w in result.warnings if w.code in ("birth_date_mismatch", "sex_mismatch")]
    for household in Household.objects.all():
        assert validate_kk(household.kk).valid


def test_locations_fall_inside_their_kelurahan(demo):
    polygons = _load_polygons()
    households = list(Household.objects.select_related("kelurahan"))
    located = [h for h in households if h.latitude is not None]
    assert len(located) > 0.9 * len(households)  # a move without a new point clears the old one
    for household in located:
        polygon = polygons[household.kelurahan.code]
        assert polygon.contains(household.longitude, household.latitude)


def test_names_show_spelling_variety(demo):
    names = " ".join(Person.objects.values_list("name", flat=True))
    variants = [v for v in ("Muhammad", "Muhamad", "Mohammad", "M. ") if v in names]
    assert len(variants) >= 2


def test_demo_command_refuses_a_second_time_but_if_empty_is_quiet(demo):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("demo", "--scale", "10")
    before = Person.objects.count()
    call_command("demo", "--scale", "10", "--if-empty")
    assert Person.objects.count() == before


def test_the_demo_reconciliation_finished(demo):
    from pendamping.linkage.models import ReconciliationRun, RunStatus

    run = ReconciliationRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
