"""Registry writes: validation, duplicate guard, scope, history."""

from datetime import date

import pytest

from pendamping.core.exceptions import OutOfScope
from pendamping.registry import services
from pendamping.registry.models import Change, Household, Person, PersonNameKey
from pendamping.registry.nik import make_kk, make_nik
from pendamping.wilayah.models import Area
from pendamping.wilayah.services import area_ensure_rt

pytestmark = pytest.mark.django_db
JADIREJO = "14.71.01.1002"


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01")


@pytest.fixture
def household(tksk):
    return services.household_create(
        actor=tksk,
        kk=make_kk("14.71.01", date(2016, 2, 3), 77),
        kelurahan=Area.objects.get(code=JADIREJO),
        address="Jl. Delima No. 4",
        dwelling_status="rent",
    )


def _person(actor, household, **extra):
    data = {
        "name": "Rosmawati Nasution",
        "sex": "P",
        "birth_date": date(1985, 4, 12),
        "nik": make_nik("14.71.01", date(1985, 4, 12), "P", 31),
        "relationship": "head",
    }
    data.update(extra)
    return services.person_create(actor=actor, household=household, **data)


def test_create_records_history_and_search_keys(tksk, household):
    person = _person(tksk, household)
    assert person.kelurahan_id == household.kelurahan_id
    change = Change.objects.get(person=person)
    assert change.action == "create"
    assert change.actor == tksk
    assert change.fields["name"] == [None, "Rosmawati Nasution"]
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == {
        "rsmt",
        "nstn",
    }


def test_invalid_nik_is_refused_with_every_problem(tksk, household):
    with pytest.raises(services.RegistryError) as err:
        _person(tksk, household, nik="1471013213850000")
    assert err.value.code == "nik_invalid"
    assert err.value.field == "nik"
    assert {"invalid_date", "serial_zero"} <= set(err.value.params["problems"])
    assert Person.objects.count() == 0


def test_excel_mangled_nik_is_an_error_not_a_wrong_number(tksk, household):
    with pytest.raises(services.RegistryError) as err:
        _person(tksk, household, nik="1.47101E+15")
    assert "excel_number" in err.value.params["problems"]


def test_existing_nik_is_refused_with_a_link_to_the_record(tksk, household):
    first = _person(tksk, household)
    with pytest.raises(services.RegistryError) as err:
        _person(tksk, household, name="Orang Lain", birth_date=date(1985, 4, 12))
    assert err.value.code == "nik_exists"
    assert err.value.params["existing_pk"] == first.pk


def test_similar_name_same_birth_date_same_kelurahan_is_a_possible_duplicate(tksk, household):
    first = _person(tksk, household, nik=None)
    with pytest.raises(services.RegistryError) as err:
        _person(tksk, household, nik=None, name="Rosmawaty Nasution")
    assert err.value.code == "possible_duplicate"
    assert err.value.params["candidates"] == [first.pk]
    second = _person(
        tksk, household, nik=None, name="Rosmawaty Nasution", confirm_not_duplicate=True
    )
    assert second.pk != first.pk


def test_nik_birth_date_mismatch_is_a_warning_kept_in_history(tksk, household):
    person = _person(tksk, household, birth_date=date(1985, 4, 13))
    assert Person.objects.filter(pk=person.pk).exists()
    assert Change.objects.get(person=person).note


def test_update_keeps_before_and_after(tksk, household):
    person = _person(tksk, household)
    services.person_update(
        actor=tksk, person=person, name="Rosmawati Br. Nasution", occupation="Pedagang kecil"
    )
    change = Change.objects.filter(person=person, action="update").get()
    assert change.fields["occupation"] == ["", "Pedagang kecil"]
    assert change.fields["name"][0] == "Rosmawati Nasution"
    services.person_update(actor=tksk, person=person, occupation="Pedagang kecil")
    assert Change.objects.filter(person=person, action="update").count() == 1


def test_household_move_moves_members_and_their_search_keys(tksk, household, make_user):
    person = _person(tksk, household)
    other = Area.objects.get(code="14.71.01.1003")
    rt = area_ensure_rt(kelurahan=other, rw=2, rt=4)
    services.household_update(
        actor=tksk,
        household=household,
        kelurahan=other,
        rt=rt,
        action="move",
        note="Pindah kontrakan",
    )
    person.refresh_from_db()
    assert person.kelurahan == other
    assert person.rt == rt
    assert set(
        PersonNameKey.objects.filter(person=person).values_list("kelurahan_id", flat=True)
    ) == {other.pk}
    move = Change.objects.get(household=household, action="move")
    assert move.fields["kelurahan"] == [JADIREJO, "14.71.01.1003"]


def test_writes_outside_scope_are_refused(household, make_user):
    stranger = make_user("tksk", "14.71.03")
    with pytest.raises(OutOfScope):
        _person(stranger, household)
    with pytest.raises(OutOfScope):
        services.household_create(
            actor=stranger,
            kk=make_kk("14.71.01", date(2016, 2, 3), 78),
            kelurahan=Area.objects.get(code=JADIREJO),
        )
    assert Household.objects.count() == 1


def test_rt_must_belong_to_the_kelurahan(tksk):
    rt_elsewhere = area_ensure_rt(kelurahan=Area.objects.get(code="14.71.01.1003"), rw=1, rt=1)
    with pytest.raises(services.RegistryError) as err:
        services.household_create(
            actor=tksk,
            kk=make_kk("14.71.01", date(2016, 2, 3), 79),
            kelurahan=Area.objects.get(code=JADIREJO),
            rt=rt_elsewhere,
        )
    assert err.value.code == "area_invalid"


def test_classification_needs_an_official_category(tksk, household):
    person = _person(tksk, household)
    services.classification_add(
        actor=tksk,
        person=person,
        category_code="PPKS24",
        assessed_on=date(2026, 1, 5),
        evidence="Kunjungan rumah",
    )
    with pytest.raises(services.RegistryError):
        services.classification_add(
            actor=tksk, person=person, category_code="PPKS99", assessed_on=date(2026, 1, 5)
        )
    assert Change.objects.filter(person=person, action="classify").count() == 1


def test_a_move_without_a_new_point_clears_the_old_location(tksk, household):
    services.household_update(actor=tksk, household=household, latitude=0.51, longitude=101.44)
    other = Area.objects.get(code="14.71.01.1003")
    services.household_update(actor=tksk, household=household, kelurahan=other, action="move")
    household.refresh_from_db()
    assert household.latitude is None
    assert household.longitude is None
    move = Change.objects.get(household=household, action="move")
    assert move.fields["latitude"] == [0.51, None]
    services.household_update(
        actor=tksk,
        household=household,
        kelurahan=Area.objects.get(code=JADIREJO),
        latitude=0.52,
        longitude=101.45,
        action="move",
    )
    household.refresh_from_db()
    assert (household.latitude, household.longitude) == (0.52, 101.45)


def test_a_kelurahan_corrected_by_hand_hands_over_the_open_work(tksk, household, make_user):
    """Without a move report, an address fixed by the Dinas still moves the people's open
    field checks to the new area's assistant, who is told; the old assistant no longer sees
    them. (A confirmed move report hands over in mobility.)"""
    from pendamping.core.models import Notification
    from pendamping.core.scope import scoped
    from pendamping.linkage.models import VervalSource, VervalStatus, VervalTask
    from pendamping.linkage.services import verval_task_create

    person = services.person_create(
        actor=tksk,
        household=household,
        nik=make_nik("14.71.01", date(1980, 5, 17), "L", 12),
        name="Ahmad Yani",
        birth_date=date(1980, 5, 17),
        sex="L",
        relationship="head",
    )
    task = verval_task_create(actor=tksk, person=person, reason="check", source=VervalSource.MANUAL)
    assert task.assignee == tksk
    other_tksk = make_user("tksk", "14.71.02")
    elsewhere = Area.objects.filter(parent__code="14.71.02", valid_to=None).first()
    services.household_update(
        actor=make_user("supervisor"), household=household, kelurahan=elsewhere
    )
    task.refresh_from_db()
    assert (task.kelurahan, task.assignee, task.status) == (elsewhere, other_tksk, "open")
    assert "14.71.01.1002" in task.handover_note
    assert not scoped(VervalTask.objects.filter(pk=task.pk), tksk).exists()
    assert Notification.objects.filter(user=other_tksk, kind="handover").count() == 1
    assert VervalTask.objects.filter(status=VervalStatus.OPEN).count() == 1
